#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class MemberServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateOpenEvent("gfmd-2027");
    delegation_ = Register("gfmd-2027", "phl");
  }

  grpc::Status Add(const std::string& name, v1::DelegationMember* out) {
    v1::AddDelegationMemberRequest request;
    request.set_parent(delegation_.name());
    request.mutable_member()->mutable_person()->set_full_name(name);
    request.mutable_member()->set_role("adviser");
    return delegations_->AddDelegationMember(Call().get(), request, out);
  }

  v1::Delegation delegation_;
};

TEST_F(MemberServiceTest, AddsListsUpdatesAndRemoves) {
  v1::DelegationMember first, second;
  ASSERT_TRUE(Add("Maria Santos", &first).ok());
  ASSERT_TRUE(Add("José Rizal Cruz", &second).ok());
  EXPECT_EQ(first.name(), "events/gfmd-2027/delegations/phl/members/1");
  EXPECT_EQ(second.name(), "events/gfmd-2027/delegations/phl/members/2");

  v1::UpdateDelegationMemberRequest update;
  *update.mutable_member() = first;
  update.mutable_member()->mutable_person()->set_title("Undersecretary");
  update.mutable_member()->mutable_person()->set_rank(v1::PROTOCOL_RANK_VICE_MINISTER);
  update.mutable_update_mask()->add_paths("person.title");
  update.mutable_update_mask()->add_paths("person.rank");
  v1::DelegationMember updated;
  ASSERT_TRUE(delegations_->UpdateDelegationMember(Call().get(), update, &updated).ok());
  EXPECT_EQ(updated.person().title(), "Undersecretary");
  EXPECT_EQ(updated.person().full_name(), "Maria Santos");
  EXPECT_EQ(delegations_->UpdateDelegationMember(Call().get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);

  v1::RemoveDelegationMemberRequest remove;
  remove.set_name(second.name());
  v1::RemoveDelegationMemberResponse removed;
  ASSERT_TRUE(delegations_->RemoveDelegationMember(Call().get(), remove, &removed).ok());
  EXPECT_EQ(delegations_->RemoveDelegationMember(Call().get(), remove, &removed).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListDelegationMembersRequest list;
  list.set_parent(delegation_.name());
  v1::ListDelegationMembersResponse members;
  ASSERT_TRUE(delegations_->ListDelegationMembers(Call().get(), list, &members).ok());
  ASSERT_EQ(members.members_size(), 1);
  EXPECT_EQ(members.members(0).person().rank(), v1::PROTOCOL_RANK_VICE_MINISTER);

  v1::GetDelegationRequest get;
  get.set_name(delegation_.name());
  v1::Delegation d;
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &d).ok());
  EXPECT_EQ(d.member_count(), 1);
  EXPECT_NE(d.etag(), delegation_.etag()) << "membership changes the delegation's etag";
}

TEST_F(MemberServiceTest, RefusesBadMembers) {
  v1::DelegationMember out;
  grpc::Status status = Add("", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"member.person.full_name"});

  v1::AddDelegationMemberRequest request;
  request.set_parent("events/gfmd-2027/delegations/fra");
  request.mutable_member()->mutable_person()->set_full_name("Nobody");
  EXPECT_EQ(delegations_->AddDelegationMember(Call().get(), request, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::RemoveDelegationMemberRequest remove;
  remove.set_name("events/gfmd-2027/delegations/phl/members/zero");
  v1::RemoveDelegationMemberResponse removed;
  EXPECT_EQ(delegations_->RemoveDelegationMember(Call().get(), remove, &removed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountRows("delegation_members"), 0);
}

}  // namespace
}  // namespace forum::testing
