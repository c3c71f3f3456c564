#include "domain/event_rules.h"

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/names.h"

namespace forum::domain {
namespace {

std::string F(absl::string_view prefix, absl::string_view field) {
  return absl::StrCat(prefix, ".", field);
}

int StateOrder(v1::EventState s) {
  switch (s) {
    case v1::EVENT_STATE_PLANNED:
      return 1;
    case v1::EVENT_STATE_OPEN_FOR_REGISTRATION:
      return 2;
    case v1::EVENT_STATE_IN_SESSION:
      return 3;
    case v1::EVENT_STATE_CONCLUDED:
      return 4;
    default:
      return 0;
  }
}

}  // namespace

void ValidateEvent(const v1::Event& e, absl::string_view p, Validator& v) {
  v.Text(F(p, "title"), e.title(), kMaxTitle, true);
  v.Enum(F(p, "kind"), e.kind(), v1::EventKind_IsValid, true);
  v.Text(F(p, "mandate"), e.mandate(), kMaxTitle, false);
  v.Text(F(p, "description"), e.description(), kMaxLongText, false, true);
  v.Text(F(p, "venue"), e.venue(), kMaxShortText, true);
  v.Text(F(p, "presiding_officer"), e.presiding_officer(), kMaxShortText, false);
  v.Enum(F(p, "state"), e.state(), v1::EventState_IsValid, false);
  if (!LoadZone(e.time_zone()).ok()) {
    v.Add(F(p, "time_zone"),
          absl::StrCat(Quote(e.time_zone()), " is not an IANA time zone such as America/New_York"));
  }
  v.Date(F(p, "start_date"), e.start_date(), true);
  v.Date(F(p, "end_date"), e.end_date(), true);
  auto start = ParseDate(e.start_date());
  auto end = ParseDate(e.end_date());
  if (start.ok() && end.ok()) {
    if (*end < *start) v.Add(F(p, "end_date"), "is before start_date");
    if (*end - *start > 366) v.Add(F(p, "end_date"), "an event lasts at most a year");
  }
  v.Count(F(p, "organizers"), e.organizers_size(), kMaxListItems);
  for (int i = 0; i < e.organizers_size() && i < static_cast<int>(kMaxListItems); ++i) {
    v.Text(absl::StrCat(p, ".organizers[", i, "]"), e.organizers(i), kMaxShortText, true);
  }
  v.Count(F(p, "follows_up"), e.follows_up_size(), kMaxListItems);
  for (int i = 0; i < e.follows_up_size() && i < static_cast<int>(kMaxListItems); ++i) {
    if (!ParseEventName(e.follows_up(i), "").ok()) {
      v.Add(absl::StrCat(p, ".follows_up[", i, "]"), "is not an event name events/{event}");
    }
  }
  v.Count(F(p, "outcome_documents"), e.outcome_documents_size(), kMaxListItems);
  for (int i = 0; i < e.outcome_documents_size() && i < static_cast<int>(kMaxListItems); ++i) {
    const auto& d = e.outcome_documents(i);
    std::string q = absl::StrCat(p, ".outcome_documents[", i, "]");
    v.Text(F(q, "title"), d.title(), kMaxTitle, true);
    v.Text(F(q, "symbol"), d.symbol(), 60, false);
  }
  v.Count(F(p, "participation"), e.participation_size(), kMaxListItems);
  for (int i = 0; i < e.participation_size() && i < static_cast<int>(kMaxListItems); ++i) {
    const auto& f = e.participation(i);
    std::string q = absl::StrCat(p, ".participation[", i, "]");
    v.Text(F(q, "category"), f.category(), kMaxShortText, true);
    v.Range(F(q, "count"), f.count(), 0, 1000000);
    v.Text(F(q, "note"), f.note(), kMaxShortText, false);
  }
}

absl::Status CheckEventTransition(const v1::Event& event, v1::EventState to) {
  v1::EventState from = event.state();
  if (from == to) return absl::OkStatus();
  bool final = from == v1::EVENT_STATE_CONCLUDED || from == v1::EVENT_STATE_CANCELLED;
  bool ok = !final && (to == v1::EVENT_STATE_CANCELLED || StateOrder(to) > StateOrder(from));
  if (ok) return absl::OkStatus();
  return FailedPrecondition(
      "EVENT_STATE", event.name(),
      absl::StrCat("cannot move from ", v1::EventState_Name(from), " to ", v1::EventState_Name(to),
                   "; events move forward (planned, open for registration, in session, "
                   "concluded) or are cancelled before they conclude"),
      "event.state");
}

absl::Status CheckEventOpenForChanges(const v1::Event& event) {
  if (event.state() == v1::EVENT_STATE_CONCLUDED || event.state() == v1::EVENT_STATE_CANCELLED) {
    return FailedPrecondition("EVENT_STATE", event.name(),
                              absl::StrCat("the event is ", v1::EventState_Name(event.state()),
                                           " and its records no longer change"));
  }
  return absl::OkStatus();
}

void ValidateSession(const v1::Session& s, absl::string_view p, Validator& v) {
  v.Range(F(p, "number"), s.number(), 1, 9999);
  v.Text(F(p, "title"), s.title(), kMaxTitle, false);
  v.Text(F(p, "presiding_officer"), s.presiding_officer(), kMaxShortText, false);
  v.Text(F(p, "description"), s.description(), kMaxLongText, false, true);
  if (!s.has_start_time() || !IsValidTimestamp(s.start_time())) {
    v.Add(F(p, "start_time"), "is required and must be a valid timestamp");
  }
  if (!s.has_end_time() || !IsValidTimestamp(s.end_time())) {
    v.Add(F(p, "end_time"), "is required and must be a valid timestamp");
  } else if (s.has_start_time() && IsValidTimestamp(s.start_time()) &&
             ToMicros(s.end_time()) <= ToMicros(s.start_time())) {
    v.Add(F(p, "end_time"), "must be after start_time");
  }
  if (!s.room().empty() && !ParseEventChildName(s.room(), "rooms", "").ok()) {
    v.Add(F(p, "room"), "is not a room name events/{event}/rooms/{room}");
  }
}

absl::Status CheckInsideEvent(const v1::Event& event, const google::protobuf::Timestamp& start,
                              const google::protobuf::Timestamp& end, absl::string_view field) {
  auto window = DaysWindow(event.start_date(), event.end_date(), event.time_zone());
  if (!window.ok()) return window.status();
  bool inside = ToMicros(start) >= absl::ToUnixMicros(window->begin) &&
                ToMicros(end) <= absl::ToUnixMicros(window->end);
  if (inside) return absl::OkStatus();
  return FailedPrecondition(
      "OUTSIDE_EVENT_DATES", event.name(),
      absl::StrCat("the meeting must lie within the event's dates, ", event.start_date(), " to ",
                   event.end_date(), " in ", event.time_zone()),
      field);
}

absl::Status CheckSessionInsideEvent(const v1::Event& event, const v1::Session& s,
                                     absl::string_view p) {
  return CheckInsideEvent(event, s.start_time(), s.end_time(), F(p, "start_time"));
}

bool Overlaps(const v1::Session& a, const v1::Session& b) {
  return ToMicros(a.start_time()) < ToMicros(b.end_time()) &&
         ToMicros(b.start_time()) < ToMicros(a.end_time());
}

void ValidateRoom(const v1::Room& r, absl::string_view p, Validator& v) {
  v.Text(F(p, "display_name"), r.display_name(), kMaxShortText, true);
  v.Range(F(p, "capacity"), r.capacity(), 1, 100000);
  v.Text(F(p, "description"), r.description(), kMaxLongText, false, true);
}

void ValidateTheme(const v1::Theme& t, absl::string_view p, Validator& v) {
  v.Range(F(p, "number"), t.number(), 1, 9999);
  v.Text(F(p, "title"), t.title(), kMaxTitle, true);
  v.Text(F(p, "description"), t.description(), kMaxLongText, false, true);
}

}  // namespace forum::domain
