// Allocation of delegations to round tables from their ranked preferences.
//
// The problem is a minimum-cost flow: source → delegation (as many round tables as it may still
// join) → (seat pool, round table) for each round table it ranked, at the cost of its rank →
// [for Member States: the table's State seats] → round table → sink (the table's free seats).
// A seat pool is a regional group's share of a table's seats for Member States, or the pool of
// everyone else, who may take any free seat. The flow that places the most delegations and, among
// those, has the least total rank is found as a minimum-cost circulation (an arc from the sink back
// to the source pays for each placement more than all other costs together), built one delegation
// at a time in registration order: each new delegation cancels the negative cycles through its own
// source arc, each the shortest path back to the source found by Dijkstra with node potentials.
// A search stops at the source, so it visits only the tables and delegations it could displace, not
// the whole graph. Ties are broken towards earlier registration (who is placed, then who gets the
// better rank) by costs that cannot outweigh one unit of rank. The answer is exact and the same
// input always gives the same answer.
//
// The cost of one placement stays within 64 bits (paths are summed in 128) for up to
// kMaxAllocationDelegations delegations ranking up to kMaxRankedTables tables each.
#ifndef FORUM_DOMAIN_ALLOCATION_H_
#define FORUM_DOMAIN_ALLOCATION_H_

#include <cstdint>
#include <string>
#include <vector>

namespace forum::domain {

inline constexpr int kMaxAllocationDelegations = 2500;
inline constexpr int kMaxRankedTables = 10;

// Seat pools: 0 for the seats kept for non-State participants, 1..5 for the regional groups.
inline constexpr int kOtherPool = 0;
inline constexpr int kPools = 6;

struct AllocationTable {
  std::string id;
  // Seats still free in each pool (after co-chairs and earlier participants).
  int pool_seats[kPools] = {0, 0, 0, 0, 0, 0};
  // Seats still free for Member States, all groups together (capacity less reserved seats).
  int state_seats = 0;
  // Seats still free at the table overall.
  int seats = 0;
};

struct AllocationDelegation {
  std::string id;
  int pool = kOtherPool;  // its regional group, or kOtherPool
  // Indexes into the tables, best first; a table it already sits at must not be listed.
  std::vector<int> ranked;
  // How many more tables it may join (0: none).
  int joins = 1;
};

struct AllocationResult {
  // For each delegation, the tables it was placed at, each with the rank it gave (1-based).
  struct Placement {
    int table;
    int rank;
  };
  std::vector<std::vector<Placement>> placements;
  int64_t placed = 0;      // number of placements
  int64_t total_rank = 0;  // sum of the ranks of the placements
};

// Delegations are in order of registration, earliest first.
AllocationResult Allocate(const std::vector<AllocationTable>& tables,
                          const std::vector<AllocationDelegation>& delegations);

// The seats a regional group may hold at a table: its share of the table's seats for Member
// States in proportion to its number of Member States, rounded up, plus `slack`.
int RegionalShare(int state_seats, int group_members, int all_members, int slack);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ALLOCATION_H_
