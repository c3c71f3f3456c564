#include "domain/allocation.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <random>

#include "gtest/gtest.h"
#include "tests/domain/allocation_reference.h"

namespace forum::domain {
namespace {

// The objective, lexicographic: most placements, then least total rank, then earlier
// registrants placed, then earlier registrants at better ranks.
struct Score {
  int64_t placed = 0, rank = 0, who = 0, tie = 0;
  bool BetterThan(const Score& o) const {
    if (placed != o.placed) return placed > o.placed;
    if (rank != o.rank) return rank < o.rank;
    if (who != o.who) return who < o.who;
    return tie < o.tie;
  }
};

Score ScoreOf(const std::vector<AllocationDelegation>& ds,
              const std::vector<std::vector<AllocationResult::Placement>>& placements) {
  Score s;
  int n = static_cast<int>(ds.size());
  for (int i = 0; i < n; ++i) {
    for (const auto& p : placements[i]) {
      ++s.placed;
      s.rank += p.rank;
      s.who += i + 1;
      s.tie += static_cast<int64_t>(p.rank) * (n - i);
    }
  }
  return s;
}

bool Feasible(const std::vector<AllocationTable>& tables,
              const std::vector<AllocationDelegation>& ds,
              const std::vector<std::vector<AllocationResult::Placement>>& placements) {
  std::vector<int> seats(tables.size(), 0);
  std::vector<std::vector<int>> pools(tables.size(), std::vector<int>(kPools, 0));
  for (size_t i = 0; i < ds.size(); ++i) {
    if (static_cast<int>(placements[i].size()) > ds[i].joins) return false;
    std::vector<int> seen;
    for (const auto& p : placements[i]) {
      if (std::find(seen.begin(), seen.end(), p.table) != seen.end()) return false;
      seen.push_back(p.table);
      if (p.rank < 1 || p.rank > static_cast<int>(ds[i].ranked.size()) ||
          ds[i].ranked[p.rank - 1] != p.table) {
        return false;
      }
      ++seats[p.table];
      ++pools[p.table][ds[i].pool];
    }
  }
  for (size_t t = 0; t < tables.size(); ++t) {
    // A count below zero (more participants than seats already) leaves no room.
    if (seats[t] > std::max(0, tables[t].seats)) return false;
    int states = 0;
    for (int p = 0; p < kPools; ++p) {
      if (pools[t][p] > std::max(0, tables[t].pool_seats[p])) return false;
      if (p != kOtherPool) states += pools[t][p];
    }
    if (states > std::max(0, tables[t].state_seats)) return false;
  }
  return true;
}

// Tries every way of giving each delegation one of its ranked tables or none.
Score BruteForce(const std::vector<AllocationTable>& tables,
                 const std::vector<AllocationDelegation>& ds) {
  std::vector<std::vector<AllocationResult::Placement>> current(ds.size());
  Score best;
  best.placed = -1;
  std::function<void(size_t)> go = [&](size_t i) {
    if (i == ds.size()) {
      if (!Feasible(tables, ds, current)) return;
      Score s = ScoreOf(ds, current);
      if (best.placed < 0 || s.BetterThan(best)) best = s;
      return;
    }
    current[i].clear();
    go(i + 1);
    for (size_t r = 0; r < ds[i].ranked.size(); ++r) {
      current[i] = {{ds[i].ranked[r], static_cast<int>(r) + 1}};
      go(i + 1);
    }
    current[i].clear();
  };
  go(0);
  return best;
}

TEST(AllocateTest, MatchesBruteForceOnRandomInstances) {
  std::mt19937 rng(20060914);
  for (int round = 0; round < 400; ++round) {
    int t_count = 1 + rng() % 4;
    int d_count = 1 + rng() % 7;
    std::vector<AllocationTable> tables(t_count);
    for (int t = 0; t < t_count; ++t) {
      tables[t].id = "rt" + std::to_string(t);
      tables[t].seats = rng() % 4;
      tables[t].state_seats = rng() % 4;
      for (int p = 0; p < kPools; ++p) tables[t].pool_seats[p] = rng() % 3;
    }
    std::vector<AllocationDelegation> ds(d_count);
    for (int i = 0; i < d_count; ++i) {
      ds[i].id = "d" + std::to_string(i);
      ds[i].pool = rng() % 3;  // few pools, so that they bind
      std::vector<int> order(t_count);
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), rng);
      order.resize(1 + rng() % t_count);
      ds[i].ranked = order;
    }
    AllocationResult result = Allocate(tables, ds);
    ASSERT_TRUE(Feasible(tables, ds, result.placements)) << "round " << round;
    Score got = ScoreOf(ds, result.placements);
    Score best = BruteForce(tables, ds);
    EXPECT_EQ(got.placed, best.placed) << "round " << round;
    EXPECT_EQ(got.rank, best.rank) << "round " << round;
    EXPECT_EQ(got.who, best.who) << "round " << round;
    EXPECT_EQ(got.tie, best.tie) << "round " << round;
    EXPECT_EQ(result.placed, got.placed);
    EXPECT_EQ(result.total_rank, got.rank);
  }
}

// A random instance: tables of a few seats with pools that bind, delegations of few pools ranking
// some of the tables, some of them allowed to join more than one.
struct Instance {
  std::vector<AllocationTable> tables;
  std::vector<AllocationDelegation> delegations;
};

Instance RandomInstance(std::mt19937& rng, int max_tables, int max_delegations, int max_joins) {
  Instance in;
  int t_count = 1 + rng() % max_tables;
  int d_count = 1 + rng() % max_delegations;
  in.tables.resize(t_count);
  for (int t = 0; t < t_count; ++t) {
    auto& table = in.tables[t];
    table.id = "rt" + std::to_string(t);
    table.seats = static_cast<int>(rng() % 8) - 1;  // now and then a table with no room at all
    table.state_seats = rng() % 7;
    for (int p = 0; p < kPools; ++p) table.pool_seats[p] = rng() % 4;
  }
  in.delegations.resize(d_count);
  for (int i = 0; i < d_count; ++i) {
    auto& d = in.delegations[i];
    d.id = "d" + std::to_string(i);
    d.pool = rng() % 4;
    d.joins = rng() % 5 == 0 ? 0 : 1 + rng() % max_joins;
    std::vector<int> order(t_count);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(std::min<int>(t_count, rng() % (kMaxRankedTables + 1)));
    d.ranked = order;
  }
  return in;
}

void ExpectSameAsReference(const Instance& in, const std::string& what) {
  AllocationResult got = Allocate(in.tables, in.delegations);
  AllocationResult want = ReferenceAllocate(in.tables, in.delegations);
  ASSERT_TRUE(Feasible(in.tables, in.delegations, got.placements)) << what;
  Score a = ScoreOf(in.delegations, got.placements);
  Score b = ScoreOf(in.delegations, want.placements);
  EXPECT_EQ(a.placed, b.placed) << what;
  EXPECT_EQ(a.rank, b.rank) << what;
  EXPECT_EQ(a.who, b.who) << what;
  EXPECT_EQ(a.tie, b.tie) << what;
  EXPECT_EQ(got.placed, a.placed) << what;
  EXPECT_EQ(got.total_rank, a.rank) << what;
  // Deterministic: the same input gives the same placements, not only the same score.
  AllocationResult again = Allocate(in.tables, in.delegations);
  for (size_t i = 0; i < in.delegations.size(); ++i) {
    ASSERT_EQ(again.placements[i].size(), got.placements[i].size()) << what;
    for (size_t k = 0; k < got.placements[i].size(); ++k) {
      EXPECT_EQ(again.placements[i][k].table, got.placements[i][k].table) << what;
    }
  }
}

TEST(AllocateTest, MatchesTheReferenceSolverOnThousandsOfSmallInstances) {
  std::mt19937 rng(20061114);
  for (int round = 0; round < 4000; ++round) {
    Instance in = RandomInstance(rng, 6, 30, 3);
    ExpectSameAsReference(in, "round " + std::to_string(round));
    if (HasFatalFailure()) return;
  }
}

TEST(AllocateTest, MatchesTheReferenceSolverOnCrowdedInstances) {
  // Many delegations for few seats: most searches must displace someone.
  std::mt19937 rng(20061115);
  for (int round = 0; round < 300; ++round) {
    Instance in = RandomInstance(rng, 12, 200, 2);
    ExpectSameAsReference(in, "round " + std::to_string(round));
    if (HasFatalFailure()) return;
  }
}

TEST(AllocateTest, MatchesTheReferenceSolverOnALargeForum) {
  // A forum of the benchmark's shape: 600 States in five groups, 30 tables of 20 seats with
  // regional shares, popularity skewed towards a few tables.
  std::mt19937 rng(20061116);
  static const int kMembers[] = {0, 54, 54, 23, 33, 29};
  for (int round = 0; round < 2; ++round) {
    Instance in;
    in.tables.resize(30);
    for (auto& t : in.tables) {
      t.seats = 20;
      t.state_seats = 18;
      t.pool_seats[kOtherPool] = 20;
      for (int g = 1; g < kPools; ++g) t.pool_seats[g] = RegionalShare(18, kMembers[g], 193, 0);
    }
    in.delegations.resize(600);
    for (int i = 0; i < 600; ++i) {
      auto& d = in.delegations[i];
      d.pool = i % 11 == 0 ? kOtherPool : 1 + i % 5;
      d.joins = i % 7 == 0 ? 2 : 1;
      std::vector<double> weight(30);
      for (int t = 0; t < 30; ++t) weight[t] = 1.0 / (1 + t % 10);
      while (d.ranked.size() < 5) {
        std::discrete_distribution<int> pick(weight.begin(), weight.end());
        int t = pick(rng);
        d.ranked.push_back(t);
        weight[t] = 0;
      }
    }
    ExpectSameAsReference(in, "forum " + std::to_string(round));
  }
}

TEST(AllocateTest, PlacesEveryoneItCanBeforeImprovingRanks) {
  // d0 ranks only A; d1 ranks A then B; B has room. Each table has one seat.
  // Best: d0 at A (rank 1), d1 at B (rank 2): two placed, rank 3.
  std::vector<AllocationTable> tables(2);
  for (auto& t : tables) {
    t.seats = 1;
    t.pool_seats[kOtherPool] = 1;
  }
  std::vector<AllocationDelegation> ds(2);
  ds[0].ranked = {0};
  ds[1].ranked = {0, 1};
  auto result = Allocate(tables, ds);
  EXPECT_EQ(result.placed, 2);
  EXPECT_EQ(result.total_rank, 3);
}

TEST(AllocateTest, EarlierRegistrationWinsATie) {
  // Both want A first and B second; one seat each. The earlier registrant gets A.
  std::vector<AllocationTable> tables(2);
  for (auto& t : tables) {
    t.seats = 1;
    t.state_seats = 1;
    t.pool_seats[1] = 1;
  }
  std::vector<AllocationDelegation> ds(2);
  for (auto& d : ds) {
    d.pool = 1;
    d.ranked = {0, 1};
  }
  auto result = Allocate(tables, ds);
  ASSERT_EQ(result.placements[0].size(), 1u);
  EXPECT_EQ(result.placements[0][0].table, 0);
  EXPECT_EQ(result.placements[1][0].table, 1);
  // And the same input gives the same answer.
  auto again = Allocate(tables, ds);
  EXPECT_EQ(again.placements[1][0].table, 1);
}

TEST(AllocateTest, RegionalPoolsBind) {
  // Three African States want the same table; its African pool has two seats.
  std::vector<AllocationTable> tables(1);
  tables[0].seats = 10;
  tables[0].state_seats = 10;
  tables[0].pool_seats[1] = 2;
  std::vector<AllocationDelegation> ds(3);
  for (auto& d : ds) {
    d.pool = 1;
    d.ranked = {0};
  }
  auto result = Allocate(tables, ds);
  EXPECT_EQ(result.placed, 2);
  EXPECT_TRUE(result.placements[2].empty()) << "the latest registrant is left out";
}

TEST(AllocateTest, DelegationsMayJoinSeveralTablesWhenAllowed) {
  std::vector<AllocationTable> tables(3);
  for (auto& t : tables) {
    t.seats = 1;
    t.pool_seats[kOtherPool] = 1;
  }
  std::vector<AllocationDelegation> ds(1);
  ds[0].ranked = {2, 0, 1};
  ds[0].joins = 2;
  auto result = Allocate(tables, ds);
  EXPECT_EQ(result.placed, 2);
  EXPECT_EQ(result.total_rank, 3);
}

TEST(AllocateTest, StateSeatsBindAcrossGroups) {
  // Two States of different groups; the table keeps all but one seat for others.
  std::vector<AllocationTable> tables(1);
  tables[0].seats = 5;
  tables[0].state_seats = 1;
  tables[0].pool_seats[1] = tables[0].pool_seats[2] = 1;
  tables[0].pool_seats[kOtherPool] = 5;
  std::vector<AllocationDelegation> ds(3);
  ds[0].pool = 1;
  ds[1].pool = 2;
  ds[2].pool = kOtherPool;
  for (auto& d : ds) d.ranked = {0};
  auto result = Allocate(tables, ds);
  EXPECT_EQ(result.placed, 2);
  EXPECT_EQ(result.placements[0].size(), 1u);
  EXPECT_TRUE(result.placements[1].empty());
  EXPECT_EQ(result.placements[2].size(), 1u);
}

TEST(RegionalShareTest, ProportionalRoundedUpPlusSlack) {
  EXPECT_EQ(RegionalShare(40, 54, 193, 0), 12);  // 11.19 → 12
  EXPECT_EQ(RegionalShare(40, 23, 193, 0), 5);   // 4.77 → 5
  EXPECT_EQ(RegionalShare(40, 23, 193, 2), 7);
  EXPECT_EQ(RegionalShare(0, 54, 193, 1), 0);
  EXPECT_EQ(RegionalShare(193, 33, 193, 0), 33);
}

}  // namespace
}  // namespace forum::domain
