// The allocation solver the project shipped before the incremental one: successive shortest
// paths from the source over the whole graph, one Dijkstra per placement. Slow (every search
// starts from every delegation still waiting) but simple, so it stays as the oracle that the fast
// solver is checked against on random instances.
#include "tests/domain/allocation_reference.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <utility>

namespace forum::domain {
namespace {

// A residual graph for min-cost flow with integer costs.
class FlowGraph {
 public:
  explicit FlowGraph(int nodes) : head_(nodes, -1) {}

  // Adds an edge and its reverse; returns the index of the forward edge.
  int AddEdge(int from, int to, int capacity, int64_t cost) {
    edges_.push_back({to, head_[from], capacity, cost});
    head_[from] = static_cast<int>(edges_.size()) - 1;
    edges_.push_back({from, head_[to], 0, -cost});
    head_[to] = static_cast<int>(edges_.size()) - 1;
    return static_cast<int>(edges_.size()) - 2;
  }

  // Sends as much flow as possible from `s` to `t` at the least cost, one shortest augmenting
  // path at a time. Costs are non-negative, so potentials start at zero. Dijkstra stops once
  // `t` is settled; nodes not settled then have distance at least dist[t], and raising their
  // potential by dist[t] keeps every reduced cost non-negative.
  void MinCostMaxFlow(int s, int t) {
    const int n = static_cast<int>(head_.size());
    const int64_t kInf = std::numeric_limits<int64_t>::max() / 4;
    std::vector<int64_t> potential(n, 0), dist(n);
    std::vector<int> via(n);
    std::vector<char> settled(n);
    using Item = std::pair<int64_t, int>;
    while (true) {
      std::fill(dist.begin(), dist.end(), kInf);
      std::fill(via.begin(), via.end(), -1);
      std::fill(settled.begin(), settled.end(), 0);
      std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
      dist[s] = 0;
      queue.push({0, s});
      while (!queue.empty()) {
        auto [d, u] = queue.top();
        queue.pop();
        if (d > dist[u]) continue;
        settled[u] = 1;
        if (u == t) break;
        for (int e = head_[u]; e != -1; e = edges_[e].next) {
          const Edge& edge = edges_[e];
          if (edge.capacity <= 0) continue;
          int64_t nd = d + edge.cost + potential[u] - potential[edge.to];
          if (nd < dist[edge.to]) {
            dist[edge.to] = nd;
            via[edge.to] = e;
            queue.push({nd, edge.to});
          }
        }
      }
      if (dist[t] >= kInf) return;
      for (int v = 0; v < n; ++v) potential[v] += settled[v] ? dist[v] : dist[t];
      int push = std::numeric_limits<int>::max();
      for (int v = t; v != s; v = edges_[via[v] ^ 1].to) {
        push = std::min(push, edges_[via[v]].capacity);
      }
      for (int v = t; v != s; v = edges_[via[v] ^ 1].to) {
        edges_[via[v]].capacity -= push;
        edges_[via[v] ^ 1].capacity += push;
      }
    }
  }

  // Flow on a forward edge: the capacity its reverse has gained.
  int Flow(int edge) const { return edges_[edge ^ 1].capacity; }

 private:
  struct Edge {
    int to;
    int next;
    int capacity;
    int64_t cost;
  };
  std::vector<int> head_;
  std::vector<Edge> edges_;
};

}  // namespace

AllocationResult ReferenceAllocate(const std::vector<AllocationTable>& tables,
                                   const std::vector<AllocationDelegation>& delegations) {
  const int t_count = static_cast<int>(tables.size());
  const int d_count = static_cast<int>(delegations.size());
  // Nodes: source, sink, delegations, (pool, table) pairs, State seats of each table, tables.
  const int source = 0, sink = 1, first_delegation = 2;
  const int first_pool = first_delegation + d_count;
  const int first_state = first_pool + kPools * t_count;
  const int first_table = first_state + t_count;
  FlowGraph graph(first_table + t_count);

  int max_rank = 1;
  for (const auto& d : delegations) max_rank = std::max<int>(max_rank, d.ranked.size());
  // Costs, lexicographic in four tiers: (1) as many placements as possible — the max-flow;
  // (2) the least total rank — rank * w1; (3) among equals, place earlier registrants —
  // (i + 1) * w2 for the i-th registrant (0-based); (4) among equals, earlier registrants at
  // better ranks — rank * (n - i). Each weight exceeds the largest total of the tiers below it:
  // at most n * r_max placements, tier 4 adding at most r_max * n each, tier 3 at most n each.
  const int64_t n = d_count + 1;
  const int64_t r_max = max_rank;
  const int64_t w2 = r_max * r_max * n * n + 1;
  const int64_t w1 = (r_max * n * n + 1) * w2;
  for (int t = 0; t < t_count; ++t) {
    graph.AddEdge(first_table + t, sink, std::max(0, tables[t].seats), 0);
    graph.AddEdge(first_state + t, first_table + t, std::max(0, tables[t].state_seats), 0);
    graph.AddEdge(first_pool + kOtherPool * t_count + t, first_table + t,
                  std::max(0, tables[t].pool_seats[kOtherPool]), 0);
    for (int p = 1; p < kPools; ++p) {
      graph.AddEdge(first_pool + p * t_count + t, first_state + t,
                    std::max(0, tables[t].pool_seats[p]), 0);
    }
  }
  struct Choice {
    int delegation, table, rank, edge;
  };
  std::vector<Choice> choices;
  for (int i = 0; i < d_count; ++i) {
    const auto& d = delegations[i];
    if (d.joins <= 0 || d.ranked.empty()) continue;
    graph.AddEdge(source, first_delegation + i, d.joins, 0);
    for (int r = 0; r < static_cast<int>(d.ranked.size()); ++r) {
      int t = d.ranked[r];
      if (t < 0 || t >= t_count) continue;
      int64_t rank = r + 1;
      int64_t cost = rank * w1 + (i + 1) * w2 + rank * (d_count - i);
      int edge = graph.AddEdge(first_delegation + i, first_pool + d.pool * t_count + t, 1, cost);
      choices.push_back({i, t, r + 1, edge});
    }
  }
  graph.MinCostMaxFlow(source, sink);

  AllocationResult result;
  result.placements.resize(d_count);
  for (const auto& c : choices) {
    if (graph.Flow(c.edge) > 0) {
      result.placements[c.delegation].push_back({c.table, c.rank});
      ++result.placed;
      result.total_rank += c.rank;
    }
  }
  return result;
}

}  // namespace forum::domain
