// Round-table rules (seats, the limit per State, what a capacity change must leave room for), the
// allocation plan and its report, and the schedule exports.
#include "domain/round_table_rules.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/allocation.h"
#include "domain/allocation_plan.h"
#include "domain/dates.h"
#include "domain/schedule_export.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

v1::RoundTable Table(const std::string& id, int capacity, int reserved) {
  v1::RoundTable rt;
  rt.set_name("events/e/roundTables/" + id);
  rt.set_capacity(capacity);
  rt.set_reserved_seats(reserved);
  rt.set_state(v1::ROUND_TABLE_STATE_SCHEDULED);
  return rt;
}

v1::RoundTableParticipant Seated(v1::EntityKind kind, v1::RegionalGroup group) {
  v1::RoundTableParticipant p;
  p.set_entity_kind(kind);
  p.set_regional_group(group);
  return p;
}

v1::Delegation Delegation(const std::string& code, v1::EntityKind kind, v1::RegionalGroup group,
                          int64_t registered_micros,
                          v1::DelegationState state = v1::DELEGATION_STATE_ACCREDITED) {
  v1::Delegation d;
  d.set_name("events/e/delegations/" + code);
  d.set_display_name(code);
  d.set_entity_kind(kind);
  d.set_regional_group(group);
  d.set_state(state);
  *d.mutable_registration_time() = FromMicros(registered_micros);
  return d;
}

TEST(RoundTableRulesTest, AStateTakesOnlyUnreservedSeats) {
  v1::RoundTable rt = Table("rt1", 3, 1);
  auto state = Delegation("bel", v1::ENTITY_KIND_MEMBER_STATE,
                          v1::REGIONAL_GROUP_WESTERN_EUROPEAN_OTHERS, 1);
  auto agency = Delegation("iom", v1::ENTITY_KIND_INTERGOVERNMENTAL_ORGANIZATION,
                           v1::REGIONAL_GROUP_UNSPECIFIED, 1);
  std::vector<v1::RoundTableParticipant> seated = {
      Seated(v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_AFRICAN),
      Seated(v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_ASIA_PACIFIC)};
  absl::Status full = CheckSeatFree(rt, seated, state, "participant");
  EXPECT_EQ(full.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(full.message(), "kept for other participants")) << full;
  EXPECT_TRUE(CheckSeatFree(rt, seated, agency, "participant").ok());
  seated.push_back(
      Seated(v1::ENTITY_KIND_INTERGOVERNMENTAL_ORGANIZATION, v1::REGIONAL_GROUP_UNSPECIFIED));
  absl::Status none = CheckSeatFree(rt, seated, agency, "participant");
  EXPECT_TRUE(absl::StrContains(none.message(), "all 3 seats")) << none;
}

TEST(RoundTableRulesTest, AStateSitsAtNoMoreTablesThanTheRulesAllow) {
  auto state = Delegation("bel", v1::ENTITY_KIND_MEMBER_STATE,
                          v1::REGIONAL_GROUP_WESTERN_EUROPEAN_OTHERS, 1);
  std::vector<std::string> tables = {"events/e/roundTables/rt1", "events/e/roundTables/rt2"};
  EXPECT_TRUE(CheckStateTableLimit(state, {tables[0]}, 2, "participant").ok());
  absl::Status over = CheckStateTableLimit(state, tables, 2, "participant");
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(over.message(), "the limit per State is 2")) << over;
  auto agency = Delegation("iom", v1::ENTITY_KIND_INTERGOVERNMENTAL_ORGANIZATION,
                           v1::REGIONAL_GROUP_UNSPECIFIED, 1);
  EXPECT_TRUE(CheckStateTableLimit(agency, tables, 2, "participant").ok()) << "States only";
}

TEST(RoundTableRulesTest, ACapacityChangeMustLeaveRoomForTheSeated) {
  std::vector<v1::RoundTableParticipant> seated(
      3, Seated(v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_AFRICAN));
  EXPECT_TRUE(CheckSeatsFit(Table("rt1", 3, 0), seated).ok());
  EXPECT_EQ(CheckSeatsFit(Table("rt1", 2, 0), seated).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckSeatsFit(Table("rt1", 4, 2), seated).code(), absl::StatusCode::kFailedPrecondition)
      << "three States in two unreserved seats";
}

AllocationInput TwoTables() {
  AllocationInput in;
  in.parent = "events/e";
  in.rules.set_max_round_tables_per_state(1);
  in.member_states_by_group = {0, 54, 53, 23, 33, 30};
  in.tables = {Table("rt1", 2, 0), Table("rt2", 2, 0), Table("rt3", 2, 0)};
  in.tables[2].set_state(v1::ROUND_TABLE_STATE_CANCELLED);
  in.seated = {{}, {}, {}};
  return in;
}

TEST(AllocationPlanTest, PlacesByRegistrationAndExplainsTheUnplaced) {
  AllocationInput in = TwoTables();
  in.delegations = {
      Delegation("aaa", v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_AFRICAN, 30),
      Delegation("bbb", v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_ASIA_PACIFIC, 10),
      Delegation("ccc", v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_LATIN_AMERICAN_CARIBBEAN,
                 20, v1::DELEGATION_STATE_PENDING),
      Delegation("ddd", v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_EASTERN_EUROPEAN, 5),
  };
  in.ranked = {{"aaa", {"rt1"}}, {"bbb", {"rt1", "rt2"}}, {"ccc", {"rt1"}}, {"ddd", {"rt3"}}};
  in.sits = {{"aaa", {}}, {"bbb", {}}, {"ddd", {}}};
  auto plan = PlanAllocation(in);
  ASSERT_TRUE(plan.ok()) << plan.status();
  const v1::AllocationReport& r = plan->report;
  EXPECT_EQ(r.placed(), 2);
  ASSERT_EQ(r.tables_size(), 2) << "only tables open to seating are reported";
  EXPECT_EQ(r.tables(0).round_table(), "events/e/roundTables/rt1");
  ASSERT_EQ(r.tables(0).placed_size(), 2);
  EXPECT_EQ(r.tables(0).regional_mix().at("AFRICAN"), 1);
  EXPECT_EQ(r.tables(0).regional_mix().at("ASIA_PACIFIC"), 1);
  ASSERT_EQ(r.unplaced_size(), 2);
  std::map<std::string, std::string> why;
  for (const auto& u : r.unplaced()) why[u.delegation()] = u.reason();
  EXPECT_EQ(why.at("events/e/delegations/ccc"), "not accredited (DELEGATION_STATE_PENDING)");
  EXPECT_EQ(why.at("events/e/delegations/ddd"),
            "none of its ranked round tables is open to seating");
  ASSERT_EQ(plan->seats.size(), 2u);
  for (const auto& seat : plan->seats) EXPECT_EQ(seat.round_table_id, "rt1");

  in.dry_run = true;
  auto dry = PlanAllocation(in);
  ASSERT_TRUE(dry.ok());
  EXPECT_TRUE(dry->seats.empty()) << "a dry run writes nothing";
  EXPECT_TRUE(dry->report.dry_run());
  EXPECT_EQ(dry->report.placed(), 2);
}

TEST(AllocationPlanTest, AStateAtItsLimitIsNotPlacedAgain) {
  AllocationInput in = TwoTables();
  in.delegations = {Delegation("aaa", v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_AFRICAN, 1)};
  in.ranked = {{"aaa", {"rt2"}}};
  in.sits = {{"aaa", {"rt1"}}};
  in.seated[0] = {Seated(v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_AFRICAN)};
  auto plan = PlanAllocation(in);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->report.unplaced_size(), 1);
  EXPECT_EQ(plan->report.unplaced(0).reason(),
            "already sits at rt1; no further round table is allowed");
  EXPECT_EQ(plan->report.tables(0).participant_count(), 1) << "the seated are counted";
}

TEST(AllocationPlanTest, RefusesMoreDelegationsThanOneRunHandles) {
  AllocationInput in = TwoTables();
  for (int i = 0; i <= kMaxAllocationDelegations; ++i) {
    std::string code = "d" + std::to_string(i);
    in.delegations.push_back(
        Delegation(code, v1::ENTITY_KIND_MEMBER_STATE, v1::REGIONAL_GROUP_AFRICAN, i));
    in.ranked[code] = {"rt1"};
  }
  auto plan = PlanAllocation(in);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
}

ScheduleExport Programme() {
  ScheduleExport s;
  s.event.set_name("events/hld-2006");
  s.event.set_time_zone("America/New_York");
  s.event.set_start_date("2006-09-14");
  s.event.set_end_date("2006-09-15");
  s.event.set_etag("W/\"3\"");
  s.title = "High-level Dialogue";
  s.base_url = "https://forum.example.org/";
  s.version = "1.0";
  v1::ScheduleEntry meeting;
  meeting.set_name("events/hld-2006/sessions/s-1");
  meeting.set_kind(v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING);
  meeting.set_number(1);
  meeting.set_title("Opening, with a comma; and a semicolon");
  meeting.set_room("events/hld-2006/rooms/hall");
  meeting.set_room_display_name("General Assembly Hall");
  absl::Time start =
      absl::FromCivil(absl::CivilSecond(2006, 9, 14, 10, 0, 0), absl::FixedTimeZone(-4 * 3600));
  *meeting.mutable_start_time() = FromMicros(absl::ToUnixMicros(start));
  *meeting.mutable_end_time() = FromMicros(absl::ToUnixMicros(start + absl::Hours(3)));
  meeting.set_times_indicative(true);
  meeting.add_chairs("President of the General Assembly");
  s.entries.push_back(meeting);
  s.stamp = absl::FromUnixSeconds(1700000000);
  return s;
}

TEST(ScheduleExportTest, ICalendarUsesTheEventsZoneAndEscapesText) {
  auto ics = ToICalendar(Programme());
  ASSERT_TRUE(ics.ok()) << ics.status();
  EXPECT_TRUE(absl::StrContains(*ics, "DTSTART;TZID=America/New_York:20060914T100000\r\n"));
  EXPECT_TRUE(absl::StrContains(*ics, "DTEND;TZID=America/New_York:20060914T130000\r\n"));
  EXPECT_TRUE(absl::StrContains(*ics, "SUMMARY:Opening\\, with a comma\\; and a semicolon"));
  EXPECT_TRUE(absl::StrContains(*ics, "STATUS:TENTATIVE")) << "indicative hours";
  EXPECT_TRUE(absl::StrContains(*ics, "UID:events/hld-2006/sessions/s-1@forum"));
  EXPECT_TRUE(absl::StrContains(*ics, "BEGIN:VTIMEZONE"));
  EXPECT_EQ(*ics, *ToICalendar(Programme())) << "the same schedule gives the same bytes";
}

TEST(ScheduleExportTest, FrabJsonHasOneDayPerDateAndTheItemInItsRoom) {
  auto json = ToFrabJson(Programme());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_TRUE(absl::StrContains(*json, "\"daysCount\": 2"));
  EXPECT_TRUE(absl::StrContains(*json, "\"General Assembly Hall\": [{\"id\": 1"));
  EXPECT_TRUE(absl::StrContains(*json,
                                "\"start\": \"10:00\", \"end\": \"2006-09-14T13:00:00-04:00\", "
                                "\"duration\": \"03:00\""));
  EXPECT_TRUE(absl::StrContains(*json, "\"date\": \"2006-09-15\""));
  ScheduleExport bad = Programme();
  bad.event.set_time_zone("Not/AZone");
  EXPECT_FALSE(ToFrabJson(bad).ok());
}

}  // namespace
}  // namespace forum::domain
