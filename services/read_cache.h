// Answers of repeated reads, kept serialized while nothing has changed since they were built.
//
// A list of speakers or of delegations is read by every delegation's screen many times between
// two changes. The gRPC adapters of a few reads (services/grpc_services.h, FORUM_CACHED_RPC) keep
// their serialized answer under the method, what the caller may see (its grants, GrantsKey in
// services/access.h) and the request, stamped with the database's version
// (storage::Database::data_version) taken before the read's transaction began. The version moves
// with every commit, forumd's own and any other process's (`forumd tokens`, an edit by hand).
//   - An answer is served again only while the version is unchanged, and only after the caller
//     was authenticated and admitted, as every call is: in a read transaction of its own, or,
//     while no commit has come since a call checked the same token, from what that call found
//     (Access::RecallCaller). A revoked token is refused on its next call, kept answer or not.
//   - An answer is kept only when the version is still the same once it is built: its
//     transaction then read exactly the state of its stamp, never a newer one.
//   - Only OK answers are kept, and only of reads whose answer is a function of the request, the
//     grants and the database alone (no clock).
// The cache holds one version at a time: a newer one empties it; its bytes are bounded.
#ifndef FORUM_SERVICES_READ_CACHE_H_
#define FORUM_SERVICES_READ_CACHE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace forum::services {

class ReadCache {
 public:
  // `max_bytes` 0, or a database whose version is -1: nothing is kept. `version` reads the
  // database's version (Database::data_version).
  ReadCache(size_t max_bytes, std::function<int64_t()> version);
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;

  bool enabled() const { return max_bytes_ > 0; }
  // The database's version now; -1 when it cannot say.
  int64_t version() const { return version_(); }
  // The key of an answer: unambiguous whatever bytes the parts hold.
  static std::string Key(absl::string_view method, absl::string_view grants,
                         absl::string_view request);
  // The answer kept under `key` read at `version`; null when none is. A lookup that will be
  // made again if it misses does not count its miss.
  std::shared_ptr<const std::string> Find(const std::string& key, int64_t version,
                                          bool count_miss = true);
  // Keeps `answer`, read at `version`, when the database is still at that version. An older
  // version than the cache's is dropped; a newer one empties the cache first. Past the bound on
  // bytes the cache is emptied too.
  void Put(std::string key, int64_t version, std::shared_ptr<const std::string> answer);

  int64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  int64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  size_t bytes();

 private:
  const size_t max_bytes_;
  const std::function<int64_t()> version_;
  absl::Mutex mu_;
  int64_t stamp_ ABSL_GUARDED_BY(mu_) = -1;
  absl::flat_hash_map<std::string, std::shared_ptr<const std::string>> answers_
      ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<int64_t> hits_{0};
  std::atomic<int64_t> misses_{0};
};

// One call's use of the cache, set by the adapter for the call's handler on its thread and read
// by Serve (services/access.h), before or inside the call's read transaction.
struct CachedRead {
  ReadCache* cache = nullptr;
  std::string method;
  std::string request;  // the parsed request serialized again (unknown fields dropped)
  // Set by Serve: the version the call's read began at, the answer's key, and the answer when
  // one was kept.
  int64_t version = -1;
  std::string key;
  std::shared_ptr<const std::string> hit;

  // Takes the call's slot on this thread, if its adapter set one: a later read on the same
  // thread (none today) would not find it.
  static CachedRead* Take() {
    CachedRead* read = current_;
    current_ = nullptr;
    return read;
  }
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
