#include <thread>

#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class DelegationServiceTest : public ServiceTest {
 protected:
  v1::RegisterDelegationRequest Request(const std::string& event, const std::string& entity) {
    v1::RegisterDelegationRequest request;
    request.set_parent("events/" + event);
    request.mutable_delegation()->set_entity("entities/" + entity);
    request.mutable_delegation()->mutable_head()->set_full_name("Régine De Clercq");
    request.mutable_delegation()->mutable_head()->set_rank(
        v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE);
    return request;
  }

  grpc::Status Send(const v1::RegisterDelegationRequest& request, v1::Delegation* out = nullptr) {
    v1::Delegation ignored;
    return delegations_->RegisterDelegation(Call().get(), request, out ? out : &ignored);
  }

  void SetEventState(const std::string& event, v1::EventState state) {
    v1::UpdateEventRequest request;
    request.mutable_event()->set_name("events/" + event);
    request.mutable_event()->set_state(state);
    request.mutable_update_mask()->add_paths("state");
    v1::Event out;
    ASSERT_TRUE(events_->UpdateEvent(Call().get(), request, &out).ok());
  }
};

TEST_F(DelegationServiceTest, RegistersAPendingDelegation) {
  CreateOpenEvent("gfmd-2027");
  v1::Delegation d;
  ASSERT_TRUE(Send(Request("gfmd-2027", "bel"), &d).ok());
  EXPECT_EQ(d.name(), "events/gfmd-2027/delegations/bel");
  EXPECT_EQ(d.entity(), "entities/bel");
  EXPECT_EQ(d.display_name(), "Belgium");
  EXPECT_EQ(d.regional_group(), v1::REGIONAL_GROUP_WESTERN_EUROPEAN_OTHERS);
  EXPECT_EQ(d.state(), v1::DELEGATION_STATE_PENDING);
  EXPECT_EQ(d.head().full_name(), "Régine De Clercq");
  EXPECT_GT(d.registration_time().seconds(), 0);

  v1::GetDelegationRequest get;
  get.set_name(d.name());
  v1::Delegation got;
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), d.SerializeAsString());
}

TEST_F(DelegationServiceTest, OneDelegationPerEntityPerEvent) {
  CreateOpenEvent("gfmd-2027");
  ASSERT_TRUE(Send(Request("gfmd-2027", "bel")).ok());
  grpc::Status status = Send(Request("gfmd-2027", "bel"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(CountRows("delegations"), 1);
}

TEST_F(DelegationServiceTest, SouthSudanCannotRegisterForA2006Event) {
  v1::CreateEventRequest create;
  create.set_event_id("consultation-2006");
  auto* e = create.mutable_event();
  e->set_title("Consultation held in 2006");
  e->set_kind(v1::EVENT_KIND_CONSULTATION);
  e->set_venue("New York");
  e->set_time_zone("America/New_York");
  e->set_start_date("2006-11-01");
  e->set_end_date("2006-11-01");
  e->set_state(v1::EVENT_STATE_OPEN_FOR_REGISTRATION);
  v1::Event event;
  ASSERT_TRUE(events_->CreateEvent(Call().get(), create, &event).ok());

  grpc::Status status = Send(Request("consultation-2006", "ssd"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"delegation.entity"});
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ENTITY_NOT_ELIGIBLE"});
  // Montenegro was admitted on 2006-06-28, before the event: it may register.
  EXPECT_TRUE(Send(Request("consultation-2006", "mne")).ok());
  // South Sudan may register for a later event.
  CreateOpenEvent("gfmd-2027");
  EXPECT_TRUE(Send(Request("gfmd-2027", "ssd")).ok());
  EXPECT_EQ(CountRows("delegations"), 2);
}

TEST_F(DelegationServiceTest, OnlyEventsTakingRegistrations) {
  CreateOpenEvent("open-2027");
  struct Case {
    const char* event;
    v1::EventState state;
  } cases[] = {{"gfmd-2007", v1::EVENT_STATE_CONCLUDED}, {"open-2027", v1::EVENT_STATE_CANCELLED}};
  SetEventState("open-2027", v1::EVENT_STATE_CANCELLED);
  for (const auto& c : cases) {
    grpc::Status status = Send(Request(c.event, "bel"));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << c.event;
    EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"EVENT_STATE"});
  }
  EXPECT_EQ(Send(Request("no-such-event", "bel")).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CountRows("delegations"), 0);
}

TEST_F(DelegationServiceTest, PlannedEventOpensThenTakesRegistrations) {
  v1::CreateEventRequest create;
  create.set_event_id("later-2028");
  auto* e = create.mutable_event();
  e->set_title("Later");
  e->set_kind(v1::EVENT_KIND_GLOBAL_FORUM);
  e->set_venue("Quito");
  e->set_time_zone("America/Guayaquil");
  e->set_start_date("2028-01-20");
  e->set_end_date("2028-01-22");
  v1::Event event;
  ASSERT_TRUE(events_->CreateEvent(Call().get(), create, &event).ok());
  EXPECT_EQ(Send(Request("later-2028", "ecu")).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  SetEventState("later-2028", v1::EVENT_STATE_OPEN_FOR_REGISTRATION);
  EXPECT_TRUE(Send(Request("later-2028", "ecu")).ok());
}

TEST_F(DelegationServiceTest, RefusesBadRegistrationsAndChangesNothing) {
  CreateOpenEvent("gfmd-2027");
  auto no_head = Request("gfmd-2027", "bel");
  no_head.mutable_delegation()->clear_head();
  grpc::Status status = Send(no_head);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"delegation.head.full_name", "delegation.head.rank"}));

  auto bad_rank = Request("gfmd-2027", "bel");
  bad_rank.mutable_delegation()->mutable_head()->set_rank(static_cast<v1::ProtocolRank>(99));
  status = Send(bad_rank);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"delegation.head.rank"});

  auto long_name = Request("gfmd-2027", "bel");
  long_name.mutable_delegation()->mutable_head()->set_full_name(std::string(201, 'a'));
  long_name.mutable_delegation()->set_contact_email("not an address");
  status = Send(long_name);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"delegation.head.full_name", "delegation.contact_email"}));

  auto bad_entity = Request("gfmd-2027", "bel");
  bad_entity.mutable_delegation()->set_entity("Belgium");
  status = Send(bad_entity);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"delegation.entity"});

  status = Send(Request("gfmd-2027", "zzz"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"delegation.entity"});

  auto bad_parent = Request("gfmd-2027", "bel");
  bad_parent.set_parent("gfmd-2027");
  EXPECT_EQ(Send(bad_parent).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountRows("delegations"), 0);
}

TEST_F(DelegationServiceTest, KeepsUnicodeNamesExactly) {
  CreateOpenEvent("gfmd-2027");
  const std::string names[] = {"山田 太郎", "Şükrü Saracoğlu", "محمد بن راشد", "Nguyễn Thị Minh"};
  const char* codes[] = {"jpn", "tur", "are", "vnm"};
  for (int i = 0; i < 4; ++i) {
    auto request = Request("gfmd-2027", codes[i]);
    request.mutable_delegation()->mutable_head()->set_full_name(names[i]);
    v1::Delegation d;
    ASSERT_TRUE(Send(request, &d).ok());
    EXPECT_EQ(d.head().full_name(), names[i]);
  }
}

TEST_F(DelegationServiceTest, RetriedRegistrationRegistersOnce) {
  CreateOpenEvent("gfmd-2027");
  auto request = Request("gfmd-2027", "bel");
  request.set_request_id("a3a4bd3e-0c43-4b8e-8c2f-7a3d6f1e2b90");
  v1::Delegation first, second;
  ASSERT_TRUE(Send(request, &first).ok());
  ASSERT_TRUE(Send(request, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(CountRows("delegations"), 1);
}

TEST_F(DelegationServiceTest, AccreditationLifecycle) {
  CreateOpenEvent("gfmd-2027");
  v1::Delegation d = Register("gfmd-2027", "sen");
  v1::Delegation out;

  v1::RejectDelegationRequest reject;
  reject.set_name(d.name());
  grpc::Status status = delegations_->RejectDelegation(Call().get(), reject, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"reason"});

  v1::AccreditDelegationRequest accredit;
  accredit.set_name(d.name());
  accredit.set_etag("W/\"999\"");
  EXPECT_EQ(delegations_->AccreditDelegation(Call().get(), accredit, &out).error_code(),
            grpc::StatusCode::ABORTED);
  accredit.set_etag(d.etag());
  ASSERT_TRUE(delegations_->AccreditDelegation(Call().get(), accredit, &out).ok());
  EXPECT_EQ(out.state(), v1::DELEGATION_STATE_ACCREDITED);
  accredit.clear_etag();
  status = delegations_->AccreditDelegation(Call().get(), accredit, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"DELEGATION_STATE"});

  reject.set_reason("Credentials not in order");
  EXPECT_EQ(delegations_->RejectDelegation(Call().get(), reject, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::WithdrawDelegationRequest withdraw;
  withdraw.set_name(d.name());
  withdraw.set_reason("Minister unable to travel");
  ASSERT_TRUE(delegations_->WithdrawDelegation(Call().get(), withdraw, &out).ok());
  EXPECT_EQ(out.state(), v1::DELEGATION_STATE_WITHDRAWN);
  EXPECT_EQ(out.state_reason(), "Minister unable to travel");

  v1::UpdateDelegationRequest update;
  update.mutable_delegation()->set_name(d.name());
  update.mutable_delegation()->set_notes("late note");
  update.mutable_update_mask()->add_paths("notes");
  EXPECT_EQ(delegations_->UpdateDelegation(Call().get(), update, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::Delegation other = Register("gfmd-2027", "ken");
  reject.set_name(other.name());
  ASSERT_TRUE(delegations_->RejectDelegation(Call().get(), reject, &out).ok());
  EXPECT_EQ(out.state(), v1::DELEGATION_STATE_REJECTED);
  EXPECT_EQ(out.state_reason(), "Credentials not in order");
}

TEST_F(DelegationServiceTest, UpdateHonoursMaskAndEtag) {
  CreateOpenEvent("gfmd-2027");
  v1::Delegation d = Register("gfmd-2027", "mex");
  v1::UpdateDelegationRequest update;
  *update.mutable_delegation() = d;
  update.mutable_delegation()->mutable_head()->set_full_name("Nueva Jefa");
  update.mutable_delegation()->mutable_credentials()->set_reference("NV/2027/14");
  update.mutable_delegation()->set_notes("not in mask");
  update.mutable_update_mask()->add_paths("head.full_name");
  update.mutable_update_mask()->add_paths("credentials.reference");
  v1::Delegation out;
  ASSERT_TRUE(delegations_->UpdateDelegation(Call().get(), update, &out).ok());
  EXPECT_EQ(out.head().full_name(), "Nueva Jefa");
  EXPECT_EQ(out.head().rank(), v1::PROTOCOL_RANK_MINISTER);
  EXPECT_EQ(out.credentials().reference(), "NV/2027/14");
  EXPECT_EQ(out.notes(), "");

  // Same (now stale) etag again: ABORTED and nothing written.
  update.mutable_delegation()->mutable_head()->set_full_name("Lost");
  EXPECT_EQ(delegations_->UpdateDelegation(Call().get(), update, &out).error_code(),
            grpc::StatusCode::ABORTED);
  v1::GetDelegationRequest get;
  get.set_name(d.name());
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &out).ok());
  EXPECT_EQ(out.head().full_name(), "Nueva Jefa");

  update.mutable_delegation()->clear_etag();
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("state");
  grpc::Status status = delegations_->UpdateDelegation(Call().get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"update_mask"});

  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("head");
  update.mutable_delegation()->mutable_head()->clear_rank();
  status = delegations_->UpdateDelegation(Call().get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"delegation.head.rank"});
}

TEST_F(DelegationServiceTest, ListsWithFiltersPagesAndTotals) {
  CreateOpenEvent("gfmd-2027");
  for (const char* code : {"bel", "sen", "ken", "jpn", "bra", "pol", "iom"})
    Register("gfmd-2027", code);
  v1::AccreditDelegationRequest accredit;
  v1::Delegation out;
  for (const char* code : {"sen", "ken"}) {
    accredit.set_name(std::string("events/gfmd-2027/delegations/") + code);
    ASSERT_TRUE(delegations_->AccreditDelegation(Call().get(), accredit, &out).ok());
  }
  struct Case {
    std::string filter;
    std::vector<std::string> codes;
  } cases[] = {
      {"regional_group = AFRICAN", {"ken", "sen"}},
      {"state = ACCREDITED", {"ken", "sen"}},
      {"state = PENDING AND regional_group = AFRICAN", {}},
      {"entity_kind = INTERGOVERNMENTAL_ORGANIZATION", {"iom"}},
      {"regional_group = EASTERN_EUROPEAN", {"pol"}},
  };
  for (const auto& c : cases) {
    v1::ListDelegationsRequest request;
    request.set_parent("events/gfmd-2027");
    request.set_filter(c.filter);
    v1::ListDelegationsResponse response;
    ASSERT_TRUE(delegations_->ListDelegations(Call().get(), request, &response).ok());
    std::vector<std::string> codes;
    for (const auto& d : response.delegations()) codes.push_back(d.name().substr(29));
    EXPECT_EQ(codes, c.codes) << c.filter;
    EXPECT_EQ(response.total_size(), static_cast<int>(c.codes.size())) << c.filter;
  }

  v1::ListDelegationsRequest request;
  request.set_parent("events/gfmd-2027");
  request.set_page_size(3);
  std::vector<std::string> all;
  do {
    v1::ListDelegationsResponse response;
    ASSERT_TRUE(delegations_->ListDelegations(Call().get(), request, &response).ok());
    EXPECT_EQ(response.total_size(), 7);
    for (const auto& d : response.delegations()) all.push_back(d.name().substr(29));
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(all, (std::vector<std::string>{"bel", "bra", "iom", "jpn", "ken", "pol", "sen"}));

  // A token from one filter is refused under another.
  request.set_page_size(1);
  v1::ListDelegationsResponse first;
  ASSERT_TRUE(delegations_->ListDelegations(Call().get(), request, &first).ok());
  request.set_page_token(first.next_page_token());
  request.set_filter("state = PENDING");
  v1::ListDelegationsResponse refused;
  EXPECT_EQ(delegations_->ListDelegations(Call().get(), request, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DelegationServiceTest, ConcurrentRegistrationsAreAllKept) {
  CreateOpenEvent("gfmd-2027");
  v1::ListEntitiesRequest list;
  list.set_filter("kind = MEMBER_STATE");
  list.set_page_size(1000);
  v1::ListEntitiesResponse states;
  ASSERT_TRUE(entities_->ListEntities(Call().get(), list, &states).ok());
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < states.entities_size(); i += 8) {
        auto request = Request("gfmd-2027", states.entities(i).name().substr(9));
        v1::Delegation d;
        if (delegations_->RegisterDelegation(Call().get(), request, &d).ok()) ++accepted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 193);
  EXPECT_EQ(CountRows("delegations"), 193);
}

TEST_F(DelegationServiceTest, ConcludedEventFreezesItsDelegations) {
  CreateOpenEvent("gfmd-2027");
  v1::Delegation d = Register("gfmd-2027", "bel");
  SetEventState("gfmd-2027", v1::EVENT_STATE_CONCLUDED);
  v1::AccreditDelegationRequest accredit;
  accredit.set_name(d.name());
  v1::Delegation out;
  grpc::Status status = delegations_->AccreditDelegation(Call().get(), accredit, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"EVENT_STATE"});
}

}  // namespace
}  // namespace forum::testing
