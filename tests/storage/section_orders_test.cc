// The order of long sections kept in memory (SectionOrders): whatever changes a section, by the
// store, by a transaction that is rolled back, or by SQL beside the store, the places and gaps
// the store answers agree with the section read in order from its rows.
#include <random>
#include <string>
#include <vector>

#include "domain/order_key.h"
#include "gtest/gtest.h"
#include "storage/sql/document_store.h"
#include "tests/storage/store_fixture.h"

namespace forum::storage::sql {
namespace {

class SectionOrdersTest : public StoreTest {
 protected:
  static domain::Edit By(const std::string& change) { return {"Rapporteur", change, 5000}; }

  // A document with two long sections, `first` of 300 paragraphs and `second` of 200.
  void SetUp() override {
    StoreTest::SetUp();
    InTx([&](Connection& c) {
      DocumentStore store(c, "hld-2006", "long");
      v1::Document d;
      d.set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
      d.set_title("Long");
      store.Insert(d, By("created the document"));
      first_ = store.NextItem();
      store.PutSection({first_, "V", "First", "", 1}, By("inserted section"));
      second_ = store.NextItem();
      store.PutSection({second_, "k", "Second", "", 1}, By("inserted section"));
      for (int64_t section : {first_, second_}) {
        std::string key;
        for (int i = 0; i < (section == first_ ? 300 : 200); ++i) {
          key = domain::KeyBetween(key, "");
          store.PutParagraph({store.NextItem(), section, key, "Text.", {}, 1}, By("inserted"));
        }
      }
    });
  }

  // Checks every place, and the gaps at a sample of places with and without a paragraph left
  // out, against the section's rows in order.
  static void ExpectAgrees(DocumentStore& store, int64_t section, std::mt19937& rng,
                           const std::string& what) {
    std::vector<domain::DocParagraph> rows = store.Paragraphs(section);
    ASSERT_EQ(store.ParagraphsIn(section), static_cast<int64_t>(rows.size())) << what;
    for (size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(store.ParagraphIndex(rows[i]), static_cast<int>(i) + 1) << what;
    }
    for (int sample = 0; sample < 6; ++sample) {
      int64_t except = sample % 2 == 0 || rows.empty() ? 0 : rows[rng() % rows.size()].id;
      std::vector<std::string> keys;
      for (const auto& p : rows) {
        if (p.id != except) keys.push_back(p.key);
      }
      int places[] = {0,
                      1,
                      2,
                      static_cast<int>(rng() % (rows.size() + 3)),
                      static_cast<int>(keys.size()),
                      static_cast<int>(keys.size()) + 1};
      for (int index : places) {
        domain::KeyGap want = domain::GapAt(keys, index);
        domain::KeyGap got = store.ParagraphGap(section, except, index);
        ASSERT_EQ(got.before, want.before) << what << " except " << except << " at " << index;
        ASSERT_EQ(got.after, want.after) << what << " except " << except << " at " << index;
      }
    }
  }

  int64_t first_ = 0, second_ = 0;
};

TEST_F(SectionOrdersTest, PlacesAndGapsAgreeWithTheRowsThroughEveryKindOfChange) {
  std::mt19937 rng(20060915);
  for (int step = 0; step < 120; ++step) {
    const std::string what = "step " + std::to_string(step);
    InTx([&](Connection& c) {
      DocumentStore store(c, "hld-2006", "long");
      int64_t from = rng() % 3 == 0 ? second_ : first_;
      std::vector<domain::DocParagraph> rows = store.Paragraphs(from);
      ASSERT_FALSE(rows.empty());
      domain::DocParagraph p = rows[rng() % rows.size()];
      std::vector<std::string> keys;
      for (const auto& r : rows) keys.push_back(r.key);
      switch (rng() % 5) {
        case 0:  // a new paragraph at a random place
          store.PutParagraph(
              {store.NextItem(), from, domain::KeyAt(keys, 1 + rng() % keys.size()), "New.", {}, 1},
              By("inserted"));
          break;
        case 1:  // a move within the section
          p.key = domain::KeyAt(keys, 1 + rng() % keys.size());
          store.PutParagraph(p, By("moved"));
          break;
        case 2:  // a move to the other section, at its end
          p.section_id = from == first_ ? second_ : first_;
          p.key = domain::KeyBetween(store.Paragraphs(p.section_id).back().key, "");
          store.PutParagraph(p, By("moved"));
          break;
        case 3:
          store.DeleteParagraph(p, By("deleted"));
          break;
        default:  // a text edit: no order changes
          p.text = "Edited at " + what + ".";
          store.PutParagraph(p, By("edited"));
      }
      // In the writing transaction, then in a reader's.
      ExpectAgrees(store, first_, rng, what + " (writer)");
      ExpectAgrees(store, second_, rng, what + " (writer)");
    });
    ASSERT_TRUE(ReadTx([&](Connection& c) {
                  DocumentStore store(c, "hld-2006", "long");
                  ExpectAgrees(store, first_, rng, what + " (reader)");
                  ExpectAgrees(store, second_, rng, what + " (reader)");
                  return absl::OkStatus();
                }).ok());
    if (HasFatalFailure()) return;
  }
  // The orders were answered from memory, not from the index alone.
  EXPECT_GE(section_orders().entries(), 400u);
}

TEST_F(SectionOrdersTest, AWriteRolledBackLeavesNoOrderBehind) {
  std::mt19937 rng(1);
  InTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    ExpectAgrees(store, first_, rng, "before");
  });
  // The write places a paragraph first, is seen by itself, and is then rolled back.
  absl::Status refused = WriteTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    auto rows = store.Paragraphs(first_);
    store.PutParagraph(
        {store.NextItem(), first_, domain::KeyBetween("", rows[0].key), "Gone.", {}, 1},
        By("inserted"));
    rows[10].key = domain::KeyBetween(rows.back().key, "");
    store.PutParagraph(rows[10], By("moved"));
    EXPECT_EQ(store.ParagraphIndex(rows[10]), 301);
    ExpectAgrees(store, first_, rng, "inside");
    return absl::AbortedError("refused");
  });
  ASSERT_EQ(refused.code(), absl::StatusCode::kAborted);
  InTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    EXPECT_EQ(store.ParagraphsIn(first_), 300);
    auto rows = store.Paragraphs(first_);
    EXPECT_EQ(store.ParagraphIndex(rows[10]), 11);
    ExpectAgrees(store, first_, rng, "after");
  });
}

TEST_F(SectionOrdersTest, AnOrderChangedBesideTheStoreIsSeenAtOnce) {
  std::mt19937 rng(2);
  int64_t moved = 0;
  InTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    ExpectAgrees(store, first_, rng, "before");
    moved = store.Paragraphs(first_)[5].id;
  });
  // Another process moves a paragraph to the end with SQL of its own.
  InTx([&](Connection& c) {
    c.Exec("UPDATE document_paragraphs SET order_key = 'zzzzzz' WHERE paragraph_id = " +
           std::to_string(moved));
  });
  InTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    auto rows = store.Paragraphs(first_);
    ASSERT_EQ(rows.back().id, moved);
    EXPECT_EQ(store.ParagraphIndex(rows.back()), 300);
    ExpectAgrees(store, first_, rng, "after");
  });
  // REPLACE deletes the row it conflicts with without firing delete triggers: a script that
  // gives a paragraph to the other section that way still changes both sections' tags.
  int64_t given = 0;
  InTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    ExpectAgrees(store, first_, rng, "before the replace");
    ExpectAgrees(store, second_, rng, "before the replace");
    given = store.Paragraphs(first_)[7].id;
  });
  InTx([&](Connection& c) {
    // PostgreSQL has no REPLACE: a script there would upsert, which fires the update triggers.
    c.Exec(std::string(c.dialect() == Dialect::kSqlite ? "REPLACE" : "INSERT") +
           " INTO document_paragraphs (event_id, document_id, paragraph_id, section_id, "
           "position, order_key, text, citations) SELECT event_id, document_id, paragraph_id, " +
           std::to_string(second_) +
           ", position, order_key, text, citations FROM document_paragraphs WHERE paragraph_id = " +
           std::to_string(given) +
           (c.dialect() == Dialect::kSqlite
                ? ""
                : " ON CONFLICT (event_id, document_id, paragraph_id) DO UPDATE SET "
                  "section_id = excluded.section_id"));
    c.Exec(
        "UPDATE document_sections SET paragraph_count = paragraph_count - 1 WHERE section_id = " +
        std::to_string(first_));
    c.Exec(
        "UPDATE document_sections SET paragraph_count = paragraph_count + 1 WHERE section_id = " +
        std::to_string(second_));
  });
  InTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    EXPECT_EQ(store.Paragraphs(first_).size(), 299u);
    ExpectAgrees(store, first_, rng, "after the replace");
    ExpectAgrees(store, second_, rng, "after the replace");
  });
}

TEST_F(SectionOrdersTest, ShortSectionsAreNotKeptAndTheMemoryIsBounded) {
  SectionOrders orders(/*max_entries=*/500);
  SectionOrders::Order order;
  for (int i = 0; i < 300; ++i) order.emplace_back(domain::KeyAt({}, 1) + std::to_string(i), i);
  std::sort(order.begin(), order.end());
  orders.Put({"e", "d", 1}, 7, order);
  orders.Put({"e", "d", 2}, 8, order);
  EXPECT_EQ(orders.entries(), 300u);  // the first was dropped to keep the second
  EXPECT_FALSE(orders.With({"e", "d", 1}, 7, [](const SectionOrders::Order&) {}));
  EXPECT_TRUE(orders.With({"e", "d", 2}, 8, [](const SectionOrders::Order&) {}));
  EXPECT_FALSE(orders.With({"e", "d", 2}, 9, [](const SectionOrders::Order&) {}));
  // A change from another tag than the one stored drops the order.
  orders.Change({"e", "d", 2}, 9, 10, std::nullopt, SectionOrders::Entry{"a", 1000});
  EXPECT_FALSE(orders.Holds({"e", "d", 2}));
  EXPECT_EQ(orders.entries(), 0u);

  std::mt19937 rng(3);
  InTx([&](Connection& c) {
    DocumentStore store(c, "hld-2006", "long");
    domain::DocSection small{store.NextItem(), "z", "Small", "", 1};
    store.PutSection(small, By("inserted section"));
    store.PutParagraph({store.NextItem(), small.id, "V", "One.", {}, 1}, By("inserted"));
    ExpectAgrees(store, small.id, rng, "small");
  });
  EXPECT_EQ(section_orders().entries(), 0u);
}

}  // namespace
}  // namespace forum::storage::sql
