// forum.v1.SpeakerService through the real server: inscription and its limits, the order kept
// in the store, level changes, manual moves, the draw, distribution over plenary meetings,
// closed lists and who may do what.
#include <string>
#include <vector>

#include "tests/services/speaker_fixture.h"

namespace forum::testing {
namespace {

TEST_F(SpeakerServiceTest, EveryEventAndRoundTableHasAListWithTheDefaults) {
  v1::GetSpeakerListRequest request;
  request.set_name(kPlenary);
  v1::SpeakerList list;
  ASSERT_TRUE(speakers_->GetSpeakerList(Call().get(), request, &list).ok());
  EXPECT_EQ(list.title(), "Plenary");
  EXPECT_TRUE(list.open());
  EXPECT_TRUE(list.groups_first());
  EXPECT_EQ(list.policy(), v1::PRECEDENCE_POLICY_PROTOCOL);
  EXPECT_EQ(list.time_limits().national_seconds(), 300);
  EXPECT_EQ(list.replies_per_meeting(), 2);
  EXPECT_EQ(list.first_reply_seconds(), 600);
  EXPECT_EQ(list.second_reply_seconds(), 300);
  EXPECT_FALSE(list.etag().empty());

  request.set_name("events/gfmd-2027/speakerLists/no-such-table");
  EXPECT_EQ(speakers_->GetSpeakerList(Call().get(), request, &list).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_name("events/gfmd-2027/speakerLists/Bad_Id");
  EXPECT_EQ(speakers_->GetSpeakerList(Call().get(), request, &list).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // The reference event has its plenary list, and one per round table.
  v1::ListSpeakerListsRequest all;
  all.set_parent("events/hld-2006");
  v1::ListSpeakerListsResponse lists;
  ASSERT_TRUE(speakers_->ListSpeakerLists(Call().get(), all, &lists).ok());
  ASSERT_EQ(lists.speaker_lists_size(), 5);
  EXPECT_EQ(lists.speaker_lists(0).name(), "events/hld-2006/speakerLists/plenary");
  EXPECT_FALSE(lists.speaker_lists(1).round_table().empty());
  // Paged one at a time, the same five.
  all.set_page_size(1);
  std::vector<std::string> names;
  for (int page = 0; page < 10; ++page) {
    ASSERT_TRUE(speakers_->ListSpeakerLists(Call().get(), all, &lists).ok());
    for (const auto& l : lists.speaker_lists()) names.push_back(l.name());
    if (lists.next_page_token().empty()) break;
    all.set_page_token(lists.next_page_token());
  }
  EXPECT_EQ(names.size(), 5u);
  EXPECT_EQ(names[0], "events/hld-2006/speakerLists/plenary");
}

TEST_F(SpeakerServiceTest, TheListRunsInProtocolOrderAndALevelChangeMovesTheEntry) {
  MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("mex", v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE);
  Register(kEvent, "iom");
  v1::Speaker iom;
  ASSERT_TRUE(Inscribe("iom", v1::PROTOCOL_RANK_UNSPECIFIED, &iom).ok());
  EXPECT_EQ(iom.kind(), v1::STATEMENT_KIND_ORGANIZATION);
  MustInscribe("fra", v1::PROTOCOL_RANK_HEAD_OF_STATE);
  MustInscribe("jam", v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE,
               v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP);
  Register(kEvent, "vat");
  v1::Speaker vat;
  ASSERT_TRUE(Inscribe("vat", v1::PROTOCOL_RANK_UNSPECIFIED, &vat).ok());
  EXPECT_EQ(vat.kind(), v1::STATEMENT_KIND_OBSERVER);
  MustInscribe("che", v1::PROTOCOL_RANK_MINISTER);

  EXPECT_EQ(Order(), (std::vector<std::string>{"jam", "fra", "bel", "che", "mex", "vat", "iom"}));

  // Mexico's permanent representative is replaced by its minister: it moves up among the
  // ministers, after those inscribed before it.
  v1::UpdateSpeakerRequest update;
  update.mutable_speaker()->set_name(std::string(kPlenary) + "/speakers/mex");
  update.mutable_speaker()->set_level(v1::PROTOCOL_RANK_MINISTER);
  update.mutable_speaker()->set_speaker_name("Ms. A. Example");
  update.mutable_update_mask()->add_paths("level");
  update.mutable_update_mask()->add_paths("speaker_name");
  v1::Speaker mex;
  ASSERT_TRUE(speakers_->UpdateSpeaker(Call().get(), update, &mex).ok());
  EXPECT_EQ(mex.position(), 4);
  EXPECT_EQ(mex.speaker_name(), "Ms. A. Example");
  EXPECT_EQ(Order(), (std::vector<std::string>{"jam", "fra", "bel", "mex", "che", "vat", "iom"}));

  // A minister replaced by a vice-minister goes down.
  update.mutable_speaker()->set_name(std::string(kPlenary) + "/speakers/bel");
  update.mutable_speaker()->set_level(v1::PROTOCOL_RANK_VICE_MINISTER);
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("level");
  v1::Speaker bel;
  ASSERT_TRUE(speakers_->UpdateSpeaker(Call().get(), update, &bel).ok());
  EXPECT_EQ(Order(), (std::vector<std::string>{"jam", "fra", "mex", "che", "bel", "vat", "iom"}));
}

TEST_F(SpeakerServiceTest, InscriptionRulesAndTheirCodes) {
  Register(kEvent, "bel");
  v1::Speaker out;
  // A Member State's level is required.
  grpc::Status s = Inscribe("bel", v1::PROTOCOL_RANK_UNSPECIFIED, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), (std::vector<std::string>{"speaker.level"}));
  // An organization cannot speak nationally.
  Register(kEvent, "iom");
  s = Inscribe("iom", v1::PROTOCOL_RANK_UNSPECIFIED, &out, v1::STATEMENT_KIND_NATIONAL);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // No delegation, no speaker.
  s = Inscribe("arg", v1::PROTOCOL_RANK_MINISTER, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  // One national statement per delegation per list...
  ASSERT_TRUE(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &out).ok());
  EXPECT_EQ(out.name(), std::string(kPlenary) + "/speakers/bel");
  EXPECT_EQ(out.state(), v1::SPEAKER_STATE_INSCRIBED);
  EXPECT_EQ(out.time_limit_seconds(), 300);
  EXPECT_EQ(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // ...but it may also speak for a group, as a second entry.
  v1::Speaker group;
  ASSERT_TRUE(
      Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &group, v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP)
          .ok());
  EXPECT_EQ(group.name(), std::string(kPlenary) + "/speakers/bel-2");
  EXPECT_EQ(group.time_limit_seconds(), 420);
  // A retry with the same request id returns the first answer and inscribes nothing.
  Register(kEvent, "che");
  v1::Speaker first, again;
  ASSERT_TRUE(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &first, {}, "", kPlenary, "r1").ok());
  ASSERT_TRUE(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &again, {}, "", kPlenary, "r1").ok());
  EXPECT_EQ(first.name(), again.name());
  EXPECT_EQ(Order().size(), 3u);
  // A withdrawn delegation's speakers leave the list.
  v1::WithdrawDelegationRequest withdraw;
  withdraw.set_name(std::string("events/") + kEvent + "/delegations/bel");
  v1::Delegation d;
  ASSERT_TRUE(delegations_->WithdrawDelegation(Call().get(), withdraw, &d).ok());
  EXPECT_EQ(Order(), (std::vector<std::string>{"che"}));
  EXPECT_EQ(Order(kPlenary, true), (std::vector<std::string>{"che", "bel", "bel-2"}));
  EXPECT_EQ(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SpeakerServiceTest, ManualMovesHoldThroughReorderingAndAreRecorded) {
  MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("che", v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("deu", v1::PROTOCOL_RANK_MINISTER);
  v1::Speaker moved;
  ASSERT_TRUE(Move("deu", "", &moved).ok());
  EXPECT_EQ(moved.position(), 1);
  EXPECT_EQ(moved.placement().reason(), "the minister must leave for another meeting");
  EXPECT_FALSE(moved.placement().moved_by().empty());
  EXPECT_EQ(Order(), (std::vector<std::string>{"deu", "bel", "che"}));
  // A head of State inscribed later takes its place by protocol; the move holds.
  MustInscribe("fra", v1::PROTOCOL_RANK_HEAD_OF_STATE);
  EXPECT_EQ(Order(), (std::vector<std::string>{"deu", "fra", "bel", "che"}));
  // So it does under another policy.
  v1::SpeakerList patch;
  patch.set_policy(v1::PRECEDENCE_POLICY_INSCRIPTION_ORDER);
  v1::SpeakerList list;
  ASSERT_TRUE(UpdateList(patch, {"policy"}, &list).ok());
  EXPECT_EQ(Order(), (std::vector<std::string>{"deu", "bel", "che", "fra"}));
  // Moving the anchor keeps those placed after it where they are.
  ASSERT_TRUE(Move("che", "deu", &moved).ok());
  EXPECT_EQ(Order(), (std::vector<std::string>{"deu", "che", "bel", "fra"}));
  ASSERT_TRUE(Move("deu", "fra", &moved).ok());
  EXPECT_EQ(Order(), (std::vector<std::string>{"che", "bel", "fra", "deu"}));
  // A level change ends a placement.
  v1::UpdateSpeakerRequest update;
  update.mutable_speaker()->set_name(std::string(kPlenary) + "/speakers/deu");
  update.mutable_speaker()->set_level(v1::PROTOCOL_RANK_VICE_MINISTER);
  update.mutable_update_mask()->add_paths("level");
  v1::Speaker deu;
  ASSERT_TRUE(speakers_->UpdateSpeaker(Call().get(), update, &deu).ok());
  EXPECT_FALSE(deu.has_placement());
  // Bad moves change nothing.
  EXPECT_EQ(Move("bel", "bel", &moved).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Move("bel", "zzz", &moved).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::MoveSpeakerRequest no_reason;
  no_reason.set_name(std::string(kPlenary) + "/speakers/bel");
  EXPECT_EQ(speakers_->MoveSpeaker(Call().get(), no_reason, &moved).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SpeakerServiceTest, TheDrawIsRecordedAndRedoneFromItsSeed) {
  for (const char* code : {"bel", "che", "deu", "esp", "fin", "grc", "hun", "irl"}) {
    MustInscribe(code, v1::PROTOCOL_RANK_MINISTER);
  }
  v1::SpeakerList patch;
  patch.set_policy(v1::PRECEDENCE_POLICY_DRAW_BY_LOT);
  v1::SpeakerList list;
  ASSERT_TRUE(UpdateList(patch, {"policy"}, &list).ok());
  EXPECT_NE(list.draw_seed(), 0);
  auto drawn = Order();
  // Eight ministers in one draw: not the inscription order (1 chance in 40,320 of being so).
  EXPECT_NE(drawn,
            (std::vector<std::string>{"bel", "che", "deu", "esp", "fin", "grc", "hun", "irl"}));
  // Another seed draws another order; the recorded one again, the first draw.
  patch.set_draw_seed(list.draw_seed() + 1);
  v1::SpeakerList other;
  ASSERT_TRUE(UpdateList(patch, {"draw_seed"}, &other).ok());
  EXPECT_NE(Order(), drawn);
  patch.set_draw_seed(list.draw_seed());
  ASSERT_TRUE(UpdateList(patch, {"draw_seed"}, &other).ok());
  EXPECT_EQ(Order(), drawn);
  // A stale etag changes nothing.
  patch.set_etag(list.etag());
  patch.set_open(false);
  EXPECT_EQ(UpdateList(patch, {"open"}, &other).error_code(), grpc::StatusCode::ABORTED);
  // Limits are checked.
  v1::SpeakerList bad;
  bad.mutable_time_limits()->set_national_seconds(5);
  grpc::Status s = UpdateList(bad, {"time_limits"}, &other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s),
            (std::vector<std::string>{"speaker_list.time_limits.national_seconds"}));
}

TEST_F(SpeakerServiceTest, DistributionFillsMeetingsInOrderAndKeepsTheDryRunHonest) {
  // Two meetings of 30 and 20 minutes; five-minute statements.
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T08:30:00Z");
  AddSession(2, "2027-05-10T13:00:00Z", "2027-05-10T13:20:00Z");
  const char* codes[] = {"bel", "che", "deu", "esp", "fin", "grc",
                         "hun", "irl", "ita", "lux", "mlt"};
  for (const char* code : codes) MustInscribe(code, v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("fra", v1::PROTOCOL_RANK_HEAD_OF_STATE);

  v1::DistributeSpeakersRequest request;
  request.set_speaker_list(kPlenary);
  request.set_dry_run(true);
  v1::DistributeSpeakersResponse plan;
  ASSERT_TRUE(speakers_->DistributeSpeakers(Call().get(), request, &plan).ok());
  ASSERT_EQ(plan.meetings_size(), 2);
  EXPECT_EQ(plan.meetings(0).speaker_count(), 6);
  EXPECT_EQ(plan.meetings(0).highest_level_count(), 1);  // the head of State, first
  EXPECT_EQ(plan.meetings(0).planned_seconds(), 1800);
  EXPECT_EQ(plan.meetings(1).speaker_count(), 4);
  EXPECT_EQ(plan.unplaced_size(), 2);
  EXPECT_EQ(plan.moved_count(), 10);
  // The dry run wrote nothing.
  v1::GetSpeakerRequest get;
  get.set_name(std::string(kPlenary) + "/speakers/fra");
  v1::Speaker fra;
  ASSERT_TRUE(speakers_->GetSpeaker(Call().get(), get, &fra).ok());
  EXPECT_TRUE(fra.session().empty());

  request.set_dry_run(false);
  v1::DistributeSpeakersResponse done;
  ASSERT_TRUE(speakers_->DistributeSpeakers(Call().get(), request, &done).ok());
  EXPECT_EQ(done.moved_count(), 10);
  ASSERT_TRUE(speakers_->GetSpeaker(Call().get(), get, &fra).ok());
  EXPECT_EQ(fra.state(), v1::SPEAKER_STATE_ASSIGNED);
  EXPECT_EQ(fra.session(), std::string("events/") + kEvent + "/sessions/meeting-1");

  // Listing one meeting's speakers.
  v1::ListSpeakersRequest list;
  list.set_parent(kPlenary);
  list.set_session(std::string("events/") + kEvent + "/sessions/meeting-2");
  v1::ListSpeakersResponse second;
  ASSERT_TRUE(speakers_->ListSpeakers(Call().get(), list, &second).ok());
  EXPECT_EQ(second.total_size(), 4);

  // A withdrawal frees a place: the next run moves one speaker up into the second meeting.
  v1::WithdrawSpeakerRequest withdraw;
  withdraw.set_name(std::string(kPlenary) + "/speakers/bel");
  v1::Speaker bel;
  ASSERT_TRUE(speakers_->WithdrawSpeaker(Call().get(), withdraw, &bel).ok());
  EXPECT_EQ(bel.position(), 0);
  ASSERT_TRUE(speakers_->DistributeSpeakers(Call().get(), request, &done).ok());
  EXPECT_EQ(done.unplaced_size(), 1);
  // A round table's list is not distributed.
  request.set_speaker_list(std::string("events/") + kEvent + "/speakerLists/rt-1");
  EXPECT_EQ(speakers_->DistributeSpeakers(Call().get(), request, &done).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SpeakerServiceTest, FocalPointsActForTheirOwnDelegationWhileTheListIsOpen) {
  Register(kEvent, "bel");
  Register(kEvent, "che");
  std::string bel = TokenFor({"focal-point=events/gfmd-2027/delegations/bel"});
  std::string chair = TokenFor({"chair=events/gfmd-2027"});
  std::string reader = TokenFor({"reader"});
  v1::Speaker out;
  EXPECT_EQ(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &out, {}, bel).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &out, {}, reader).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &out, {}, bel).ok());
  // Only the chairs move speakers.
  v1::Speaker moved;
  EXPECT_EQ(Move("bel", "", &moved, bel).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // The chair closes the list: the focal point can no longer inscribe or withdraw; the chair can.
  v1::SpeakerList patch;
  patch.set_open(false);
  v1::SpeakerList list;
  EXPECT_EQ(UpdateList(patch, {"open"}, &list, bel).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(UpdateList(patch, {"open"}, &list, chair).ok());
  v1::WithdrawSpeakerRequest withdraw;
  withdraw.set_name(std::string(kPlenary) + "/speakers/bel");
  EXPECT_EQ(speakers_->WithdrawSpeaker(CallAs(bel).get(), withdraw, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &out, {}, chair).error_code(),
            grpc::StatusCode::OK);
  // A deadline passed closes it for focal points as well.
  patch.set_open(true);
  *patch.mutable_inscription_deadline() = At("2020-01-01T00:00:00Z");
  ASSERT_TRUE(UpdateList(patch, {"open", "inscription_deadline"}, &list, chair).ok());
  EXPECT_EQ(speakers_->WithdrawSpeaker(CallAs(bel).get(), withdraw, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  patch.clear_inscription_deadline();
  ASSERT_TRUE(UpdateList(patch, {"inscription_deadline"}, &list, chair).ok());
  ASSERT_TRUE(speakers_->WithdrawSpeaker(CallAs(bel).get(), withdraw, &out).ok());
  EXPECT_EQ(out.state(), v1::SPEAKER_STATE_WITHDRAWN);
  // Once withdrawn, it stays withdrawn.
  EXPECT_EQ(speakers_->WithdrawSpeaker(Call().get(), withdraw, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SpeakerServiceTest, PagesOfAListCoverItOnceInOrder) {
  const char* codes[] = {"bel", "che", "deu", "esp", "fin", "grc", "hun"};
  for (const char* code : codes) MustInscribe(code, v1::PROTOCOL_RANK_MINISTER);
  v1::WithdrawSpeakerRequest withdraw;
  withdraw.set_name(std::string(kPlenary) + "/speakers/deu");
  v1::Speaker out;
  ASSERT_TRUE(speakers_->WithdrawSpeaker(Call().get(), withdraw, &out).ok());
  for (bool withdrawn : {false, true}) {
    v1::ListSpeakersRequest request;
    request.set_parent(kPlenary);
    request.set_page_size(2);
    request.set_show_withdrawn(withdrawn);
    std::vector<std::string> seen;
    for (int page = 0; page < 10; ++page) {
      v1::ListSpeakersResponse response;
      ASSERT_TRUE(speakers_->ListSpeakers(Call().get(), request, &response).ok());
      EXPECT_EQ(response.total_size(), withdrawn ? 7 : 6);
      for (const auto& s : response.speakers())
        seen.push_back(s.name().substr(s.name().rfind('/') + 1));
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    EXPECT_EQ(seen, Order(kPlenary, withdrawn));
    EXPECT_EQ(seen.size(), withdrawn ? 7u : 6u);
  }
}

TEST_F(SpeakerServiceTest, TheChairRunsTheMeetingAndTheRecordCountsWhoSpoke) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
  MustInscribe("fra", v1::PROTOCOL_RANK_HEAD_OF_STATE);
  MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("che", v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE);
  Register(kEvent, "iom");
  v1::Speaker iom;
  ASSERT_TRUE(Inscribe("iom", v1::PROTOCOL_RANK_UNSPECIFIED, &iom).ok());
  const std::string meeting = std::string("events/") + kEvent + "/sessions/meeting-1";

  // Nothing under way yet: the first call names the meeting.
  v1::Floor floor;
  auto start = OnPlenary<v1::StartNextSpeakerRequest>();
  EXPECT_EQ(speakers_->StartNextSpeaker(Call().get(), start, &floor).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(speakers_->PauseSpeaker(Call().get(), OnPlenary<v1::PauseSpeakerRequest>(), &floor)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  start.set_session(meeting);
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  EXPECT_EQ(floor.session(), meeting);
  EXPECT_EQ(floor.current().speaker(), std::string(kPlenary) + "/speakers/fra");
  EXPECT_EQ(floor.current().limit_seconds(), 300);
  ASSERT_EQ(floor.next_size(), 3);
  EXPECT_EQ(floor.next(0).name(), std::string(kPlenary) + "/speakers/bel");

  // Pause and resume; a second pause leaves the clock stopped.
  ASSERT_TRUE(
      speakers_->PauseSpeaker(Call().get(), OnPlenary<v1::PauseSpeakerRequest>(), &floor).ok());
  EXPECT_TRUE(floor.paused());
  ASSERT_TRUE(
      speakers_->PauseSpeaker(Call().get(), OnPlenary<v1::PauseSpeakerRequest>(), &floor).ok());
  EXPECT_TRUE(floor.paused());
  ASSERT_TRUE(
      speakers_->ResumeSpeaker(Call().get(), OnPlenary<v1::ResumeSpeakerRequest>(), &floor).ok());
  EXPECT_FALSE(floor.paused());

  // A point of order interrupts; ending it gives the floor back to France.
  auto poo = OnPlenary<v1::RaisePointOfOrderRequest>();
  poo.set_delegation(std::string("events/") + kEvent + "/delegations/che");
  ASSERT_TRUE(speakers_->RaisePointOfOrder(Call().get(), poo, &floor).ok());
  EXPECT_EQ(floor.current().turn(), v1::FLOOR_TURN_POINT_OF_ORDER);
  EXPECT_EQ(floor.interrupted().speaker(), std::string(kPlenary) + "/speakers/fra");
  EXPECT_EQ(speakers_->RaisePointOfOrder(Call().get(), poo, &floor).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(speakers_->StartNextSpeaker(Call().get(), start, &floor).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(speakers_->EndSpeaker(Call().get(), OnPlenary<v1::EndSpeakerRequest>(), &floor).ok());
  EXPECT_EQ(floor.current().speaker(), std::string(kPlenary) + "/speakers/fra");
  EXPECT_FALSE(floor.has_interrupted());

  // France has spoken; Belgium is called and is not in the room: it goes to the end of its
  // level, and being the only minister, it is called again.
  start.clear_session();
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  EXPECT_EQ(floor.current().speaker(), std::string(kPlenary) + "/speakers/bel");
  start.set_current_absent(true);
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  EXPECT_EQ(floor.current().speaker(), std::string(kPlenary) + "/speakers/bel");  // called again
  start.set_current_absent(false);

  // Belgium replies twice at the end of the meeting; a third reply is refused.
  auto reply = OnPlenary<v1::RequestRightOfReplyRequest>();
  reply.set_delegation(std::string("events/") + kEvent + "/delegations/bel");
  v1::Statement first, second, third;
  ASSERT_TRUE(speakers_->RequestRightOfReply(Call().get(), reply, &first).ok());
  EXPECT_EQ(first.limit_seconds(), 600);
  EXPECT_EQ(first.reply_number(), 1);
  ASSERT_TRUE(speakers_->RequestRightOfReply(Call().get(), reply, &second).ok());
  EXPECT_EQ(second.limit_seconds(), 300);
  grpc::Status refused = speakers_->RequestRightOfReply(Call().get(), reply, &third);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(refused), (std::vector<std::string>{"REPLIES_USED"}));

  // The rest of the list, then the replies, then nobody.
  std::vector<std::string> turns;
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
    if (!floor.has_current()) break;
    turns.push_back(
        v1::FloorTurn_Name(floor.current().turn()) + " " +
        floor.current().delegation().substr(floor.current().delegation().rfind('/') + 1));
  }
  EXPECT_EQ(turns, (std::vector<std::string>{"FLOOR_TURN_STATEMENT che", "FLOOR_TURN_STATEMENT iom",
                                             "FLOOR_TURN_RIGHT_OF_REPLY bel",
                                             "FLOOR_TURN_RIGHT_OF_REPLY bel"}));
  EXPECT_EQ(floor.next_size(), 0);

  // The record: in the order turns began, Belgium's call taken back.
  v1::ListStatementsRequest record;
  record.set_parent(kPlenary);
  v1::ListStatementsResponse statements;
  ASSERT_TRUE(speakers_->ListStatements(Call().get(), record, &statements).ok());
  std::vector<std::string> who;
  for (const auto& st : statements.statements()) {
    who.push_back(st.delegation().substr(st.delegation().rfind('/') + 1));
    EXPECT_TRUE(st.has_end_time());
    EXPECT_EQ(st.session(), meeting);
  }
  EXPECT_EQ(who, (std::vector<std::string>{"fra", "che", "bel", "che", "iom", "bel", "bel"}));

  v1::GetParticipationRequest figures;
  figures.set_name(std::string(kPlenary) + "/participation");
  v1::Participation p;
  ASSERT_TRUE(speakers_->GetParticipation(Call().get(), figures, &p).ok());
  EXPECT_EQ(p.governments(), 3);
  EXPECT_EQ(p.governments_at_highest_level(), 1);
  EXPECT_EQ(p.organizations(), 1);
  EXPECT_EQ(p.statements(), 4);
  EXPECT_EQ(p.points_of_order(), 1);
  EXPECT_EQ(p.rights_of_reply(), 2);

  // Those who spoke can no longer be changed or withdrawn.
  v1::WithdrawSpeakerRequest withdraw;
  withdraw.set_name(std::string(kPlenary) + "/speakers/fra");
  v1::Speaker out;
  EXPECT_EQ(speakers_->WithdrawSpeaker(Call().get(), withdraw, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SpeakerServiceTest, AnAbsentSpeakerGoesAfterTheOthersOfItsLevelUnderEveryPolicy) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
  for (const char* code : {"bel", "che", "deu"}) MustInscribe(code, v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("mex", v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE);
  // A draw (whose lots ignore inscription time) and a place given by hand: neither may bring
  // the absent speaker straight back.
  v1::SpeakerList patch;
  patch.set_policy(v1::PRECEDENCE_POLICY_DRAW_BY_LOT);
  v1::SpeakerList list;
  ASSERT_TRUE(UpdateList(patch, {"policy"}, &list).ok());
  std::string first = Order().front();
  v1::Speaker moved;
  ASSERT_TRUE(Move(first, "", &moved).ok());
  auto start = OnPlenary<v1::StartNextSpeakerRequest>();
  start.set_session(std::string("events/") + kEvent + "/sessions/meeting-1");
  v1::Floor floor;
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  EXPECT_EQ(floor.current().speaker(), std::string(kPlenary) + "/speakers/" + first);
  start.set_current_absent(true);
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  EXPECT_NE(floor.current().speaker(), std::string(kPlenary) + "/speakers/" + first);
  // It now comes after the other two ministers, and still before the ambassador.
  auto order = Order();
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order[2], first);
  EXPECT_EQ(order[3], "mex");
  v1::GetSpeakerRequest get;
  get.set_name(std::string(kPlenary) + "/speakers/" + first);
  v1::Speaker absent;
  ASSERT_TRUE(speakers_->GetSpeaker(Call().get(), get, &absent).ok());
  EXPECT_FALSE(absent.has_placement());
  EXPECT_GT(absent.absent_sequence(), 0);
}

TEST_F(SpeakerServiceTest, NoRoundTableTakesTheNameOfThePlenaryList) {
  v1::CreateRoundTableRequest request;
  request.set_parent(std::string("events/") + kEvent);
  request.set_round_table_id("plenary");
  request.mutable_round_table()->set_number(1);
  request.mutable_round_table()->set_title("A table named like the plenary");
  request.mutable_round_table()->set_capacity(10);
  v1::RoundTable out;
  grpc::Status s = round_tables_->CreateRoundTable(Call().get(), request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), (std::vector<std::string>{"round_table_id"}));
}

TEST_F(SpeakerServiceTest, RepliesOfAMeetingAreCalledBeforeAnotherMeetingStarts) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
  AddSession(2, "2027-05-10T13:00:00Z", "2027-05-10T15:00:00Z");
  MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);
  auto start = OnPlenary<v1::StartNextSpeakerRequest>();
  start.set_session(std::string("events/") + kEvent + "/sessions/meeting-1");
  v1::Floor floor;
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  auto reply = OnPlenary<v1::RequestRightOfReplyRequest>();
  reply.set_delegation(std::string("events/") + kEvent + "/delegations/bel");
  v1::Statement queued;
  ASSERT_TRUE(speakers_->RequestRightOfReply(Call().get(), reply, &queued).ok());
  start.set_session(std::string("events/") + kEvent + "/sessions/meeting-2");
  grpc::Status refused = speakers_->StartNextSpeaker(Call().get(), start, &floor);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(refused), (std::vector<std::string>{"REPLIES_QUEUED"}));
  // A delegation that withdraws takes its queued replies with it.
  v1::WithdrawDelegationRequest withdraw;
  withdraw.set_name(std::string("events/") + kEvent + "/delegations/bel");
  v1::Delegation d;
  ASSERT_TRUE(delegations_->WithdrawDelegation(Call().get(), withdraw, &d).ok());
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  EXPECT_FALSE(floor.has_current());
  EXPECT_EQ(floor.replies_size(), 0);
}

TEST_F(SpeakerServiceTest, AnOverrunIsRecordedAndADroppedSpeakerLeavesTheList) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
  MustInscribe("fra", v1::PROTOCOL_RANK_HEAD_OF_STATE);
  MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);
  v1::SpeakerList patch;
  patch.set_absent_policy(v1::ABSENT_POLICY_DROP);
  v1::SpeakerList list;
  ASSERT_TRUE(UpdateList(patch, {"absent_policy"}, &list).ok());
  auto start = OnPlenary<v1::StartNextSpeakerRequest>();
  start.set_session(std::string("events/") + kEvent + "/sessions/meeting-1");
  v1::Floor floor;
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  // France began seven minutes ago, as a clock would say; its limit is five.
  ExecSql("UPDATE statements SET start_time = start_time - 420000000");
  ASSERT_TRUE(speakers_
                  ->GetFloor(
                      Call().get(),
                      [] {
                        v1::GetFloorRequest r;
                        r.set_name(std::string(kPlenary) + "/floor");
                        return r;
                      }(),
                      &floor)
                  .ok());
  EXPECT_GE(floor.elapsed_seconds(), 420);
  EXPECT_LE(floor.remaining_seconds(), -120);
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  start.set_current_absent(true);
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  EXPECT_FALSE(floor.has_current());
  EXPECT_EQ(Order(), (std::vector<std::string>{"fra"}));

  v1::ListStatementsRequest record;
  record.set_parent(kPlenary);
  v1::ListStatementsResponse statements;
  ASSERT_TRUE(speakers_->ListStatements(Call().get(), record, &statements).ok());
  ASSERT_EQ(statements.statements_size(), 1);
  EXPECT_GE(statements.statements(0).overrun_seconds(), 120);
  EXPECT_GE(statements.statements(0).duration_seconds(), 420);
}

}  // namespace
}  // namespace forum::testing
