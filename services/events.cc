#include "services/events.h"

#include <limits>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/event_rules.h"
#include "domain/filter.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "domain/status_macros.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/schedule_checks.h"
#include "storage/event_store.h"
#include "storage/round_table_store.h"

namespace forum::services {
namespace {

using storage::EventStore;

// Follow-ups must name other events that exist.
absl::Status CheckFollowUps(EventStore& store, absl::string_view event_id, const v1::Event& e) {
  for (int i = 0; i < e.follows_up_size(); ++i) {
    std::string field = absl::StrCat("event.follows_up[", i, "]");
    ASSIGN_OR_RETURN(auto id, domain::ParseEventName(e.follows_up(i), field));
    if (id == event_id) return domain::InvalidField(field, "an event cannot follow itself up");
    if (!store.Exists(id)) return domain::NotFound("forum.v1.Event", e.follows_up(i), field);
  }
  return absl::OkStatus();
}

// A meeting's room must belong to the same event, exist, and be free at the meeting's time.
absl::Status CheckRoom(storage::Tx& tx, absl::string_view event_id, absl::string_view session_id,
                       const v1::Session& s) {
  if (s.room().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto room, domain::ParseEventChildName(s.room(), "rooms", "session.room"));
  if (room.event != event_id) {
    return domain::InvalidField("session.room", "must be a room of the same event");
  }
  RETURN_IF_ERROR(tx.events().GetRoom(event_id, room.id, "session.room"));
  return CheckRoomFree(tx, event_id, room.id, domain::ToMicros(s.start_time()),
                       domain::ToMicros(s.end_time()), session_id, "", "session.start_time");
}

absl::Status CheckSessionNumberFree(EventStore& store, absl::string_view event_id,
                                    absl::string_view session_id, int number) {
  std::string holder = store.SessionWithNumber(event_id, number);
  if (holder.empty() || holder == session_id) return absl::OkStatus();
  return domain::AlreadyExists("forum.v1.Session",
                               domain::EventChildName(event_id, "sessions", holder),
                               absl::StrCat("meeting number ", number, " is taken"));
}

absl::StatusOr<std::string> ParentEvent(absl::string_view parent) {
  return domain::ParseEventName(parent, "parent");
}

// The id a create names, or `{prefix}-{number}` when it names none; refused into `v` when
// malformed.
std::string ChildId(const std::string& requested, absl::string_view prefix, int number,
                    absl::string_view field, domain::Validator& v) {
  std::string id = requested.empty() ? absl::StrCat(prefix, "-", number) : requested;
  if (!domain::IsValidId(id)) {
    v.Add(field, "must be lower-case letters, digits and hyphens, starting with a letter");
  }
  return id;
}

// Lists one collection of an event: checks the parent, the page size and the page token (in
// that order), reads one row more than the page to know whether another follows, and trims.
// `fetch(store, event_id, cursor, limit)` reads the rows; `field(response)` is where they go.
template <typename Response, typename Cursor, typename Fetch, typename CursorOf, typename Field>
absl::StatusOr<Response> ListUnderEvent(storage::Tx& tx, const std::string& parent,
                                        int32_t page_size, const absl::StatusOr<Cursor>& after,
                                        Fetch fetch, CursorOf cursor_of, Field field) {
  ASSIGN_OR_RETURN(auto event_id, ParentEvent(parent));
  ASSIGN_OR_RETURN(auto size, domain::PageSize(page_size));
  if (!after.ok()) return after.status();
  storage::EventStore& store = tx.events();
  if (!store.Exists(event_id)) return domain::NotFound("forum.v1.Event", parent, "parent");
  auto rows = fetch(store, event_id, *after, size + 1);
  Response response;
  response.set_next_page_token(TrimPage(rows, size, parent, cursor_of));
  for (auto& row : rows) *field(response)->Add() = std::move(row);
  return response;
}

}  // namespace

absl::StatusOr<v1::Event> Events::CreateEvent(storage::Tx& tx,
                                              const v1::CreateEventRequest& request) {
  domain::Validator v;
  if (!domain::IsValidId(request.event_id())) {
    v.Add("event_id",
          "is required: lower-case letters, digits and hyphens, starting with a letter");
  }
  domain::ValidateEvent(request.event(), "event", v);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  const std::string& id = request.event_id();
  v1::Event event = request.event();
  if (event.state() == v1::EVENT_STATE_UNSPECIFIED) event.set_state(v1::EVENT_STATE_PLANNED);

  return Idempotent<v1::Event>(
      tx, "CreateEvent", request.request_id(), request, [&]() -> absl::StatusOr<v1::Event> {
        storage::EventStore& store = tx.events();
        if (store.Exists(id)) {
          return domain::AlreadyExists("forum.v1.Event", domain::EventName(id),
                                       "choose another event_id");
        }
        RETURN_IF_ERROR(CheckFollowUps(store, id, event));
        if (store.CountEvents() >= domain::kMaxEvents) {
          return domain::CountLimit("EVENT_COUNT", "this server", domain::kMaxEvents, "events");
        }
        store.Insert(id, event, domain::NowMicros());
        return store.Get(id);
      });
}

absl::StatusOr<v1::Event> Events::GetEvent(storage::Tx& tx, const v1::GetEventRequest& request) {
  ASSIGN_OR_RETURN(auto id, domain::ParseEventName(request.name(), "name"));
  return tx.events().Get(id);
}

absl::StatusOr<v1::ListEventsResponse> Events::ListEvents(storage::Tx& tx,
                                                          const v1::ListEventsRequest& request) {
  static const domain::FilterSchema kSchema = {
      {"state", v1::EventState_descriptor()},
      {"kind", v1::EventKind_descriptor()},
  };
  ASSIGN_OR_RETURN(auto list, ReadListQuery(request.filter(), kSchema, request.page_size(),
                                            request.page_token(), request.filter()));
  int size = list.page_size;
  EventStore::Query q{list.filter["state"], list.filter["kind"], list.cursor, size + 1};
  auto rows = tx.events().List(q);
  v1::ListEventsResponse response;
  response.set_next_page_token(TrimPage(rows, size, request.filter(), EventStore::Cursor));
  for (auto& e : rows) *response.add_events() = std::move(e);
  return response;
}

absl::StatusOr<v1::Event> Events::UpdateEvent(storage::Tx& tx,
                                              const v1::UpdateEventRequest& request) {
  static const std::set<std::string> kUpdatable = {
      "title",     "kind",       "mandate",           "description",  "venue",
      "time_zone", "start_date", "end_date",          "organizers",   "presiding_officer",
      "state",     "follows_up", "outcome_documents", "participation"};
  ASSIGN_OR_RETURN(auto id, domain::ParseEventName(request.event().name(), "event.name"));
  storage::EventStore& store = tx.events();
  ASSIGN_OR_RETURN(auto current, store.Get(id));
  auto fresh = domain::CheckEtag(request.event().etag(), current.etag(), "forum.v1.Event",
                                 current.name(), "event.etag");
  if (!fresh.ok()) return fresh;
  v1::Event updated = current;
  auto applied = ApplyUpdateMask(request.event(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  domain::ValidateEvent(updated, "event", v);
  RETURN_IF_ERROR(v.Finish());
  RETURN_IF_ERROR(domain::CheckEventTransition(current, updated.state()));
  RETURN_IF_ERROR(CheckFollowUps(store, id, updated));
  // Narrowed dates or a new time zone must still hold every meeting already scheduled.
  for (const auto& session : store.ListSessions(id, 0, 100000)) {
    if (!domain::CheckSessionInsideEvent(updated, session, "session").ok()) {
      return domain::FailedPrecondition(
          "SESSION_OUTSIDE_DATES", session.name(),
          "this meeting would fall outside the event's new dates; move it first",
          "event.start_date");
    }
  }
  for (const auto& rt : tx.round_tables().List(id, 0, 100000)) {
    if (rt.has_start_time() &&
        !domain::CheckInsideEvent(updated, rt.start_time(), rt.end_time(), "").ok()) {
      return domain::FailedPrecondition(
          "ROUND_TABLE_OUTSIDE_DATES", rt.name(),
          "this round table would fall outside the event's new dates; move it first",
          "event.start_date");
    }
  }
  store.Update(id, updated, domain::NowMicros());
  return store.Get(id);
}

absl::StatusOr<v1::Session> Events::CreateSession(storage::Tx& tx,
                                                  const v1::CreateSessionRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, ParentEvent(request.parent()));
  domain::Validator v;
  std::string session_id =
      ChildId(request.session_id(), "meeting", request.session().number(), "session_id", v);
  domain::ValidateSession(request.session(), "session", v);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());

  return Idempotent<v1::Session>(
      tx, "CreateSession", request.request_id(), request, [&]() -> absl::StatusOr<v1::Session> {
        storage::EventStore& store = tx.events();
        ASSIGN_OR_RETURN(auto event, LoadOpenEvent(tx, event_id));
        if (store.GetSession(event_id, session_id).ok()) {
          return domain::AlreadyExists("forum.v1.Session",
                                       domain::EventChildName(event_id, "sessions", session_id),
                                       "choose another session_id");
        }
        const v1::Session& s = request.session();
        RETURN_IF_ERROR(CheckSessionNumberFree(store, event_id, session_id, s.number()));
        RETURN_IF_ERROR(domain::CheckSessionInsideEvent(event, s, "session"));
        RETURN_IF_ERROR(CheckRoom(tx, event_id, session_id, s));
        RETURN_IF_ERROR(CheckPartCount(store, event_id, storage::EventPart::kSessions));
        store.InsertSession(event_id, session_id, s);
        return store.GetSession(event_id, session_id);
      });
}

absl::StatusOr<v1::ListSessionsResponse> Events::ListSessions(
    storage::Tx& tx, const v1::ListSessionsRequest& request) {
  return ListUnderEvent<v1::ListSessionsResponse>(
      tx, request.parent(), request.page_size(),
      NumericCursor(request.page_token(), request.parent()),
      [](EventStore& store, const std::string& event, int64_t after, int limit) {
        return store.ListSessions(event, static_cast<int>(after), limit);
      },
      [](const v1::Session& s) { return absl::StrCat(s.number()); },
      [](v1::ListSessionsResponse& r) { return r.mutable_sessions(); });
}

absl::StatusOr<v1::Session> Events::GetSession(storage::Tx& tx,
                                               const v1::GetSessionRequest& request) {
  ASSIGN_OR_RETURN(auto name, domain::ParseEventChildName(request.name(), "sessions", "name"));
  return tx.events().GetSession(name.event, name.id);
}

absl::StatusOr<v1::Session> Events::UpdateSession(storage::Tx& tx,
                                                  const v1::UpdateSessionRequest& request) {
  static const std::set<std::string> kUpdatable = {
      "number",      "title",           "start_time", "end_time", "room", "presiding_officer",
      "description", "times_indicative"};
  ASSIGN_OR_RETURN(
      auto name, domain::ParseEventChildName(request.session().name(), "sessions", "session.name"));
  storage::EventStore& store = tx.events();
  ASSIGN_OR_RETURN(auto event, store.Get(name.event));
  ASSIGN_OR_RETURN(auto current, store.GetSession(name.event, name.id));
  auto fresh = domain::CheckEtag(request.session().etag(), current.etag(), "forum.v1.Session",
                                 current.name(), "session.etag");
  if (!fresh.ok()) return fresh;
  RETURN_IF_ERROR(domain::CheckEventOpenForChanges(event));
  v1::Session updated = current;
  auto applied = ApplyUpdateMask(request.session(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  domain::ValidateSession(updated, "session", v);
  RETURN_IF_ERROR(v.Finish());
  RETURN_IF_ERROR(CheckSessionNumberFree(store, name.event, name.id, updated.number()));
  RETURN_IF_ERROR(domain::CheckSessionInsideEvent(event, updated, "session"));
  RETURN_IF_ERROR(CheckRoom(tx, name.event, name.id, updated));
  store.UpdateSession(name.event, name.id, updated);
  return store.GetSession(name.event, name.id);
}

absl::StatusOr<v1::Room> Events::CreateRoom(storage::Tx& tx, const v1::CreateRoomRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, ParentEvent(request.parent()));
  domain::Validator v;
  if (!domain::IsValidId(request.room_id())) {
    v.Add("room_id", "is required: lower-case letters, digits and hyphens, starting with a letter");
  }
  domain::ValidateRoom(request.room(), "room", v);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Room>(
      tx, "CreateRoom", request.request_id(), request, [&]() -> absl::StatusOr<v1::Room> {
        storage::EventStore& store = tx.events();
        RETURN_IF_ERROR(LoadOpenEvent(tx, event_id));
        if (store.GetRoom(event_id, request.room_id()).ok()) {
          return domain::AlreadyExists("forum.v1.Room",
                                       domain::EventChildName(event_id, "rooms", request.room_id()),
                                       "choose another room_id");
        }
        RETURN_IF_ERROR(CheckPartCount(store, event_id, storage::EventPart::kRooms));
        store.InsertRoom(event_id, request.room_id(), request.room());
        return store.GetRoom(event_id, request.room_id());
      });
}

absl::StatusOr<v1::Room> Events::GetRoom(storage::Tx& tx, const v1::GetRoomRequest& request) {
  ASSIGN_OR_RETURN(auto name, domain::ParseEventChildName(request.name(), "rooms", "name"));
  return tx.events().GetRoom(name.event, name.id);
}

absl::StatusOr<v1::Room> Events::UpdateRoom(storage::Tx& tx, const v1::UpdateRoomRequest& request) {
  static const std::set<std::string> kUpdatable = {"display_name", "capacity", "description"};
  ASSIGN_OR_RETURN(auto name,
                   domain::ParseEventChildName(request.room().name(), "rooms", "room.name"));
  storage::EventStore& store = tx.events();
  ASSIGN_OR_RETURN(auto event, store.Get(name.event));
  ASSIGN_OR_RETURN(auto current, store.GetRoom(name.event, name.id));
  RETURN_IF_ERROR(domain::CheckEtag(request.room().etag(), current.etag(), "forum.v1.Room",
                                    current.name(), "room.etag"));
  RETURN_IF_ERROR(domain::CheckEventOpenForChanges(event));
  v1::Room updated = current;
  RETURN_IF_ERROR(ApplyUpdateMask(request.room(), request.update_mask(), kUpdatable, &updated));
  domain::Validator v;
  domain::ValidateRoom(updated, "room", v);
  RETURN_IF_ERROR(v.Finish());
  // A round table placed in the room keeps its seats: the room may not shrink below it.
  for (const v1::RoundTable& rt :
       tx.round_tables().InRoomOverlapping(name.event, name.id, std::numeric_limits<int64_t>::min(),
                                           std::numeric_limits<int64_t>::max(), "")) {
    if (rt.capacity() > updated.capacity()) {
      return domain::FailedPrecondition(
          "OVER_ROOM_CAPACITY", rt.name(),
          absl::StrCat(rt.name(), " takes ", rt.capacity(),
                       " seats in this room; the room cannot shrink below that"),
          "room.capacity");
    }
  }
  store.UpdateRoom(name.event, name.id, updated);
  return store.GetRoom(name.event, name.id);
}

absl::StatusOr<v1::ListRoomsResponse> Events::ListRooms(storage::Tx& tx,
                                                        const v1::ListRoomsRequest& request) {
  return ListUnderEvent<v1::ListRoomsResponse>(
      tx, request.parent(), request.page_size(),
      domain::DecodePageToken(request.page_token(), request.parent()),
      [](EventStore& store, const std::string& event, const std::string& after, int limit) {
        return store.ListRooms(event, after, limit);
      },
      [](const v1::Room& r) { return LastSegment(r.name()); },
      [](v1::ListRoomsResponse& r) { return r.mutable_rooms(); });
}

absl::StatusOr<v1::Theme> Events::CreateTheme(storage::Tx& tx,
                                              const v1::CreateThemeRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, ParentEvent(request.parent()));
  domain::Validator v;
  std::string theme_id =
      ChildId(request.theme_id(), "theme", request.theme().number(), "theme_id", v);
  domain::ValidateTheme(request.theme(), "theme", v);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Theme>(
      tx, "CreateTheme", request.request_id(), request, [&]() -> absl::StatusOr<v1::Theme> {
        storage::EventStore& store = tx.events();
        RETURN_IF_ERROR(LoadOpenEvent(tx, event_id));
        if (store.ThemeExists(event_id, theme_id)) {
          return domain::AlreadyExists("forum.v1.Theme",
                                       domain::EventChildName(event_id, "themes", theme_id),
                                       "choose another theme_id");
        }
        std::string holder = store.ThemeWithNumber(event_id, request.theme().number());
        if (!holder.empty()) {
          return domain::AlreadyExists(
              "forum.v1.Theme", domain::EventChildName(event_id, "themes", holder),
              absl::StrCat("theme number ", request.theme().number(), " is taken"));
        }
        RETURN_IF_ERROR(CheckPartCount(store, event_id, storage::EventPart::kThemes));
        store.InsertTheme(event_id, theme_id, request.theme());
        return store.GetTheme(event_id, theme_id);
      });
}

absl::StatusOr<v1::Theme> Events::GetTheme(storage::Tx& tx, const v1::GetThemeRequest& request) {
  ASSIGN_OR_RETURN(auto name, domain::ParseEventChildName(request.name(), "themes", "name"));
  return tx.events().GetTheme(name.event, name.id);
}

absl::StatusOr<v1::Theme> Events::UpdateTheme(storage::Tx& tx,
                                              const v1::UpdateThemeRequest& request) {
  static const std::set<std::string> kUpdatable = {"number", "title", "description"};
  ASSIGN_OR_RETURN(auto name,
                   domain::ParseEventChildName(request.theme().name(), "themes", "theme.name"));
  storage::EventStore& store = tx.events();
  ASSIGN_OR_RETURN(auto event, store.Get(name.event));
  ASSIGN_OR_RETURN(auto current, store.GetTheme(name.event, name.id));
  RETURN_IF_ERROR(domain::CheckEtag(request.theme().etag(), current.etag(), "forum.v1.Theme",
                                    current.name(), "theme.etag"));
  RETURN_IF_ERROR(domain::CheckEventOpenForChanges(event));
  v1::Theme updated = current;
  RETURN_IF_ERROR(ApplyUpdateMask(request.theme(), request.update_mask(), kUpdatable, &updated));
  domain::Validator v;
  domain::ValidateTheme(updated, "theme", v);
  RETURN_IF_ERROR(v.Finish());
  std::string holder = store.ThemeWithNumber(name.event, updated.number());
  if (!holder.empty() && holder != name.id) {
    return domain::AlreadyExists("forum.v1.Theme",
                                 domain::EventChildName(name.event, "themes", holder),
                                 absl::StrCat("theme number ", updated.number(), " is taken"));
  }
  store.UpdateTheme(name.event, name.id, updated);
  return store.GetTheme(name.event, name.id);
}

absl::StatusOr<v1::ListThemesResponse> Events::ListThemes(storage::Tx& tx,
                                                          const v1::ListThemesRequest& request) {
  return ListUnderEvent<v1::ListThemesResponse>(
      tx, request.parent(), request.page_size(),
      NumericCursor(request.page_token(), request.parent()),
      [](EventStore& store, const std::string& event, int64_t after, int limit) {
        return store.ListThemes(event, static_cast<int>(after), limit);
      },
      [](const v1::Theme& t) { return absl::StrCat(t.number()); },
      [](v1::ListThemesResponse& r) { return r.mutable_themes(); });
}

}  // namespace forum::services
