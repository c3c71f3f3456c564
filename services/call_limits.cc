#include "services/call_limits.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace forum::services {
namespace {

int64_t LeaseSize(const domain::RateLimit& limit) {
  double tenth_second = std::floor(limit.rate / 10);
  double quarter_burst = std::floor(limit.burst / 4);
  return std::max<int64_t>(1, static_cast<int64_t>(std::min(tenth_second, quarter_burst)));
}

}  // namespace

CallLimiter::CallLimiter(domain::RateLimit limit, std::string kind, storage::RateBuckets* shared,
                         size_t max_keys)
    : limit_(limit),
      kind_(std::move(kind)),
      shared_(shared),
      max_keys_(max_keys),
      lease_size_(LeaseSize(limit)),
      local_(limit, max_keys) {}

int64_t CallLimiter::Take(absl::string_view key, int64_t now_micros) {
  if (limit_.rate <= 0) return 0;
  if (shared_ == nullptr) return local_.Take(key, now_micros);
  {
    absl::MutexLock lock(&mu_);
    auto it = leases_.find(key);
    if (it != leases_.end()) {
      Lease& lease = it->second;
      if (lease.permits > 0 && now_micros < lease.expires_micros) {
        --lease.permits;
        return 0;
      }
      if (now_micros < lease.refused_until_micros) return lease.refused_until_micros - now_micros;
    }
  }
  // Outside the lock: other callers' calls do not wait for this round trip.
  shared_takes_.fetch_add(1, std::memory_order_relaxed);
  auto taken = shared_->Take(absl::StrCat(kind_, ":", key), limit_.rate, limit_.burst, lease_size_);
  if (!taken.ok()) {
    shared_failures_.fetch_add(1, std::memory_order_relaxed);
    int64_t last = last_warning_micros_.load(std::memory_order_relaxed);
    if (now_micros - last >= 10000000 &&
        last_warning_micros_.compare_exchange_strong(last, now_micros)) {
      spdlog::warn("access: {}; this replica limits calls on its own meanwhile",
                   std::string(taken.status().message()));
    }
    return local_.Take(key, now_micros);
  }
  absl::MutexLock lock(&mu_);
  if (leases_.size() >= max_keys_ && !leases_.contains(key)) EvictLocked(now_micros);
  Lease& lease = leases_[key];
  if (taken->permits == 0) {
    lease.refused_until_micros = now_micros + taken->wait_micros;
    return taken->wait_micros;
  }
  // What another thread leased meanwhile and has not used stays; the lease runs from now.
  if (now_micros >= lease.expires_micros) lease.permits = 0;
  lease.permits += taken->permits - 1;
  lease.expires_micros = now_micros + kLeaseMicros;
  lease.refused_until_micros = 0;
  return 0;
}

void CallLimiter::EvictLocked(int64_t now_micros) {
  absl::erase_if(leases_, [&](const auto& entry) {
    const Lease& l = entry.second;
    return (l.permits == 0 || now_micros >= l.expires_micros) &&
           now_micros >= l.refused_until_micros;
  });
  // Every caller is in the middle of a lease or a refusal: dropping them all loses leased
  // permits (never admits more), and a refused caller asks the database again.
  if (leases_.size() >= max_keys_) leases_.clear();
}

}  // namespace forum::services
