#include "services/round_tables.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/allocation.h"
#include "domain/dates.h"
#include "domain/delegation_rules.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/event_rules.h"
#include "domain/names.h"
#include "domain/round_table_rules.h"
#include "domain/schedule_export.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/schedule_checks.h"
#include "storage/delegation_store.h"
#include "storage/entity_store.h"
#include "storage/event_store.h"
#include "storage/round_table_store.h"

namespace forum::services {
namespace {

using domain::EventChild;
using storage::DelegationStore;
using storage::EventStore;
using storage::RoundTableStore;

constexpr char kType[] = "forum.v1.RoundTable";

absl::StatusOr<EventChild> ParseRoundTable(absl::string_view name, absl::string_view field) {
  return domain::ParseEventChildName(name, "roundTables", field);
}

// The event, which must exist and still take changes.
absl::StatusOr<v1::Event> LoadOpenEvent(storage::Tx& tx, absl::string_view event_id,
                                        absl::string_view field) {
  auto event = tx.events().Get(event_id, field);
  if (!event.ok()) return event.status();
  if (auto s = domain::CheckEventOpenForChanges(*event); !s.ok()) return s;
  return event;
}

// A delegation of `event_id` named in the request field `field`.
absl::StatusOr<v1::Delegation> LoadDelegation(storage::Tx& tx, absl::string_view event_id,
                                              absl::string_view name, absl::string_view field) {
  auto parsed = domain::ParseEventChildName(name, "delegations", field);
  if (!parsed.ok()) return parsed.status();
  if (parsed->event != event_id) {
    return domain::InvalidField(field, "must be a delegation of the same event");
  }
  auto delegation = tx.delegations().Get(parsed->event, parsed->id);
  if (!delegation.ok()) return domain::NotFound("forum.v1.Delegation", name, field);
  return delegation;
}

std::string EntityCode(const v1::Delegation& d) { return LastSegment(d.name()); }

absl::Status CheckCoChairFree(RoundTableStore& store, absl::string_view event_id,
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
  if (auto s = domain::CheckMaySit(d, field); !s.ok()) return s;
  storage::RoundTableStore& store = tx.round_tables();
  std::string rt_id = LastSegment(rt.name());
  auto participants = store.Participants(event_id, rt_id);
  if (static_cast<int>(participants.size()) >= rt.capacity()) {
    return domain::FailedPrecondition(
        "ROUND_TABLE_FULL", rt.name(),
        absl::StrCat("all ", rt.capacity(), " seats of the round table are taken"), field);
  }
  if (domain::UsesStateSeat(d.entity_kind())) {
    int states =
        static_cast<int>(std::count_if(participants.begin(), participants.end(), [](const auto& p) {
          return domain::UsesStateSeat(p.entity_kind());
        }));
    if (states >= rt.capacity() - rt.reserved_seats()) {
      return domain::FailedPrecondition(
          "STATE_SEATS_FULL", rt.name(),
          absl::StrCat("the ", rt.capacity() - rt.reserved_seats(),
                       " seats for Member States are taken; the other ", rt.reserved_seats(),
                       " are kept for other participants"),
          field);
    }
    auto rules = store.GetRules(event_id);
    auto tables = store.TablesOf(event_id, EntityCode(d));
    if (static_cast<int>(tables.size()) >= rules.max_round_tables_per_state()) {
      return domain::FailedPrecondition(
          "ROUND_TABLE_LIMIT_PER_STATE",
          domain::EventChildName(event_id, "roundTables", tables.front()),
          absl::StrCat(d.display_name(), " already sits at ", tables.size(),
                       " round table(s) of this event; the limit per State is ",
                       rules.max_round_tables_per_state()),
          field);
    }
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
    auto d = LoadDelegation(tx, event_id, wanted[i], field);
    if (!d.ok()) return d.status();
    int role = store.RoleOf(event_id, rt_id, EntityCode(*d));
    absl::Status seat = role != 0
                            ? CheckCoChairFree(store, event_id, rt, EntityCode(*d), field)
                            : CheckSeat(tx, event_id, rt, *d, v1::PARTICIPANT_ROLE_CO_CHAIR, field);
    if (!seat.ok()) return seat;
    store.AddParticipant(event_id, rt_id, EntityCode(*d), v1::PARTICIPANT_ROLE_CO_CHAIR,
                         domain::NowMicros());
  }
  return absl::OkStatus();
}

absl::Status CheckThemeExists(storage::Tx& tx, absl::string_view event_id, const v1::RoundTable& rt,
                              absl::string_view field) {
  if (rt.theme().empty()) return absl::OkStatus();
  auto theme = domain::ParseEventChildName(rt.theme(), "themes", field);
  if (!theme.ok()) return theme.status();
  if (theme->event != event_id) return domain::InvalidField(field, "must be a theme of the event");
  if (!tx.events().ThemeExists(event_id, theme->id)) {
    return domain::NotFound("forum.v1.Theme", rt.theme(), field);
  }
  return absl::OkStatus();
}

absl::Status CheckNumberFree(RoundTableStore& store, absl::string_view event_id,
                             absl::string_view rt_id, int number) {
  std::string holder = store.WithNumber(event_id, number);
  if (holder.empty() || holder == rt_id) return absl::OkStatus();
  return domain::AlreadyExists(kType, domain::EventChildName(event_id, "roundTables", holder),
                               absl::StrCat("round table number ", number, " is taken"));
}

// Seats taken may not exceed the capacity, nor State seats the seats not reserved.
absl::Status CheckSeatsFit(RoundTableStore& store, absl::string_view event_id,
                           const v1::RoundTable& rt) {
  auto participants = store.Participants(event_id, LastSegment(rt.name()));
  int states =
      static_cast<int>(std::count_if(participants.begin(), participants.end(), [](const auto& p) {
        return domain::UsesStateSeat(p.entity_kind());
      }));
  if (static_cast<int>(participants.size()) > rt.capacity() ||
      states > rt.capacity() - rt.reserved_seats()) {
    return domain::FailedPrecondition(
        "SEATS_TAKEN", rt.name(),
        absl::StrCat(participants.size(), " seats are taken, ", states,
                     " of them by Member States; capacity and reserved seats must leave room "
                     "for them"),
        "round_table.capacity");
  }
  return absl::OkStatus();
}

absl::Status CheckRoomCapacity(storage::Tx& tx, absl::string_view event_id,
                               const v1::RoundTable& rt, absl::string_view field) {
  if (rt.room().empty()) return absl::OkStatus();
  auto room = tx.events().GetRoom(event_id, LastSegment(rt.room()), field);
  if (!room.ok()) return room.status();
  if (rt.capacity() <= room->capacity()) return absl::OkStatus();
  return domain::FailedPrecondition("OVER_ROOM_CAPACITY", room->name(),
                                    absl::StrCat("the round table has ", rt.capacity(),
                                                 " seats; the room holds ", room->capacity()),
                                    field);
}

// AFRICAN for REGIONAL_GROUP_AFRICAN.
std::string GroupName(int group) {
  std::string name = v1::RegionalGroup_Name(static_cast<v1::RegionalGroup>(group));
  return name.substr(std::string("REGIONAL_GROUP_").size());
}

}  // namespace

absl::StatusOr<v1::RoundTable> RoundTables::Create(storage::Tx& tx,
                                                   const v1::CreateRoundTableRequest& request) {
  auto event_id = domain::ParseEventName(request.parent(), "parent");
  if (!event_id.ok()) return event_id.status();
  domain::Validator v;
  std::string rt_id = request.round_table_id().empty()
                          ? absl::StrCat("round-table-", request.round_table().number())
                          : request.round_table_id();
  if (!domain::IsValidId(rt_id)) {
    v.Add("round_table_id",
          "must be lower-case letters, digits and hyphens, starting with a letter");
  }
  domain::ValidateRoundTable(request.round_table(), "round_table", v);
  auto state = request.round_table().state();
  if (state != v1::ROUND_TABLE_STATE_UNSPECIFIED && state != v1::ROUND_TABLE_STATE_PLANNED) {
    v.Add("round_table.state", "a new round table is planned; ScheduleRoundTable schedules it");
  }
  v.RequestId("request_id", request.request_id());
  if (auto s = v.Finish(); !s.ok()) return s;

  return Idempotent<v1::RoundTable>(
      tx, "CreateRoundTable", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::RoundTable> {
        auto event = LoadOpenEvent(tx, *event_id, "parent");
        if (!event.ok()) return event.status();
        storage::RoundTableStore& store = tx.round_tables();
        if (store.Get(*event_id, rt_id).ok()) {
          return domain::AlreadyExists(kType,
                                       domain::EventChildName(*event_id, "roundTables", rt_id),
                                       "choose another round_table_id");
        }
        if (auto s = CheckNumberFree(store, *event_id, rt_id, request.round_table().number());
            !s.ok()) {
          return s;
        }
        if (auto s = CheckThemeExists(tx, *event_id, request.round_table(), "round_table.theme");
            !s.ok()) {
          return s;
        }
        storage::EventStore& events = tx.events();
        if (auto s = CheckPartCount(events, *event_id, storage::EventPart::kRoundTables); !s.ok()) {
          return s;
        }
        v1::RoundTable rt = request.round_table();
        rt.set_name(domain::EventChildName(*event_id, "roundTables", rt_id));
        rt.set_state(v1::ROUND_TABLE_STATE_PLANNED);
        rt.clear_start_time();
        rt.clear_end_time();
        rt.clear_room();
        rt.clear_times_indicative();
        store.Insert(*event_id, rt_id, rt);
        if (auto s = SyncCoChairs(tx, *event_id, rt, {}, rt.co_chairs(), "round_table"); !s.ok()) {
          return s;
        }
        return store.Get(*event_id, rt_id);
      });
}

absl::StatusOr<v1::RoundTable> RoundTables::Get(storage::Tx& tx,
                                                const v1::GetRoundTableRequest& request) {
  auto name = ParseRoundTable(request.name(), "name");
  if (!name.ok()) return name.status();
  return tx.round_tables().Get(name->event, name->id);
}

absl::StatusOr<v1::ListRoundTablesResponse> RoundTables::List(
    storage::Tx& tx, const v1::ListRoundTablesRequest& request) {
  auto event_id = domain::ParseEventName(request.parent(), "parent");
  if (!event_id.ok()) return event_id.status();
  auto size = domain::PageSize(request.page_size());
  if (!size.ok()) return size.status();
  auto after = NumericCursor(request.page_token(), request.parent());
  if (!after.ok()) return after.status();
  if (!tx.events().Exists(*event_id)) {
    return domain::NotFound("forum.v1.Event", request.parent(), "parent");
  }
  auto rows = tx.round_tables().List(*event_id, static_cast<int>(*after), *size + 1);
  v1::ListRoundTablesResponse response;
  response.set_next_page_token(
      TrimPage(rows, *size, request.parent(),
               [](const v1::RoundTable& rt) { return absl::StrCat(rt.number()); }));
  for (auto& rt : rows) *response.add_round_tables() = std::move(rt);
  return response;
}

absl::StatusOr<v1::RoundTable> RoundTables::Update(storage::Tx& tx,
                                                   const v1::UpdateRoundTableRequest& request) {
  static const std::set<std::string> kUpdatable = {"number",      "title",          "theme",
                                                   "description", "co_chairs",      "rapporteur",
                                                   "capacity",    "reserved_seats", "state"};
  auto name = ParseRoundTable(request.round_table().name(), "round_table.name");
  if (!name.ok()) return name.status();
  storage::RoundTableStore& store = tx.round_tables();
  auto current = store.Get(name->event, name->id);
  if (!current.ok()) return current.status();
  auto fresh = domain::CheckEtag(request.round_table().etag(), current->etag(), kType,
                                 current->name(), "round_table.etag");
  if (!fresh.ok()) return fresh;
  auto event = LoadOpenEvent(tx, name->event, "");
  if (!event.ok()) return event.status();
  if (auto s = domain::CheckRoundTableOpen(*current); !s.ok()) return s;
  v1::RoundTable updated = *current;
  auto applied =
      ApplyUpdateMask(request.round_table(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  domain::ValidateRoundTable(updated, "round_table", v);
  if (auto s = v.Finish(); !s.ok()) return s;
  if (auto s = domain::CheckRoundTableTransition(*current, updated.state()); !s.ok()) return s;
  if (auto s = CheckNumberFree(store, name->event, name->id, updated.number()); !s.ok()) return s;
  if (auto s = CheckThemeExists(tx, name->event, updated, "round_table.theme"); !s.ok()) return s;
  if (auto s = CheckRoomCapacity(tx, name->event, updated, "round_table.capacity"); !s.ok()) {
    return s;
  }
  store.Update(name->event, name->id, updated);
  // A cancelled table frees its room slot (clash checks skip it), its seats and its place in
  // the delegations' rankings; its co-chairs stay on record and count nowhere.
  if (updated.state() == v1::ROUND_TABLE_STATE_CANCELLED) {
    store.ReleaseCancelled(name->event, name->id);
    return store.Get(name->event, name->id);
  }
  std::vector<std::string> before(current->co_chairs().begin(), current->co_chairs().end());
  if (auto s = SyncCoChairs(tx, name->event, updated, before, updated.co_chairs(), "round_table");
      !s.ok()) {
    return s;
  }
  if (auto s = CheckSeatsFit(store, name->event, updated); !s.ok()) return s;
  return store.Get(name->event, name->id);
}

absl::StatusOr<v1::DeleteRoundTableResponse> RoundTables::Delete(
    storage::Tx& tx, const v1::DeleteRoundTableRequest& request) {
  auto name = ParseRoundTable(request.name(), "name");
  if (!name.ok()) return name.status();
  storage::RoundTableStore& store = tx.round_tables();
  auto current = store.Get(name->event, name->id);
  if (!current.ok()) return current.status();
  auto fresh = domain::CheckEtag(request.etag(), current->etag(), kType, current->name());
  if (!fresh.ok()) return fresh;
  auto event = LoadOpenEvent(tx, name->event, "");
  if (!event.ok()) return event.status();
  if (current->participant_count() > current->co_chairs_size()) {
    return domain::FailedPrecondition(
        "HAS_PARTICIPANTS", current->name(),
        "delegations other than its co-chairs sit at this round table; remove them first");
  }
  if (int n = store.PreferenceCount(name->event, name->id); n > 0) {
    return domain::FailedPrecondition(
        "IN_PREFERENCES", current->name(),
        absl::StrCat(n, " delegation(s) rank this round table; they must drop it first"));
  }
  store.Delete(name->event, name->id);
  return v1::DeleteRoundTableResponse();
}

absl::StatusOr<v1::RoundTable> RoundTables::Schedule(storage::Tx& tx,
                                                     const v1::ScheduleRoundTableRequest& request) {
  auto name = ParseRoundTable(request.name(), "name");
  if (!name.ok()) return name.status();
  domain::Validator v;
  if (!request.has_start_time() || !domain::IsValidTimestamp(request.start_time())) {
    v.Add("start_time", "is required and must be a valid timestamp");
  }
  if (!request.has_end_time() || !domain::IsValidTimestamp(request.end_time())) {
    v.Add("end_time", "is required and must be a valid timestamp");
  } else if (request.has_start_time() && domain::IsValidTimestamp(request.start_time()) &&
             domain::ToMicros(request.end_time()) <= domain::ToMicros(request.start_time())) {
    v.Add("end_time", "must be after start_time");
  }
  auto room = domain::ParseEventChildName(request.room(), "rooms", "room");
  if (!room.ok()) {
    v.Add("room", "is required: events/{event}/rooms/{room}");
  } else if (room->event != name->event) {
    v.Add("room", "must be a room of the same event");
  }
  if (auto s = v.Finish(); !s.ok()) return s;

  storage::RoundTableStore& store = tx.round_tables();
  auto current = store.Get(name->event, name->id);
  if (!current.ok()) return current.status();
  auto fresh = domain::CheckEtag(request.etag(), current->etag(), kType, current->name());
  if (!fresh.ok()) return fresh;
  auto event = LoadOpenEvent(tx, name->event, "");
  if (!event.ok()) return event.status();
  if (auto s = domain::CheckRoundTableOpen(*current); !s.ok()) return s;
  v1::RoundTable updated = *current;
  *updated.mutable_start_time() = request.start_time();
  *updated.mutable_end_time() = request.end_time();
  updated.set_room(request.room());
  updated.set_times_indicative(request.times_indicative());
  updated.set_state(v1::ROUND_TABLE_STATE_SCHEDULED);
  if (auto s =
          domain::CheckInsideEvent(*event, request.start_time(), request.end_time(), "start_time");
      !s.ok()) {
    return s;
  }
  if (auto s = CheckRoomCapacity(tx, name->event, updated, "room"); !s.ok()) return s;
  if (auto s = CheckRoomFree(tx, name->event, room->id, domain::ToMicros(request.start_time()),
                             domain::ToMicros(request.end_time()), "", name->id, "start_time");
      !s.ok()) {
    return s;
  }
  for (const auto& co_chair : updated.co_chairs()) {
    if (auto s = CheckCoChairFree(store, name->event, updated, LastSegment(co_chair), "start_time");
        !s.ok()) {
      return s;
    }
  }
  store.Update(name->event, name->id, updated);
  return store.Get(name->event, name->id);
}

absl::StatusOr<v1::ListScheduleConflictsResponse> RoundTables::ListConflicts(
    storage::Tx& tx, const v1::ListScheduleConflictsRequest& request) {
  auto event_id = domain::ParseEventName(request.parent(), "parent");
  if (!event_id.ok()) return event_id.status();
  auto size = domain::PageSize(request.page_size());
  if (!size.ok()) return size.status();
  // The clashes are worked out afresh on every call; a page starts at a place in their order.
  auto offset = NumericCursor(request.page_token(), request.parent());
  if (!offset.ok()) return offset.status();
  storage::EventStore& events = tx.events();
  auto event = events.Get(*event_id, "parent");
  if (!event.ok()) return event.status();
  // Every occupant of a slot: meetings, then scheduled round tables.
  struct Slot {
    std::string name, room;
    google::protobuf::Timestamp start, end;
    std::vector<std::string> co_chairs;
    int capacity = 0;
  };
  std::vector<Slot> slots;
  for (const auto& s : events.ListSessions(*event_id, 0, 100000)) {
    slots.push_back({s.name(), s.room(), s.start_time(), s.end_time(), {}, 0});
  }
  for (const auto& rt : tx.round_tables().List(*event_id, 0, 100000)) {
    if (!rt.has_start_time()) continue;
    slots.push_back({rt.name(),
                     rt.room(),
                     rt.start_time(),
                     rt.end_time(),
                     {rt.co_chairs().begin(), rt.co_chairs().end()},
                     rt.capacity()});
  }
  std::vector<v1::ScheduleConflict> found;
  auto add = [&](const char* kind, std::vector<std::string> resources, std::string why) {
    v1::ScheduleConflict& conflict = found.emplace_back();
    conflict.set_kind(kind);
    for (auto& r : resources) conflict.add_resources(std::move(r));
    conflict.set_description(std::move(why));
  };
  for (size_t i = 0; i < slots.size(); ++i) {
    const Slot& a = slots[i];
    if (!domain::CheckInsideEvent(*event, a.start, a.end, "").ok()) {
      add("OUTSIDE_EVENT_DATES", {a.name}, absl::StrCat(a.name, " lies outside the event's dates"));
    }
    if (a.capacity > 0 && !a.room.empty()) {
      auto room = events.GetRoom(*event_id, LastSegment(a.room));
      if (room.ok() && room->capacity() < a.capacity) {
        add("OVER_ROOM_CAPACITY", {a.name, a.room},
            absl::StrCat(a.name, " has ", a.capacity, " seats; ", a.room, " holds ",
                         room->capacity()));
      }
    }
    for (size_t j = i + 1; j < slots.size(); ++j) {
      const Slot& b = slots[j];
      bool overlap = domain::ToMicros(a.start) < domain::ToMicros(b.end) &&
                     domain::ToMicros(b.start) < domain::ToMicros(a.end);
      if (!overlap) continue;
      if (!a.room.empty() && a.room == b.room) {
        add("ROOM_DOUBLE_BOOKED", {a.name, b.name, a.room},
            absl::StrCat(a.room, " hosts ", a.name, " and ", b.name, " at overlapping times"));
      }
      for (const auto& chair : a.co_chairs) {
        if (std::find(b.co_chairs.begin(), b.co_chairs.end(), chair) != b.co_chairs.end()) {
          add("CO_CHAIR_DOUBLE_BOOKED", {a.name, b.name, chair},
              absl::StrCat(chair, " co-chairs ", a.name, " and ", b.name, " at overlapping times"));
        }
      }
    }
  }
  const size_t first = std::min(found.size(), static_cast<size_t>(*offset));
  const size_t end = std::min(found.size(), first + static_cast<size_t>(*size) + 1);
  std::vector<v1::ScheduleConflict> rows(std::make_move_iterator(found.begin() + first),
                                         std::make_move_iterator(found.begin() + end));
  v1::ListScheduleConflictsResponse response;
  // TrimPage asks for the cursor once the page is trimmed: the place after its last row.
  response.set_next_page_token(
      TrimPage(rows, *size, request.parent(),
               [&](const v1::ScheduleConflict&) { return absl::StrCat(first + rows.size()); }));
  for (auto& conflict : rows) *response.add_conflicts() = std::move(conflict);
  return response;
}

absl::StatusOr<v1::RoundTableParticipant> RoundTables::AddParticipant(
    storage::Tx& tx, const v1::AddRoundTableParticipantRequest& request) {
  auto rt_name = ParseRoundTable(request.round_table(), "round_table");
  if (!rt_name.ok()) return rt_name.status();
  domain::Validator v;
  v.Enum("role", request.role(), v1::ParticipantRole_IsValid, true);
  v.RequestId("request_id", request.request_id());
  if (auto s = v.Finish(); !s.ok()) return s;
  return Idempotent<v1::RoundTableParticipant>(
      tx, "AddRoundTableParticipant", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::RoundTableParticipant> {
        storage::RoundTableStore& store = tx.round_tables();
        auto rt = store.Get(rt_name->event, rt_name->id, "round_table");
        if (!rt.ok()) return rt.status();
        auto event = LoadOpenEvent(tx, rt_name->event, "");
        if (!event.ok()) return event.status();
        if (auto s = domain::CheckRoundTableOpen(*rt); !s.ok()) return s;
        auto d = LoadDelegation(tx, rt_name->event, request.delegation(), "delegation");
        if (!d.ok()) return d.status();
        if (store.RoleOf(rt_name->event, rt_name->id, EntityCode(*d)) != 0) {
          return domain::AlreadyExists("forum.v1.RoundTableParticipant", request.delegation(),
                                       absl::StrCat("already sits at ", rt->name()));
        }
        if (auto s = CheckSeat(tx, rt_name->event, *rt, *d, request.role(), "delegation");
            !s.ok()) {
          return s;
        }
        store.AddParticipant(rt_name->event, rt_name->id, EntityCode(*d), request.role(),
                             domain::NowMicros());
        for (auto& p : store.Participants(rt_name->event, rt_name->id)) {
          if (p.delegation() == d->name()) return p;
        }
        return absl::InternalError("the participant just added cannot be read back");
      });
}

absl::StatusOr<v1::RemoveRoundTableParticipantResponse> RoundTables::RemoveParticipant(
    storage::Tx& tx, const v1::RemoveRoundTableParticipantRequest& request) {
  auto rt_name = ParseRoundTable(request.round_table(), "round_table");
  if (!rt_name.ok()) return rt_name.status();
  auto d_name = domain::ParseEventChildName(request.delegation(), "delegations", "delegation");
  if (!d_name.ok()) return d_name.status();
  storage::RoundTableStore& store = tx.round_tables();
  auto rt = store.Get(rt_name->event, rt_name->id, "round_table");
  if (!rt.ok()) return rt.status();
  auto event = LoadOpenEvent(tx, rt_name->event, "");
  if (!event.ok()) return event.status();
  if (auto s = domain::CheckRoundTableOpen(*rt); !s.ok()) return s;
  if (store.RoleOf(rt_name->event, rt_name->id, d_name->id) == 0) {
    return domain::NotFound("forum.v1.RoundTableParticipant", request.delegation(), "delegation");
  }
  store.RemoveParticipant(rt_name->event, rt_name->id, d_name->id);
  return v1::RemoveRoundTableParticipantResponse();
}

absl::StatusOr<v1::ListRoundTableParticipantsResponse> RoundTables::ListParticipants(
    storage::Tx& tx, const v1::ListRoundTableParticipantsRequest& request) {
  auto rt_name = ParseRoundTable(request.round_table(), "round_table");
  if (!rt_name.ok()) return rt_name.status();
  auto size = domain::PageSize(request.page_size());
  if (!size.ok()) return size.status();
  auto after = domain::DecodePageToken(request.page_token(), request.round_table());
  if (!after.ok()) return after.status();
  storage::RoundTableStore& store = tx.round_tables();
  auto rt = store.Get(rt_name->event, rt_name->id, "round_table");
  if (!rt.ok()) return rt.status();
  auto rows = store.Participants(rt_name->event, rt_name->id, *after, *size + 1);
  v1::ListRoundTableParticipantsResponse response;
  response.set_next_page_token(
      TrimPage(rows, *size, request.round_table(),
               [](const v1::RoundTableParticipant& p) { return LastSegment(p.delegation()); }));
  for (auto& p : rows) *response.add_participants() = std::move(p);
  return response;
}

absl::StatusOr<v1::RoundTablePreferences> RoundTables::SetPreferences(
    storage::Tx& tx, const v1::SetRoundTablePreferencesRequest& request) {
  const auto& prefs = request.preferences();
  auto d_name =
      domain::ParseEventChildName(prefs.delegation(), "delegations", "preferences.delegation");
  if (!d_name.ok()) return d_name.status();
  domain::Validator v;
  v.Count("preferences.round_tables", prefs.round_tables_size(), domain::kMaxRankedTables);
  std::vector<std::string> ids;
  for (int i = 0; i < prefs.round_tables_size(); ++i) {
    std::string field = absl::StrCat("preferences.round_tables[", i, "]");
    auto rt = ParseRoundTable(prefs.round_tables(i), field);
    if (!rt.ok()) {
      v.Add(field, "is not a round table name events/{event}/roundTables/{round_table}");
    } else if (rt->event != d_name->event) {
      v.Add(field, "must be a round table of the delegation's event");
    } else if (std::find(ids.begin(), ids.end(), rt->id) != ids.end()) {
      v.Add(field, "is ranked twice");
    } else {
      ids.push_back(rt->id);
    }
  }
  if (auto s = v.Finish(); !s.ok()) return s;
  auto event = LoadOpenEvent(tx, d_name->event, "");
  if (!event.ok()) return event.status();
  auto d = LoadDelegation(tx, d_name->event, prefs.delegation(), "preferences.delegation");
  if (!d.ok()) return d.status();
  if (auto s = domain::CheckDelegationEditable(*d); !s.ok()) return s;
  storage::RoundTableStore& store = tx.round_tables();
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string field = absl::StrCat("preferences.round_tables[", i, "]");
    auto rt = store.Get(d_name->event, ids[i], field);
    if (!rt.ok()) return rt.status();
    if (auto s = domain::CheckRoundTableOpen(*rt); !s.ok()) return s;
  }
  int64_t now = domain::NowMicros();
  store.SetPreferences(d_name->event, d_name->id, ids, now);
  v1::RoundTablePreferences out = prefs;
  *out.mutable_update_time() = domain::FromMicros(now);
  return out;
}

absl::StatusOr<v1::RoundTablePreferences> RoundTables::GetPreferences(
    storage::Tx& tx, const v1::GetRoundTablePreferencesRequest& request) {
  auto d_name = domain::ParseEventChildName(request.delegation(), "delegations", "delegation");
  if (!d_name.ok()) return d_name.status();
  auto d = LoadDelegation(tx, d_name->event, request.delegation(), "delegation");
  if (!d.ok()) return d.status();
  auto stored = tx.round_tables().GetPreferences(d_name->event, d_name->id);
  v1::RoundTablePreferences out;
  out.set_delegation(request.delegation());
  for (const auto& id : stored.round_tables) {
    out.add_round_tables(domain::EventChildName(d_name->event, "roundTables", id));
  }
  if (stored.update_micros > 0) {
    *out.mutable_update_time() = domain::FromMicros(stored.update_micros);
  }
  return out;
}

namespace {

absl::StatusOr<std::string> ParseRulesName(absl::string_view name, absl::string_view field) {
  constexpr absl::string_view kSuffix = "/roundTableRules";
  if (name.size() <= kSuffix.size() || name.substr(name.size() - kSuffix.size()) != kSuffix) {
    return domain::InvalidField(field, "is not a rules name events/{event}/roundTableRules");
  }
  return domain::ParseEventName(name.substr(0, name.size() - kSuffix.size()), field);
}

}  // namespace

absl::StatusOr<v1::RoundTableRules> RoundTables::GetRules(
    storage::Tx& tx, const v1::GetRoundTableRulesRequest& request) {
  auto event_id = ParseRulesName(request.name(), "name");
  if (!event_id.ok()) return event_id.status();
  if (!tx.events().Exists(*event_id)) {
    return domain::NotFound("forum.v1.Event", domain::EventName(*event_id), "name");
  }
  return tx.round_tables().GetRules(*event_id);
}

absl::StatusOr<v1::RoundTableRules> RoundTables::UpdateRules(
    storage::Tx& tx, const v1::UpdateRoundTableRulesRequest& request) {
  static const std::set<std::string> kUpdatable = {"max_round_tables_per_state", "regional_slack"};
  auto event_id = ParseRulesName(request.rules().name(), "rules.name");
  if (!event_id.ok()) return event_id.status();
  auto event = LoadOpenEvent(tx, *event_id, "rules.name");
  if (!event.ok()) return event.status();
  storage::RoundTableStore& store = tx.round_tables();
  v1::RoundTableRules current = store.GetRules(*event_id);
  auto fresh = domain::CheckEtag(request.rules().etag(), current.etag(), "forum.v1.RoundTableRules",
                                 current.name(), "rules.etag");
  if (!fresh.ok()) return fresh;
  v1::RoundTableRules updated = current;
  auto applied = ApplyUpdateMask(request.rules(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  v.Range("rules.max_round_tables_per_state", updated.max_round_tables_per_state(), 1, 100);
  v.Range("rules.regional_slack", updated.regional_slack(), 0, 1000);
  if (auto s = v.Finish(); !s.ok()) return s;
  store.SetRules(*event_id, updated);
  return store.GetRules(*event_id);
}

absl::StatusOr<v1::AllocationReport> RoundTables::Allocate(
    storage::Tx& tx, const v1::AllocateRoundTablesRequest& request) {
  auto event_id = domain::ParseEventName(request.parent(), "parent");
  if (!event_id.ok()) return event_id.status();
  auto run = [&](storage::Tx& tx) -> absl::StatusOr<v1::AllocationReport> {
    auto event = tx.events().Get(*event_id, "parent");
    if (!event.ok()) return event.status();
    if (!request.dry_run()) {
      if (auto s = domain::CheckEventOpenForChanges(*event); !s.ok()) return s;
    }
    storage::RoundTableStore& store = tx.round_tables();
    auto rules = store.GetRules(*event_id);
    auto members = tx.entities().MemberStatesByGroup();
    int all_members = 0;
    for (int m : members) all_members += m;

    // The tables open to seating, with their free seats per pool.
    std::vector<v1::RoundTable> tables;
    for (auto& rt : store.List(*event_id, 0, 100000)) {
      if (domain::CheckRoundTableOpen(rt).ok()) tables.push_back(std::move(rt));
    }
    std::map<std::string, int> table_index;
    std::vector<domain::AllocationTable> seats(tables.size());
    std::vector<std::vector<v1::RoundTableParticipant>> seated(tables.size());
    for (size_t t = 0; t < tables.size(); ++t) {
      const auto& rt = tables[t];
      table_index[LastSegment(rt.name())] = static_cast<int>(t);
      seated[t] = store.Participants(*event_id, LastSegment(rt.name()));
      int state_capacity = rt.capacity() - rt.reserved_seats();
      int states = 0;
      std::vector<int> by_group(domain::kPools, 0);
      for (const auto& p : seated[t]) {
        if (domain::UsesStateSeat(p.entity_kind())) {
          ++states;
          ++by_group[p.regional_group()];
        }
      }
      auto& s = seats[t];
      s.id = LastSegment(rt.name());
      s.seats = rt.capacity() - static_cast<int>(seated[t].size());
      s.state_seats = state_capacity - states;
      s.pool_seats[domain::kOtherPool] = s.seats;
      for (int g = 1; g < domain::kPools; ++g) {
        s.pool_seats[g] =
            domain::RegionalShare(state_capacity, members[g], all_members, rules.regional_slack()) -
            by_group[g];
      }
    }

    // The delegations that stated preferences, in order of registration.
    v1::AllocationReport report;
    report.set_dry_run(request.dry_run());
    std::vector<v1::Delegation> candidates;
    std::map<std::string, std::vector<std::string>> wishes = store.AllPreferences(*event_id);
    storage::DelegationStore& delegations = tx.delegations();
    for (const auto& [code, ranked] : wishes) {
      auto d = delegations.Get(*event_id, code);
      if (!d.ok()) continue;
      if (!domain::CheckMaySit(*d, "").ok()) {
        auto* u = report.add_unplaced();
        u->set_delegation(d->name());
        u->set_reason(absl::StrCat("not accredited (", v1::DelegationState_Name(d->state()), ")"));
        continue;
      }
      candidates.push_back(*std::move(d));
    }
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
      int64_t ta = domain::ToMicros(a.registration_time());
      int64_t tb = domain::ToMicros(b.registration_time());
      return ta != tb ? ta < tb : a.name() < b.name();
    });
    if (candidates.size() > domain::kMaxAllocationDelegations) {
      return domain::FailedPrecondition(
          "TOO_MANY_DELEGATIONS", request.parent(),
          absl::StrCat("an allocation handles at most ", domain::kMaxAllocationDelegations,
                       " delegations with preferences"));
    }
    std::vector<domain::AllocationDelegation> inputs(candidates.size());
    std::vector<std::string> already(candidates.size());
    for (size_t i = 0; i < candidates.size(); ++i) {
      const auto& d = candidates[i];
      auto sits = store.TablesOf(*event_id, EntityCode(d));
      auto& in = inputs[i];
      in.id = EntityCode(d);
      in.pool = domain::PoolOf(d);
      int limit = domain::UsesStateSeat(d.entity_kind()) ? rules.max_round_tables_per_state() : 1;
      in.joins = std::max(0, limit - static_cast<int>(sits.size()));
      if (!sits.empty()) already[i] = absl::StrJoin(sits, ", ");
      for (const auto& id : wishes[in.id]) {
        auto it = table_index.find(id);
        if (it == table_index.end()) continue;
        if (std::find(sits.begin(), sits.end(), id) != sits.end()) continue;
        in.ranked.push_back(it->second);
      }
    }
    domain::AllocationResult result = domain::Allocate(seats, inputs);

    // Write the placements and report them.
    std::vector<v1::AllocationReport::TableResult> per_table(tables.size());
    std::map<int, int> by_rank;
    int64_t now = domain::NowMicros();
    for (size_t i = 0; i < candidates.size(); ++i) {
      const auto& placements = result.placements[i];
      if (placements.empty()) {
        auto* u = report.add_unplaced();
        u->set_delegation(candidates[i].name());
        if (inputs[i].joins == 0) {
          u->set_reason(
              absl::StrCat("already sits at ", already[i], "; no further round table is allowed"));
        } else if (inputs[i].ranked.empty()) {
          u->set_reason("none of its ranked round tables is open to seating");
        } else {
          u->set_reason(domain::UsesStateSeat(candidates[i].entity_kind())
                            ? "no seat left at its ranked round tables within its regional "
                              "group's share"
                            : "no seat left at its ranked round tables");
        }
        continue;
      }
      for (const auto& p : placements) {
        per_table[p.table].add_placed(candidates[i].name());
        ++by_rank[p.rank];
        if (!request.dry_run()) {
          store.AddParticipant(*event_id, seats[p.table].id, inputs[i].id,
                               v1::PARTICIPANT_ROLE_PARTICIPANT, now);
        }
      }
    }
    for (size_t t = 0; t < tables.size(); ++t) {
      auto& out = per_table[t];
      out.set_round_table(tables[t].name());
      out.set_capacity(tables[t].capacity());
      int others = 0;
      std::map<std::string, int> mix;
      auto count = [&](const v1::Delegation& d) {
        if (domain::UsesStateSeat(d.entity_kind())) {
          ++mix[GroupName(d.regional_group())];
        } else {
          ++others;
        }
      };
      for (const auto& p : seated[t]) {
        v1::Delegation d;
        d.set_entity_kind(p.entity_kind());
        d.set_regional_group(p.regional_group());
        count(d);
      }
      for (const auto& name : out.placed()) {
        for (const auto& d : candidates) {
          if (d.name() == name) count(d);
        }
      }
      for (const auto& [group, n] : mix) (*out.mutable_regional_mix())[group] = n;
      out.set_other_participants(others);
      out.set_participant_count(static_cast<int>(seated[t].size()) + out.placed_size());
      *report.add_tables() = std::move(out);
    }
    for (const auto& [rank, n] : by_rank) {
      auto* choice = report.add_choices();
      choice->set_rank(rank);
      choice->set_delegations(n);
    }
    report.set_placed(static_cast<int>(result.placed));
    report.set_total_rank(static_cast<int>(result.total_rank));
    return report;
  };
  return run(tx);
}

absl::StatusOr<v1::ExportScheduleResponse> RoundTables::Export(
    storage::Tx& tx, const v1::ExportScheduleRequest& request) {
  auto event_id = domain::ParseEventName(request.parent(), "parent");
  if (!event_id.ok()) return event_id.status();
  domain::Validator v;
  v.Enum("format", request.format(), v1::ScheduleFormat_IsValid, true);
  if (auto s = v.Finish(); !s.ok()) return s;
  storage::EventStore& events = tx.events();
  auto event = events.Get(*event_id, "parent");
  if (!event.ok()) return event.status();
  domain::ScheduleExport schedule;
  schedule.event = *event;
  schedule.title = event->title();
  schedule.stamp = absl::Now();
  std::string file = *event_id;
  std::vector<std::string> sits;
  bool one_delegation = !request.delegation().empty();
  if (one_delegation) {
    auto d = LoadDelegation(tx, *event_id, request.delegation(), "delegation");
    if (!d.ok()) return d.status();
    schedule.title = absl::StrCat(event->title(), ": ", d->display_name());
    file = absl::StrCat(*event_id, "-", EntityCode(*d));
    sits = tx.round_tables().TablesOf(*event_id, EntityCode(*d));
  }
  std::map<std::string, std::string> room_names;
  for (const auto& room : events.ListRooms(*event_id, "", 100000)) {
    room_names[room.name()] = room.display_name();
  }
  auto to_time = [](const google::protobuf::Timestamp& ts) {
    return absl::FromUnixMicros(domain::ToMicros(ts));
  };
  for (const auto& s : events.ListSessions(*event_id, 0, 100000)) {
    domain::ScheduleItem item{
        s.name(),
        "Plenary meeting",
        s.title().empty() ? absl::StrCat("Plenary meeting ", s.number()) : s.title(),
        s.description(),
        room_names[s.room()],
        to_time(s.start_time()),
        to_time(s.end_time()),
        s.times_indicative(),
        {}};
    if (!s.presiding_officer().empty()) item.persons.push_back(s.presiding_officer());
    schedule.items.push_back(std::move(item));
  }
  storage::RoundTableStore& tables = tx.round_tables();
  for (const auto& rt : tables.List(*event_id, 0, 100000)) {
    if (!rt.has_start_time() || rt.state() == v1::ROUND_TABLE_STATE_CANCELLED) continue;
    if (one_delegation &&
        std::find(sits.begin(), sits.end(), LastSegment(rt.name())) == sits.end()) {
      continue;
    }
    domain::ScheduleItem item{rt.name(),
                              "Round table",
                              rt.title(),
                              rt.description(),
                              room_names[rt.room()],
                              to_time(rt.start_time()),
                              to_time(rt.end_time()),
                              rt.times_indicative(),
                              {}};
    for (const auto& p : tables.Participants(*event_id, LastSegment(rt.name()))) {
      if (p.role() == v1::PARTICIPANT_ROLE_CO_CHAIR) {
        item.persons.push_back(p.display_name() + " (co-chair)");
      }
    }
    schedule.items.push_back(std::move(item));
  }
  std::stable_sort(schedule.items.begin(), schedule.items.end(),
                   [](const auto& a, const auto& b) { return a.start < b.start; });
  v1::ExportScheduleResponse response;
  absl::StatusOr<std::string> content;
  if (request.format() == v1::SCHEDULE_FORMAT_ICALENDAR) {
    content = domain::ToICalendar(schedule);
    response.set_content_type("text/calendar; charset=utf-8");
    response.set_file_name(file + ".ics");
  } else {
    content = domain::ToFrabJson(schedule);
    response.set_content_type("application/json");
    response.set_file_name(file + ".json");
  }
  if (!content.ok()) return content.status();
  response.set_content(*std::move(content));
  return response;
}

}  // namespace forum::services
