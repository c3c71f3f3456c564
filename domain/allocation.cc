#include "domain/allocation.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <utility>

namespace forum::domain {
namespace {

// Path costs need more than 64 bits: a placement outweighs every difference of the other tiers
// together (see Allocate), and the other tiers already take up to 57 bits.
using Cost = __int128;

// A residual graph for a minimum-cost circulation with integer costs, solved one delegation at a
// time (the rows of the Hungarian method): the circulation is kept optimal for the delegations
// added so far, and adding one means cancelling the negative cycles through its source arc, each
// the shortest path from the delegation back to the source. Node potentials keep every residual
// arc's reduced cost non-negative, so each path is found with Dijkstra, and the search stays near
// the delegation: it settles only the nodes closer than the source.
class Circulation {
 public:
  explicit Circulation(int nodes)
      : head_(nodes, -1), potential_(nodes, 0), dist_(nodes, kUnreached), via_(nodes, -1) {}

  int AddEdge(int from, int to, int capacity, Cost cost) {
    edges_.push_back({to, head_[from], capacity, cost});
    head_[from] = static_cast<int>(edges_.size()) - 1;
    edges_.push_back({from, head_[to], 0, -cost});
    head_[to] = static_cast<int>(edges_.size()) - 1;
    return static_cast<int>(edges_.size()) - 2;
  }

  void SetPotential(int node, Cost value) { potential_[node] = value; }

  // Sends one unit around the cheapest cycle through `closing` (an edge with capacity), if that
  // cycle costs less than nothing: along `closing` and back along the shortest residual path from
  // its head to its tail. Returns whether it did. The potentials are updated either way, so that
  // `closing` keeps a non-negative reduced cost when no unit was sent. Edges out of the tail are
  // never searched: the search ends there.
  bool CancelCycle(int closing) {
    const int from = edges_[closing].to, to = edges_[closing ^ 1].to;
    const Cost entry = edges_[closing].cost;
    settled_.clear();
    touched_.clear();
    Queue queue;
    Reach(from, 0, -1, queue);
    Cost target = kUnreached;
    while (!queue.empty()) {
      auto [d, u] = queue.top();
      queue.pop();
      if (d > dist_[u]) continue;
      settled_.push_back(u);
      if (u == to) {
        target = d;
        break;
      }
      for (int e = head_[u]; e != -1; e = edges_[e].next) {
        const Edge& edge = edges_[e];
        if (edge.capacity <= 0) continue;
        Cost nd = d + edge.cost + potential_[u] - potential_[edge.to];
        if (nd < dist_[edge.to]) Reach(edge.to, nd, e, queue);
      }
    }
    bool send = false;
    if (target != kUnreached) {
      // The path's real cost: its reduced cost less the potential difference of its ends.
      send = target - potential_[from] + potential_[to] + entry < 0;
      // Raising a settled node's potential by (its distance - the target's) keeps every reduced
      // cost non-negative: a node not settled is at least as far as the target.
      for (int v : settled_) potential_[v] += dist_[v] - target;
      if (send) {
        edges_[closing].capacity -= 1;
        edges_[closing ^ 1].capacity += 1;
        for (int v = to; v != from; v = edges_[via_[v] ^ 1].to) {
          edges_[via_[v]].capacity -= 1;
          edges_[via_[v] ^ 1].capacity += 1;
        }
      }
    }
    // With no path at all, the nodes reached form a closed set that no later change can open.
    for (int v : touched_) {
      dist_[v] = kUnreached;
      via_[v] = -1;
    }
    return send;
  }

  // Flow on a forward edge: the capacity its reverse has gained.
  int Flow(int edge) const { return edges_[edge ^ 1].capacity; }

 private:
  static constexpr Cost kUnreached = static_cast<Cost>(1) << 120;
  using Item = std::pair<Cost, int>;
  using Queue = std::priority_queue<Item, std::vector<Item>, std::greater<Item>>;

  void Reach(int node, Cost d, int edge, Queue& queue) {
    if (dist_[node] == kUnreached) touched_.push_back(node);
    dist_[node] = d;
    via_[node] = edge;
    queue.push({d, node});
  }

  struct Edge {
    int to;
    int next;
    int capacity;
    Cost cost;
  };
  std::vector<int> head_;
  std::vector<Edge> edges_;
  std::vector<Cost> potential_;
  std::vector<Cost> dist_;
  std::vector<int> via_;
  std::vector<int> settled_, touched_;
};

}  // namespace

int RegionalShare(int state_seats, int group_members, int all_members, int slack) {
  if (all_members <= 0 || state_seats <= 0) return 0;
  int64_t numerator = static_cast<int64_t>(state_seats) * group_members;
  return static_cast<int>((numerator + all_members - 1) / all_members) + slack;
}

AllocationResult Allocate(const std::vector<AllocationTable>& tables,
                          const std::vector<AllocationDelegation>& delegations) {
  const int t_count = static_cast<int>(tables.size());
  const int d_count = static_cast<int>(delegations.size());
  // Nodes: source, sink, delegations, (pool, table) pairs, State seats of each table, tables.
  const int source = 0, sink = 1, first_delegation = 2;
  const int first_pool = first_delegation + d_count;
  const int first_state = first_pool + kPools * t_count;
  const int first_table = first_state + t_count;
  const int nodes = first_table + t_count;
  Circulation graph(nodes);

  int max_rank = 1;
  for (const auto& d : delegations) max_rank = std::max<int>(max_rank, d.ranked.size());
  // Costs, lexicographic in five tiers: (0) as many placements as possible — the arc from the
  // sink back to the source pays -kPlacement for each; (1) the least total rank — rank * w1;
  // (2) among equals, place earlier registrants — (i + 1) * w2 for the i-th registrant
  // (0-based); (3) among equals, earlier registrants at better ranks — rank * (n - i). Each
  // weight exceeds the largest total of the tiers below it: at most n * r_max placements, tier 3
  // adding at most r_max * n each, tier 2 at most n each; tiers 1 to 3 stay under 2^64 for a
  // placement, and kPlacement exceeds their total over all placements.
  const int64_t n = d_count + 1;
  const int64_t r_max = max_rank;
  const int64_t w2 = r_max * r_max * n * n + 1;
  const int64_t w1 = (r_max * n * n + 1) * w2;
  const Cost kPlacement = static_cast<Cost>(1) << 100;
  int64_t seats = 0;
  for (int t = 0; t < t_count; ++t) {
    seats += std::max(0, tables[t].seats);
    graph.AddEdge(first_table + t, sink, std::max(0, tables[t].seats), 0);
    graph.AddEdge(first_state + t, first_table + t, std::max(0, tables[t].state_seats), 0);
    graph.AddEdge(first_pool + kOtherPool * t_count + t, first_table + t,
                  std::max(0, tables[t].pool_seats[kOtherPool]), 0);
    for (int p = 1; p < kPools; ++p) {
      graph.AddEdge(first_pool + p * t_count + t, first_state + t,
                    std::max(0, tables[t].pool_seats[p]), 0);
    }
  }
  graph.AddEdge(sink, source, static_cast<int>(std::min<int64_t>(seats, 1 << 30)), -kPlacement);
  // With no flow yet, every arc with capacity leads towards the sink and costs nothing below a
  // delegation, so these potentials make every reduced cost non-negative.
  for (int v = first_delegation; v < nodes; ++v) graph.SetPotential(v, kPlacement);
  graph.SetPotential(sink, kPlacement);

  struct Choice {
    int delegation, table, rank, edge;
  };
  std::vector<Choice> choices;
  std::vector<int> source_edge(d_count, -1);
  for (int i = 0; i < d_count; ++i) {
    const auto& d = delegations[i];
    if (d.joins <= 0 || d.ranked.empty()) continue;
    // The source's arc to a delegation is only ever used to close its own cycles (no search
    // leaves the source), so a delegation still waiting for its turn has no flow.
    source_edge[i] = graph.AddEdge(source, first_delegation + i, d.joins, 0);
    for (int r = 0; r < static_cast<int>(d.ranked.size()); ++r) {
      int t = d.ranked[r];
      if (t < 0 || t >= t_count) continue;
      int64_t rank = r + 1;
      int64_t cost = rank * w1 + (i + 1) * w2 + rank * (d_count - i);
      int edge = graph.AddEdge(first_delegation + i, first_pool + d.pool * t_count + t, 1, cost);
      choices.push_back({i, t, r + 1, edge});
    }
  }
  for (int i = 0; i < d_count; ++i) {
    for (int unit = 0; source_edge[i] >= 0 && unit < delegations[i].joins; ++unit) {
      if (!graph.CancelCycle(source_edge[i])) break;
    }
  }

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
