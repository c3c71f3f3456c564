// Per-key rate limits: one token bucket per key (a caller's token), refilled lazily.
//
// A bucket holds up to `burst` permits and gains `rate` a second. A call takes one permit or is
// refused with the time until one is there. The clock is passed in, so the rule is tested
// without sleeping. Keys are bounded: past `max_keys`, buckets that are full again (idle
// callers) are dropped, and if none is, the oldest half, so a flood of keys cannot grow memory.
#ifndef FORUM_DOMAIN_RATE_LIMIT_H_
#define FORUM_DOMAIN_RATE_LIMIT_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/strings/string_view.h"

namespace forum::domain {

struct RateLimit {
  double rate = 0;   // permits a second; 0: unlimited
  double burst = 1;  // most permits held at once
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit, size_t max_keys = 100000)
      : limit_(limit), max_keys_(max_keys) {}

  // Takes one permit for `key` at `now_micros`; returns 0 when granted, else the microseconds
  // until a permit will be there (nothing is taken then).
  int64_t Take(absl::string_view key, int64_t now_micros);

  size_t KeyCount() const;

 private:
  struct Bucket {
    double permits = 0;
    int64_t updated_micros = 0;
  };
  void Evict(int64_t now_micros);

  RateLimit limit_;
  size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_RATE_LIMIT_H_
