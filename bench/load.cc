#include "bench/load.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

namespace forum::bench {

LoadResult RunLoad(int threads, double seconds, const std::function<void(int)>& make_state,
                   const std::function<bool(int, long)>& call) {
  std::vector<std::vector<double>> latencies(threads);
  std::vector<long> errors(threads, 0);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> workers;
  using Clock = std::chrono::steady_clock;
  Clock::time_point end;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      make_state(t);
      latencies[t].reserve(1 << 16);
      ++ready;
      while (!go.load()) std::this_thread::yield();
      for (long i = 0;; ++i) {
        auto start = Clock::now();
        if (start >= end) break;
        if (!call(t, i)) ++errors[t];
        latencies[t].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      }
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  auto begin = Clock::now();
  end = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  go = true;
  for (auto& w : workers) w.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();

  std::vector<double> all;
  LoadResult result;
  for (int t = 0; t < threads; ++t) {
    all.insert(all.end(), latencies[t].begin(), latencies[t].end());
    result.errors += errors[t];
  }
  std::sort(all.begin(), all.end());
  result.calls = static_cast<long>(all.size());
  result.calls_per_second = all.size() / elapsed;
  if (!all.empty()) {
    result.p50_us = all[all.size() / 2];
    result.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return result;
}

std::string FormatRow(const std::string& name, int clients, const LoadResult& r) {
  char line[200];
  std::snprintf(line, sizeof line, "%-34s %7d %12.0f %10.0f %10.0f %8ld", name.c_str(), clients,
                r.calls_per_second, r.p50_us, r.p99_us, r.errors);
  return line;
}

}  // namespace forum::bench
