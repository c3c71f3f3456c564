#include "domain/access.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace forum::domain {
namespace {

Grants Of(const std::vector<std::string>& roles) {
  std::vector<v1::RoleBinding> bindings;
  for (const auto& r : roles) {
    auto b = ParseBinding(r);
    EXPECT_TRUE(b.ok()) << r << ": " << b.status();
    if (b.ok()) bindings.push_back(*b);
  }
  return Grants(std::move(bindings));
}

DocumentFacts Fact(const std::string& doc, v1::DocumentState state, const std::string& rt = "") {
  return DocumentFacts{"gfmd-2007", doc, rt, state};
}

TEST(BindingTest, ParsesAndFormatsTheCommandLineForm) {
  for (const char* text :
       {"admin", "reader", "focal-point=events/gfmd-2007/delegations/bel", "chair=events/hld-2006",
        "chair=events/hld-2006/roundTables/round-table-1",
        "chair=events/hld-2006/documents/chair-summary"}) {
    auto b = ParseBinding(text);
    ASSERT_TRUE(b.ok()) << text << ": " << b.status();
    EXPECT_EQ(FormatBinding(*b), text);
  }
  for (const char* text :
       {"", "root", "admin=events/hld-2006", "reader=x", "focal-point=events/hld-2006",
        "focal-point=entities/bel", "chair=events/hld-2006/sessions/1", "chair=events/HLD"}) {
    EXPECT_EQ(ParseBinding(text).status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

TEST(BindingTest, RolesWithoutAScopeTakeTheOneGivenApart) {
  auto b =
      ParseBindings({"chair", "focal-point=events/hld-2006/delegations/mex"}, "events/hld-2006");
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(b->size(), 2u);
  EXPECT_EQ(FormatBinding((*b)[0]), "chair=events/hld-2006");
  EXPECT_EQ(FormatBinding((*b)[1]), "focal-point=events/hld-2006/delegations/mex");
  EXPECT_FALSE(ParseBindings({"admin"}, "events/hld-2006").ok()) << "admin takes no scope";
  EXPECT_TRUE(ParseBindings({"admin", "reader"}, "").ok());
}

TEST(BindingTest, AFeedReadsAnEventsProgrammeOrOneDelegationsCalendar) {
  auto event = ParseBinding("feed=events/hld-2006");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->role(), v1::ROLE_FEED);
  EXPECT_EQ(FormatBinding(*event), "feed=events/hld-2006");
  auto delegation = ParseBinding("feed=events/hld-2006/delegations/mex");
  ASSERT_TRUE(delegation.ok()) << delegation.status();
  for (const char* bad : {"feed", "feed=events/hld-2006/roundTables/round-table-1",
                          "feed=entities/mex", "feed=events/hld-2006/delegations"}) {
    EXPECT_FALSE(ParseBinding(bad).ok()) << bad;
  }
  Grants whole({*event});
  EXPECT_TRUE(whole.Feed());
  EXPECT_TRUE(whole.FeedOf("hld-2006", ""));
  EXPECT_TRUE(whole.FeedOf("hld-2006", "mex"));
  EXPECT_FALSE(whole.FeedOf("gfmd-2007", ""));
  EXPECT_FALSE(whole.Admin());
  Grants mine({*delegation});
  EXPECT_TRUE(mine.FeedOf("hld-2006", "mex"));
  EXPECT_FALSE(mine.FeedOf("hld-2006", "bel"));
  EXPECT_FALSE(mine.FeedOf("hld-2006", "")) << "a delegation's token is not the whole programme";
  EXPECT_FALSE(Grants({*ParseBinding("admin")}).Feed());
}

TEST(GrantsTest, FocalPointsActForTheirOwnDelegationOnly) {
  Grants bel = Of({"focal-point=events/gfmd-2007/delegations/bel"});
  EXPECT_TRUE(bel.FocalPointOf("gfmd-2007", "bel"));
  EXPECT_FALSE(bel.FocalPointOf("gfmd-2007", "fra"));
  EXPECT_FALSE(bel.FocalPointOf("gfmd-2008", "bel"));
  EXPECT_TRUE(bel.FocalPointIn("gfmd-2007"));
  EXPECT_FALSE(bel.FocalPointIn("gfmd-2007x")) << "a prefix of another event id is not the event";
  EXPECT_FALSE(bel.Admin());
  EXPECT_TRUE(Of({"admin"}).FocalPointOf("gfmd-2007", "fra"));
}

TEST(GrantsTest, DocumentsFollowStateAndScope) {
  auto draft = Fact("chair-summary", v1::DOCUMENT_STATE_DRAFT);
  auto rt_draft = Fact("rt1", v1::DOCUMENT_STATE_DRAFT, "round-table-1");
  auto circulated = Fact("chair-summary", v1::DOCUMENT_STATE_CIRCULATED);
  auto issued = Fact("chair-summary", v1::DOCUMENT_STATE_ISSUED);

  Grants reader = Of({"reader"});
  EXPECT_FALSE(reader.CanRead(draft));
  EXPECT_FALSE(reader.CanRead(circulated));
  EXPECT_TRUE(reader.CanRead(issued));
  EXPECT_FALSE(reader.AuthorOf(issued));

  Grants focal = Of({"focal-point=events/gfmd-2007/delegations/bel"});
  EXPECT_FALSE(focal.CanRead(draft));
  EXPECT_TRUE(focal.CanRead(circulated));
  EXPECT_FALSE(Of({"focal-point=events/gfmd-2008/delegations/bel"}).CanRead(circulated));

  Grants event_chair = Of({"chair=events/gfmd-2007"});
  EXPECT_TRUE(event_chair.AuthorOf(draft));
  EXPECT_TRUE(event_chair.AuthorOf(rt_draft));
  EXPECT_FALSE(Of({"chair=events/gfmd-2008"}).CanRead(draft));

  Grants rt_chair = Of({"chair=events/gfmd-2007/roundTables/round-table-1"});
  EXPECT_TRUE(rt_chair.AuthorOf(rt_draft));
  EXPECT_FALSE(rt_chair.AuthorOf(draft));
  EXPECT_FALSE(rt_chair.CanRead(draft));

  Grants doc_author = Of({"chair=events/gfmd-2007/documents/rt1"});
  EXPECT_TRUE(doc_author.AuthorOf(rt_draft));
  EXPECT_FALSE(doc_author.AuthorOf(draft));

  EXPECT_FALSE(Grants().CanRead(issued)) << "no role, nothing to read";
}

TEST(GrantsTest, FactsOfADocumentComeFromItsName) {
  v1::Document d;
  d.set_name("events/hld-2006/documents/chair-summary");
  d.set_round_table("events/hld-2006/roundTables/rt-1");
  d.set_state(v1::DOCUMENT_STATE_CIRCULATED);
  DocumentFacts facts = FactsOf(d);
  EXPECT_EQ(facts.event, "hld-2006");
  EXPECT_EQ(facts.document, "chair-summary");
  EXPECT_EQ(facts.round_table, "rt-1");
  EXPECT_EQ(facts.state, v1::DOCUMENT_STATE_CIRCULATED);
}

TEST(DocumentPolicyTest, DraftsAreForTheirAuthorsUntilCirculated) {
  DocumentFacts draft = Fact("summary", v1::DOCUMENT_STATE_DRAFT);
  Grants chair = Of({"chair=events/gfmd-2007"});
  Grants focal = Of({"focal-point=events/gfmd-2007/delegations/bel"});
  Grants reader = Of({"reader"});
  EXPECT_TRUE(CheckDocumentAccess(chair, draft, DocumentNeed::kWrite).ok());
  EXPECT_EQ(CheckDocumentAccess(focal, draft, DocumentNeed::kRead).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckDocumentAccess(reader, draft, DocumentNeed::kRead).code(),
            absl::StatusCode::kPermissionDenied);
  DocumentFacts circulated = Fact("summary", v1::DOCUMENT_STATE_CIRCULATED);
  EXPECT_TRUE(CheckDocumentAccess(focal, circulated, DocumentNeed::kRead).ok());
  EXPECT_TRUE(CheckDocumentAccess(focal, circulated, DocumentNeed::kComment).ok());
  EXPECT_EQ(CheckDocumentAccess(focal, circulated, DocumentNeed::kWrite).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckDocumentAccess(reader, circulated, DocumentNeed::kComment).code(),
            absl::StatusCode::kPermissionDenied);
  DocumentFacts issued = Fact("summary", v1::DOCUMENT_STATE_ISSUED);
  EXPECT_TRUE(CheckDocumentAccess(reader, issued, DocumentNeed::kRead).ok());
}

TEST(DocumentPolicyTest, EarlierRevisionsAreDraftsEvenOfAnIssuedDocument) {
  DocumentFacts issued = Fact("summary", v1::DOCUMENT_STATE_ISSUED);
  Grants reader = Of({"reader"});
  const char* name = "events/gfmd-2007/documents/summary";
  EXPECT_TRUE(CheckReadAtRevision(reader, issued, 0, name).ok());
  absl::Status earlier = CheckReadAtRevision(reader, issued, 3, name);
  EXPECT_EQ(earlier.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(earlier.message().find("they are drafts"), std::string::npos) << earlier;
  EXPECT_TRUE(
      CheckReadAtRevision(Of({"chair=events/gfmd-2007/documents/summary"}), issued, 3, name).ok());
}

TEST(DocumentPolicyTest, AFocalPointCommentsOnlyAsItsOwnDelegation) {
  DocumentFacts circulated = Fact("summary", v1::DOCUMENT_STATE_CIRCULATED);
  Grants focal = Of({"focal-point=events/gfmd-2007/delegations/bel"});
  EXPECT_TRUE(CheckCommentAs(focal, circulated, "events/gfmd-2007/delegations/bel").ok());
  EXPECT_EQ(CheckCommentAs(focal, circulated, "events/gfmd-2007/delegations/mex").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckCommentAs(focal, circulated, "Anyone").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckCommentAs(focal, Fact("summary", v1::DOCUMENT_STATE_DRAFT),
                           "events/gfmd-2007/delegations/bel")
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckCommentAs(Of({"chair=events/gfmd-2007"}), circulated, "Rapporteur").ok());
}

TEST(DocumentPolicyTest, ARoundTableChairCreatesThatTablesSummariesOnly) {
  Grants rt_chair = Of({"chair=events/gfmd-2007/roundTables/rt1"});
  EXPECT_TRUE(CheckCreateDocument(rt_chair,
                                  Fact("rt1-summary", v1::DOCUMENT_STATE_UNSPECIFIED, "rt1"),
                                  "events/gfmd-2007")
                  .ok());
  EXPECT_EQ(CheckCreateDocument(rt_chair, Fact("other", v1::DOCUMENT_STATE_UNSPECIFIED, "rt2"),
                                "events/gfmd-2007")
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckCreateDocument(rt_chair, Fact("summary", v1::DOCUMENT_STATE_UNSPECIFIED),
                                "events/gfmd-2007")
                .code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace forum::domain
