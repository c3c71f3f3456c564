// Releases of a programme: the entries of the next release (sequence and update time carried or
// moved on, deleted meetings kept as cancelled) and the changelog, exact for every kind of change.
#include "domain/schedule_release.h"

#include <string>
#include <vector>

#include "domain/dates.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

google::protobuf::Timestamp T(int64_t hour) { return FromMicros(hour * 3600 * 1000000LL); }

v1::ScheduleEntry Meeting(const std::string& id, int64_t start_hour,
                          const std::string& room = "hall") {
  v1::ScheduleEntry e;
  e.set_name("events/e/roundTables/" + id);
  e.set_kind(v1::SCHEDULE_ENTRY_KIND_ROUND_TABLE);
  e.set_title("Round table " + id);
  e.set_room("events/e/rooms/" + room);
  e.set_room_display_name(room);
  *e.mutable_start_time() = T(start_hour);
  *e.mutable_end_time() = T(start_hour + 2);
  e.add_chairs("Belgium");
  e.add_delegations("events/e/delegations/bel");
  return e;
}

std::vector<v1::ScheduleChange::Kind> Kinds(const ScheduleDiff& d) {
  std::vector<v1::ScheduleChange::Kind> out;
  for (const auto& c : d.changes) out.push_back(c.kind());
  return out;
}

TEST(ScheduleReleaseTest, TheFirstReleaseListsEveryMeetingAsNew) {
  std::vector<v1::ScheduleEntry> draft = {Meeting("a", 10), Meeting("b", 8)};
  auto next = NextEntries({}, draft, T(100));
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(next[0].name(), "events/e/roundTables/b") << "in start order";
  for (const auto& e : next) {
    EXPECT_EQ(e.sequence(), 0);
    EXPECT_EQ(ToMicros(e.update_time()), ToMicros(T(100)));
  }
  ScheduleDiff diff = DiffEntries({}, next);
  EXPECT_EQ(Kinds(diff), (std::vector{v1::ScheduleChange::KIND_NEW, v1::ScheduleChange::KIND_NEW}));
  EXPECT_EQ(diff.changes[0].entry(), "events/e/roundTables/b");
  EXPECT_EQ(diff.delegations, std::vector<std::string>{"events/e/delegations/bel"});
}

TEST(ScheduleReleaseTest, AnUnchangedMeetingKeepsItsSequenceAndTime) {
  auto first = NextEntries({}, {Meeting("a", 10)}, T(100));
  auto second = NextEntries(first, {Meeting("a", 10)}, T(200));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].sequence(), 0);
  EXPECT_EQ(ToMicros(second[0].update_time()), ToMicros(T(100)));
  EXPECT_TRUE(DiffEntries(first, second).changes.empty());
}

TEST(ScheduleReleaseTest, AMoveIsReportedWithItsOldAndNewSlot) {
  auto first = NextEntries({}, {Meeting("a", 10)}, T(100));
  auto second = NextEntries(first, {Meeting("a", 14, "annex")}, T(200));
  EXPECT_EQ(second[0].sequence(), 1);
  EXPECT_EQ(ToMicros(second[0].update_time()), ToMicros(T(200)));
  ScheduleDiff diff = DiffEntries(first, second);
  ASSERT_EQ(Kinds(diff), std::vector{v1::ScheduleChange::KIND_MOVED});
  const auto& c = diff.changes[0];
  EXPECT_EQ(ToMicros(c.old_start_time()), ToMicros(T(10)));
  EXPECT_EQ(ToMicros(c.old_end_time()), ToMicros(T(12)));
  EXPECT_EQ(c.old_room_display_name(), "hall");
  EXPECT_EQ(ToMicros(c.new_start_time()), ToMicros(T(14)));
  EXPECT_EQ(ToMicros(c.new_end_time()), ToMicros(T(16)));
  EXPECT_EQ(c.new_room_display_name(), "annex");
  EXPECT_EQ(c.delegations(0), "events/e/delegations/bel");
}

TEST(ScheduleReleaseTest, ARoomChangeAloneIsAMove) {
  auto first = NextEntries({}, {Meeting("a", 10)}, T(100));
  auto second = NextEntries(first, {Meeting("a", 10, "annex")}, T(200));
  EXPECT_EQ(Kinds(DiffEntries(first, second)), std::vector{v1::ScheduleChange::KIND_MOVED});
}

TEST(ScheduleReleaseTest, TitleChairsAndSpeakersChangesAreEachReported) {
  auto first = NextEntries({}, {Meeting("a", 10)}, T(100));
  v1::ScheduleEntry changed = Meeting("a", 10);
  changed.set_title("Round table a: partnerships");
  changed.clear_chairs();
  changed.add_chairs("Ghana");
  changed.add_speakers("Mexico");
  changed.add_delegations("events/e/delegations/gha");
  auto second = NextEntries(first, {changed}, T(200));
  EXPECT_EQ(second[0].sequence(), 1);
  ScheduleDiff diff = DiffEntries(first, second);
  ASSERT_EQ(Kinds(diff),
            (std::vector{v1::ScheduleChange::KIND_RETITLED, v1::ScheduleChange::KIND_CHAIRS_CHANGED,
                         v1::ScheduleChange::KIND_SPEAKERS_CHANGED,
                         v1::ScheduleChange::KIND_PARTICIPANTS_CHANGED}));
  EXPECT_EQ(diff.changes[0].old_title(), "Round table a");
  EXPECT_EQ(diff.changes[0].title(), "Round table a: partnerships");
  EXPECT_EQ(diff.changes[1].old_chairs(0), "Belgium");
  EXPECT_EQ(diff.changes[1].new_chairs(0), "Ghana");
  EXPECT_EQ(diff.changes[2].old_speakers_size(), 0);
  EXPECT_EQ(diff.changes[2].new_speakers(0), "Mexico");
  // Those the meeting concerned before and after.
  EXPECT_EQ(diff.delegations,
            (std::vector<std::string>{"events/e/delegations/bel", "events/e/delegations/gha"}));
}

// Whatever moves a meeting's SEQUENCE has its line in the changelog.
TEST(ScheduleReleaseTest, DetailsARoomRenameAndParticipantsHaveTheirLines) {
  auto first = NextEntries({}, {Meeting("a", 10)}, T(100));
  v1::ScheduleEntry described = Meeting("a", 10);
  described.set_description("Now with interpretation");
  auto second = NextEntries(first, {described}, T(200));
  EXPECT_EQ(second[0].sequence(), 1) << "calendars must replace their copy";
  EXPECT_EQ(Kinds(DiffEntries(first, second)),
            std::vector{v1::ScheduleChange::KIND_DETAILS_CHANGED});
  v1::ScheduleEntry renamed = described;
  renamed.set_room_display_name("Hall of the Council");
  auto third = NextEntries(second, {renamed}, T(300));
  EXPECT_EQ(third[0].sequence(), 2);
  EXPECT_EQ(Kinds(DiffEntries(second, third)),
            std::vector{v1::ScheduleChange::KIND_DETAILS_CHANGED});
  v1::ScheduleEntry left = renamed;
  left.clear_delegations();
  auto fourth = NextEntries(third, {left}, T(400));
  ScheduleDiff diff = DiffEntries(third, fourth, "events/e/delegations/bel");
  EXPECT_EQ(Kinds(diff), std::vector{v1::ScheduleChange::KIND_PARTICIPANTS_CHANGED})
      << "the delegation that left is told";
}

TEST(ScheduleReleaseTest, APlenaryMeetingConcernsEveryDelegation) {
  v1::ScheduleEntry plenary = Meeting("p", 9);
  plenary.set_name("events/e/sessions/meeting-1");
  plenary.set_kind(v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING);
  plenary.clear_delegations();
  auto first = NextEntries({}, {plenary}, T(100));
  *plenary.mutable_start_time() = T(11);
  *plenary.mutable_end_time() = T(13);
  auto second = NextEntries(first, {plenary}, T(200));
  EXPECT_EQ(Kinds(DiffEntries(first, second, "events/e/delegations/fra")),
            std::vector{v1::ScheduleChange::KIND_MOVED});
}

TEST(ScheduleReleaseTest, CancelledAndDeletedMeetingsStayAsCancelled) {
  auto first = NextEntries({}, {Meeting("a", 10), Meeting("b", 12)}, T(100));
  v1::ScheduleEntry cancelled = Meeting("a", 10);
  cancelled.set_cancelled(true);
  // `b` was deleted: it is not in the draft at all.
  auto second = NextEntries(first, {cancelled}, T(200));
  ASSERT_EQ(second.size(), 2u);
  for (const auto& e : second) {
    EXPECT_TRUE(e.cancelled()) << e.name();
    EXPECT_EQ(e.sequence(), 1);
  }
  ScheduleDiff diff = DiffEntries(first, second);
  EXPECT_EQ(Kinds(diff),
            (std::vector{v1::ScheduleChange::KIND_CANCELLED, v1::ScheduleChange::KIND_CANCELLED}));
  EXPECT_EQ(diff.changes[0].title(), "Round table a");
  // Published again cancelled: nothing more changes.
  auto third = NextEntries(second, {cancelled}, T(300));
  EXPECT_TRUE(DiffEntries(second, third).changes.empty());
  EXPECT_EQ(third[1].sequence(), 1);
  // Back in the programme: new again.
  auto fourth = NextEntries(third, {Meeting("a", 10)}, T(400));
  EXPECT_EQ(Kinds(DiffEntries(third, fourth)), std::vector{v1::ScheduleChange::KIND_NEW});
}

TEST(ScheduleReleaseTest, AMeetingCancelledBeforeItWasEverPublishedIsLeftOut) {
  v1::ScheduleEntry cancelled = Meeting("a", 10);
  cancelled.set_cancelled(true);
  EXPECT_TRUE(NextEntries({}, {cancelled}, T(100)).empty());
}

TEST(ScheduleReleaseTest, ADelegationSeesOnlyWhatConcernsIt) {
  auto first = NextEntries({}, {Meeting("a", 10)}, T(100));
  v1::ScheduleEntry other = Meeting("b", 12);
  other.clear_delegations();
  other.add_delegations("events/e/delegations/mex");
  auto second = NextEntries(first, {Meeting("a", 11), other}, T(200));
  ScheduleDiff mine = DiffEntries(first, second, "events/e/delegations/bel");
  EXPECT_EQ(Kinds(mine), std::vector{v1::ScheduleChange::KIND_MOVED});
  ScheduleDiff theirs = DiffEntries(first, second, "events/e/delegations/mex");
  EXPECT_EQ(Kinds(theirs), std::vector{v1::ScheduleChange::KIND_NEW});
  EXPECT_TRUE(DiffEntries(first, second, "events/e/delegations/fra").changes.empty());
}

}  // namespace
}  // namespace forum::domain
