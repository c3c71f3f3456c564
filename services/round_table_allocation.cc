// The allocation of seats from ranked preferences: loads, plans (domain/allocation_plan.h), seats.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/allocation.h"
#include "domain/allocation_plan.h"
#include "domain/dates.h"
#include "domain/delegation_rules.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/event_rules.h"
#include "domain/limits.h"
#include "domain/names.h"
#include "domain/round_table_rules.h"
#include "domain/schedule_export.h"
#include "domain/status_macros.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/round_table_support.h"
#include "services/round_tables.h"
#include "services/schedule_checks.h"

namespace forum::services {

absl::StatusOr<v1::AllocationReport> RoundTables::Allocate(
    storage::Tx& tx, const v1::AllocateRoundTablesRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(auto event, tx.events().GetHeader(event_id, "parent"));
  if (!request.dry_run()) {
    RETURN_IF_ERROR(domain::CheckEventOpenForChanges(event));
  }
  storage::RoundTableStore& store = tx.round_tables();
  domain::AllocationInput in;
  in.parent = request.parent();
  in.dry_run = request.dry_run();
  in.rules = store.GetRules(event_id);
  in.member_states_by_group = tx.entities().MemberStatesByGroup();
  for (auto& rt : store.List(event_id, 0, static_cast<int>(domain::kMaxRoundTablesPerEvent) + 1)) {
    if (!domain::CheckRoundTableOpen(rt).ok()) continue;
    in.seated.push_back(store.Participants(event_id, LastSegment(rt.name())));
    in.tables.push_back(std::move(rt));
  }
  in.ranked = store.AllPreferences(event_id);
  int may_sit = 0;
  for (const auto& [code, ranked] : in.ranked) {
    auto d = tx.delegations().Get(event_id, code);
    if (!d.ok()) continue;
    // The seats a delegation holds are read only while the allocation can still run.
    if (domain::CheckMaySit(*d, "").ok() && ++may_sit <= domain::kMaxAllocationDelegations) {
      in.sits[code] = store.TablesOf(event_id, code);
    }
    in.delegations.push_back(*std::move(d));
  }
  ASSIGN_OR_RETURN(auto plan, domain::PlanAllocation(in));
  int64_t now = domain::NowMicros();
  for (const auto& seat : plan.seats) {
    store.AddParticipant(event_id, seat.round_table_id, seat.entity_code,
                         v1::PARTICIPANT_ROLE_PARTICIPANT, now);
  }
  return std::move(plan.report);
}

}  // namespace forum::services
