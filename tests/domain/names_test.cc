#include "domain/names.h"

#include "domain/errors.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

TEST(IsValidIdTest, AcceptsRfc1034Labels) {
  for (const char* id : {"a", "hld-2006", "gfmd-2007", "bel", "conference-room-4"}) {
    EXPECT_TRUE(IsValidId(id)) << id;
  }
}

TEST(IsValidIdTest, RefusesOtherShapes) {
  for (const char* id : {"", "2006-hld", "Bel", "bel-", "a_b", "a b", "é",
                         "a123456789012345678901234567890123456789012345678901234567890123"}) {
    EXPECT_FALSE(IsValidId(id)) << id;
  }
}

TEST(ParseNamesTest, ParsesEachKind) {
  EXPECT_EQ(*ParseEntityName("entities/mex", "f"), "mex");
  EXPECT_EQ(*ParseEventName("events/hld-2006", "f"), "hld-2006");
  auto child = ParseEventChildName("events/gfmd-2007/delegations/bel", "delegations", "f");
  ASSERT_TRUE(child.ok());
  EXPECT_EQ(child->event, "gfmd-2007");
  EXPECT_EQ(child->id, "bel");
  auto member = ParseMemberName("events/e/delegations/bel/members/12", "f");
  ASSERT_TRUE(member.ok());
  EXPECT_EQ(member->member, 12);
}

TEST(ParseNamesTest, MalformedNamesAreInvalidArgumentOnTheirField) {
  const absl::Status cases[] = {
      ParseEntityName("entity/mex", "delegation.entity").status(),
      ParseEventName("events/", "parent").status(),
      ParseEventName("events/a/b", "parent").status(),
      ParseEventChildName("events/e/rooms/r", "sessions", "session.name").status(),
      ParseMemberName("events/e/delegations/bel/members/0", "name").status(),
      ParseMemberName("events/e/delegations/bel/members/x", "name").status(),
  };
  for (const auto& status : cases) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_EQ(FieldViolationsOf(status).size(), 1u) << status;
  }
  EXPECT_EQ(FieldViolationsOf(cases[0])[0].field, "delegation.entity");
}

TEST(FormatNamesTest, RoundTrips) {
  EXPECT_EQ(EventChildName("gfmd-2007", "delegations", "bel"), "events/gfmd-2007/delegations/bel");
  EXPECT_EQ(MemberResourceName("e", "bel", 3), "events/e/delegations/bel/members/3");
  EXPECT_EQ(*ParseEntityName(EntityName("ssd"), ""), "ssd");
}

}  // namespace
}  // namespace forum::domain
