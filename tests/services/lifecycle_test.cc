// What each state change holds and frees: a cancelled round table gives up its room slot, its
// seats and its place in every ranking; a withdrawn or rejected delegation gives up its seats
// and its ranking. Each transition is checked from outside, through the calls a secretariat
// makes next.
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "domain/dates.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class LifecycleTest : public ServiceTest {
 protected:
  // An open event `life-2027` with a room `hall`, and accredited bel, sen and mex.
  void SetUp() override {
    ServiceTest::SetUp();
    CreateOpenEvent("life-2027");
    v1::CreateRoomRequest room;
    room.set_parent("events/life-2027");
    room.set_room_id("hall");
    room.mutable_room()->set_display_name("Hall");
    room.mutable_room()->set_capacity(100);
    v1::Room out;
    ASSERT_TRUE(events_->CreateRoom(Call().get(), room, &out).ok());
    for (const char* code : {"bel", "sen", "mex"}) Accredited("life-2027", code);
  }

  v1::RoundTable Table(int number, int capacity) {
    v1::CreateRoundTableRequest request;
    request.set_parent("events/life-2027");
    request.mutable_round_table()->set_number(number);
    request.mutable_round_table()->set_title("Round table " + std::to_string(number));
    request.mutable_round_table()->set_capacity(capacity);
    v1::RoundTable out;
    grpc::Status status = round_tables_->CreateRoundTable(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Schedule(const v1::RoundTable& rt) {
    v1::ScheduleRoundTableRequest request;
    request.set_name(rt.name());
    *request.mutable_start_time() = At("2027-05-10T13:00:00Z");
    *request.mutable_end_time() = At("2027-05-10T15:00:00Z");
    request.set_room("events/life-2027/rooms/hall");
    v1::RoundTable out;
    return round_tables_->ScheduleRoundTable(Call().get(), request, &out);
  }

  grpc::Status Seat(const v1::RoundTable& rt, const std::string& code) {
    v1::AddRoundTableParticipantRequest request;
    request.set_round_table(rt.name());
    request.set_delegation("events/life-2027/delegations/" + code);
    request.set_role(v1::PARTICIPANT_ROLE_PARTICIPANT);
    v1::RoundTableParticipant out;
    return round_tables_->AddRoundTableParticipant(Call().get(), request, &out);
  }

  grpc::Status Prefer(const std::string& code, const std::vector<std::string>& tables) {
    v1::SetRoundTablePreferencesRequest request;
    request.mutable_preferences()->set_delegation("events/life-2027/delegations/" + code);
    for (const auto& t : tables) request.mutable_preferences()->add_round_tables(t);
    v1::RoundTablePreferences out;
    return round_tables_->SetRoundTablePreferences(Call().get(), request, &out);
  }

  std::vector<std::string> Preferences(const std::string& code) {
    v1::GetRoundTablePreferencesRequest request;
    request.set_delegation("events/life-2027/delegations/" + code);
    v1::RoundTablePreferences out;
    grpc::Status status = round_tables_->GetRoundTablePreferences(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {out.round_tables().begin(), out.round_tables().end()};
  }

  v1::RoundTable Get(const v1::RoundTable& rt) {
    v1::GetRoundTableRequest request;
    request.set_name(rt.name());
    v1::RoundTable out;
    EXPECT_TRUE(round_tables_->GetRoundTable(Call().get(), request, &out).ok());
    return out;
  }

  grpc::Status Cancel(const v1::RoundTable& rt) {
    v1::UpdateRoundTableRequest request;
    request.mutable_round_table()->set_name(rt.name());
    request.mutable_round_table()->set_state(v1::ROUND_TABLE_STATE_CANCELLED);
    request.mutable_update_mask()->add_paths("state");
    v1::RoundTable out;
    return round_tables_->UpdateRoundTable(Call().get(), request, &out);
  }

  grpc::Status Withdraw(const std::string& code) {
    v1::WithdrawDelegationRequest request;
    request.set_name("events/life-2027/delegations/" + code);
    v1::Delegation out;
    return delegations_->WithdrawDelegation(Call().get(), request, &out);
  }
};

TEST_F(LifecycleTest, ACancelledRoundTableFreesItsRoomSlotSeatsAndRankings) {
  v1::RoundTable first = Table(1, 10);
  v1::RoundTable second = Table(2, 10);
  ASSERT_TRUE(Schedule(first).ok());
  EXPECT_EQ(Schedule(second).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Seat(first, "bel").ok());
  ASSERT_TRUE(Prefer("sen", {first.name(), second.name()}).ok());
  std::string etag = Get(first).etag();

  ASSERT_TRUE(Cancel(first).ok());
  v1::RoundTable cancelled = Get(first);
  EXPECT_EQ(cancelled.state(), v1::ROUND_TABLE_STATE_CANCELLED);
  EXPECT_EQ(cancelled.participant_count(), 0);
  EXPECT_NE(cancelled.etag(), etag);
  // The slot is free for another table, its delegation may sit elsewhere, and the tables ranked
  // after it move up.
  EXPECT_TRUE(Schedule(second).ok());
  EXPECT_TRUE(Seat(second, "bel").ok());
  EXPECT_EQ(Preferences("sen"), std::vector<std::string>{second.name()});
  // Nobody can sit at it any more, and it can be deleted.
  EXPECT_EQ(Seat(first, "mex").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::DeleteRoundTableRequest del;
  del.set_name(first.name());
  v1::DeleteRoundTableResponse deleted;
  grpc::Status status = round_tables_->DeleteRoundTable(Call().get(), del, &deleted);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(LifecycleTest, AWithdrawnDelegationLeavesItsSeatAndItsRanking) {
  v1::RoundTable table = Table(1, 1);
  ASSERT_TRUE(Seat(table, "bel").ok());
  ASSERT_TRUE(Prefer("bel", {table.name()}).ok());
  EXPECT_EQ(Seat(table, "sen").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  std::string etag = Get(table).etag();

  ASSERT_TRUE(Withdraw("bel").ok());
  EXPECT_EQ(Get(table).participant_count(), 0);
  EXPECT_NE(Get(table).etag(), etag);
  EXPECT_EQ(CountRows("round_table_preferences WHERE entity_code = 'bel'"), 0);
  EXPECT_TRUE(Seat(table, "sen").ok());
}

TEST_F(LifecycleTest, ARejectedDelegationsRankingStopsCounting) {
  Register("life-2027", "fra");
  v1::RoundTable table = Table(1, 5);
  ASSERT_TRUE(Prefer("fra", {table.name()}).ok());
  v1::RejectDelegationRequest reject;
  reject.set_name("events/life-2027/delegations/fra");
  reject.set_reason("Credentials not received.");
  v1::Delegation out;
  ASSERT_TRUE(delegations_->RejectDelegation(Call().get(), reject, &out).ok());
  EXPECT_EQ(CountRows("round_table_preferences WHERE entity_code = 'fra'"), 0);
  // With no ranking left it holds nothing that would stop the table being deleted.
  v1::DeleteRoundTableRequest del;
  del.set_name(table.name());
  v1::DeleteRoundTableResponse deleted;
  EXPECT_TRUE(round_tables_->DeleteRoundTable(Call().get(), del, &deleted).ok());
}

TEST_F(LifecycleTest, ACoChairOfACancelledTableIsFreeForTheSameSlot) {
  v1::CreateRoundTableRequest request;
  request.set_parent("events/life-2027");
  request.mutable_round_table()->set_number(1);
  request.mutable_round_table()->set_title("Co-chaired");
  request.mutable_round_table()->set_capacity(10);
  request.mutable_round_table()->add_co_chairs("events/life-2027/delegations/mex");
  v1::RoundTable chaired;
  ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), request, &chaired).ok());
  ASSERT_TRUE(Schedule(chaired).ok());
  ASSERT_TRUE(Cancel(chaired).ok());
  // The co-chair stays on the cancelled table's record...
  EXPECT_EQ(Get(chaired).co_chairs_size(), 1);
  // ...and may co-chair another table in the same slot and room.
  request.mutable_round_table()->set_number(2);
  request.mutable_round_table()->set_title("Replacement");
  v1::RoundTable replacement;
  ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), request, &replacement).ok());
  grpc::Status status = Schedule(replacement);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(LifecycleTest, AConcludedTableKeepsItsRecordWhenADelegationWithdrawsLater) {
  v1::RoundTable table = Table(1, 5);
  ASSERT_TRUE(Schedule(table).ok());
  ASSERT_TRUE(Seat(table, "bel").ok());
  v1::UpdateRoundTableRequest conclude;
  conclude.mutable_round_table()->set_name(table.name());
  conclude.mutable_round_table()->set_state(v1::ROUND_TABLE_STATE_CONCLUDED);
  conclude.mutable_update_mask()->add_paths("state");
  v1::RoundTable concluded;
  ASSERT_TRUE(round_tables_->UpdateRoundTable(Call().get(), conclude, &concluded).ok());

  ASSERT_TRUE(Withdraw("bel").ok());
  // Who sat at a table that met is history: the seat and the etag stay as they were.
  v1::RoundTable after = Get(table);
  EXPECT_EQ(after.participant_count(), 1);
  EXPECT_EQ(after.etag(), concluded.etag());
}

TEST_F(LifecycleTest, APendingDelegationThatWithdrawsLeavesNoRanking) {
  Register("life-2027", "fra");
  v1::RoundTable table = Table(1, 5);
  ASSERT_TRUE(Prefer("fra", {table.name()}).ok());
  ASSERT_TRUE(Withdraw("fra").ok());
  EXPECT_EQ(CountRows("round_table_preferences WHERE entity_code = 'fra'"), 0);
}

}  // namespace
}  // namespace forum::testing
