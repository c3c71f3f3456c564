#include "domain/delegation_rules.h"

#include "gtest/gtest.h"

namespace forum::domain {
namespace {

v1::Event EventOn(const char* start, v1::EventState state) {
  v1::Event e;
  e.set_name("events/x");
  e.set_start_date(start);
  e.set_end_date(start);
  e.set_state(state);
  return e;
}

v1::Entity SouthSudan() {
  v1::Entity e;
  e.set_name("entities/ssd");
  e.set_display_name("South Sudan");
  e.set_kind(v1::ENTITY_KIND_MEMBER_STATE);
  e.set_admission_date("2011-07-14");
  return e;
}

TEST(EntityEligibleTest, AdmissionDateBoundsRegistration) {
  auto open = v1::EVENT_STATE_OPEN_FOR_REGISTRATION;
  absl::Status before = CheckEntityEligible(SouthSudan(), EventOn("2006-09-14", open));
  EXPECT_EQ(before.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FieldViolationsOf(before)[0].field, "delegation.entity");
  EXPECT_TRUE(CheckEntityEligible(SouthSudan(), EventOn("2011-07-14", open)).ok());
  EXPECT_TRUE(CheckEntityEligible(SouthSudan(), EventOn("2027-05-10", open)).ok());
}

TEST(EntityEligibleTest, EndDateBoundsRegistration) {
  v1::Entity community;
  community.set_name("entities/ec");
  community.set_end_date("2009-11-30");
  auto open = v1::EVENT_STATE_OPEN_FOR_REGISTRATION;
  EXPECT_TRUE(CheckEntityEligible(community, EventOn("2007-07-09", open)).ok());
  EXPECT_EQ(CheckEntityEligible(community, EventOn("2010-01-01", open)).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RegistrationOpenTest, OnlyWhileOpenOrInSession) {
  struct Case {
    v1::EventState state;
    bool ok;
  } cases[] = {{v1::EVENT_STATE_PLANNED, false},
               {v1::EVENT_STATE_OPEN_FOR_REGISTRATION, true},
               {v1::EVENT_STATE_IN_SESSION, true},
               {v1::EVENT_STATE_CONCLUDED, false},
               {v1::EVENT_STATE_CANCELLED, false}};
  for (const auto& c : cases) {
    absl::Status status = CheckRegistrationOpen(EventOn("2027-01-01", c.state));
    EXPECT_EQ(status.ok(), c.ok) << v1::EventState_Name(c.state);
    if (!c.ok) EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(DelegationTransitionTest, FollowsTheLifecycle) {
  using S = v1::DelegationState;
  struct Case {
    S from, to;
    bool ok;
  } cases[] = {
      {v1::DELEGATION_STATE_PENDING, v1::DELEGATION_STATE_ACCREDITED, true},
      {v1::DELEGATION_STATE_PENDING, v1::DELEGATION_STATE_REJECTED, true},
      {v1::DELEGATION_STATE_PENDING, v1::DELEGATION_STATE_WITHDRAWN, true},
      {v1::DELEGATION_STATE_ACCREDITED, v1::DELEGATION_STATE_WITHDRAWN, true},
      {v1::DELEGATION_STATE_ACCREDITED, v1::DELEGATION_STATE_ACCREDITED, false},
      {v1::DELEGATION_STATE_ACCREDITED, v1::DELEGATION_STATE_REJECTED, false},
      {v1::DELEGATION_STATE_REJECTED, v1::DELEGATION_STATE_ACCREDITED, false},
      {v1::DELEGATION_STATE_WITHDRAWN, v1::DELEGATION_STATE_ACCREDITED, false},
  };
  for (const auto& c : cases) {
    v1::Delegation d;
    d.set_state(c.from);
    absl::Status status = CheckDelegationTransition(d, c.to);
    EXPECT_EQ(status.ok(), c.ok) << v1::DelegationState_Name(c.from) << " -> "
                                 << v1::DelegationState_Name(c.to);
    if (!c.ok) EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(ValidateDelegationTest, HeadNeedsNameAndRank) {
  v1::Delegation d;
  d.set_contact_email("x@");
  d.mutable_credentials()->set_received_date("2027-02-30");
  Validator v;
  ValidateDelegationFields(d, "delegation", v);
  std::vector<std::string> fields;
  for (const auto& f : FieldViolationsOf(v.Finish())) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"delegation.head.full_name", "delegation.head.rank",
                                              "delegation.credentials.received_date",
                                              "delegation.contact_email"}));
}

}  // namespace
}  // namespace forum::domain
