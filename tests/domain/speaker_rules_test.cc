// The order of lists of speakers (every pair of levels and kinds, ties, the draw, manual moves)
// and their distribution over plenary meetings.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "domain/speaker_distribution.h"
#include "domain/speaker_floor.h"
#include "domain/speaker_order.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

// Every kind of speaker a list can hold, written out from the rule's text rather than from the
// code: its place in protocol precedence as (tier, level), tier 0 being a group's statement.
struct Profile {
  const char* label;
  v1::StatementKind kind;
  v1::EntityKind entity;
  v1::ProtocolRank level;
  int tier;
  int level_rank;  // within the tier; 0 where levels do not count
};

std::vector<Profile> Profiles() {
  std::vector<Profile> out;
  const v1::ProtocolRank kLevels[] = {v1::PROTOCOL_RANK_HEAD_OF_STATE,
                                      v1::PROTOCOL_RANK_VICE_PRESIDENT_OR_CROWN_PRINCE,
                                      v1::PROTOCOL_RANK_HEAD_OF_GOVERNMENT,
                                      v1::PROTOCOL_RANK_DEPUTY_HEAD_OF_GOVERNMENT,
                                      v1::PROTOCOL_RANK_MINISTER,
                                      v1::PROTOCOL_RANK_VICE_MINISTER,
                                      v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE,
                                      v1::PROTOCOL_RANK_OTHER};
  int rank = 1;
  for (v1::ProtocolRank level : kLevels) {
    out.push_back({"group", v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP, v1::ENTITY_KIND_MEMBER_STATE,
                   level, 0, rank});
    out.push_back(
        {"national", v1::STATEMENT_KIND_NATIONAL, v1::ENTITY_KIND_MEMBER_STATE, level, 1, rank});
    out.push_back(
        {"joint", v1::STATEMENT_KIND_JOINT, v1::ENTITY_KIND_MEMBER_STATE, level, 1, rank});
    ++rank;
  }
  out.push_back({"observer State", v1::STATEMENT_KIND_OBSERVER, v1::ENTITY_KIND_OBSERVER_STATE,
                 v1::PROTOCOL_RANK_MINISTER, 2, 0});
  out.push_back({"IGO", v1::STATEMENT_KIND_ORGANIZATION,
                 v1::ENTITY_KIND_INTERGOVERNMENTAL_ORGANIZATION, v1::PROTOCOL_RANK_OTHER, 3, 0});
  out.push_back({"UN entity", v1::STATEMENT_KIND_ORGANIZATION, v1::ENTITY_KIND_UN_ENTITY,
                 v1::PROTOCOL_RANK_OTHER, 4, 0});
  out.push_back({"regional commission", v1::STATEMENT_KIND_ORGANIZATION,
                 v1::ENTITY_KIND_REGIONAL_COMMISSION, v1::PROTOCOL_RANK_OTHER, 4, 0});
  out.push_back({"civil society", v1::STATEMENT_KIND_ORGANIZATION, v1::ENTITY_KIND_CIVIL_SOCIETY,
                 v1::PROTOCOL_RANK_OTHER, 5, 0});
  out.push_back({"private sector", v1::STATEMENT_KIND_ORGANIZATION, v1::ENTITY_KIND_PRIVATE_SECTOR,
                 v1::PROTOCOL_RANK_OTHER, 5, 0});
  return out;
}

OrderEntry Entry(const Profile& p, const std::string& id, int64_t inscribed) {
  OrderEntry e;
  e.id = id;
  e.kind = p.kind;
  e.entity_kind = p.entity;
  e.level = p.level;
  e.inscribe_micros = inscribed;
  return e;
}

std::vector<std::string> Ids(const std::vector<OrderEntry>& entries, const OrderPolicy& policy) {
  std::vector<std::string> ids;
  for (size_t i : SpeakingOrder(entries, policy)) ids.push_back(entries[i].id);
  return ids;
}

// For every ordered pair of profiles, inscribed in both orders: the one protocol ranks first
// speaks first whoever inscribed first; equals go by inscription time.
TEST(SpeakingOrderTest, EveryPairOfLevelsAndKindsUnderProtocol) {
  auto profiles = Profiles();
  for (bool groups_first : {true, false}) {
    OrderPolicy policy{v1::PRECEDENCE_POLICY_PROTOCOL, groups_first, 0};
    for (const Profile& a : profiles) {
      for (const Profile& b : profiles) {
        int tier_a = a.tier == 0 && !groups_first ? 1 : a.tier;
        int tier_b = b.tier == 0 && !groups_first ? 1 : b.tier;
        auto rank_a = std::make_pair(tier_a, a.level_rank);
        auto rank_b = std::make_pair(tier_b, b.level_rank);
        for (bool a_first_inscribed : {true, false}) {
          std::vector<OrderEntry> entries = {Entry(a, "a", a_first_inscribed ? 1 : 2),
                                             Entry(b, "b", a_first_inscribed ? 2 : 1)};
          std::string expected_first = rank_a < rank_b     ? "a"
                                       : rank_b < rank_a   ? "b"
                                       : a_first_inscribed ? "a"
                                                           : "b";
          EXPECT_EQ(Ids(entries, policy)[0], expected_first)
              << a.label << "/" << v1::ProtocolRank_Name(a.level) << " against " << b.label << "/"
              << v1::ProtocolRank_Name(b.level) << ", groups first " << groups_first
              << ", a inscribed first " << a_first_inscribed;
        }
      }
    }
  }
}

TEST(SpeakingOrderTest, EqualInscriptionTimesFallBackToTheId) {
  auto p = Profiles()[1];  // national, head of State
  std::vector<OrderEntry> entries = {Entry(p, "zaf", 5), Entry(p, "arg", 5), Entry(p, "mex", 4)};
  EXPECT_EQ(Ids(entries, {}), (std::vector<std::string>{"mex", "arg", "zaf"}));
}

TEST(SpeakingOrderTest, InscriptionOrderIgnoresLevelsButKeepsGroupsFirst) {
  auto profiles = Profiles();
  const Profile& hos = profiles[1];                    // national, head of State
  const Profile& group = profiles[3 * 6];              // group, permanent representative
  const Profile& ngo = profiles[profiles.size() - 2];  // civil society
  std::vector<OrderEntry> entries = {Entry(ngo, "ngo", 1), Entry(hos, "hos", 2),
                                     Entry(group, "g77", 3)};
  EXPECT_EQ(Ids(entries, {v1::PRECEDENCE_POLICY_INSCRIPTION_ORDER, true, 0}),
            (std::vector<std::string>{"g77", "ngo", "hos"}));
  EXPECT_EQ(Ids(entries, {v1::PRECEDENCE_POLICY_INSCRIPTION_ORDER, false, 0}),
            (std::vector<std::string>{"ngo", "hos", "g77"}));
}

// Forty ministers and twenty heads of State in one draw.
std::vector<OrderEntry> DrawField() {
  auto profiles = Profiles();
  std::vector<OrderEntry> entries;
  for (int i = 0; i < 40; ++i) {
    entries.push_back(Entry(profiles[3 * 4 + 1], "min" + std::to_string(i), i));
  }
  for (int i = 0; i < 20; ++i) {
    entries.push_back(Entry(profiles[1], "hos" + std::to_string(i), 100 + i));
  }
  return entries;
}

TEST(SpeakingOrderTest, TheDrawIsReproducibleFromItsSeedAndStaysWithinLevels) {
  auto entries = DrawField();
  OrderPolicy draw{v1::PRECEDENCE_POLICY_DRAW_BY_LOT, true, 20060914};
  auto first = Ids(entries, draw);
  // The same seed draws the same order, whatever order the entries arrive in.
  auto shuffled = entries;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  EXPECT_EQ(Ids(shuffled, draw), first);
  // Levels still hold: every head of State before every minister.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(first[i].substr(0, 3), "hos") << i;
  for (int i = 20; i < 60; ++i) EXPECT_EQ(first[i].substr(0, 3), "min") << i;
  // The draw is not the inscription order, and another seed draws another order.
  auto by_time = Ids(entries, {});
  EXPECT_NE(first, by_time);
  OrderPolicy other = draw;
  other.draw_seed = 20060915;
  EXPECT_NE(Ids(entries, other), first);
}

TEST(SpeakingOrderTest, AManualMoveHoldsWhenTheListIsReordered) {
  auto profiles = Profiles();
  const Profile& minister = profiles[3 * 4 + 1];
  const Profile& hos = profiles[1];
  std::vector<OrderEntry> entries = {Entry(minister, "bel", 1), Entry(minister, "che", 2),
                                     Entry(minister, "deu", 3)};
  entries[2].after = "";  // deu first, by hand
  entries[2].move_seq = 1;
  EXPECT_EQ(Ids(entries, {}), (std::vector<std::string>{"deu", "bel", "che"}));

  // A head of State inscribed later takes its protocol place; the moved entry stays first.
  entries.push_back(Entry(hos, "fra", 4));
  EXPECT_EQ(Ids(entries, {}), (std::vector<std::string>{"deu", "fra", "bel", "che"}));

  // A move after a moved entry, made later, follows it wherever it went.
  entries[1].after = "deu";
  entries[1].move_seq = 2;
  EXPECT_EQ(Ids(entries, {}), (std::vector<std::string>{"deu", "che", "fra", "bel"}));
  // And holds under another policy.
  EXPECT_EQ(Ids(entries, {v1::PRECEDENCE_POLICY_INSCRIPTION_ORDER, true, 0}),
            (std::vector<std::string>{"deu", "che", "bel", "fra"}));
}

TEST(SpeakingOrderTest, AMoveAnchoredToAMoveMadeLaterWaitsForIt) {
  auto minister = Profiles()[3 * 4 + 1];
  std::vector<OrderEntry> entries = {Entry(minister, "a", 1), Entry(minister, "b", 2),
                                     Entry(minister, "c", 3), Entry(minister, "d", 4)};
  entries[0].after = "c";  // moved first, after c...
  entries[0].move_seq = 1;
  entries[2].after = "d";  // ...and c was moved after d since
  entries[2].move_seq = 2;
  EXPECT_EQ(Ids(entries, {}), (std::vector<std::string>{"b", "d", "c", "a"}));
}

TEST(SpeakingOrderTest, MovesThatCannotBePlacedKeepTheirComputedPlace) {
  auto minister = Profiles()[3 * 4 + 1];
  std::vector<OrderEntry> entries = {Entry(minister, "a", 1), Entry(minister, "b", 2),
                                     Entry(minister, "c", 3), Entry(minister, "d", 4)};
  entries[0].after = "b";  // a circle: a after b after a
  entries[0].move_seq = 1;
  entries[1].after = "a";
  entries[1].move_seq = 2;
  entries[3].after = "gone";  // an anchor no longer on the list
  entries[3].move_seq = 3;
  auto ids = Ids(entries, {});
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(SpeakingOrderTest, EveryEntryAppearsExactlyOnceUnderRandomMoves) {
  auto profiles = Profiles();
  std::mt19937 rng(12);
  for (int round = 0; round < 300; ++round) {
    std::vector<OrderEntry> entries;
    int n = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      entries.push_back(
          Entry(profiles[rng() % profiles.size()], "s" + std::to_string(i), rng() % 10));
      if (rng() % 3 == 0) {
        entries.back().after = rng() % 4 == 0 ? "" : "s" + std::to_string(rng() % (n + 2));
        entries.back().move_seq = rng() % 5;
      }
    }
    for (auto policy : {v1::PRECEDENCE_POLICY_PROTOCOL, v1::PRECEDENCE_POLICY_INSCRIPTION_ORDER,
                        v1::PRECEDENCE_POLICY_DRAW_BY_LOT}) {
      auto order = SpeakingOrder(entries, {policy, rng() % 2 == 0, static_cast<int64_t>(rng())});
      ASSERT_EQ(order.size(), entries.size());
      std::vector<size_t> sorted = order;
      std::sort(sorted.begin(), sorted.end());
      for (size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);
    }
  }
}

TEST(StatementKindTest, EachEntityMakesTheStatementsItMay) {
  using K = v1::StatementKind;
  struct Case {
    v1::EntityKind entity;
    K asked;
    K expected;  // UNSPECIFIED: refused
  } cases[] = {
      {v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_UNSPECIFIED, v1::STATEMENT_KIND_NATIONAL},
      {v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP,
       v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP},
      {v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_JOINT, v1::STATEMENT_KIND_JOINT},
      {v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_OBSERVER, v1::STATEMENT_KIND_UNSPECIFIED},
      {v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_ORGANIZATION,
       v1::STATEMENT_KIND_UNSPECIFIED},
      {v1::ENTITY_KIND_OBSERVER_STATE, v1::STATEMENT_KIND_NATIONAL, v1::STATEMENT_KIND_OBSERVER},
      {v1::ENTITY_KIND_OBSERVER_STATE, v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP,
       v1::STATEMENT_KIND_UNSPECIFIED},
      {v1::ENTITY_KIND_UN_ENTITY, v1::STATEMENT_KIND_UNSPECIFIED, v1::STATEMENT_KIND_ORGANIZATION},
      {v1::ENTITY_KIND_CIVIL_SOCIETY, v1::STATEMENT_KIND_NATIONAL, v1::STATEMENT_KIND_UNSPECIFIED},
  };
  for (const Case& c : cases) {
    auto kind = StatementKindFor(c.entity, c.asked, "speaker.kind");
    if (c.expected == v1::STATEMENT_KIND_UNSPECIFIED) {
      EXPECT_EQ(kind.status().code(), absl::StatusCode::kInvalidArgument)
          << v1::EntityKind_Name(c.entity) << " " << v1::StatementKind_Name(c.asked);
    } else {
      ASSERT_TRUE(kind.ok()) << kind.status();
      EXPECT_EQ(*kind, c.expected);
    }
  }
}

// Six meetings of 30 minutes; statements of five minutes: six speakers a meeting.
std::vector<MeetingSlot> SixMeetings() {
  std::vector<MeetingSlot> m;
  for (int i = 1; i <= 6; ++i) m.push_back({"m" + std::to_string(i), 1800});
  return m;
}

TEST(DistributionTest, MeetingsFillInSpeakingOrderUpToTheirLength) {
  std::vector<SpeakerSlot> speakers(40, SpeakerSlot{300, ""});
  auto d = DistributeSpeakers(speakers, SixMeetings());
  for (int s = 0; s < 36; ++s) EXPECT_EQ(d.meeting[s], s / 6) << s;
  for (int s = 36; s < 40; ++s) EXPECT_EQ(d.meeting[s], -1) << s;
  for (int m = 0; m < 6; ++m) EXPECT_EQ(d.planned_seconds[m], 1800);
}

TEST(DistributionTest, ALongStatementMovesOnAndTheOrderNeverGoesBack) {
  // 1,500 s used, then a 420 s statement that does not fit, then a 300 s one that would: it
  // follows the long one into the next meeting rather than speaking before it.
  std::vector<SpeakerSlot> speakers = {{300, ""}, {300, ""}, {300, ""}, {300, ""},
                                       {300, ""}, {420, ""}, {300, ""}};
  auto d = DistributeSpeakers(speakers, SixMeetings());
  EXPECT_EQ(d.meeting, (std::vector<int>{0, 0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(d.planned_seconds[0], 1500);
  EXPECT_EQ(d.planned_seconds[1], 720);
}

TEST(DistributionTest, ThoseWhoSpokeStayAndMeetingsThatAreOverTakeNobody) {
  // Speakers 0-3 spoke in m2 (one of them early in m1); the rest go to m2 and after.
  std::vector<SpeakerSlot> speakers = {{300, "m1"}, {300, "m2"}, {300, "m2"}, {300, "m2"},
                                       {300, ""},   {300, ""},   {300, ""},   {300, ""}};
  auto d = DistributeSpeakers(speakers, SixMeetings());
  EXPECT_EQ(d.meeting, (std::vector<int>{0, 1, 1, 1, 1, 1, 1, 2}));
  EXPECT_EQ(d.planned_seconds[0], 300);
  EXPECT_EQ(d.planned_seconds[1], 1800);
}

TEST(DistributionTest, AStatementLongerThanAnyMeetingIsLeftOutAlone) {
  std::vector<SpeakerSlot> speakers = {{300, ""}, {4000, ""}, {300, ""}};
  auto d = DistributeSpeakers(speakers, SixMeetings());
  EXPECT_EQ(d.meeting, (std::vector<int>{0, -1, 0}));
}

TEST(DistributionTest, NoMeetingsPlaceNobody) {
  auto d = DistributeSpeakers({{300, ""}}, {});
  EXPECT_EQ(d.meeting, (std::vector<int>{-1}));
  EXPECT_TRUE(d.planned_seconds.empty());
}

}  // namespace
}  // namespace forum::domain

namespace forum::domain {
namespace {

TEST(TurnClockTest, PausesAreLeftOutOfTheSpeakingTime) {
  TurnClock c{1'000'000, 0, 0};
  EXPECT_EQ(ElapsedMicros(c, 61'000'000), 60'000'000);
  c = Paused(c, 31'000'000);  // 30 s spoken, then stopped
  EXPECT_EQ(ElapsedMicros(c, 90'000'000), 30'000'000);
  EXPECT_EQ(Paused(c, 50'000'000).paused_since, 31'000'000);  // a second pause changes nothing
  c = Resumed(c, 41'000'000);                                 // 10 s stopped
  EXPECT_EQ(c.paused, 10'000'000);
  EXPECT_EQ(ElapsedMicros(c, 71'000'000), 60'000'000);
  EXPECT_EQ(ElapsedMicros(c, 0), 0);  // a clock read before its start is not negative
}

TEST(TurnClockTest, OverrunsAndReplyLimits) {
  EXPECT_EQ(OverrunSeconds(299'999'999, 300), 0);
  EXPECT_EQ(OverrunSeconds(301'000'000, 300), 1);
  EXPECT_EQ(OverrunSeconds(900'000'000, 0), 0);
  v1::SpeakerList list;
  list.set_replies_per_meeting(2);
  list.set_first_reply_seconds(600);
  list.set_second_reply_seconds(300);
  EXPECT_EQ(ReplyLimitSeconds(list, 0), 600);
  EXPECT_EQ(ReplyLimitSeconds(list, 1), 300);
  EXPECT_EQ(ReplyLimitSeconds(list, 2), 0);
  list.set_replies_per_meeting(0);
  EXPECT_EQ(ReplyLimitSeconds(list, 0), 0);
}

TEST(ParticipationTest, CountsGovernmentsOnceAtTheirHighestLevel) {
  using T = DeliveredTurn;
  std::vector<T> turns = {
      // France spoke twice: nationally by its minister, for a group by its President.
      {v1::FLOOR_TURN_STATEMENT, "fra", v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_NATIONAL,
       v1::PROTOCOL_RANK_MINISTER, 300, false},
      {v1::FLOOR_TURN_STATEMENT, "fra", v1::ENTITY_KIND_MEMBER_STATE,
       v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP, v1::PROTOCOL_RANK_HEAD_OF_STATE, 420, true},
      {v1::FLOOR_TURN_STATEMENT, "mex", v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_NATIONAL,
       v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE, 250, false},
      {v1::FLOOR_TURN_STATEMENT, "gha", v1::ENTITY_KIND_MEMBER_STATE, v1::STATEMENT_KIND_NATIONAL,
       v1::PROTOCOL_RANK_VICE_MINISTER, 280, false},
      {v1::FLOOR_TURN_STATEMENT, "vat", v1::ENTITY_KIND_OBSERVER_STATE, v1::STATEMENT_KIND_OBSERVER,
       v1::PROTOCOL_RANK_OTHER, 200, false},
      {v1::FLOOR_TURN_STATEMENT, "iom", v1::ENTITY_KIND_INTERGOVERNMENTAL_ORGANIZATION,
       v1::STATEMENT_KIND_ORGANIZATION, v1::PROTOCOL_RANK_OTHER, 180, false},
      {v1::FLOOR_TURN_STATEMENT, "undp", v1::ENTITY_KIND_UN_ENTITY, v1::STATEMENT_KIND_ORGANIZATION,
       v1::PROTOCOL_RANK_OTHER, 170, false},
      // Replies and points of order are not statements and count no Government.
      {v1::FLOOR_TURN_RIGHT_OF_REPLY, "arm", v1::ENTITY_KIND_MEMBER_STATE,
       v1::STATEMENT_KIND_UNSPECIFIED, v1::PROTOCOL_RANK_UNSPECIFIED, 100, false},
      {v1::FLOOR_TURN_POINT_OF_ORDER, "aze", v1::ENTITY_KIND_MEMBER_STATE,
       v1::STATEMENT_KIND_UNSPECIFIED, v1::PROTOCOL_RANK_UNSPECIFIED, 20, false},
  };
  v1::Participation p = CountParticipation(turns);
  EXPECT_EQ(p.governments(), 3);
  EXPECT_EQ(p.governments_at_highest_level(), 1);
  EXPECT_EQ(p.governments_at_ministerial_level(), 1);
  EXPECT_EQ(p.observer_states(), 1);
  EXPECT_EQ(p.organizations(), 2);
  EXPECT_EQ(p.statements(), 7);
  EXPECT_EQ(p.rights_of_reply(), 1);
  EXPECT_EQ(p.points_of_order(), 1);
  EXPECT_EQ(p.overruns(), 1);
  EXPECT_EQ(p.speaking_seconds(), 1920);
  EXPECT_EQ(p.summary(),
            "3 Governments spoke, 1 of them at the level of head of State or Government and 1 at "
            "ministerial level or above; 1 observer State and 2 organizations also spoke (7 "
            "statements, 1 right of reply, 1 point of order).");
}

}  // namespace
}  // namespace forum::domain
