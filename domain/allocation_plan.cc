#include "domain/allocation_plan.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/allocation.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/round_table_rules.h"

namespace forum::domain {
namespace {

// Why a delegation that ranked tables got no seat.
std::string UnplacedReason(const v1::Delegation& d, const AllocationDelegation& in,
                           const std::string& already) {
  if (in.joins == 0) {
    return absl::StrCat("already sits at ", already, "; no further round table is allowed");
  }
  if (in.ranked.empty()) return "none of its ranked round tables is open to seating";
  return UsesStateSeat(d.entity_kind())
             ? "no seat left at its ranked round tables within its regional group's share"
             : "no seat left at its ranked round tables";
}

}  // namespace

std::string GroupName(int group) {
  std::string name = v1::RegionalGroup_Name(static_cast<v1::RegionalGroup>(group));
  return name.substr(std::string("REGIONAL_GROUP_").size());
}

absl::StatusOr<AllocationPlan> PlanAllocation(const AllocationInput& in) {
  const auto& members = in.member_states_by_group;
  int all_members = 0;
  for (int m : members) all_members += m;
  auto members_of = [&](int g) { return g < static_cast<int>(members.size()) ? members[g] : 0; };

  // The tables open to seating, with their free seats per pool.
  std::vector<size_t> open;  // indexes into in.tables
  for (size_t t = 0; t < in.tables.size(); ++t) {
    if (CheckRoundTableOpen(in.tables[t]).ok()) open.push_back(t);
  }
  std::map<std::string, int> table_index;
  std::vector<AllocationTable> seats(open.size());
  for (size_t k = 0; k < open.size(); ++k) {
    const v1::RoundTable& rt = in.tables[open[k]];
    const auto& seated = in.seated[open[k]];
    table_index[LastSegment(rt.name())] = static_cast<int>(k);
    int state_capacity = rt.capacity() - rt.reserved_seats();
    int states = 0;
    std::vector<int> by_group(kPools, 0);
    for (const auto& p : seated) {
      if (UsesStateSeat(p.entity_kind())) {
        ++states;
        ++by_group[p.regional_group()];
      }
    }
    auto& s = seats[k];
    s.id = LastSegment(rt.name());
    s.seats = rt.capacity() - static_cast<int>(seated.size());
    s.state_seats = state_capacity - states;
    s.pool_seats[kOtherPool] = s.seats;
    for (int g = 1; g < kPools; ++g) {
      s.pool_seats[g] =
          RegionalShare(state_capacity, members_of(g), all_members, in.rules.regional_slack()) -
          by_group[g];
    }
  }

  // The delegations that may sit, in order of registration; the others are reported.
  AllocationPlan plan;
  v1::AllocationReport& report = plan.report;
  report.set_dry_run(in.dry_run);
  std::vector<const v1::Delegation*> candidates;
  std::vector<const v1::Delegation*> listed;
  for (const auto& d : in.delegations) listed.push_back(&d);
  std::sort(listed.begin(), listed.end(),
            [](const auto* a, const auto* b) { return a->name() < b->name(); });
  for (const v1::Delegation* d : listed) {
    if (!CheckMaySit(*d, "").ok()) {
      auto* u = report.add_unplaced();
      u->set_delegation(d->name());
      u->set_reason(absl::StrCat("not accredited (", v1::DelegationState_Name(d->state()), ")"));
      continue;
    }
    candidates.push_back(d);
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto* a, const auto* b) {
    int64_t ta = ToMicros(a->registration_time());
    int64_t tb = ToMicros(b->registration_time());
    return ta != tb ? ta < tb : a->name() < b->name();
  });
  if (candidates.size() > kMaxAllocationDelegations) {
    return FailedPrecondition(
        "TOO_MANY_DELEGATIONS", in.parent,
        absl::StrCat("an allocation handles at most ", kMaxAllocationDelegations,
                     " delegations with preferences"));
  }
  std::vector<AllocationDelegation> inputs(candidates.size());
  std::vector<std::string> already(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    const v1::Delegation& d = *candidates[i];
    auto& entry = inputs[i];
    entry.id = LastSegment(d.name());
    auto sits_it = in.sits.find(entry.id);
    const std::vector<std::string> none;
    const auto& sits = sits_it == in.sits.end() ? none : sits_it->second;
    entry.pool = PoolOf(d);
    int limit = UsesStateSeat(d.entity_kind()) ? in.rules.max_round_tables_per_state() : 1;
    entry.joins = std::max(0, limit - static_cast<int>(sits.size()));
    if (!sits.empty()) already[i] = absl::StrJoin(sits, ", ");
    auto ranked_it = in.ranked.find(entry.id);
    if (ranked_it == in.ranked.end()) continue;
    for (const auto& id : ranked_it->second) {
      auto it = table_index.find(id);
      if (it == table_index.end()) continue;
      if (std::find(sits.begin(), sits.end(), id) != sits.end()) continue;
      entry.ranked.push_back(it->second);
    }
  }
  AllocationResult result = Allocate(seats, inputs);

  // The placements, and the report.
  std::vector<v1::AllocationReport::TableResult> per_table(open.size());
  std::map<int, int> by_rank;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto& placements = result.placements[i];
    if (placements.empty()) {
      auto* u = report.add_unplaced();
      u->set_delegation(candidates[i]->name());
      u->set_reason(UnplacedReason(*candidates[i], inputs[i], already[i]));
      continue;
    }
    for (const auto& p : placements) {
      per_table[p.table].add_placed(candidates[i]->name());
      ++by_rank[p.rank];
      if (!in.dry_run) plan.seats.push_back({seats[p.table].id, inputs[i].id});
    }
  }
  for (size_t k = 0; k < open.size(); ++k) {
    const v1::RoundTable& rt = in.tables[open[k]];
    const auto& seated = in.seated[open[k]];
    auto& out = per_table[k];
    out.set_round_table(rt.name());
    out.set_capacity(rt.capacity());
    int others = 0;
    std::map<std::string, int> mix;
    auto count = [&](v1::EntityKind kind, int group) {
      if (UsesStateSeat(kind)) {
        ++mix[GroupName(group)];
      } else {
        ++others;
      }
    };
    for (const auto& p : seated) count(p.entity_kind(), p.regional_group());
    for (const auto& name : out.placed()) {
      for (const v1::Delegation* d : candidates) {
        if (d->name() == name) count(d->entity_kind(), d->regional_group());
      }
    }
    for (const auto& [group, n] : mix) (*out.mutable_regional_mix())[group] = n;
    out.set_other_participants(others);
    out.set_participant_count(static_cast<int>(seated.size()) + out.placed_size());
    *report.add_tables() = std::move(out);
  }
  for (const auto& [rank, n] : by_rank) {
    auto* choice = report.add_choices();
    choice->set_rank(rank);
    choice->set_delegations(n);
  }
  report.set_placed(static_cast<int>(result.placed));
  report.set_total_rank(static_cast<int>(result.total_rank));
  return plan;
}

}  // namespace forum::domain
