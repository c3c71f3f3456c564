#include "services/read_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace forum::services {

thread_local CachedRead* CachedRead::current_ = nullptr;

ReadCache::ReadCache(size_t max_bytes, std::function<int64_t()> version)
    : max_bytes_(max_bytes > 0 && version() >= 0 ? max_bytes : 0), version_(std::move(version)) {}

std::string ReadCache::Key(absl::string_view method, absl::string_view grants,
                           absl::string_view request) {
  // The method holds no line break and the grants are counted, so the request's bytes, whatever
  // they are, cannot pass for part of another caller's grants.
  return absl::StrCat(method, "\n", grants.size(), "\n", grants, request);
}

std::shared_ptr<const std::string> ReadCache::Find(const std::string& key, int64_t version,
                                                   bool count_miss) {
  if (!enabled() || version < 0) return nullptr;
  {
    absl::ReaderMutexLock lock(&mu_);
    if (stamp_ == version) {
      auto it = answers_.find(key);
      if (it != answers_.end()) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return it->second;
      }
    }
  }
  if (count_miss) misses_.fetch_add(1, std::memory_order_relaxed);
  return nullptr;
}

void ReadCache::Put(std::string key, int64_t version, std::shared_ptr<const std::string> answer) {
  if (!enabled() || version < 0 || answer == nullptr) return;
  const size_t size = key.size() + answer->size();
  if (size > max_bytes_) return;
  // A commit since the read began: its transaction may have read that commit's changes, newer
  // than its stamp says.
  if (version_() != version) return;
  absl::MutexLock lock(&mu_);
  if (stamp_ != version) {
    // A read that began before the cache's version cannot tell whether what it read still
    // holds.
    if (version < stamp_) return;
    answers_.clear();
    bytes_ = 0;
    stamp_ = version;
  }
  if (answers_.contains(key)) return;
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
