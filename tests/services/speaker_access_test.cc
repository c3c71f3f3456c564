// Who may act on which list of speakers, beyond the access matrix's one list: a round table's
// chair runs its own table's list and no other, the plenary's least of all; a focal point acts
// for its own delegation and never in another's name.
#include <string>

#include "tests/services/speaker_fixture.h"

namespace forum::testing {
namespace {

constexpr char kTableA[] = "events/gfmd-2027/speakerLists/table-a";
constexpr char kTableB[] = "events/gfmd-2027/speakerLists/table-b";

class SpeakerAccessTest : public SpeakerServiceTest {
 protected:
  void SetUp() override {
    SpeakerServiceTest::SetUp();
    for (int number : {1, 2}) {
      v1::CreateRoundTableRequest r;
      r.set_parent(std::string("events/") + kEvent);
      r.set_round_table_id(number == 1 ? "table-a" : "table-b");
      r.mutable_round_table()->set_number(number);
      r.mutable_round_table()->set_title(number == 1 ? "Table A" : "Table B");
      r.mutable_round_table()->set_capacity(20);
      v1::RoundTable out;
      grpc::Status s = round_tables_->CreateRoundTable(Call().get(), r, &out);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    Register(kEvent, "bel");
    Register(kEvent, "che");
  }

  grpc::Status Configure(const std::string& list, const std::string& secret) {
    v1::UpdateSpeakerListRequest r;
    r.mutable_speaker_list()->set_name(list);
    r.mutable_speaker_list()->set_open(false);
    r.mutable_update_mask()->add_paths("open");
    v1::SpeakerList out;
    return speakers_->UpdateSpeakerList(CallAs(secret).get(), r, &out);
  }
  grpc::Status StartNext(const std::string& list, const std::string& secret) {
    v1::StartNextSpeakerRequest r;
    r.set_speaker_list(list);
    if (list == kPlenary) r.set_session(std::string("events/") + kEvent + "/sessions/meeting-1");
    v1::Floor out;
    return speakers_->StartNextSpeaker(CallAs(secret).get(), r, &out);
  }
  grpc::Status Reply(const std::string& list, const std::string& code, const std::string& secret) {
    v1::RequestRightOfReplyRequest r;
    r.set_speaker_list(list);
    r.set_delegation(std::string("events/") + kEvent + "/delegations/" + code);
    v1::Statement out;
    return speakers_->RequestRightOfReply(CallAs(secret).get(), r, &out);
  }
};

TEST_F(SpeakerAccessTest, ATableChairRunsItsOwnTablesListAndNoOther) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
  const std::string chair = TokenFor({"chair=events/gfmd-2027/roundTables/table-a"});
  v1::Speaker out;

  // Its own table: inscribes any delegation, moves, configures, runs the floor.
  ASSERT_TRUE(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &out, {}, chair, kTableA).ok());
  ASSERT_TRUE(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &out, {}, chair, kTableA).ok());
  v1::MoveSpeakerRequest move;
  move.set_name(std::string(kTableA) + "/speakers/bel");
  move.set_reason("The minister must leave early.");
  EXPECT_TRUE(speakers_->MoveSpeaker(CallAs(chair).get(), move, &out).ok());
  EXPECT_TRUE(StartNext(kTableA, chair).ok());
  EXPECT_TRUE(Reply(kTableA, "che", chair).ok());
  EXPECT_TRUE(Configure(kTableA, chair).ok());

  // Another table, and the plenary: reads only.
  for (const char* list : {kTableB, kPlenary}) {
    SCOPED_TRACE(list);
    EXPECT_EQ(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &out, {}, chair, list).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Configure(list, chair).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(StartNext(list, chair).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Reply(list, "che", chair).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    v1::RaisePointOfOrderRequest poo;
    poo.set_speaker_list(list);
    poo.set_delegation(std::string("events/") + kEvent + "/delegations/che");
    v1::Floor floor;
    EXPECT_EQ(speakers_->RaisePointOfOrder(CallAs(chair).get(), poo, &floor).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::ExportSpeakerListRequest exp;
    exp.set_name(list);
    exp.set_format(v1::SPEAKER_LIST_FORMAT_TEXT);
    v1::SpeakerExport text;
    EXPECT_TRUE(speakers_->ExportSpeakerList(CallAs(chair).get(), exp, &text).ok());
  }
  v1::DistributeSpeakersRequest distribute;
  distribute.set_speaker_list(kPlenary);
  v1::DistributeSpeakersResponse plan;
  EXPECT_EQ(speakers_->DistributeSpeakers(CallAs(chair).get(), distribute, &plan).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Nothing the refused calls tried was written.
  EXPECT_EQ(Order(kTableB), std::vector<std::string>{});
  EXPECT_EQ(Order(kPlenary), std::vector<std::string>{});
}

TEST_F(SpeakerAccessTest, AFocalPointNeverActsInAnotherDelegationsName) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
  const std::string bel = TokenFor({"focal-point=events/gfmd-2027/delegations/bel"});
  v1::Speaker che, own;
  ASSERT_TRUE(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &che).ok());
  ASSERT_TRUE(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &own, {}, bel).ok());
  ASSERT_TRUE(StartNext(kPlenary, admin_secret_).ok());

  // Rights of reply: its own, never another's; the floor belongs to the chairs.
  EXPECT_EQ(Reply(kPlenary, "che", bel).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Reply(kPlenary, "bel", bel).ok());
  EXPECT_EQ(StartNext(kPlenary, bel).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::RaisePointOfOrderRequest poo;
  poo.set_speaker_list(kPlenary);
  poo.set_delegation(std::string("events/") + kEvent + "/delegations/bel");
  v1::Floor floor;
  EXPECT_EQ(speakers_->RaisePointOfOrder(CallAs(bel).get(), poo, &floor).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Another delegation's entry: neither changed nor withdrawn, on any list.
  v1::UpdateSpeakerRequest update;
  update.mutable_speaker()->set_name(che.name());
  update.mutable_speaker()->set_speaker_name("Somebody else");
  update.mutable_update_mask()->add_paths("speaker_name");
  v1::Speaker out;
  EXPECT_EQ(speakers_->UpdateSpeaker(CallAs(bel).get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::WithdrawSpeakerRequest withdraw;
  withdraw.set_name(che.name());
  EXPECT_EQ(speakers_->WithdrawSpeaker(CallAs(bel).get(), withdraw, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &out, {}, bel, kTableA).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Its own entry on a table's list is its to make.
  EXPECT_TRUE(Inscribe("bel", v1::PROTOCOL_RANK_MINISTER, &out, {}, bel, kTableA).ok());

  v1::GetSpeakerRequest get;
  get.set_name(che.name());
  ASSERT_TRUE(speakers_->GetSpeaker(Call().get(), get, &out).ok());
  EXPECT_EQ(out.speaker_name(), "");
  EXPECT_NE(out.state(), v1::SPEAKER_STATE_WITHDRAWN);
}

}  // namespace
}  // namespace forum::testing
