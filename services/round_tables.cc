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
#include "services/schedule_checks.h"
#include "services/speaker_support.h"
#include "services/speakers.h"

namespace forum::services {

absl::StatusOr<v1::RoundTable> RoundTables::Create(storage::Tx& tx,
                                                   const v1::CreateRoundTableRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  domain::Validator v;
  std::string rt_id = request.round_table_id().empty()
                          ? absl::StrCat("round-table-", request.round_table().number())
                          : request.round_table_id();
  if (!domain::IsValidId(rt_id)) {
    v.Add("round_table_id",
          "must be lower-case letters, digits and hyphens, starting with a letter");
  } else if (rt_id == kPlenaryList) {
    v.Add("round_table_id", "`plenary` names the event's plenary list of speakers; choose another");
  }
  domain::ValidateRoundTable(request.round_table(), "round_table", v);
  auto state = request.round_table().state();
  if (state != v1::ROUND_TABLE_STATE_UNSPECIFIED && state != v1::ROUND_TABLE_STATE_PLANNED) {
    v.Add("round_table.state", "a new round table is planned; ScheduleRoundTable schedules it");
  }
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());

  return Idempotent<v1::RoundTable>(
      tx, "CreateRoundTable", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::RoundTable> {
        RETURN_IF_ERROR(LoadOpenEvent(tx, event_id, "parent"));
        storage::RoundTableStore& store = tx.round_tables();
        if (store.Get(event_id, rt_id).ok()) {
          return domain::AlreadyExists(kRoundTableType,
                                       domain::EventChildName(event_id, "roundTables", rt_id),
                                       "choose another round_table_id");
        }
        RETURN_IF_ERROR(CheckNumberFree(store, event_id, rt_id, request.round_table().number()));
        RETURN_IF_ERROR(ThemeOf(tx, event_id, request.round_table().theme(), "round_table.theme"));
        storage::EventStore& events = tx.events();
        RETURN_IF_ERROR(CheckPartCount(events, event_id, storage::EventPart::kRoundTables));
        v1::RoundTable rt = request.round_table();
        rt.set_name(domain::EventChildName(event_id, "roundTables", rt_id));
        rt.set_state(v1::ROUND_TABLE_STATE_PLANNED);
        rt.clear_start_time();
        rt.clear_end_time();
        rt.clear_room();
        rt.clear_times_indicative();
        store.Insert(event_id, rt_id, rt);
        if (auto s = SyncCoChairs(tx, event_id, rt, {}, rt.co_chairs(), "round_table"); !s.ok()) {
          return s;
        }
        return store.Get(event_id, rt_id);
      });
}

absl::StatusOr<v1::RoundTable> RoundTables::Get(storage::Tx& tx,
                                                const v1::GetRoundTableRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseRoundTable(request.name(), "name"));
  return tx.round_tables().Get(name.event, name.id);
}

absl::StatusOr<v1::ListRoundTablesResponse> RoundTables::List(
    storage::Tx& tx, const v1::ListRoundTablesRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(auto size, domain::PageSize(request.page_size()));
  ASSIGN_OR_RETURN(auto after, NumericCursor(request.page_token(), request.parent()));
  if (!tx.events().Exists(event_id)) {
    return domain::NotFound("forum.v1.Event", request.parent(), "parent");
  }
  auto rows = tx.round_tables().List(event_id, static_cast<int>(after), size + 1);
  v1::ListRoundTablesResponse response;
  response.set_next_page_token(TrimPage(rows, size, request.parent(), [](const v1::RoundTable& rt) {
    return absl::StrCat(rt.number());
  }));
  for (auto& rt : rows) *response.add_round_tables() = std::move(rt);
  return response;
}

absl::StatusOr<v1::RoundTable> RoundTables::Update(storage::Tx& tx,
                                                   const v1::UpdateRoundTableRequest& request) {
  static const std::set<std::string> kUpdatable = {"number",      "title",          "theme",
                                                   "description", "co_chairs",      "rapporteur",
                                                   "capacity",    "reserved_seats", "state"};
  ASSIGN_OR_RETURN(auto name, ParseRoundTable(request.round_table().name(), "round_table.name"));
  storage::RoundTableStore& store = tx.round_tables();
  ASSIGN_OR_RETURN(auto current, store.Get(name.event, name.id));
  auto fresh = domain::CheckEtag(request.round_table().etag(), current.etag(), kRoundTableType,
                                 current.name(), "round_table.etag");
  if (!fresh.ok()) return fresh;
  ASSIGN_OR_RETURN(auto event, LoadOpenEvent(tx, name.event, ""));
  RETURN_IF_ERROR(domain::CheckRoundTableOpen(current));
  v1::RoundTable updated = current;
  auto applied =
      ApplyUpdateMask(request.round_table(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  domain::ValidateRoundTable(updated, "round_table", v);
  RETURN_IF_ERROR(v.Finish());
  RETURN_IF_ERROR(domain::CheckRoundTableTransition(current, updated.state()));
  RETURN_IF_ERROR(CheckNumberFree(store, name.event, name.id, updated.number()));
  RETURN_IF_ERROR(ThemeOf(tx, name.event, updated.theme(), "round_table.theme"));
  RETURN_IF_ERROR(CheckRoomCapacity(tx, name.event, updated, "round_table.capacity"));
  store.Update(name.event, name.id, updated);
  // A cancelled table frees its room slot (clash checks skip it), its seats and its place in
  // the delegations' rankings; its co-chairs stay on record and count nowhere.
  if (updated.state() == v1::ROUND_TABLE_STATE_CANCELLED) {
    store.ReleaseCancelled(name.event, name.id);
    return store.Get(name.event, name.id);
  }
  std::vector<std::string> before(current.co_chairs().begin(), current.co_chairs().end());
  RETURN_IF_ERROR(
      SyncCoChairs(tx, name.event, updated, before, updated.co_chairs(), "round_table"));
  if (auto s = domain::CheckSeatsFit(updated,
                                     store.Participants(name.event, LastSegment(updated.name())));
      !s.ok())
    return s;
  return store.Get(name.event, name.id);
}

absl::StatusOr<v1::DeleteRoundTableResponse> RoundTables::Delete(
    storage::Tx& tx, const v1::DeleteRoundTableRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseRoundTable(request.name(), "name"));
  storage::RoundTableStore& store = tx.round_tables();
  ASSIGN_OR_RETURN(auto current, store.Get(name.event, name.id));
  auto fresh = domain::CheckEtag(request.etag(), current.etag(), kRoundTableType, current.name());
  if (!fresh.ok()) return fresh;
  ASSIGN_OR_RETURN(auto event, LoadOpenEvent(tx, name.event, ""));
  if (current.participant_count() > current.co_chairs_size()) {
    return domain::FailedPrecondition(
        "HAS_PARTICIPANTS", current.name(),
        "delegations other than its co-chairs sit at this round table; remove them first");
  }
  if (int n = store.PreferenceCount(name.event, name.id); n > 0) {
    return domain::FailedPrecondition(
        "IN_PREFERENCES", current.name(),
        absl::StrCat(n, " delegation(s) rank this round table; they must drop it first"));
  }
  if (!tx.speakers().Delivered(name.event, name.id, "", 0, 1).empty()) {
    return domain::FailedPrecondition(
        "HAS_STATEMENTS", current.name(),
        "statements were delivered on its list; a round table that met is cancelled, not deleted");
  }
  if (int n = tx.speakers().Count(name.event, name.id, {}); n > 0) {
    return domain::FailedPrecondition(
        "HAS_SPEAKERS", current.name(),
        absl::StrCat(n, " speaker(s) are inscribed on its list; withdraw them first"));
  }
  Speakers::DropList(tx, name.event, name.id);
  store.Delete(name.event, name.id);
  return v1::DeleteRoundTableResponse();
}

absl::StatusOr<v1::RoundTable> RoundTables::Schedule(storage::Tx& tx,
                                                     const v1::ScheduleRoundTableRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseRoundTable(request.name(), "name"));
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
  } else if (room->event != name.event) {
    v.Add("room", "must be a room of the same event");
  }
  RETURN_IF_ERROR(v.Finish());

  storage::RoundTableStore& store = tx.round_tables();
  ASSIGN_OR_RETURN(auto current, store.Get(name.event, name.id));
  auto fresh = domain::CheckEtag(request.etag(), current.etag(), kRoundTableType, current.name());
  if (!fresh.ok()) return fresh;
  ASSIGN_OR_RETURN(auto event, LoadOpenEvent(tx, name.event, ""));
  RETURN_IF_ERROR(domain::CheckRoundTableOpen(current));
  v1::RoundTable updated = current;
  *updated.mutable_start_time() = request.start_time();
  *updated.mutable_end_time() = request.end_time();
  updated.set_room(request.room());
  updated.set_times_indicative(request.times_indicative());
  updated.set_state(v1::ROUND_TABLE_STATE_SCHEDULED);
  RETURN_IF_ERROR(
      domain::CheckInsideEvent(event, request.start_time(), request.end_time(), "start_time"));
  RETURN_IF_ERROR(CheckRoomCapacity(tx, name.event, updated, "room"));
  RETURN_IF_ERROR(CheckRoomFree(tx, name.event, room->id, domain::ToMicros(request.start_time()),
                                domain::ToMicros(request.end_time()), "", name.id, "start_time"));
  for (const auto& co_chair : updated.co_chairs()) {
    RETURN_IF_ERROR(
        CheckCoChairFree(store, name.event, updated, LastSegment(co_chair), "start_time"));
  }
  store.Update(name.event, name.id, updated);
  return store.Get(name.event, name.id);
}

absl::StatusOr<v1::ListScheduleConflictsResponse> RoundTables::ListConflicts(
    storage::Tx& tx, const v1::ListScheduleConflictsRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(auto size, domain::PageSize(request.page_size()));
  // The clashes are worked out afresh on every call; a page starts at a place in their order.
  ASSIGN_OR_RETURN(auto offset, NumericCursor(request.page_token(), request.parent()));
  storage::EventStore& events = tx.events();
  ASSIGN_OR_RETURN(auto event, events.Get(event_id, "parent"));
  // Every occupant of a slot: meetings, then scheduled round tables.
  struct Slot {
    std::string name, room;
    google::protobuf::Timestamp start, end;
    std::vector<std::string> co_chairs;
    int capacity = 0;
  };
  std::vector<Slot> slots;
  for (const auto& s : events.ListSessions(event_id, 0, 100000)) {
    slots.push_back({s.name(), s.room(), s.start_time(), s.end_time(), {}, 0});
  }
  for (const auto& rt : tx.round_tables().List(event_id, 0, 100000)) {
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
    if (!domain::CheckInsideEvent(event, a.start, a.end, "").ok()) {
      add("OUTSIDE_EVENT_DATES", {a.name}, absl::StrCat(a.name, " lies outside the event's dates"));
    }
    if (a.capacity > 0 && !a.room.empty()) {
      auto room = events.GetRoom(event_id, LastSegment(a.room));
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
  const size_t first = std::min(found.size(), static_cast<size_t>(offset));
  const size_t end = std::min(found.size(), first + static_cast<size_t>(size) + 1);
  std::vector<v1::ScheduleConflict> rows(std::make_move_iterator(found.begin() + first),
                                         std::make_move_iterator(found.begin() + end));
  v1::ListScheduleConflictsResponse response;
  // TrimPage asks for the cursor once the page is trimmed: the place after its last row.
  response.set_next_page_token(
      TrimPage(rows, size, request.parent(),
               [&](const v1::ScheduleConflict&) { return absl::StrCat(first + rows.size()); }));
  for (auto& conflict : rows) *response.add_conflicts() = std::move(conflict);
  return response;
}

}  // namespace forum::services
