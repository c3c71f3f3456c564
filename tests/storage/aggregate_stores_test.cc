// The document, round-table and token stores and the audit log, on a real database file: what a
// write leaves behind and what the reads give back.
#include <string>
#include <vector>

#include "domain/dates.h"
#include "domain/order_key.h"
#include "gtest/gtest.h"
#include "storage/sql/audit_log.h"
#include "storage/sql/delegation_store.h"
#include "storage/sql/document_store.h"
#include "storage/sql/round_table_store.h"
#include "storage/sql/token_store.h"
#include "tests/storage/store_fixture.h"

namespace forum::storage::sql {
namespace {

class AggregateStoresTest : public StoreTest {};

domain::Edit By(const std::string& change) { return domain::Edit{"Rapporteur", change, 5000}; }

// Every write that changes a document appends its revision; replaying the log gives the current
// state at every step, so the log cannot be skipped by any caller of the store.
TEST_F(AggregateStoresTest, EveryDocumentWriteAppendsItsRevision) {
  InTx([](Connection& c) {
    DocumentStore store(c, "hld-2006", "notes");
    v1::Document d;
    d.set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    d.set_title("Notes");
    d.set_state(v1::DOCUMENT_STATE_DRAFT);
    store.Insert(d, By("created the document"));
    EXPECT_EQ(store.Get()->revision(), 1);

    domain::DocSection s{store.NextItem(), "V", "Opening", "", 1};
    store.PutSection(s, By("inserted section"));
    domain::DocParagraph p{store.NextItem(), s.id, "V", "First text.", {}, 1};
    store.PutParagraph(p, By("inserted paragraph"));
    p.text = "Second text.";
    store.PutParagraph(p, By("updated paragraph"));
    domain::DocParagraph gone{store.NextItem(), s.id, "k", "Short-lived.", {}, 1};
    store.PutParagraph(gone, By("inserted paragraph"));
    store.DeleteParagraph(gone, By("deleted paragraph"));
    d.set_title("Notes, revised");
    store.UpdateHeader(d, By("updated the title"));

    auto doc = store.Get();
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->revision(), 7);
    auto log = store.Log(doc->revision());
    ASSERT_EQ(log.size(), 7u);
    for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].number, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(log[3].change, "updated paragraph");
    EXPECT_EQ(log[3].author, "Rapporteur");
    EXPECT_EQ(log[5].kind, "paragraph");
    EXPECT_TRUE(log[5].deleted);

    domain::DocState current = store.Current();
    domain::DocState replayed = domain::Replay(log, doc->revision());
    ASSERT_EQ(current.paragraphs.size(), 1u);
    EXPECT_EQ(replayed.paragraphs.size(), 1u);
    EXPECT_EQ(replayed.paragraphs.at(p.id).text, "Second text.");
    EXPECT_EQ(current.paragraphs.at(p.id).text, "Second text.");
    EXPECT_EQ(domain::Replay(log, 3).paragraphs.at(p.id).text, "First text.");

    auto newest = store.LogDescending(0, 2);
    ASSERT_EQ(newest.size(), 2u);
    EXPECT_EQ(newest[0].number, 7);
    EXPECT_EQ(store.LogDescending(7, 100).size(), 6u);
  });
}

// The store answers the neighbours of a place, and the place of a paragraph, from the index
// alone; both must agree with the whole section read in order, at every index, with and without
// a paragraph left out, ties included (rows from before order keys may share one).
TEST_F(AggregateStoresTest, ParagraphGapsAndIndexesAgreeWithTheSectionInOrder) {
  InTx([](Connection& c) {
    DocumentStore store(c, "hld-2006", "gaps");
    v1::Document d;
    d.set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    d.set_title("Gaps");
    store.Insert(d, By("created the document"));
    domain::DocSection s{store.NextItem(), "V", "Only", "", 1};
    store.PutSection(s, By("inserted section"));
    domain::DocSection empty{store.NextItem(), "k", "Empty", "", 1};
    store.PutSection(empty, By("inserted section"));
    EXPECT_EQ(store.ParagraphsIn(empty.id), 0);
    for (int index : {0, 1, 2, 7}) {
      domain::KeyGap gap = store.ParagraphGap(empty.id, 0, index);
      EXPECT_EQ(gap.before, "");
      EXPECT_EQ(gap.after, "");
    }
    for (const char* key : {"V", "a", "F", "V", "b", "Vk", "1"}) {  // "V" twice: a tie
      store.PutParagraph({store.NextItem(), s.id, key, "Text.", {}, 1}, By("inserted paragraph"));
    }
    EXPECT_EQ(store.ParagraphsIn(s.id), 7);
    std::vector<domain::DocParagraph> in_order = store.Paragraphs(s.id);
    ASSERT_EQ(in_order.size(), 7u);
    for (size_t i = 0; i < in_order.size(); ++i) {
      EXPECT_EQ(store.ParagraphIndex(in_order[i]), static_cast<int>(i) + 1) << in_order[i].key;
    }
    std::vector<int64_t> leave_out = {0};
    for (const auto& p : in_order) leave_out.push_back(p.id);
    for (int64_t except : leave_out) {
      std::vector<std::string> keys;
      for (const auto& p : in_order) {
        if (p.id != except) keys.push_back(p.key);
      }
      for (int index = 0; index <= 9; ++index) {
        domain::KeyGap want = domain::GapAt(keys, index);
        domain::KeyGap got = store.ParagraphGap(s.id, except, index);
        EXPECT_EQ(got.before, want.before) << "except " << except << " index " << index;
        EXPECT_EQ(got.after, want.after) << "except " << except << " index " << index;
      }
    }

    // Sections count their paragraphs as they come, move and go.
    EXPECT_EQ(store.CountParagraphs(), 7);
    domain::DocParagraph moved = in_order[3];
    moved.section_id = empty.id;
    store.PutParagraph(moved, By("moved paragraph"));
    EXPECT_EQ(store.ParagraphsIn(empty.id), 1);
    EXPECT_EQ(store.ParagraphsIn(s.id), 6);
    EXPECT_EQ(store.CountParagraphs(), 7);
    EXPECT_EQ(store.Paragraphs(s.id).size(), 6u);
    store.DeleteParagraph(moved, By("deleted paragraph"));
    EXPECT_EQ(store.ParagraphsIn(empty.id), 0);
    EXPECT_EQ(store.CountParagraphs(), 6);
    store.PutParagraph(in_order[0], By("updated paragraph"));
    EXPECT_EQ(store.CountParagraphs(), 6);
  });
}

TEST_F(AggregateStoresTest, ACorrigendumIsRecordedAtTheRevisionItAppends) {
  InTx([](Connection& c) {
    DocumentStore store(c, "hld-2006", "issued");
    v1::Document d;
    d.set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    d.set_title("Issued");
    d.set_state(v1::DOCUMENT_STATE_DRAFT);
    store.Insert(d, By("created"));
    domain::DocSection s{store.NextItem(), "V", "Only", "", 1};
    store.PutSection(s, By("inserted"));
    domain::DocParagraph p{store.NextItem(), s.id, "V", "Typo here.", {}, 1};
    store.PutParagraph(p, By("inserted"));
    d.set_state(v1::DOCUMENT_STATE_ISSUED);
    d.set_symbol("X/1");
    store.UpdateHeader(d, By("issued as X/1"));
    v1::Corrigendum corr;
    corr.set_number(1);
    corr.set_symbol("X/1/Corr.1");
    corr.set_reason("A typo.");
    *corr.mutable_issue_time() = domain::FromMicros(5000);
    auto* fix = corr.add_corrections();
    fix->set_paragraph("events/hld-2006/documents/issued/paragraphs/" + std::to_string(p.id));
    fix->set_text("No typo here.");
    store.AddCorrigendum(d, corr, {p.id}, By("issued corrigendum X/1/Corr.1"));
    auto doc = store.Get();
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->revision(), 5);
    ASSERT_EQ(doc->corrigenda_size(), 1);
    EXPECT_EQ(doc->corrigenda(0).revision(), 5);
    EXPECT_EQ(doc->corrigenda(0).corrections(0).text(), "No typo here.");
    EXPECT_EQ(store.SymbolHolder("X/1"), "") << "the holder is another document";
  });
}

TEST_F(AggregateStoresTest, ACancelledRoundTableGivesUpSeatsAndRankingsButKeepsCoChairs) {
  InTx([](Connection& c) {
    DelegationStore delegations(c);
    for (const char* code : {"bel", "mex", "sen"}) {
      v1::Delegation d;
      d.set_state(v1::DELEGATION_STATE_ACCREDITED);
      delegations.Insert("gfmd-2007", code, d, 1000);
    }
    RoundTableStore store(c);
    for (int n = 1; n <= 2; ++n) {
      v1::RoundTable rt;
      rt.set_number(90 + n);
      rt.set_title("Table " + std::to_string(n));
      rt.set_capacity(10);
      rt.set_state(v1::ROUND_TABLE_STATE_PLANNED);
      store.Insert("gfmd-2007", "t" + std::to_string(n), rt);
    }
    store.AddParticipant("gfmd-2007", "t1", "bel", v1::PARTICIPANT_ROLE_CO_CHAIR, 1);
    store.AddParticipant("gfmd-2007", "t1", "mex", v1::PARTICIPANT_ROLE_PARTICIPANT, 2);
    store.AddParticipant("gfmd-2007", "t2", "mex", v1::PARTICIPANT_ROLE_PARTICIPANT, 3);
    store.SetPreferences("gfmd-2007", "sen", {"t1", "t2"}, 4);
    EXPECT_EQ(store.TablesOf("gfmd-2007", "mex"), (std::vector<std::string>{"t1", "t2"}));
    EXPECT_EQ(store.PreferenceCount("gfmd-2007", "t1"), 1);

    store.ReleaseCancelled("gfmd-2007", "t1");
    auto left = store.Participants("gfmd-2007", "t1");
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].role(), v1::PARTICIPANT_ROLE_CO_CHAIR);
    EXPECT_EQ(store.GetPreferences("gfmd-2007", "sen").round_tables,
              (std::vector<std::string>{"t2"}))
        << "later ranks move up";
    EXPECT_EQ(store.RoleOf("gfmd-2007", "t1", "mex"), 0);

    store.ReleaseDelegation("gfmd-2007", "mex");
    EXPECT_TRUE(store.Participants("gfmd-2007", "t2").empty());
    EXPECT_EQ(store.WithNumber("gfmd-2007", 92), "t2");
    EXPECT_EQ(store.Get("gfmd-2007", "t9").status().code(), absl::StatusCode::kNotFound);
  });
}

TEST_F(AggregateStoresTest, TokensAreFoundListedNewestFirstAndRevokedOnce) {
  InTx([](Connection& c) {
    TokenStore store(c);
    int64_t before = store.Count();
    for (int i = 0; i < 3; ++i) {
      v1::Token t;
      std::string id = "00000000000" + std::to_string(i);
      t.set_name("tokens/" + id);
      t.set_display_name("Token " + std::to_string(i));
      *t.mutable_create_time() = domain::FromMicros(1000 + i);
      auto* b = t.add_bindings();
      b->set_role(v1::ROLE_CHAIR);
      b->set_scope("events/hld-2006");
      store.Insert(id, t, "hash-" + std::to_string(i));
    }
    EXPECT_EQ(store.Count(), before + 3);
    auto found = store.Find("000000000001");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->secret_hash, "hash-1");
    ASSERT_EQ(found->token.bindings_size(), 1);
    EXPECT_EQ(found->token.bindings(0).scope(), "events/hld-2006");
    EXPECT_FALSE(store.Find("ffffffffffff").has_value());

    auto page = store.List(0, 2, /*show_inactive=*/false, 2000);
    ASSERT_EQ(page.tokens.size(), 2u);
    EXPECT_EQ(page.tokens[0].name(), "tokens/000000000002") << "newest first";
    auto rest = store.List(page.cursors[1], 10, false, 2000);
    ASSERT_FALSE(rest.tokens.empty());
    EXPECT_EQ(rest.tokens[0].name(), "tokens/000000000000");

    EXPECT_TRUE(store.Revoke("000000000002", 3000));
    EXPECT_FALSE(store.Revoke("000000000002", 4000)) << "revoked once";
    EXPECT_EQ(domain::ToMicros(store.Find("000000000002")->token.revoke_time()), 3000);
    auto live = store.List(0, 10, false, 5000);
    for (const auto& t : live.tokens) EXPECT_NE(t.name(), "tokens/000000000002");
    auto all = store.List(0, 10, true, 5000);
    EXPECT_EQ(all.tokens[0].name(), "tokens/000000000002") << "shown with inactive ones";
  });
}

TEST_F(AggregateStoresTest, TheAuditLogFiltersByResourceCallerAndTime) {
  InTx([](Connection& c) {
    AuditLog log(c);
    log.Append({"tokens/aaaaaaaaaaaa", "Chair", "/forum.v1.DocumentService/UpdateParagraph",
                "events/hld-2006/documents/s/paragraphs/3", "r-1"},
               1000);
    log.Append({"tokens/bbbbbbbbbbbb", "Admin", "/forum.v1.EventService/UpdateEvent",
                "events/hld-2006", ""},
               2000);
    log.Append({"tokens/aaaaaaaaaaaa", "Chair", "/forum.v1.EventService/UpdateEvent",
                "events/gfmd-2007", ""},
               3000);
    AuditQuery all;
    all.limit = 10;
    auto newest = log.List(all);
    ASSERT_EQ(newest.size(), 3u);
    EXPECT_EQ(newest[0].resource(), "events/gfmd-2007") << "newest first";
    EXPECT_EQ(newest[2].request_id(), "r-1");

    AuditQuery prefix = all;
    prefix.resource_prefix = "events/hld-2006";
    EXPECT_EQ(log.List(prefix).size(), 2u);
    AuditQuery by_caller = all;
    by_caller.caller = "tokens/aaaaaaaaaaaa";
    EXPECT_EQ(log.List(by_caller).size(), 2u);
    AuditQuery window = all;
    window.start_micros = 1500;
    window.end_micros = 3000;
    auto in_window = log.List(window);
    ASSERT_EQ(in_window.size(), 1u);
    EXPECT_EQ(in_window[0].caller(), "tokens/bbbbbbbbbbbb");
    AuditQuery page = all;
    page.limit = 1;
    auto first = log.List(page);
    page.before_id = std::stoll(first[0].name().substr(std::string("auditRecords/").size()));
    auto second = log.List(page);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].resource(), "events/hld-2006");
  });
}

}  // namespace
}  // namespace forum::storage::sql
