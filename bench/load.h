// A closed-loop load generator: N client threads, each calling as fast as answers come, for a
// fixed time; reports calls per second and latency percentiles.
#ifndef FORUM_BENCH_LOAD_H_
#define FORUM_BENCH_LOAD_H_

#include <chrono>
#include <functional>
#include <string>

namespace forum::bench {

struct LoadResult {
  double calls_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  long calls = 0;
  long errors = 0;
};

// Runs `call(thread, iteration)` from `threads` threads for `seconds`; `call` returns false on
// an error. `make_state(thread)` runs once in each thread before the clock starts.
LoadResult RunLoad(int threads, double seconds, const std::function<void(int)>& make_state,
                   const std::function<bool(int, long)>& call);

// One aligned line of a report.
std::string FormatRow(const std::string& name, int clients, const LoadResult& r);

}  // namespace forum::bench

#endif  // FORUM_BENCH_LOAD_H_
