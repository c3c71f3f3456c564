#include "storage/sql/event_store.h"

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"
#include "storage/sql/document_store.h"

namespace forum::storage::sql {
namespace {

constexpr char kEventColumns[] =
    "SELECT event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, "
    "presiding_officer, state, create_time, update_time, version FROM events ";

v1::Event EventRow(Statement& s) {
  v1::Event e;
  e.set_name(domain::EventName(s.Column(0).String()));
  e.set_title(s.Column(1).String());
  e.set_kind(static_cast<v1::EventKind>(s.Column(2).Int()));
  e.set_mandate(s.Column(3).String());
  e.set_description(s.Column(4).String());
  e.set_venue(s.Column(5).String());
  e.set_time_zone(s.Column(6).String());
  e.set_start_date(s.Column(7).String());
  e.set_end_date(s.Column(8).String());
  e.set_presiding_officer(s.Column(9).String());
  e.set_state(static_cast<v1::EventState>(s.Column(10).Int()));
  *e.mutable_create_time() = domain::FromMicros(s.Column(11).Int64());
  *e.mutable_update_time() = domain::FromMicros(s.Column(12).Int64());
  e.set_etag(domain::EtagOf(s.Column(13).Int64()));
  return e;
}

constexpr char kSessionColumns[] =
    "SELECT event_id, session_id, number, title, start_time, end_time, room_id, "
    "presiding_officer, description, times_indicative, version FROM sessions ";

v1::Session SessionRow(Statement& s) {
  v1::Session m;
  std::string event = s.Column(0).String();
  m.set_name(domain::EventChildName(event, "sessions", s.Column(1).String()));
  m.set_number(s.Column(2).Int());
  m.set_title(s.Column(3).String());
  *m.mutable_start_time() = domain::FromMicros(s.Column(4).Int64());
  *m.mutable_end_time() = domain::FromMicros(s.Column(5).Int64());
  if (!s.Column(6).IsNull()) {
    m.set_room(domain::EventChildName(event, "rooms", s.Column(6).String()));
  }
  m.set_presiding_officer(s.Column(7).String());
  m.set_description(s.Column(8).String());
  m.set_times_indicative(s.Column(9).Int() != 0);
  m.set_etag(domain::EtagOf(s.Column(10).Int64()));
  return m;
}

// The room id of a session's room name; the name was validated before it got here.
std::string RoomId(const v1::Session& session) {
  auto parsed = domain::ParseEventChildName(session.room(), "rooms", "");
  return parsed.ok() ? parsed->id : std::string();
}

void BindSession(Statement& s, const v1::Session& m) {
  s.Bind(3, m.number());
  s.Bind(4, m.title());
  s.Bind(5, domain::ToMicros(m.start_time()));
  s.Bind(6, domain::ToMicros(m.end_time()));
  if (m.room().empty()) {
    s.BindNull(7);
  } else {
    s.Bind(7, RoomId(m));
  }
  s.Bind(8, m.presiding_officer());
  s.Bind(9, m.description());
  s.Bind(10, m.times_indicative() ? 1 : 0);
}

v1::Room RoomRow(Statement& s) {
  v1::Room r;
  r.set_name(domain::EventChildName(s.Column(0).String(), "rooms", s.Column(1).String()));
  r.set_display_name(s.Column(2).String());
  r.set_capacity(s.Column(3).Int());
  r.set_description(s.Column(4).String());
  r.set_etag(domain::EtagOf(s.Column(5).Int64()));
  return r;
}

v1::Theme ThemeRow(Statement& s) {
  v1::Theme t;
  t.set_name(domain::EventChildName(s.Column(0).String(), "themes", s.Column(1).String()));
  t.set_number(s.Column(2).Int());
  t.set_title(s.Column(3).String());
  t.set_description(s.Column(4).String());
  t.set_etag(domain::EtagOf(s.Column(5).Int64()));
  return t;
}

constexpr char kThemeColumns[] =
    "SELECT event_id, theme_id, number, title, description, version FROM themes ";

}  // namespace

absl::StatusOr<v1::Event> EventStore::Get(absl::string_view event_id, absl::string_view field) {
  auto& s = c_.Prepare(std::string(kEventColumns) + "WHERE event_id = ?");
  s.Bind(1, std::string(event_id));
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Event", domain::EventName(event_id), field);
  }
  v1::Event e = EventRow(s);
  LoadChildren(event_id, e);
  return e;
}

absl::StatusOr<v1::Event> EventStore::GetHeader(absl::string_view event_id,
                                                absl::string_view field) {
  auto& s = c_.Prepare(std::string(kEventColumns) + "WHERE event_id = ?");
  s.Bind(1, std::string(event_id));
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Event", domain::EventName(event_id), field);
  }
  return EventRow(s);
}

bool EventStore::Exists(absl::string_view event_id) {
  auto& s = c_.Prepare("SELECT 1 FROM events WHERE event_id = ?");
  s.Bind(1, std::string(event_id));
  return s.Step();
}

void EventStore::LoadChildren(absl::string_view event_id, v1::Event& e) {
  std::string id(event_id);
  auto& org =
      c_.Prepare("SELECT organizer FROM event_organizers WHERE event_id = ? ORDER BY position");
  org.Bind(1, id);
  while (org.Step()) e.add_organizers(org.Column(0).String());
  auto& fol =
      c_.Prepare("SELECT follows_up FROM event_follow_ups WHERE event_id = ? ORDER BY position");
  fol.Bind(1, id);
  while (fol.Step()) e.add_follows_up(domain::EventName(fol.Column(0).String()));
  auto& out =
      c_.Prepare("SELECT title, symbol FROM event_outcomes WHERE event_id = ? ORDER BY position");
  out.Bind(1, id);
  while (out.Step()) {
    auto* d = e.add_outcome_documents();
    d->set_title(out.Column(0).String());
    d->set_symbol(out.Column(1).String());
  }
  auto& fig = c_.Prepare(
      "SELECT category, count, note FROM event_participation WHERE event_id = ? ORDER BY position");
  fig.Bind(1, id);
  while (fig.Step()) {
    auto* f = e.add_participation();
    f->set_category(fig.Column(0).String());
    f->set_count(fig.Column(1).Int());
    f->set_note(fig.Column(2).String());
  }
}

void EventStore::WriteChildren(absl::string_view event_id, const v1::Event& e) {
  std::string id(event_id);
  for (const char* table :
       {"event_organizers", "event_follow_ups", "event_outcomes", "event_participation"}) {
    auto& del = c_.Prepare(absl::StrCat("DELETE FROM ", table, " WHERE event_id = ?"));
    del.Bind(1, id);
    del.Run();
  }
  for (int i = 0; i < e.organizers_size(); ++i) {
    auto& s = c_.Prepare("INSERT INTO event_organizers VALUES (?, ?, ?)");
    s.Bind(1, id);
    s.Bind(2, i);
    s.Bind(3, e.organizers(i));
    s.Run();
  }
  for (int i = 0; i < e.follows_up_size(); ++i) {
    auto& s = c_.Prepare("INSERT INTO event_follow_ups VALUES (?, ?, ?)");
    s.Bind(1, id);
    s.Bind(2, i);
    s.Bind(3, e.follows_up(i).substr(absl::string_view("events/").size()));
    s.Run();
  }
  for (int i = 0; i < e.outcome_documents_size(); ++i) {
    auto& s = c_.Prepare("INSERT INTO event_outcomes VALUES (?, ?, ?, ?)");
    s.Bind(1, id);
    s.Bind(2, i);
    s.Bind(3, e.outcome_documents(i).title());
    s.Bind(4, e.outcome_documents(i).symbol());
    s.Run();
  }
  for (int i = 0; i < e.participation_size(); ++i) {
    auto& s = c_.Prepare("INSERT INTO event_participation VALUES (?, ?, ?, ?, ?)");
    s.Bind(1, id);
    s.Bind(2, i);
    s.Bind(3, e.participation(i).category());
    s.Bind(4, e.participation(i).count());
    s.Bind(5, e.participation(i).note());
    s.Run();
  }
}

namespace {

// Binds the columns that Insert and Update write alike, as ?1..?12: the id, the event's own
// fields and the time of the change.
void BindEvent(Statement& s, absl::string_view event_id, const v1::Event& e, int64_t now) {
  s.Bind(1, std::string(event_id));
  s.Bind(2, e.title());
  s.Bind(3, e.kind());
  s.Bind(4, e.mandate());
  s.Bind(5, e.description());
  s.Bind(6, e.venue());
  s.Bind(7, e.time_zone());
  s.Bind(8, e.start_date());
  s.Bind(9, e.end_date());
  s.Bind(10, e.presiding_officer());
  s.Bind(11, e.state());
  s.Bind(12, now);
}

}  // namespace

void EventStore::Insert(absl::string_view event_id, const v1::Event& e, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, "
      "start_date, end_date, presiding_officer, state, create_time, update_time, version) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, 1)");
  BindEvent(s, event_id, e, now);
  s.Run();
  WriteChildren(event_id, e);
}

void EventStore::Update(absl::string_view event_id, const v1::Event& e, int64_t now) {
  auto& s = c_.Prepare(
      "UPDATE events SET title = ?2, kind = ?3, mandate = ?4, description = ?5, venue = ?6, "
      "time_zone = ?7, start_date = ?8, end_date = ?9, presiding_officer = ?10, state = ?11, "
      "update_time = ?12, version = version + 1 WHERE event_id = ?1");
  BindEvent(s, event_id, e, now);
  s.Run();
  WriteChildren(event_id, e);
}

std::vector<v1::Event> EventStore::List(const Query& q) {
  auto& s = c_.Prepare(std::string(kEventColumns) +
                       "WHERE (start_date || '|' || event_id) > ?1 AND (?2 = 0 OR state = ?2) "
                       "AND (?3 = 0 OR kind = ?3) ORDER BY start_date, event_id LIMIT ?4");
  s.Bind(1, q.after);
  s.Bind(2, q.state);
  s.Bind(3, q.kind);
  s.Bind(4, q.limit);
  std::vector<v1::Event> out;
  while (s.Step()) out.push_back(EventRow(s));
  for (auto& e : out) {
    LoadChildren(e.name().substr(absl::string_view("events/").size()), e);
  }
  return out;
}

absl::StatusOr<v1::Session> EventStore::GetSession(absl::string_view event_id,
                                                   absl::string_view session_id) {
  auto& s = c_.Prepare(std::string(kSessionColumns) + "WHERE event_id = ? AND session_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(session_id));
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Session",
                            domain::EventChildName(event_id, "sessions", session_id));
  }
  return SessionRow(s);
}

void EventStore::InsertSession(absl::string_view event_id, absl::string_view session_id,
                               const v1::Session& m) {
  auto& s = c_.Prepare(
      "INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time, room_id, "
      "presiding_officer, description, times_indicative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(session_id));
  BindSession(s, m);
  s.Run();
}

void EventStore::UpdateSession(absl::string_view event_id, absl::string_view session_id,
                               const v1::Session& m) {
  auto& s = c_.Prepare(
      "UPDATE sessions SET number = ?3, title = ?4, start_time = ?5, end_time = ?6, room_id = ?7, "
      "presiding_officer = ?8, description = ?9, times_indicative = ?10, version = version + 1 "
      "WHERE event_id = ?1 AND session_id = ?2");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(session_id));
  BindSession(s, m);
  s.Run();
}

std::string EventStore::SessionWithNumber(absl::string_view event_id, int number) {
  auto& s = c_.Prepare("SELECT session_id FROM sessions WHERE event_id = ? AND number = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, number);
  return s.Step() ? s.Column(0).String() : std::string();
}

std::vector<v1::Session> EventStore::SessionsInRoomOverlapping(absl::string_view event_id,
                                                               absl::string_view room_id,
                                                               int64_t start, int64_t end,
                                                               absl::string_view except) {
  auto& s = c_.Prepare(std::string(kSessionColumns) +
                       "WHERE event_id = ? AND room_id = ? AND start_time < ? AND end_time > ? "
                       "AND session_id <> ? ORDER BY start_time");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(room_id));
  s.Bind(3, end);
  s.Bind(4, start);
  s.Bind(5, std::string(except));
  std::vector<v1::Session> out;
  while (s.Step()) out.push_back(SessionRow(s));
  return out;
}

std::vector<v1::Session> EventStore::ListSessions(absl::string_view event_id, int after_number,
                                                  int limit) {
  auto& s = c_.Prepare(std::string(kSessionColumns) +
                       "WHERE event_id = ? AND number > ? ORDER BY number LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, after_number);
  s.Bind(3, limit);
  std::vector<v1::Session> out;
  while (s.Step()) out.push_back(SessionRow(s));
  return out;
}

absl::StatusOr<v1::Room> EventStore::GetRoom(absl::string_view event_id, absl::string_view room_id,
                                             absl::string_view field) {
  auto& s = c_.Prepare(
      "SELECT event_id, room_id, display_name, capacity, description, version FROM rooms "
      "WHERE event_id = ? AND room_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(room_id));
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Room", domain::EventChildName(event_id, "rooms", room_id),
                            field);
  }
  return RoomRow(s);
}

void EventStore::InsertRoom(absl::string_view event_id, absl::string_view room_id,
                            const v1::Room& r) {
  auto& s = c_.Prepare(
      "INSERT INTO rooms (event_id, room_id, display_name, capacity, description) "
      "VALUES (?, ?, ?, ?, ?)");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(room_id));
  s.Bind(3, r.display_name());
  s.Bind(4, r.capacity());
  s.Bind(5, r.description());
  s.Run();
}

void EventStore::UpdateRoom(absl::string_view event_id, absl::string_view room_id,
                            const v1::Room& r) {
  auto& s = c_.Prepare(
      "UPDATE rooms SET display_name = ?, capacity = ?, description = ?, version = version + 1 "
      "WHERE event_id = ? AND room_id = ?");
  s.Bind(1, r.display_name());
  s.Bind(2, r.capacity());
  s.Bind(3, r.description());
  s.Bind(4, std::string(event_id));
  s.Bind(5, std::string(room_id));
  s.Run();
}

std::vector<v1::Room> EventStore::ListRooms(absl::string_view event_id, absl::string_view after,
                                            int limit) {
  auto& s = c_.Prepare(
      "SELECT event_id, room_id, display_name, capacity, description, version FROM rooms "
      "WHERE event_id = ? AND room_id > ? ORDER BY room_id LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(after));
  s.Bind(3, limit);
  std::vector<v1::Room> out;
  while (s.Step()) out.push_back(RoomRow(s));
  return out;
}

absl::StatusOr<v1::Theme> EventStore::GetTheme(absl::string_view event_id,
                                               absl::string_view theme_id) {
  auto& s = c_.Prepare(std::string(kThemeColumns) + "WHERE event_id = ? AND theme_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(theme_id));
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Theme", domain::EventChildName(event_id, "themes", theme_id));
  }
  return ThemeRow(s);
}

void EventStore::UpdateTheme(absl::string_view event_id, absl::string_view theme_id,
                             const v1::Theme& t) {
  auto& s = c_.Prepare(
      "UPDATE themes SET number = ?, title = ?, description = ?, version = version + 1 "
      "WHERE event_id = ? AND theme_id = ?");
  s.Bind(1, t.number());
  s.Bind(2, t.title());
  s.Bind(3, t.description());
  s.Bind(4, std::string(event_id));
  s.Bind(5, std::string(theme_id));
  s.Run();
}

bool EventStore::ThemeExists(absl::string_view event_id, absl::string_view theme_id) {
  auto& s = c_.Prepare("SELECT 1 FROM themes WHERE event_id = ? AND theme_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(theme_id));
  return s.Step();
}

std::string EventStore::ThemeWithNumber(absl::string_view event_id, int number) {
  auto& s = c_.Prepare("SELECT theme_id FROM themes WHERE event_id = ? AND number = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, number);
  return s.Step() ? s.Column(0).String() : std::string();
}

void EventStore::InsertTheme(absl::string_view event_id, absl::string_view theme_id,
                             const v1::Theme& t) {
  auto& s = c_.Prepare(
      "INSERT INTO themes (event_id, theme_id, number, title, description) VALUES (?, ?, ?, ?, ?)");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(theme_id));
  s.Bind(3, t.number());
  s.Bind(4, t.title());
  s.Bind(5, t.description());
  s.Run();
}

std::vector<v1::Theme> EventStore::ListThemes(absl::string_view event_id, int after_number,
                                              int limit) {
  auto& s = c_.Prepare(std::string(kThemeColumns) +
                       "WHERE event_id = ? AND number > ? ORDER BY number LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, after_number);
  s.Bind(3, limit);
  std::vector<v1::Theme> out;
  while (s.Step()) out.push_back(ThemeRow(s));
  return out;
}

int64_t EventStore::Count(absl::string_view event_id, EventPart part) {
  const char* sql = "";
  switch (part) {
    case EventPart::kSessions:
      sql = "SELECT count(*) FROM sessions WHERE event_id = ?";
      break;
    case EventPart::kRooms:
      sql = "SELECT count(*) FROM rooms WHERE event_id = ?";
      break;
    case EventPart::kThemes:
      sql = "SELECT count(*) FROM themes WHERE event_id = ?";
      break;
    case EventPart::kRoundTables:
      sql = "SELECT count(*) FROM round_tables WHERE event_id = ?";
      break;
    case EventPart::kDocuments:
      sql = "SELECT count(*) FROM documents WHERE event_id = ?";
      break;
  }
  auto& s = c_.Prepare(sql);
  s.Bind(1, std::string(event_id));
  s.Step();
  return s.Column(0).Int64();
}

int64_t EventStore::CountEvents() {
  auto& s = c_.Prepare("SELECT count(*) FROM events");
  s.Step();
  return s.Column(0).Int64();
}

std::vector<v1::Document> EventStore::ListDocuments(absl::string_view event_id,
                                                    absl::string_view after_id, int limit) {
  return DocumentStore::List(c_, event_id, after_id, limit);
}

}  // namespace forum::storage::sql
