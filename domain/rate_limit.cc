#include "domain/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace forum::domain {
namespace {

// Permits held after `elapsed` microseconds; a clock that went backwards adds nothing.
double Refilled(double permits, int64_t elapsed_micros, const RateLimit& limit) {
  if (elapsed_micros <= 0) return permits;
  // Past the time a whole burst takes, the bucket is full: no need to multiply large numbers.
  double full_after = limit.burst / limit.rate * 1e6;
  if (static_cast<double>(elapsed_micros) >= full_after) return limit.burst;
  return std::min(limit.burst, permits + limit.rate * static_cast<double>(elapsed_micros) / 1e6);
}

}  // namespace

int64_t RateLimiter::Take(absl::string_view key, int64_t now_micros) {
  if (limit_.rate <= 0) return 0;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) Evict(now_micros);
    it = buckets_.emplace(std::string(key), Bucket{limit_.burst, now_micros}).first;
  }
  Bucket& b = it->second;
  b.permits = Refilled(b.permits, now_micros - b.updated_micros, limit_);
  b.updated_micros = std::max(b.updated_micros, now_micros);
  if (b.permits >= 1.0) {
    b.permits -= 1.0;
    return 0;
  }
  double wait = std::ceil((1.0 - b.permits) / limit_.rate * 1e6);
  return std::max<int64_t>(1, static_cast<int64_t>(wait));
}

size_t RateLimiter::KeyCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

void RateLimiter::Evict(int64_t now_micros) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double permits = Refilled(it->second.permits, now_micros - it->second.updated_micros, limit_);
    it = permits >= limit_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < max_keys_) return;
  // Every caller is busy: drop the half least recently seen.
  std::vector<int64_t> times;
  times.reserve(buckets_.size());
  for (const auto& [key, b] : buckets_) times.push_back(b.updated_micros);
  auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), middle, times.end());
  int64_t cutoff = *middle;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = it->second.updated_micros <= cutoff ? buckets_.erase(it) : std::next(it);
  }
}

}  // namespace forum::domain
