// Answers of repeated reads, kept serialized while nothing has changed since they were built.
//
// A list of speakers or of delegations is read by every delegation's screen many times between
// two changes. The gRPC adapters of a few reads (services/grpc_services.h, FORUM_CACHED_RPC) keep
// their serialized answer under the method, the request's bytes and what the caller may see
// (its grants, services/change_feed.h GrantsKey), stamped with the database's state when it was
// read:
//   - the commit generation forumd's own writer moves after every commit, taken before the read
//     transaction began (storage::Database::commit_generation), and
//   - the change log's newest revision, read in that transaction, which also moves when another
//     process (`forumd tokens`, an edit by hand) changes a resource of an event.
// An answer is served again only while both are unchanged, and only after the caller was
// authenticated and admitted in a read transaction of its own, as every call is: a revoked
// token is refused on its next call, cached answer or not. Only OK answers are kept, and only
// of reads whose answer is a function of the request, the grants and the database alone (no
// clock). The cache holds one state at a time: a newer stamp empties it; its bytes are bounded.
#ifndef FORUM_SERVICES_READ_CACHE_H_
#define FORUM_SERVICES_READ_CACHE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace forum::services {

// The database's state an answer was read in.
struct ReadStamp {
  int64_t commits = -1;   // Database::commit_generation() before the transaction
  int64_t revision = -1;  // the change log's head in it
  bool operator==(const ReadStamp& o) const {
    return commits == o.commits && revision == o.revision;
  }
};

class ReadCache {
 public:
  // `max_bytes` 0: nothing is kept.
  explicit ReadCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;

  bool enabled() const { return max_bytes_ > 0; }
  // The answer kept under `key` read at `stamp`; null when none is.
  std::shared_ptr<const std::string> Find(const std::string& key, const ReadStamp& stamp);
  // Keeps `answer` under `key`, read at `stamp`. An older stamp than the cache's is dropped; a
  // newer one empties the cache first. Past the bound on bytes the cache is emptied too.
  void Put(std::string key, const ReadStamp& stamp, std::shared_ptr<const std::string> answer);

  int64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  int64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  size_t bytes();

 private:
  const size_t max_bytes_;
  absl::Mutex mu_;
  ReadStamp stamp_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::shared_ptr<const std::string>> answers_
      ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<int64_t> hits_{0};
  std::atomic<int64_t> misses_{0};
};

// One call's use of the cache, set by the adapter for the call's handler on its thread and read
// by Serve (services/access.h) inside the call's read transaction.
struct CachedRead {
  ReadCache* cache = nullptr;
  std::string key;  // the method and the request's bytes; Serve adds the grants
  // Set by Serve: the stamp of the call's read, and the answer when one was kept.
  std::optional<ReadStamp> stamp;
  std::shared_ptr<const std::string> hit;

  // The call's slot on this thread, if its adapter set one.
  static CachedRead* Current() { return current_; }
  class Scope {
   public:
    explicit Scope(CachedRead* read) : previous_(current_) { current_ = read; }
    ~Scope() { current_ = previous_; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    CachedRead* previous_;
  };

 private:
  static thread_local CachedRead* current_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_READ_CACHE_H_
