#include "services/read_cache.h"

#include <utility>

namespace forum::services {

thread_local CachedRead* CachedRead::current_ = nullptr;

namespace {

// A stamp is older when either of its parts is: both only ever grow.
bool Older(const ReadStamp& a, const ReadStamp& b) {
  return a.commits < b.commits || a.revision < b.revision;
}

}  // namespace

std::shared_ptr<const std::string> ReadCache::Find(const std::string& key, const ReadStamp& stamp) {
  if (!enabled()) return nullptr;
  {
    absl::ReaderMutexLock lock(&mu_);
    if (stamp_ == stamp) {
      auto it = answers_.find(key);
      if (it != answers_.end()) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return it->second;
      }
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return nullptr;
}

void ReadCache::Put(std::string key, const ReadStamp& stamp,
                    std::shared_ptr<const std::string> answer) {
  if (!enabled() || answer == nullptr) return;
  const size_t size = key.size() + answer->size();
  if (size > max_bytes_) return;
  absl::MutexLock lock(&mu_);
  if (!(stamp_ == stamp)) {
    // A read that began before the cache's state cannot tell whether what it read still holds.
    if (Older(stamp, stamp_)) return;
    answers_.clear();
    bytes_ = 0;
    stamp_ = stamp;
  }
  if (bytes_ + size > max_bytes_) {
    answers_.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = answers_.try_emplace(std::move(key), std::move(answer));
  if (inserted) bytes_ += size;
}

size_t ReadCache::bytes() {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace forum::services
