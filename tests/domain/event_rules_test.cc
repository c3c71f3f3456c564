#include "domain/event_rules.h"

#include "domain/dates.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

v1::Event Dialogue() {
  v1::Event e;
  e.set_name("events/hld-2006");
  e.set_title("High-level Dialogue on International Migration and Development");
  e.set_kind(v1::EVENT_KIND_HIGH_LEVEL_DIALOGUE);
  e.set_venue("United Nations Headquarters, New York");
  e.set_time_zone("America/New_York");
  e.set_start_date("2006-09-14");
  e.set_end_date("2006-09-15");
  e.set_state(v1::EVENT_STATE_PLANNED);
  return e;
}

v1::Session Meeting(const char* start, const char* end) {
  v1::Session s;
  s.set_number(1);
  absl::Time t;
  std::string err;
  absl::ParseTime(absl::RFC3339_full, start, &t, &err);
  *s.mutable_start_time() = FromMicros(absl::ToUnixMicros(t));
  absl::ParseTime(absl::RFC3339_full, end, &t, &err);
  *s.mutable_end_time() = FromMicros(absl::ToUnixMicros(t));
  return s;
}

TEST(ValidateEventTest, AcceptsTheDialogue) {
  Validator v;
  ValidateEvent(Dialogue(), "event", v);
  EXPECT_TRUE(v.Finish().ok()) << v.Finish();
}

TEST(ValidateEventTest, NamesEachBadField) {
  v1::Event e = Dialogue();
  e.set_title("");
  e.set_kind(static_cast<v1::EventKind>(42));
  e.set_time_zone("Nowhere/Town");
  e.set_end_date("2006-09-13");
  e.add_follows_up("hld-2006");
  e.add_participation()->set_count(-1);
  Validator v;
  ValidateEvent(e, "event", v);
  std::vector<std::string> fields;
  for (const auto& f : FieldViolationsOf(v.Finish())) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"event.title", "event.kind", "event.time_zone",
                                              "event.end_date", "event.follows_up[0]",
                                              "event.participation[0].category",
                                              "event.participation[0].count"}));
}

TEST(EventTransitionTest, MovesForwardOrCancels) {
  struct Case {
    v1::EventState from, to;
    bool ok;
  } cases[] = {
      {v1::EVENT_STATE_PLANNED, v1::EVENT_STATE_OPEN_FOR_REGISTRATION, true},
      {v1::EVENT_STATE_PLANNED, v1::EVENT_STATE_CONCLUDED, true},
      {v1::EVENT_STATE_IN_SESSION, v1::EVENT_STATE_CANCELLED, true},
      {v1::EVENT_STATE_OPEN_FOR_REGISTRATION, v1::EVENT_STATE_PLANNED, false},
      {v1::EVENT_STATE_CONCLUDED, v1::EVENT_STATE_CANCELLED, false},
      {v1::EVENT_STATE_CANCELLED, v1::EVENT_STATE_PLANNED, false},
      {v1::EVENT_STATE_CONCLUDED, v1::EVENT_STATE_CONCLUDED, true},
  };
  for (const auto& c : cases) {
    v1::Event e = Dialogue();
    e.set_state(c.from);
    absl::Status status = CheckEventTransition(e, c.to);
    EXPECT_EQ(status.ok(), c.ok) << v1::EventState_Name(c.from) << " -> "
                                 << v1::EventState_Name(c.to);
    if (!c.ok) EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(SessionInsideEventTest, UsesTheVenueTimeZone) {
  v1::Event e = Dialogue();
  // 18:00-20:00 in New York on the last day ends at 00:00 UTC the next day: still inside.
  EXPECT_TRUE(
      CheckSessionInsideEvent(e, Meeting("2006-09-15T22:00:00Z", "2006-09-16T00:00:00Z"), "session")
          .ok());
  absl::Status before = CheckSessionInsideEvent(
      e, Meeting("2006-09-14T03:00:00Z", "2006-09-14T05:00:00Z"), "session");
  EXPECT_EQ(before.code(), absl::StatusCode::kFailedPrecondition);
  absl::Status after = CheckSessionInsideEvent(
      e, Meeting("2006-09-16T03:00:00Z", "2006-09-16T05:00:00Z"), "session");
  EXPECT_EQ(after.code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ValidateSessionTest, EndMustFollowStart) {
  Validator v;
  ValidateSession(Meeting("2006-09-14T14:00:00Z", "2006-09-14T14:00:00Z"), "session", v);
  ASSERT_EQ(FieldViolationsOf(v.Finish()).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(v.Finish())[0].field, "session.end_time");
}

TEST(OverlapsTest, TouchingMeetingsDoNotOverlap) {
  auto a = Meeting("2006-09-14T14:00:00Z", "2006-09-14T17:00:00Z");
  auto b = Meeting("2006-09-14T17:00:00Z", "2006-09-14T19:00:00Z");
  auto c = Meeting("2006-09-14T16:59:00Z", "2006-09-14T19:00:00Z");
  EXPECT_FALSE(Overlaps(a, b));
  EXPECT_TRUE(Overlaps(a, c));
  EXPECT_TRUE(Overlaps(c, a));
}

}  // namespace
}  // namespace forum::domain
