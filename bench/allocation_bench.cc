// allocation_bench: time and peak memory of the round-table allocation (exact min-cost flow) on
// the 2006 Dialogue's shape (193 Member States, 4 round tables) and on a large forum (2,000
// delegations, 100 round tables, 5 regional groups, 5 ranked preferences each), beside a greedy
// baseline measured in the same run (each delegation, in registration order, takes its best
// ranked table with a free seat): faster, and worse in total rank.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <random>
#include <vector>

#include "domain/allocation.h"

namespace forum::bench {
namespace {

struct Instance {
  std::vector<domain::AllocationTable> tables;
  std::vector<domain::AllocationDelegation> delegations;
};

// Regional groups in proportion to the UN's (54, 54, 23, 33, 29 of 193).
int GroupOf(int i, int n) {
  static const int kSizes[] = {54, 54, 23, 33, 29};
  int scaled = static_cast<int>(static_cast<int64_t>(i) * 193 / n);
  for (int g = 0; g < 5; ++g) {
    if (scaled < kSizes[g]) return g + 1;
    scaled -= kSizes[g];
  }
  return 5;
}

Instance Make(int delegations, int tables, int ranks, int capacity, int reserved, uint32_t seed) {
  static const int kMembers[] = {0, 54, 54, 23, 33, 29};
  std::mt19937 rng(seed);
  Instance in;
  in.tables.resize(tables);
  for (auto& t : in.tables) {
    t.seats = capacity;
    t.state_seats = capacity - reserved;
    t.pool_seats[domain::kOtherPool] = capacity;
    for (int g = 1; g < domain::kPools; ++g) {
      t.pool_seats[g] = domain::RegionalShare(capacity - reserved, kMembers[g], 193, 0);
    }
  }
  // Popularity is skewed, as in real forums: a few tables are everybody's first choice.
  std::vector<double> weight(tables);
  for (int t = 0; t < tables; ++t) weight[t] = 1.0 / (1 + t % 10);
  in.delegations.resize(delegations);
  for (int i = 0; i < delegations; ++i) {
    auto& d = in.delegations[i];
    d.pool = GroupOf(i, delegations);
    std::vector<double> w = weight;
    while (static_cast<int>(d.ranked.size()) < std::min(ranks, tables)) {
      std::discrete_distribution<int> pick(w.begin(), w.end());
      int t = pick(rng);
      d.ranked.push_back(t);
      w[t] = 0;
    }
  }
  return in;
}

domain::AllocationResult Greedy(const Instance& in) {
  auto tables = in.tables;
  domain::AllocationResult out;
  out.placements.resize(in.delegations.size());
  for (size_t i = 0; i < in.delegations.size(); ++i) {
    const auto& d = in.delegations[i];
    for (size_t r = 0; r < d.ranked.size(); ++r) {
      auto& t = tables[d.ranked[r]];
      bool state = d.pool != domain::kOtherPool;
      if (t.seats > 0 && t.pool_seats[d.pool] > 0 && (!state || t.state_seats > 0)) {
        --t.seats;
        --t.pool_seats[d.pool];
        if (state) --t.state_seats;
        out.placements[i].push_back({d.ranked[r], static_cast<int>(r) + 1});
        ++out.placed;
        out.total_rank += static_cast<int64_t>(r) + 1;
        break;
      }
    }
  }
  return out;
}

long MaxRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

template <typename F>
double MedianMs(int runs, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

void Run(const char* name, const Instance& in, int runs, double target_ms) {
  long rss_before = MaxRssKib();
  domain::AllocationResult exact;
  double exact_ms = MedianMs(runs, [&] { exact = domain::Allocate(in.tables, in.delegations); });
  long rss_after = MaxRssKib();
  domain::AllocationResult greedy;
  double greedy_ms = MedianMs(runs, [&] { greedy = Greedy(in); });
  std::printf("%-44s %8.2f ms %8ld KiB %7ld placed %8ld total rank\n",
              (std::string(name) + ": exact").c_str(), exact_ms, rss_after - rss_before,
              static_cast<long>(exact.placed), static_cast<long>(exact.total_rank));
  std::printf("%-44s %8.2f ms %8s     %7ld placed %8ld total rank\n",
              (std::string(name) + ": greedy baseline").c_str(), greedy_ms, "-",
              static_cast<long>(greedy.placed), static_cast<long>(greedy.total_rank));
  std::printf("%-44s target < %.0f ms: %s\n\n", "", target_ms,
              exact_ms < target_ms ? "met" : "NOT met");
}

}  // namespace
}  // namespace forum::bench

int main() {
  using forum::bench::Make;
  std::printf(
      "allocation_bench: median of runs; memory is the growth of peak RSS during the "
      "exact runs\n\n");
  // The Dialogue: 193 States, 4 tables of 50 seats (10 kept for others), 4 ranks each.
  forum::bench::Run("193 delegations, 4 round tables", Make(193, 4, 4, 50, 10, 2006), 21, 100);
  // A large forum: 2,000 delegations, 100 tables of 20 seats, 5 ranks each.
  forum::bench::Run("2,000 delegations, 100 round tables", Make(2000, 100, 5, 20, 0, 2007), 9, 100);
  return 0;
}
