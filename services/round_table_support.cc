#include "services/round_table_support.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/delegation_rules.h"
#include "domain/errors.h"
#include "domain/event_rules.h"
#include "domain/round_table_rules.h"
#include "domain/status_macros.h"
#include "services/paging.h"

namespace forum::services {

absl::StatusOr<domain::EventChild> ParseRoundTable(absl::string_view name,
                                                   absl::string_view field) {
  return domain::ParseEventChildName(name, "roundTables", field);
}

// A delegation of `event_id` named in the request field `field`.
absl::StatusOr<v1::Delegation> LoadDelegation(storage::Tx& tx, absl::string_view event_id,
                                              absl::string_view name, absl::string_view field) {
  ASSIGN_OR_RETURN(auto parsed, domain::ParseEventChildName(name, "delegations", field));
  if (parsed.event != event_id) {
    return domain::InvalidField(field, "must be a delegation of the same event");
  }
  return LoadDelegation(tx, parsed, field);
}

absl::StatusOr<v1::Delegation> LoadDelegation(storage::Tx& tx, const domain::EventChild& name,
                                              absl::string_view field) {
  auto delegation = tx.delegations().Get(name.event, name.id);
  if (!delegation.ok()) {
    return domain::NotFound("forum.v1.Delegation",
                            domain::EventChildName(name.event, "delegations", name.id), field);
  }
  return delegation;
}

std::string EntityCode(const v1::Delegation& d) { return LastSegment(d.name()); }

absl::Status CheckCoChairFree(storage::RoundTableStore& store, absl::string_view event_id,
                              const v1::RoundTable& rt, absl::string_view entity,
                              absl::string_view field) {
  if (!rt.has_start_time()) return absl::OkStatus();
  auto clashes =
      store.CoChairedOverlapping(event_id, entity, domain::ToMicros(rt.start_time()),
                                 domain::ToMicros(rt.end_time()), LastSegment(rt.name()));
  if (clashes.empty()) return absl::OkStatus();
  return domain::FailedPrecondition(
      "CO_CHAIR_BUSY", clashes.front().name(),
      absl::StrCat(domain::EventChildName(event_id, "delegations", entity),
                   " co-chairs this round table at an overlapping time"),
      field);
}

// Whether `d` may take a new seat at `rt` in `role`: accredited, a free seat, a free State
// seat for a Member State within its limit of round tables, and for a co-chair no other
// co-chairing at the same time.
absl::Status CheckSeat(storage::Tx& tx, absl::string_view event_id, const v1::RoundTable& rt,
                       const v1::Delegation& d, v1::ParticipantRole role, absl::string_view field) {
  RETURN_IF_ERROR(domain::CheckMaySit(d, field));
  storage::RoundTableStore& store = tx.round_tables();
  auto seated = store.Participants(event_id, LastSegment(rt.name()));
  RETURN_IF_ERROR(domain::CheckSeatFree(rt, seated, d, field));
  if (domain::UsesStateSeat(d.entity_kind())) {
    std::vector<std::string> tables;
    for (const auto& id : store.TablesOf(event_id, EntityCode(d))) {
      tables.push_back(domain::EventChildName(event_id, "roundTables", id));
    }
    RETURN_IF_ERROR(domain::CheckStateTableLimit(
        d, tables, store.GetRules(event_id).max_round_tables_per_state(), field));
  }
  if (role == v1::PARTICIPANT_ROLE_CO_CHAIR) {
    return CheckCoChairFree(store, event_id, rt, EntityCode(d), field);
  }
  return absl::OkStatus();
}

// Makes the co-chairs of `rt_id` the delegations in `wanted`: co-chairs no longer listed leave,
// new ones are seated (or promoted from another role).
absl::Status SyncCoChairs(storage::Tx& tx, absl::string_view event_id, const v1::RoundTable& rt,
                          const std::vector<std::string>& current,
                          const google::protobuf::RepeatedPtrField<std::string>& wanted,
                          absl::string_view prefix) {
  storage::RoundTableStore& store = tx.round_tables();
  std::string rt_id = LastSegment(rt.name());
  for (const auto& name : current) {
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) {
      store.RemoveParticipant(event_id, rt_id, LastSegment(name));
    }
  }
  for (int i = 0; i < wanted.size(); ++i) {
    if (std::find(current.begin(), current.end(), wanted[i]) != current.end()) continue;
    std::string field = absl::StrCat(prefix, ".co_chairs[", i, "]");
    ASSIGN_OR_RETURN(auto d, LoadDelegation(tx, event_id, wanted[i], field));
    int role = store.RoleOf(event_id, rt_id, EntityCode(d));
    absl::Status seat = role != 0
                            ? CheckCoChairFree(store, event_id, rt, EntityCode(d), field)
                            : CheckSeat(tx, event_id, rt, d, v1::PARTICIPANT_ROLE_CO_CHAIR, field);
    if (!seat.ok()) return seat;
    store.AddParticipant(event_id, rt_id, EntityCode(d), v1::PARTICIPANT_ROLE_CO_CHAIR,
                         domain::NowMicros());
  }
  return absl::OkStatus();
}

absl::Status CheckNumberFree(storage::RoundTableStore& store, absl::string_view event_id,
                             absl::string_view rt_id, int number) {
  std::string holder = store.WithNumber(event_id, number);
  if (holder.empty() || holder == rt_id) return absl::OkStatus();
  return domain::AlreadyExists(kRoundTableType,
                               domain::EventChildName(event_id, "roundTables", holder),
                               absl::StrCat("round table number ", number, " is taken"));
}

absl::Status CheckRoomCapacity(storage::Tx& tx, absl::string_view event_id,
                               const v1::RoundTable& rt, absl::string_view field) {
  if (rt.room().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto room, tx.events().GetRoom(event_id, LastSegment(rt.room()), field));
  if (rt.capacity() <= room.capacity()) return absl::OkStatus();
  return domain::FailedPrecondition("OVER_ROOM_CAPACITY", room.name(),
                                    absl::StrCat("the round table has ", rt.capacity(),
                                                 " seats; the room holds ", room.capacity()),
                                    field);
}

}  // namespace forum::services
