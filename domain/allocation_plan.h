// The allocation of round-table seats as the secretariat runs it: which tables are open, how many
// seats each regional group may still take at each, which delegations take part and in what
// order, where each is placed, and the report that explains it (placements per rank, the mix of
// each table, and why each unplaced delegation was left out). Pure: the service loads the inputs,
// calls PlanAllocation and writes the seats it returns.
#ifndef FORUM_DOMAIN_ALLOCATION_PLAN_H_
#define FORUM_DOMAIN_ALLOCATION_PLAN_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/delegation.pb.h"
#include "forum/v1/round_table.pb.h"

namespace forum::domain {

struct AllocationInput {
  std::string parent;  // `events/{e}`, named in refusals
  bool dry_run = false;
  v1::RoundTableRules rules;
  // Member States per regional group, indexed by group number (0 unused).
  std::vector<int> member_states_by_group;
  // The event's round tables (any state; only those open to seating take part) and, for each,
  // the participants already seated.
  std::vector<v1::RoundTable> tables;
  std::vector<std::vector<v1::RoundTableParticipant>> seated;
  // Every delegation that ranked round tables, in any state and order.
  std::vector<v1::Delegation> delegations;
  // By entity code: the ranked round-table ids, and the ids of the tables it already sits at.
  std::map<std::string, std::vector<std::string>> ranked;
  std::map<std::string, std::vector<std::string>> sits;
};

struct AllocationPlan {
  v1::AllocationReport report;
  struct Seat {
    std::string round_table_id;
    std::string entity_code;
  };
  // The seats to write (none for a dry run), in the order they were decided.
  std::vector<Seat> seats;
};

// FAILED_PRECONDITION (TOO_MANY_DELEGATIONS) when more delegations may sit than one allocation
// handles.
absl::StatusOr<AllocationPlan> PlanAllocation(const AllocationInput& input);

// `AFRICAN` for REGIONAL_GROUP_AFRICAN.
std::string GroupName(int group);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ALLOCATION_PLAN_H_
