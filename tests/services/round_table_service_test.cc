#include <map>
#include <random>

#include "absl/time/time.h"
#include "domain/allocation.h"
#include "domain/dates.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

std::vector<std::string> Strings(const google::protobuf::RepeatedPtrField<std::string>& r) {
  return {r.begin(), r.end()};
}

class RoundTableServiceTest : public ServiceTest {
 protected:
  // An open event with a room `hall` (900 seats) and `small` (20 seats).
  void SetUpEvent(const std::string& event) {
    CreateOpenEvent(event);
    for (auto [id, seats] : {std::pair<const char*, int>{"hall", 900}, {"small", 20}}) {
      v1::CreateRoomRequest room;
      room.set_parent("events/" + event);
      room.set_room_id(id);
      room.mutable_room()->set_display_name(std::string("Room ") + id);
      room.mutable_room()->set_capacity(seats);
      v1::Room out;
      ASSERT_TRUE(events_->CreateRoom(Call().get(), room, &out).ok());
    }
  }

  grpc::Status Create(const std::string& event, int number, int capacity, int reserved,
                      v1::RoundTable* out, std::vector<std::string> co_chairs = {}) {
    v1::CreateRoundTableRequest request;
    request.set_parent("events/" + event);
    auto* rt = request.mutable_round_table();
    rt->set_number(number);
    rt->set_title("Round table " + std::to_string(number));
    rt->set_capacity(capacity);
    rt->set_reserved_seats(reserved);
    for (const auto& c : co_chairs) rt->add_co_chairs("events/" + event + "/delegations/" + c);
    return round_tables_->CreateRoundTable(Call().get(), request, out);
  }

  grpc::Status Schedule(const std::string& name, const char* start, const char* end,
                        const std::string& room, v1::RoundTable* out) {
    v1::ScheduleRoundTableRequest request;
    request.set_name(name);
    *request.mutable_start_time() = At(start);
    *request.mutable_end_time() = At(end);
    request.set_room(name.substr(0, name.find("/roundTables/")) + "/rooms/" + room);
    return round_tables_->ScheduleRoundTable(Call().get(), request, out);
  }

  grpc::Status Seat(const std::string& rt, const std::string& event, const std::string& code,
                    v1::ParticipantRole role = v1::PARTICIPANT_ROLE_PARTICIPANT) {
    v1::AddRoundTableParticipantRequest request;
    request.set_round_table(rt);
    request.set_delegation("events/" + event + "/delegations/" + code);
    request.set_role(role);
    v1::RoundTableParticipant out;
    return round_tables_->AddRoundTableParticipant(Call().get(), request, &out);
  }

  grpc::Status Prefer(const std::string& event, const std::string& code,
                      const std::vector<std::string>& tables) {
    v1::SetRoundTablePreferencesRequest request;
    request.mutable_preferences()->set_delegation("events/" + event + "/delegations/" + code);
    for (const auto& t : tables) request.mutable_preferences()->add_round_tables(t);
    v1::RoundTablePreferences out;
    return round_tables_->SetRoundTablePreferences(Call().get(), request, &out);
  }

  grpc::Status Publish(const std::string& event, const std::string& version,
                       v1::ScheduleRelease* out, const std::string& secret = "") {
    v1::PublishScheduleRequest request;
    request.set_parent("events/" + event);
    request.set_version(version);
    request.set_comment("Release " + version);
    return schedules_->PublishSchedule(secret.empty() ? Call().get() : CallAs(secret).get(),
                                       request, out);
  }

  v1::ExportScheduleResponse Export(const std::string& event, v1::ScheduleFormat format,
                                    const std::string& release = "") {
    v1::ExportScheduleRequest request;
    request.set_parent("events/" + event);
    request.set_format(format);
    request.set_release(release);
    v1::ExportScheduleResponse out;
    grpc::Status status = round_tables_->ExportSchedule(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::AllocationReport Allocate(const std::string& event, bool dry_run) {
    v1::AllocateRoundTablesRequest request;
    request.set_parent("events/" + event);
    request.set_dry_run(dry_run);
    v1::AllocationReport report;
    grpc::Status status = round_tables_->AllocateRoundTables(Call().get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }
};

TEST_F(RoundTableServiceTest, ReferenceRoundTablesAreSeeded) {
  v1::ListRoundTablesRequest request;
  request.set_parent("events/hld-2006");
  v1::ListRoundTablesResponse response;
  ASSERT_TRUE(round_tables_->ListRoundTables(Call().get(), request, &response).ok());
  ASSERT_EQ(response.round_tables_size(), 4);
  for (const auto& rt : response.round_tables()) {
    EXPECT_EQ(rt.state(), v1::ROUND_TABLE_STATE_SCHEDULED);
    EXPECT_TRUE(rt.times_indicative());
    EXPECT_TRUE(rt.co_chairs().empty());
    EXPECT_FALSE(rt.theme().empty());
  }
  EXPECT_EQ(response.round_tables(1).theme(), "events/hld-2006/themes/rt-human-rights-trafficking");
  request.set_parent("events/gfmd-2007");
  ASSERT_TRUE(round_tables_->ListRoundTables(Call().get(), request, &response).ok());
  EXPECT_EQ(response.round_tables_size(), 3);

  v1::ListScheduleConflictsRequest conflicts;
  conflicts.set_parent("events/hld-2006");
  v1::ListScheduleConflictsResponse none;
  ASSERT_TRUE(round_tables_->ListScheduleConflicts(Call().get(), conflicts, &none).ok());
  EXPECT_EQ(none.conflicts_size(), 0);
}

TEST_F(RoundTableServiceTest, CreateRefusesBadRoundTables) {
  SetUpEvent("rt-2027");
  v1::RoundTable rt;
  ASSERT_TRUE(Create("rt-2027", 1, 40, 8, &rt).ok());
  EXPECT_EQ(rt.name(), "events/rt-2027/roundTables/round-table-1");
  EXPECT_EQ(rt.state(), v1::ROUND_TABLE_STATE_PLANNED);
  EXPECT_EQ(Create("rt-2027", 1, 40, 8, &rt).error_code(), grpc::StatusCode::ALREADY_EXISTS);

  v1::RoundTable out;
  grpc::Status status = Create("rt-2027", 2, 10, 11, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"round_table.reserved_seats"});
  status = Create("rt-2027", 2, 0, 0, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::CreateRoundTableRequest themed;
  themed.set_parent("events/rt-2027");
  themed.mutable_round_table()->set_number(3);
  themed.mutable_round_table()->set_title("Themed");
  themed.mutable_round_table()->set_capacity(10);
  themed.mutable_round_table()->set_theme("events/rt-2027/themes/nothing");
  status = round_tables_->CreateRoundTable(Call().get(), themed, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"round_table.theme"});

  status = Create("hld-2006", 5, 40, 8, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"EVENT_STATE"});
  EXPECT_EQ(CountRows("round_tables WHERE event_id = 'rt-2027'"), 1);
}

TEST_F(RoundTableServiceTest, ScheduleRefusesEveryClash) {
  SetUpEvent("sch-2027");
  Accredited("sch-2027", "bel");
  Accredited("sch-2027", "mar");
  v1::RoundTable a, b, out;
  ASSERT_TRUE(Create("sch-2027", 1, 40, 8, &a, {"bel"}).ok());
  // Co-chairs are participants: a second table needs a limit of two tables per State.
  grpc::Status limited = Create("sch-2027", 2, 40, 8, &b, {"bel", "mar"});
  EXPECT_EQ(PreconditionTypes(limited), std::vector<std::string>{"ROUND_TABLE_LIMIT_PER_STATE"});
  v1::UpdateRoundTableRulesRequest rules;
  rules.mutable_rules()->set_name("events/sch-2027/roundTableRules");
  rules.mutable_rules()->set_max_round_tables_per_state(2);
  rules.mutable_update_mask()->add_paths("max_round_tables_per_state");
  v1::RoundTableRules raised;
  ASSERT_TRUE(round_tables_->UpdateRoundTableRules(Call().get(), rules, &raised).ok());
  ASSERT_TRUE(Create("sch-2027", 2, 40, 8, &b, {"bel", "mar"}).ok());
  EXPECT_EQ(a.co_chairs_size(), 1);
  EXPECT_EQ(a.participant_count(), 1) << "co-chairs count as participants";

  // A plenary meeting in the hall from 10:00 to 13:00 local time.
  v1::CreateSessionRequest plenary;
  plenary.set_parent("events/sch-2027");
  plenary.mutable_session()->set_number(1);
  *plenary.mutable_session()->mutable_start_time() = At("2027-05-10T10:00:00+02:00");
  *plenary.mutable_session()->mutable_end_time() = At("2027-05-10T13:00:00+02:00");
  plenary.mutable_session()->set_room("events/sch-2027/rooms/hall");
  v1::Session session;
  ASSERT_TRUE(events_->CreateSession(Call().get(), plenary, &session).ok());

  grpc::Status status =
      Schedule(a.name(), "2027-05-10T12:00:00+02:00", "2027-05-10T14:00:00+02:00", "hall", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ROOM_BUSY"});
  EXPECT_NE(status.error_message().find("sessions/meeting-1"), std::string::npos);

  status =
      Schedule(a.name(), "2027-05-12T10:00:00+02:00", "2027-05-12T12:00:00+02:00", "hall", &out);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"OUTSIDE_EVENT_DATES"});
  status =
      Schedule(a.name(), "2027-05-10T14:00:00+02:00", "2027-05-10T16:00:00+02:00", "small", &out);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"OVER_ROOM_CAPACITY"});
  status =
      Schedule(a.name(), "2027-05-10T14:00:00+02:00", "2027-05-10T13:00:00+02:00", "hall", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(
      Schedule(a.name(), "2027-05-10T14:00:00+02:00", "2027-05-10T16:00:00+02:00", "hall", &out)
          .ok());
  EXPECT_EQ(out.state(), v1::ROUND_TABLE_STATE_SCHEDULED);
  // Belgium co-chairs both; the second cannot overlap the first, even in another room.
  v1::CreateRoomRequest annex;
  annex.set_parent("events/sch-2027");
  annex.set_room_id("annex");
  annex.mutable_room()->set_display_name("Annex");
  annex.mutable_room()->set_capacity(100);
  v1::Room annex_room;
  ASSERT_TRUE(events_->CreateRoom(Call().get(), annex, &annex_room).ok());
  status =
      Schedule(b.name(), "2027-05-10T15:00:00+02:00", "2027-05-10T17:00:00+02:00", "annex", &out);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"CO_CHAIR_BUSY"});
  // And a plenary meeting cannot take the hall while the round table is in it.
  plenary.mutable_session()->set_number(2);
  *plenary.mutable_session()->mutable_start_time() = At("2027-05-10T15:00:00+02:00");
  *plenary.mutable_session()->mutable_end_time() = At("2027-05-10T15:30:00+02:00");
  status = events_->CreateSession(Call().get(), plenary, &session);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ROOM_BUSY"});
}

TEST_F(RoundTableServiceTest, SeatsFollowTheRules) {
  SetUpEvent("seat-2027");
  v1::RoundTable a, b;
  ASSERT_TRUE(Create("seat-2027", 1, 3, 1, &a).ok());
  ASSERT_TRUE(Create("seat-2027", 2, 10, 0, &b).ok());
  Register("seat-2027", "fra");
  Accredited("seat-2027", "bel");
  Accredited("seat-2027", "sen");
  Accredited("seat-2027", "ken");
  Accredited("seat-2027", "iom");
  Accredited("seat-2027", "ilo");

  grpc::Status status = Seat(a.name(), "seat-2027", "fra");
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"DELEGATION_NOT_ACCREDITED"});
  EXPECT_EQ(Seat(a.name(), "seat-2027", "ita").error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Seat(a.name(), "seat-2027", "bel").ok());
  EXPECT_EQ(Seat(a.name(), "seat-2027", "bel").error_code(), grpc::StatusCode::ALREADY_EXISTS);
  ASSERT_TRUE(Seat(a.name(), "seat-2027", "sen").ok());
  // Two of three seats taken by States; the third is kept for others.
  status = Seat(a.name(), "seat-2027", "ken");
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"STATE_SEATS_FULL"});
  ASSERT_TRUE(Seat(a.name(), "seat-2027", "iom").ok());
  status = Seat(a.name(), "seat-2027", "ilo");
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ROUND_TABLE_FULL"});
  // One round table per State by default; organizations are not limited.
  status = Seat(b.name(), "seat-2027", "bel");
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ROUND_TABLE_LIMIT_PER_STATE"});
  EXPECT_TRUE(Seat(b.name(), "seat-2027", "iom").ok());

  // Raising the limit lets Belgium sit at a second table.
  v1::UpdateRoundTableRulesRequest rules;
  rules.mutable_rules()->set_name("events/seat-2027/roundTableRules");
  rules.mutable_rules()->set_max_round_tables_per_state(2);
  rules.mutable_rules()->set_etag("W/\"7\"");
  rules.mutable_update_mask()->add_paths("max_round_tables_per_state");
  v1::RoundTableRules updated;
  EXPECT_EQ(round_tables_->UpdateRoundTableRules(Call().get(), rules, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  rules.mutable_rules()->clear_etag();
  ASSERT_TRUE(round_tables_->UpdateRoundTableRules(Call().get(), rules, &updated).ok());
  EXPECT_EQ(updated.max_round_tables_per_state(), 2);
  EXPECT_TRUE(Seat(b.name(), "seat-2027", "bel").ok());

  v1::RemoveRoundTableParticipantRequest remove;
  remove.set_round_table(a.name());
  remove.set_delegation("events/seat-2027/delegations/sen");
  v1::RemoveRoundTableParticipantResponse removed;
  ASSERT_TRUE(round_tables_->RemoveRoundTableParticipant(Call().get(), remove, &removed).ok());
  EXPECT_EQ(round_tables_->RemoveRoundTableParticipant(Call().get(), remove, &removed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListRoundTableParticipantsRequest list;
  list.set_round_table(a.name());
  v1::ListRoundTableParticipantsResponse participants;
  ASSERT_TRUE(round_tables_->ListRoundTableParticipants(Call().get(), list, &participants).ok());
  ASSERT_EQ(participants.participants_size(), 2);
  EXPECT_EQ(participants.participants(0).display_name(), "Belgium");
}

TEST_F(RoundTableServiceTest, PreferencesAreCheckedAndKept) {
  SetUpEvent("pref-2027");
  v1::RoundTable a, b;
  ASSERT_TRUE(Create("pref-2027", 1, 10, 0, &a).ok());
  ASSERT_TRUE(Create("pref-2027", 2, 10, 0, &b).ok());
  Register("pref-2027", "chl");
  ASSERT_TRUE(Prefer("pref-2027", "chl", {b.name(), a.name()}).ok());
  v1::GetRoundTablePreferencesRequest get;
  get.set_delegation("events/pref-2027/delegations/chl");
  v1::RoundTablePreferences got;
  ASSERT_TRUE(round_tables_->GetRoundTablePreferences(Call().get(), get, &got).ok());
  EXPECT_EQ(got.round_tables(0), b.name());
  EXPECT_EQ(got.round_tables(1), a.name());

  grpc::Status status = Prefer("pref-2027", "chl", {a.name(), a.name()});
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"preferences.round_tables[1]"});
  status = Prefer("pref-2027", "chl", {"events/hld-2006/roundTables/round-table-1"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = Prefer("pref-2027", "chl", {"events/pref-2027/roundTables/round-table-9"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Prefer("pref-2027", "per", {a.name()}).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(round_tables_->GetRoundTablePreferences(Call().get(), get, &got).ok());
  EXPECT_EQ(got.round_tables_size(), 2) << "refusals changed nothing";

  // A round table in someone's preferences cannot be deleted.
  v1::DeleteRoundTableRequest del;
  del.set_name(a.name());
  v1::DeleteRoundTableResponse deleted;
  status = round_tables_->DeleteRoundTable(Call().get(), del, &deleted);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"IN_PREFERENCES"});
  ASSERT_TRUE(Prefer("pref-2027", "chl", {b.name()}).ok());
  ASSERT_TRUE(round_tables_->DeleteRoundTable(Call().get(), del, &deleted).ok());
  v1::GetRoundTableRequest again;
  again.set_name(a.name());
  v1::RoundTable gone;
  EXPECT_EQ(round_tables_->GetRoundTable(Call().get(), again, &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RoundTableServiceTest, AllocatesEveryMemberStateOptimallyAndDeterministically) {
  SetUpEvent("alloc-2027");
  std::vector<v1::RoundTable> tables(4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(Create("alloc-2027", i + 1, 50, 10, &tables[i]).ok());
  v1::ListEntitiesRequest list;
  list.set_filter("kind = MEMBER_STATE");
  list.set_page_size(1000);
  v1::ListEntitiesResponse states;
  ASSERT_TRUE(entities_->ListEntities(Call().get(), list, &states).ok());
  std::mt19937 rng(2006);
  for (const auto& e : states.entities()) {
    std::string code = e.name().substr(9);
    Accredited("alloc-2027", code);
    std::vector<std::string> ranked = {tables[0].name(), tables[1].name(), tables[2].name(),
                                       tables[3].name()};
    std::shuffle(ranked.begin(), ranked.end(), rng);
    ASSERT_TRUE(Prefer("alloc-2027", code, ranked).ok());
  }
  Register("alloc-2027", "iom");  // pending: reported, not placed
  ASSERT_TRUE(Prefer("alloc-2027", "iom", {tables[0].name()}).ok());

  v1::AllocationReport plan = Allocate("alloc-2027", true);
  EXPECT_TRUE(plan.dry_run());
  EXPECT_EQ(CountRows("round_table_participants"), 0) << "a dry run writes nothing";
  EXPECT_EQ(plan.placed(), 160) << "4 tables of 40 State seats each";
  int unplaced_states = 0;
  bool iom_reported = false;
  for (const auto& u : plan.unplaced()) {
    if (u.delegation() == "events/alloc-2027/delegations/iom") {
      iom_reported = true;
      EXPECT_NE(u.reason().find("not accredited"), std::string::npos);
    } else {
      ++unplaced_states;
    }
  }
  EXPECT_TRUE(iom_reported);
  EXPECT_EQ(unplaced_states, 33);
  int by_choice = 0;
  for (const auto& c : plan.choices()) by_choice += c.delegations();
  EXPECT_EQ(by_choice, 160);
  for (const auto& t : plan.tables()) {
    EXPECT_EQ(t.participant_count(), 40);
    // Each group at most its proportional share of 40 seats, rounded up.
    EXPECT_LE(t.regional_mix().at("AFRICAN"), domain::RegionalShare(40, 54, 193, 0));
    EXPECT_LE(t.regional_mix().at("EASTERN_EUROPEAN"), domain::RegionalShare(40, 23, 193, 0));
  }
  v1::AllocationReport same = Allocate("alloc-2027", true);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(same, plan))
      << "same input, same answer";

  v1::AllocationReport done = Allocate("alloc-2027", false);
  EXPECT_EQ(done.total_rank(), plan.total_rank());
  EXPECT_EQ(CountRows("round_table_participants"), 160);
  EXPECT_EQ(CountRows("(SELECT entity_code FROM round_table_participants GROUP BY entity_code "
                      "HAVING count(*) > 1) AS seated_twice"),
            0)
      << "no State at two tables";
  // Running it again places nobody new: every State that got a seat keeps it, no seats left.
  v1::AllocationReport again = Allocate("alloc-2027", false);
  EXPECT_EQ(again.placed(), 0);
  EXPECT_EQ(CountRows("round_table_participants"), 160);
}

TEST_F(RoundTableServiceTest, AllocationRespectsCoChairsAndSlack) {
  SetUpEvent("chairs-2027");
  Accredited("chairs-2027", "bel");
  v1::RoundTable a, b;
  ASSERT_TRUE(Create("chairs-2027", 1, 3, 0, &a, {"bel"}).ok());
  ASSERT_TRUE(Create("chairs-2027", 2, 3, 0, &b).ok());
  for (const char* code : {"sen", "ken", "gha", "nga"}) {
    Accredited("chairs-2027", code);
    ASSERT_TRUE(Prefer("chairs-2027", code, {a.name(), b.name()}).ok());
  }
  ASSERT_TRUE(Prefer("chairs-2027", "bel", {b.name()}).ok());
  // African share of 3 State seats: ceil(3 * 54 / 193) = 1 per table without slack.
  v1::AllocationReport tight = Allocate("chairs-2027", true);
  EXPECT_EQ(tight.placed(), 2);
  v1::UpdateRoundTableRulesRequest rules;
  rules.mutable_rules()->set_name("events/chairs-2027/roundTableRules");
  rules.mutable_rules()->set_regional_slack(1);
  rules.mutable_update_mask()->add_paths("regional_slack");
  v1::RoundTableRules out;
  ASSERT_TRUE(round_tables_->UpdateRoundTableRules(Call().get(), rules, &out).ok());
  v1::AllocationReport slack = Allocate("chairs-2027", true);
  EXPECT_EQ(slack.placed(), 4) << "2 African seats at each table; Belgium's chair takes one";
  bool bel_reported = false;
  for (const auto& u : slack.unplaced()) {
    if (u.delegation() == "events/chairs-2027/delegations/bel") {
      bel_reported = true;
      EXPECT_NE(u.reason().find("already sits at round-table-1"), std::string::npos);
    }
  }
  EXPECT_TRUE(bel_reported);
}

TEST_F(RoundTableServiceTest, ListsConflictsOfAnImportedSchedule) {
  SetUpEvent("imp-2027");
  Accredited("imp-2027", "nor");
  // Rows written as an import would, bypassing the checks of ScheduleRoundTable.
  ExecSql(
      "INSERT INTO round_tables (event_id, round_table_id, number, title, capacity, state, "
      "start_time, end_time, room_id) VALUES "
      "('imp-2027', 'a', 1, 'A', 40, 2, unixepoch('2027-05-10T08:00:00Z') * 1000000, "
      "unixepoch('2027-05-10T10:00:00Z') * 1000000, 'small'), "
      "('imp-2027', 'b', 2, 'B', 10, 2, unixepoch('2027-05-10T09:00:00Z') * 1000000, "
      "unixepoch('2027-05-10T11:00:00Z') * 1000000, 'small'), "
      "('imp-2027', 'c', 3, 'C', 10, 2, unixepoch('2027-05-20T09:00:00Z') * 1000000, "
      "unixepoch('2027-05-20T11:00:00Z') * 1000000, 'hall');"
      "INSERT INTO round_table_participants VALUES ('imp-2027', 'a', 'nor', 1, 0), "
      "('imp-2027', 'b', 'nor', 1, 0);");
  v1::ListScheduleConflictsRequest request;
  request.set_parent("events/imp-2027");
  v1::ListScheduleConflictsResponse response;
  ASSERT_TRUE(round_tables_->ListScheduleConflicts(Call().get(), request, &response).ok());
  std::multiset<std::string> kinds;
  for (const auto& c : response.conflicts()) kinds.insert(c.kind());
  EXPECT_EQ(kinds, (std::multiset<std::string>{"OVER_ROOM_CAPACITY", "ROOM_DOUBLE_BOOKED",
                                               "CO_CHAIR_DOUBLE_BOOKED", "OUTSIDE_EVENT_DATES"}));

  // The same clashes, a page of one at a time.
  request.set_page_size(1);
  std::vector<std::string> paged;
  do {
    v1::ListScheduleConflictsResponse page;
    ASSERT_TRUE(round_tables_->ListScheduleConflicts(Call().get(), request, &page).ok());
    ASSERT_EQ(page.conflicts_size(), 1);
    paged.push_back(page.conflicts(0).description());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  std::vector<std::string> whole;
  for (const auto& c : response.conflicts()) whole.push_back(c.description());
  EXPECT_EQ(paged, whole);
  request.set_page_token("garbage");
  EXPECT_EQ(round_tables_->ListScheduleConflicts(Call().get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RoundTableServiceTest, ParticipantsComeInPagesByEntityCode) {
  SetUpEvent("page-2027");
  v1::RoundTable rt;
  ASSERT_TRUE(Create("page-2027", 1, 20, 0, &rt).ok());
  for (const char* code : {"sen", "bel", "mar", "iom", "ken"}) {
    Accredited("page-2027", code);
    ASSERT_TRUE(Seat(rt.name(), "page-2027", code).ok()) << code;
  }
  v1::ListRoundTableParticipantsRequest request;
  request.set_round_table(rt.name());
  request.set_page_size(2);
  std::vector<std::vector<std::string>> pages;
  do {
    v1::ListRoundTableParticipantsResponse page;
    grpc::Status status = round_tables_->ListRoundTableParticipants(Call().get(), request, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> codes;
    for (const auto& p : page.participants()) {
      codes.push_back(p.delegation().substr(p.delegation().rfind('/') + 1));
    }
    pages.push_back(codes);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(pages,
            (std::vector<std::vector<std::string>>{{"bel", "iom"}, {"ken", "mar"}, {"sen"}}));

  // A token is bound to its round table.
  v1::RoundTable other;
  ASSERT_TRUE(Create("page-2027", 2, 20, 0, &other).ok());
  request.set_page_size(2);
  request.clear_page_token();
  v1::ListRoundTableParticipantsResponse first;
  ASSERT_TRUE(round_tables_->ListRoundTableParticipants(Call().get(), request, &first).ok());
  request.set_round_table(other.name());
  request.set_page_token(first.next_page_token());
  grpc::Status status = round_tables_->ListRoundTableParticipants(Call().get(), request, &first);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"});
}

TEST_F(RoundTableServiceTest, ExportsTheScheduleAsICalendarAndFrab) {
  v1::ExportScheduleRequest request;
  request.set_parent("events/hld-2006");
  request.set_format(v1::SCHEDULE_FORMAT_ICALENDAR);
  v1::ExportScheduleResponse ics;
  // Nothing is published on a fresh install: the exports wait for the secretariat's release.
  grpc::Status unpublished = round_tables_->ExportSchedule(Call().get(), request, &ics);
  EXPECT_EQ(unpublished.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << unpublished.error_message();
  v1::ScheduleRelease release;
  ASSERT_TRUE(Publish("hld-2006", "1.0", &release).ok());
  ASSERT_TRUE(round_tables_->ExportSchedule(Call().get(), request, &ics).ok());
  EXPECT_EQ(ics.release(), "events/hld-2006/scheduleReleases/1");
  EXPECT_EQ(ics.update_time().seconds(), release.create_time().seconds());
  EXPECT_EQ(ics.file_name(), "hld-2006.ics");
  const std::string& text = ics.content();
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  size_t events = 0;
  for (size_t at = text.find("BEGIN:VEVENT"); at != std::string::npos;
       at = text.find("BEGIN:VEVENT", at + 1)) {
    ++events;
  }
  EXPECT_EQ(events, 10u) << "6 plenary meetings and 4 round tables";
  EXPECT_NE(text.find("TZID:America/New_York"), std::string::npos);
  EXPECT_NE(text.find("DTSTART;TZID=America/New_York:20060914T100000"), std::string::npos);
  EXPECT_NE(text.find("STATUS:TENTATIVE"), std::string::npos);

  request.set_format(v1::SCHEDULE_FORMAT_FRAB_JSON);
  v1::ExportScheduleResponse frab;
  ASSERT_TRUE(round_tables_->ExportSchedule(Call().get(), request, &frab).ok());
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(frab.content(), &parsed).ok())
      << frab.content();
  const auto& conference =
      parsed.fields().at("schedule").struct_value().fields().at("conference").struct_value();
  EXPECT_EQ(conference.fields().at("daysCount").number_value(), 2);
  const auto& day1 = conference.fields().at("days").list_value().values(0).struct_value();
  const auto& hall = day1.fields().at("rooms").struct_value().fields().at("General Assembly Hall");
  ASSERT_EQ(hall.list_value().values_size(), 3);
  const auto& first = hall.list_value().values(0).struct_value().fields();
  EXPECT_EQ(first.at("start").string_value(), "10:00");
  EXPECT_EQ(first.at("duration").string_value(), "03:00");

  request.set_format(v1::SCHEDULE_FORMAT_FRAB_XML);
  v1::ExportScheduleResponse xml;
  ASSERT_TRUE(round_tables_->ExportSchedule(Call().get(), request, &xml).ok());
  EXPECT_EQ(xml.file_name(), "hld-2006.xml");
  EXPECT_EQ(xml.content().rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>", 0), 0u);
  EXPECT_NE(xml.content().find("<version>1.0</version>"), std::string::npos);

  request.set_format(v1::SCHEDULE_FORMAT_UNSPECIFIED);
  EXPECT_EQ(round_tables_->ExportSchedule(Call().get(), request, &frab).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RoundTableServiceTest, ExportsOneDelegationsSchedule) {
  SetUpEvent("own-2027");
  Accredited("own-2027", "ury");
  v1::RoundTable a, b, out;
  ASSERT_TRUE(Create("own-2027", 1, 10, 0, &a).ok());
  ASSERT_TRUE(Create("own-2027", 2, 10, 0, &b).ok());
  ASSERT_TRUE(
      Schedule(a.name(), "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z", "hall", &out).ok());
  ASSERT_TRUE(
      Schedule(b.name(), "2027-05-10T12:00:00Z", "2027-05-10T14:00:00Z", "hall", &out).ok());
  ASSERT_TRUE(Seat(b.name(), "own-2027", "ury").ok());
  v1::ScheduleRelease release;
  ASSERT_TRUE(Publish("own-2027", "1", &release).ok());
  EXPECT_EQ(Strings(release.delegations()),
            std::vector<std::string>{"events/own-2027/delegations/ury"});
  v1::ExportScheduleRequest request;
  request.set_parent("events/own-2027");
  request.set_delegation("events/own-2027/delegations/ury");
  request.set_format(v1::SCHEDULE_FORMAT_ICALENDAR);
  v1::ExportScheduleResponse ics;
  ASSERT_TRUE(round_tables_->ExportSchedule(Call().get(), request, &ics).ok());
  EXPECT_EQ(ics.file_name(), "own-2027-ury.ics");
  EXPECT_EQ(ics.content().find("Round table 1"), std::string::npos);
  EXPECT_NE(ics.content().find("SUMMARY:Round table 2"), std::string::npos);
  EXPECT_NE(ics.content().find("DTSTART;TZID=Europe/Zurich:20270510T140000"), std::string::npos);
}

// Every kind of change, published release after release: each changelog exact, each release as
// it was published, and the exports of each release carrying their own SEQUENCE.
TEST_F(RoundTableServiceTest, ReleasesAreNumberedImmutableAndCarryAnExactChangelog) {
  SetUpEvent("rel-2027");
  Accredited("rel-2027", "ury");
  Accredited("rel-2027", "gha");
  v1::RoundTable a, b, c, out;
  ASSERT_TRUE(Create("rel-2027", 1, 10, 0, &a).ok());
  ASSERT_TRUE(Create("rel-2027", 2, 10, 0, &b).ok());
  ASSERT_TRUE(Create("rel-2027", 3, 10, 0, &c).ok());
  ASSERT_TRUE(
      Schedule(a.name(), "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z", "hall", &out).ok());
  ASSERT_TRUE(
      Schedule(b.name(), "2027-05-10T12:00:00Z", "2027-05-10T14:00:00Z", "hall", &out).ok());
  ASSERT_TRUE(
      Schedule(c.name(), "2027-05-11T08:00:00Z", "2027-05-11T10:00:00Z", "small", &out).ok());
  ASSERT_TRUE(Seat(a.name(), "rel-2027", "ury").ok());
  ASSERT_TRUE(Seat(c.name(), "rel-2027", "gha").ok());

  v1::ScheduleRelease first;
  ASSERT_TRUE(Publish("rel-2027", "1.0", &first).ok());
  EXPECT_EQ(first.name(), "events/rel-2027/scheduleReleases/1");
  EXPECT_EQ(first.number(), 1);
  EXPECT_EQ(first.entry_count(), 3);
  ASSERT_EQ(first.changes_size(), 3);
  for (const auto& change : first.changes()) EXPECT_EQ(change.kind(), v1::ScheduleChange::KIND_NEW);
  EXPECT_EQ(first.changes(0).entry(), a.name()) << "in start order";

  // Nothing changed: nothing to publish.
  v1::ScheduleRelease refused;
  EXPECT_EQ(Publish("rel-2027", "1.1", &refused).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // a moves to the small room and later; b is renamed; c is cancelled; b gets a co-chair.
  ASSERT_TRUE(
      Schedule(a.name(), "2027-05-10T15:00:00Z", "2027-05-10T17:00:00Z", "small", &out).ok());
  v1::UpdateRoundTableRequest rename;
  rename.mutable_round_table()->set_name(b.name());
  rename.mutable_round_table()->set_title("Round table 2: labour mobility");
  rename.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(round_tables_->UpdateRoundTable(Call().get(), rename, &out).ok());
  Accredited("rel-2027", "sen");
  grpc::Status chaired = Seat(b.name(), "rel-2027", "sen", v1::PARTICIPANT_ROLE_CO_CHAIR);
  ASSERT_TRUE(chaired.ok()) << chaired.error_message();
  v1::UpdateRoundTableRequest cancel;
  cancel.mutable_round_table()->set_name(c.name());
  cancel.mutable_round_table()->set_state(v1::ROUND_TABLE_STATE_CANCELLED);
  cancel.mutable_update_mask()->add_paths("state");
  grpc::Status cancelled = round_tables_->UpdateRoundTable(Call().get(), cancel, &out);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error_message();

  // The secretariat sees what the next release would say before it publishes.
  v1::DiffScheduleReleasesRequest pending;
  pending.set_from_release("events/rel-2027/scheduleReleases/latest");
  v1::DiffScheduleReleasesResponse draft;
  ASSERT_TRUE(schedules_->DiffScheduleReleases(Call().get(), pending, &draft).ok());
  EXPECT_EQ(draft.changes_size(), 5);

  v1::ScheduleRelease second;
  ASSERT_TRUE(Publish("rel-2027", "1.1", &second).ok());
  ASSERT_EQ(second.changes_size(), 5);
  // In start order: b (12:00, renamed, co-chaired, so seated), then a (moved to 15:00), then c.
  EXPECT_EQ(second.changes(2).kind(), v1::ScheduleChange::KIND_PARTICIPANTS_CHANGED);
  const auto& moved = second.changes(3);
  EXPECT_EQ(moved.kind(), v1::ScheduleChange::KIND_MOVED);
  EXPECT_EQ(moved.entry(), a.name());
  EXPECT_EQ(moved.old_start_time().seconds(), At("2027-05-10T08:00:00Z").seconds());
  EXPECT_EQ(moved.new_start_time().seconds(), At("2027-05-10T15:00:00Z").seconds());
  EXPECT_EQ(moved.old_room_display_name(), "Room hall");
  EXPECT_EQ(moved.new_room_display_name(), "Room small");
  EXPECT_EQ(Strings(moved.delegations()),
            std::vector<std::string>{"events/rel-2027/delegations/ury"});
  EXPECT_EQ(second.changes(0).kind(), v1::ScheduleChange::KIND_RETITLED);
  EXPECT_EQ(second.changes(0).old_title(), "Round table 2");
  EXPECT_EQ(second.changes(0).title(), "Round table 2: labour mobility");
  EXPECT_EQ(second.changes(1).kind(), v1::ScheduleChange::KIND_CHAIRS_CHANGED);
  EXPECT_EQ(second.changes(1).old_chairs_size(), 0);
  EXPECT_EQ(Strings(second.changes(1).new_chairs()), std::vector<std::string>{"Senegal"});
  EXPECT_EQ(Strings(second.changes(1).delegations()),
            std::vector<std::string>{"events/rel-2027/delegations/sen"});
  EXPECT_EQ(second.changes(4).kind(), v1::ScheduleChange::KIND_CANCELLED);
  EXPECT_EQ(second.changes(4).entry(), c.name());
  EXPECT_EQ(Strings(second.changes(4).delegations()),
            std::vector<std::string>{"events/rel-2027/delegations/gha"})
      << "the delegation seated before the cancellation is told";
  EXPECT_EQ(Strings(second.delegations()),
            (std::vector<std::string>{"events/rel-2027/delegations/gha",
                                      "events/rel-2027/delegations/sen",
                                      "events/rel-2027/delegations/ury"}));

  // The first release reads back as it was published.
  v1::GetScheduleReleaseRequest get;
  get.set_name(first.name());
  v1::ScheduleRelease again;
  ASSERT_TRUE(schedules_->GetScheduleRelease(Call().get(), get, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  get.set_name("events/rel-2027/scheduleReleases/latest");
  ASSERT_TRUE(schedules_->GetScheduleRelease(Call().get(), get, &again).ok());
  EXPECT_EQ(again.number(), 2);

  // Listed newest first, a page at a time.
  v1::ListScheduleReleasesRequest list;
  list.set_parent("events/rel-2027");
  list.set_page_size(1);
  v1::ListScheduleReleasesResponse page;
  ASSERT_TRUE(schedules_->ListScheduleReleases(Call().get(), list, &page).ok());
  ASSERT_EQ(page.releases_size(), 1);
  EXPECT_EQ(page.releases(0).version(), "1.1");
  EXPECT_EQ(page.releases(0).changes_size(), 0) << "a list leaves the changelogs out";
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(schedules_->ListScheduleReleases(Call().get(), list, &page).ok());
  ASSERT_EQ(page.releases_size(), 1);
  EXPECT_EQ(page.releases(0).version(), "1.0");
  EXPECT_TRUE(page.next_page_token().empty());

  // A diff between the two releases is the second one's changelog; per delegation, its part.
  v1::DiffScheduleReleasesRequest diff;
  diff.set_from_release(first.name());
  diff.set_to_release(second.name());
  v1::DiffScheduleReleasesResponse changes;
  ASSERT_TRUE(schedules_->DiffScheduleReleases(Call().get(), diff, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(changes.changes(i).SerializeAsString(), second.changes(i).SerializeAsString());
  }
  diff.set_delegation("events/rel-2027/delegations/ury");
  ASSERT_TRUE(schedules_->DiffScheduleReleases(Call().get(), diff, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 1);
  EXPECT_EQ(changes.changes(0).kind(), v1::ScheduleChange::KIND_MOVED);

  // Each release exports as it was: a's SEQUENCE moves on, c is cancelled in calendars and
  // gone from frab.
  std::string ics1 = Export("rel-2027", v1::SCHEDULE_FORMAT_ICALENDAR, first.name()).content();
  std::string ics2 = Export("rel-2027", v1::SCHEDULE_FORMAT_ICALENDAR).content();
  auto block = [](const std::string& text, const std::string& name) {
    size_t at = text.find("UID:" + name + "@forum");
    EXPECT_NE(at, std::string::npos) << name;
    return text.substr(at, text.find("END:VEVENT", at) - at);
  };
  EXPECT_NE(block(ics1, a.name()).find("SEQUENCE:0\r\n"), std::string::npos);
  EXPECT_NE(block(ics2, a.name()).find("SEQUENCE:1\r\n"), std::string::npos);
  EXPECT_NE(block(ics2, c.name()).find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_NE(block(ics2, c.name()).find("SEQUENCE:1\r\n"), std::string::npos);
  std::string frab = Export("rel-2027", v1::SCHEDULE_FORMAT_FRAB_JSON).content();
  EXPECT_EQ(frab.find("Round table 3"), std::string::npos);
  EXPECT_NE(frab.find("\"version\": \"1.1\""), std::string::npos);

  // A release exports as it was published: the same bytes at every export, and with the event
  // as it was then, whatever the event has become since.
  EXPECT_EQ(Export("rel-2027", v1::SCHEDULE_FORMAT_ICALENDAR).content(), ics2);
  v1::UpdateEventRequest retitle;
  retitle.mutable_event()->set_name("events/rel-2027");
  retitle.mutable_event()->set_title("Consultation on labour mobility, renamed");
  retitle.mutable_update_mask()->add_paths("title");
  v1::Event event;
  ASSERT_TRUE(events_->UpdateEvent(Call().get(), retitle, &event).ok());
  EXPECT_EQ(Export("rel-2027", v1::SCHEDULE_FORMAT_ICALENDAR).content(), ics2);
}

TEST_F(RoundTableServiceTest, PublishingRefusesWhatItCannotDo) {
  SetUpEvent("bad-2027");
  v1::RoundTable a, out;
  ASSERT_TRUE(Create("bad-2027", 1, 10, 0, &a).ok());
  ASSERT_TRUE(
      Schedule(a.name(), "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z", "hall", &out).ok());
  v1::ScheduleRelease release;
  for (const char* version :
       {"", "1 0", "v/1", "1.0\n", "x1234567890123456789012345678901234567890"}) {
    grpc::Status status = Publish("bad-2027", version, &release);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << version;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"version"}) << version;
  }
  EXPECT_EQ(Publish("no-such-event", "1", &release).error_code(), grpc::StatusCode::NOT_FOUND);
  std::string reader = TokenFor({"reader"});
  EXPECT_EQ(Publish("bad-2027", "1", &release, reader).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Publish("bad-2027", "1", &release).ok());
  ASSERT_TRUE(
      Schedule(a.name(), "2027-05-10T09:00:00Z", "2027-05-10T11:00:00Z", "hall", &out).ok());
  EXPECT_EQ(Publish("bad-2027", "1", &release).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(CountRows("schedule_releases"), 1) << "a refusal writes nothing";

  v1::GetScheduleReleaseRequest get;
  v1::ScheduleRelease got;
  get.set_name("events/bad-2027/scheduleReleases/7");
  EXPECT_EQ(schedules_->GetScheduleRelease(Call().get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  for (const char* name :
       {"events/bad-2027/scheduleReleases/0", "events/bad-2027/scheduleReleases/01",
        "events/bad-2027/scheduleReleases/-1", "events/bad-2027/releases/1",
        "events/bad-2027/scheduleReleases/99999999999"}) {
    get.set_name(name);
    EXPECT_EQ(schedules_->GetScheduleRelease(Call().get(), get, &got).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT)
        << name;
  }

  // The draft is the secretariat's.
  v1::DiffScheduleReleasesRequest diff;
  diff.set_from_release("events/bad-2027/scheduleReleases/1");
  v1::DiffScheduleReleasesResponse changes;
  EXPECT_EQ(schedules_->DiffScheduleReleases(CallAs(reader).get(), diff, &changes).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(schedules_->DiffScheduleReleases(Call().get(), diff, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 1);
  EXPECT_EQ(changes.changes(0).kind(), v1::ScheduleChange::KIND_MOVED);
  diff.set_to_release("events/hld-2006/scheduleReleases/1");
  EXPECT_EQ(schedules_->DiffScheduleReleases(Call().get(), diff, &changes).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ExportScheduleRequest request;
  request.set_parent("events/bad-2027");
  request.set_format(v1::SCHEDULE_FORMAT_ICALENDAR);
  request.set_draft(true);
  v1::ExportScheduleResponse exported;
  EXPECT_EQ(round_tables_->ExportSchedule(CallAs(reader).get(), request, &exported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(round_tables_->ExportSchedule(Call().get(), request, &exported).ok());
  EXPECT_NE(exported.content().find("SEQUENCE:1\r\n"), std::string::npos)
      << "the draft shows the sequence the next release would carry";
  request.set_release("events/bad-2027/scheduleReleases/1");
  EXPECT_EQ(round_tables_->ExportSchedule(Call().get(), request, &exported).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RoundTableServiceTest, AFeedTokenHoldsOneFeedBindingAndNoOtherRole) {
  v1::CreateTokenRequest request;
  request.mutable_token()->set_display_name("Calendar");
  auto* feed = request.mutable_token()->add_bindings();
  feed->set_role(v1::ROLE_FEED);
  feed->set_scope("events/hld-2006");
  request.mutable_token()->add_bindings()->set_role(v1::ROLE_READER);
  v1::CreateTokenResponse created;
  grpc::Status mixed = access_->CreateToken(Call().get(), request, &created);
  EXPECT_EQ(mixed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(mixed), std::vector<std::string>{"token.bindings"});
  request.mutable_token()->mutable_bindings()->RemoveLast();
  feed->set_scope("events/hld-2006/roundTables/round-table-1");
  EXPECT_EQ(access_->CreateToken(Call().get(), request, &created).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  feed->set_scope("events/no-such-event");
  EXPECT_EQ(access_->CreateToken(Call().get(), request, &created).error_code(),
            grpc::StatusCode::NOT_FOUND);
  feed->set_scope("events/hld-2006/delegations/bel");
  ASSERT_TRUE(access_->CreateToken(Call().get(), request, &created).ok());
  // Valid, and refused by every method of the API (the access matrix tries them all).
  v1::GetCallerRequest who;
  v1::Token caller;
  EXPECT_EQ(access_->GetCaller(CallAs(created.secret()).get(), who, &caller).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace forum::testing
