// The rate-limit buckets every replica shares (storage/rate_buckets.h), in an UNLOGGED table:
// a bucket is worth nothing after a crash (it starts full again), so its changes write no WAL and
// commit without waiting for the disk. Each take is one call of a function that refills the
// bucket on the server's clock and takes from it under the row's lock, in a transaction of its
// own on a connection kept for it. One take at a time uses it; a take that cannot have it within
// 250 ms, or whose server does not answer, fails (UNAVAILABLE) and the caller limits on its own.
#ifndef FORUM_STORAGE_POSTGRESQL_RATE_BUCKETS_H_
#define FORUM_STORAGE_POSTGRESQL_RATE_BUCKETS_H_

#include <chrono>
#include <memory>
#include <pqxx/connection>
#include <string>

#include "absl/synchronization/mutex.h"
#include "storage/rate_buckets.h"

namespace forum::storage::postgresql {

// The table and the function, created or replaced on every Open (before migrating).
extern const char kRateBucketsSchema[];

class RateBuckets final : public storage::RateBuckets {
 public:
  explicit RateBuckets(std::string uri) : uri_(std::move(uri)) {}

  // UNAVAILABLE when the server cannot be reached; the next take connects again.
  absl::StatusOr<Taken> Take(absl::string_view key, double rate, double burst,
                             int64_t want) override;

 private:
  absl::StatusOr<Taken> TakeOnConnection(absl::string_view key, double rate, double burst,
                                         int64_t want);

  const std::string uri_;
  absl::Mutex mu_;
  bool busy_ ABSL_GUARDED_BY(mu_) = false;  // a take is using the connection
  // Used only by the take that set busy_, outside the mutex.
  std::unique_ptr<pqxx::connection> conn_;
  // After a failure, takes fail at once until then (a steady clock's time).
  std::chrono::steady_clock::time_point quiet_until_ ABSL_GUARDED_BY(mu_);
};

}  // namespace forum::storage::postgresql

#endif  // FORUM_STORAGE_POSTGRESQL_RATE_BUCKETS_H_
