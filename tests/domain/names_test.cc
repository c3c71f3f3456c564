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
      ParseMemberName("events/e/delegations/bel/members/07", "name").status(),
      ParseMemberName("events/e/delegations/bel/members/+7", "name").status(),
  };
  for (const auto& status : cases) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_EQ(FieldViolationsOf(status).size(), 1u) << status;
  }
  EXPECT_EQ(FieldViolationsOf(cases[0])[0].field, "delegation.entity");
}

TEST(ParseNamesTest, DocumentsAndTheirItemsParseIntoTypedReferences) {
  auto doc = ParseDocumentName("events/hld-2006/documents/chair-summary", "name");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->event, "hld-2006");
  EXPECT_EQ(doc->doc, "chair-summary");
  EXPECT_EQ(doc->Name(), "events/hld-2006/documents/chair-summary");
  auto item = ParseDocumentItemName("events/hld-2006/documents/chair-summary/paragraphs/12",
                                    "paragraphs", "paragraph.name");
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(item->doc.Name(), "events/hld-2006/documents/chair-summary");
  EXPECT_EQ(item->id, 12);

  for (const char* bad :
       {"events/hld-2006/documents/chair-summary/sections/12",
        "events/hld-2006/documents/chair-summary/paragraphs/0",
        "events/hld-2006/documents/Chair/paragraphs/1",
        "events/hld-2006/roundTables/x/paragraphs/1",
        "events/hld-2006/documents/chair-summary/paragraphs/1/x",
        "events/hld-2006/documents/chair-summary/paragraphs/+12",
        "events/hld-2006/documents/chair-summary/paragraphs/ 12",
        "events/hld-2006/documents/chair-summary/paragraphs/012",
        "events/hld-2006/documents/chair-summary/paragraphs/1234567890123456789"}) {
    auto refused = ParseDocumentItemName(bad, "paragraphs", "name");
    ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(FieldViolationsOf(refused.status())[0].field, "name");
  }
  EXPECT_FALSE(ParseDocumentName("events/hld-2006/documents/x/sections/1", "name").ok());
}

// An empty name is a missing one, worded as the check of required fields words it.
TEST(ParseNamesTest, EmptyNameIsRequired) {
  const absl::Status cases[] = {
      ParseEntityName("", "f").status(),
      ParseEventName("", "f").status(),
      ParseEventChildName("", "rooms", "f").status(),
      ParseMemberName("", "f").status(),
      ParseDocumentName("", "f").status(),
      ParseDocumentItemName("", "sections", "f").status(),
  };
  for (const auto& status : cases) {
    ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
    EXPECT_EQ(FieldViolationsOf(status)[0].description, "is required") << status;
  }
}

TEST(FormatNamesTest, RoundTrips) {
  EXPECT_EQ(EventChildName("gfmd-2007", "delegations", "bel"), "events/gfmd-2007/delegations/bel");
  EXPECT_EQ(MemberResourceName("e", "bel", 3), "events/e/delegations/bel/members/3");
  EXPECT_EQ(*ParseEntityName(EntityName("ssd"), ""), "ssd");
}

}  // namespace
}  // namespace forum::domain
