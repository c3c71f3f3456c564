// A caller's rate of one kind of call (reads or writes).
//
// One server over its own database keeps the buckets in memory (domain::RateLimiter). When the
// database is shared by several replicas (storage::Database::shared_rate_buckets), the bucket is
// the database's, so a caller's rate holds however its calls spread over the replicas. A replica
// takes permits from it in leases: enough for a tenth of a second at the rate (at most a quarter
// of the burst, at least one), used by the caller's next calls to this replica within a second
// and dropped after. A refusal is remembered until the bucket will have a permit again, so a
// caller past its rate is refused without a round trip until then. Every permit a replica uses
// came out of the shared bucket, so all replicas together admit at most the burst and the rate;
// a caller that moves to another replica may find up to a lease per replica it used missing for
// a second.
//
// If the database cannot be asked, the replica falls back to a bucket of its own for the caller
// (the same rate, in memory), and counts the failure: a caller is never unlimited.
#ifndef FORUM_SERVICES_CALL_LIMITS_H_
#define FORUM_SERVICES_CALL_LIMITS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "domain/rate_limit.h"
#include "storage/rate_buckets.h"

namespace forum::services {

class CallLimiter {
 public:
  // `kind` tells the buckets of this limiter from others' in the shared table ("reads").
  CallLimiter(domain::RateLimit limit, std::string kind, storage::RateBuckets* shared,
              size_t max_keys = 100000);

  // Takes a permit for `key` at `now_micros` (a steady clock): 0 when the call may go, else the
  // microseconds until a permit will be there.
  int64_t Take(absl::string_view key, int64_t now_micros);

  // Whether the buckets are the database's, shared with other replicas.
  bool shared() const { return shared_ != nullptr; }
  // Permits a replica takes from a shared bucket at once.
  int64_t lease_size() const { return lease_size_; }
  // Round trips to the shared buckets, and those that failed (the call was then limited here).
  int64_t shared_takes() const { return shared_takes_.load(std::memory_order_relaxed); }
  int64_t shared_failures() const { return shared_failures_.load(std::memory_order_relaxed); }

  // How long a lease lasts, unused.
  static constexpr int64_t kLeaseMicros = 1000000;

 private:
  struct Lease {
    int64_t permits = 0;
    int64_t expires_micros = 0;
    int64_t refused_until_micros = 0;
  };
  void EvictLocked(int64_t now_micros) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const domain::RateLimit limit_;
  const std::string kind_;
  storage::RateBuckets* const shared_;
  const size_t max_keys_;
  const int64_t lease_size_;
  // The buckets without a shared database, and while it cannot be asked.
  domain::RateLimiter local_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Lease> leases_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> shared_takes_{0};
  std::atomic<int64_t> shared_failures_{0};
  std::atomic<int64_t> last_warning_micros_{0};
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_CALL_LIMITS_H_
