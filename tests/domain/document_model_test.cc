// The document model: revisions built from the items they record, the state replayed from the
// log at any revision, the order of sections and paragraphs, diffs, and the lifecycle checks.
#include "domain/document_model.h"

#include <vector>

#include "gtest/gtest.h"

namespace forum::domain {
namespace {

DocSection Section(int64_t id, const std::string& key, const std::string& title) {
  DocSection s;
  s.id = id;
  s.key = key;
  s.title = title;
  return s;
}

DocParagraph Paragraph(int64_t id, int64_t section, const std::string& key,
                       const std::string& text) {
  DocParagraph p;
  p.id = id;
  p.section_id = section;
  p.key = key;
  p.text = text;
  return p;
}

// A log as the store writes it: every change recorded with the full item after it.
class LogBuilder {
 public:
  LogBuilder& Add(RevisionRecord r) {
    r.number = static_cast<int64_t>(log_.size()) + 1;
    log_.push_back(std::move(r));
    return *this;
  }
  const std::vector<RevisionRecord>& log() const { return log_; }

 private:
  std::vector<RevisionRecord> log_;
};

Edit By(const std::string& change) { return Edit{"Rapporteur", change, 1000}; }

TEST(DocumentModelTest, RevisionsRecordTheWholeItemAfterTheChange) {
  DocParagraph p = Paragraph(7, 2, "V", "Remittances were discussed.");
  p.citations = {"events/e/themes/t1", "events/e/roundTables/rt1"};
  RevisionRecord r = ParagraphRevision(p, /*deleted=*/false, By("updated paragraph 7"));
  EXPECT_EQ(r.kind, "paragraph");
  EXPECT_EQ(r.item_id, 7);
  EXPECT_EQ(r.section_id, 2);
  EXPECT_EQ(r.key, "V");
  EXPECT_EQ(r.text, "Remittances were discussed.");
  EXPECT_EQ(SplitLines(r.aux), p.citations);
  EXPECT_EQ(r.author, "Rapporteur");
  EXPECT_EQ(r.change, "updated paragraph 7");
  EXPECT_EQ(r.time_micros, 1000);
  EXPECT_FALSE(r.deleted);

  DocSection s = Section(2, "V", "Round table 1");
  s.theme_id = "t1";
  RevisionRecord removed = SectionRevision(s, /*deleted=*/true, By("deleted section 2"));
  EXPECT_EQ(removed.kind, "section");
  EXPECT_EQ(removed.aux, "t1");
  EXPECT_TRUE(removed.deleted);

  v1::Document d;
  d.set_title("Chair's summary");
  d.set_state(v1::DOCUMENT_STATE_CIRCULATED);
  RevisionRecord header = DocumentRevision(d, By("circulated for comments"));
  EXPECT_EQ(header.kind, "document");
  EXPECT_EQ(header.text, "Chair's summary");
  EXPECT_EQ(header.aux, "DOCUMENT_STATE_CIRCULATED");
}

TEST(DocumentModelTest, ReplayGivesTheStateAtEveryRevision) {
  LogBuilder b;
  v1::Document d;
  d.set_title("Summary");
  b.Add(DocumentRevision(d, By("created the document")));                               // 1
  b.Add(SectionRevision(Section(1, "V", "Opening"), false, By("inserted section 1")));  // 2
  b.Add(ParagraphRevision(Paragraph(2, 1, "V", "First."), false, By("inserted")));      // 3
  b.Add(ParagraphRevision(Paragraph(3, 1, "k", "Second."), false, By("inserted")));     // 4
  b.Add(ParagraphRevision(Paragraph(2, 1, "V", "First, amended."), false, By("upd")));  // 5
  b.Add(ParagraphRevision(Paragraph(3, 1, "k", "Second."), true, By("deleted")));       // 6

  DocState at1 = Replay(b.log(), 1);
  EXPECT_TRUE(at1.sections.empty());
  EXPECT_TRUE(at1.paragraphs.empty());
  DocState at4 = Replay(b.log(), 4);
  ASSERT_EQ(at4.paragraphs.size(), 2u);
  EXPECT_EQ(at4.paragraphs.at(2).text, "First.");
  DocState at5 = Replay(b.log(), 5);
  EXPECT_EQ(at5.paragraphs.at(2).text, "First, amended.");
  EXPECT_EQ(at5.paragraphs.size(), 2u);
  DocState at6 = Replay(b.log(), 6);
  EXPECT_EQ(at6.paragraphs.size(), 1u);
  EXPECT_EQ(at6.paragraphs.count(3), 0u);
  EXPECT_EQ(at6.sections.at(1).title, "Opening");
  // Replaying past the end is the latest state.
  EXPECT_EQ(Replay(b.log(), 99).paragraphs.size(), 1u);
}

TEST(DocumentModelTest, AssembleOrdersByKeyAndNumbersPositions) {
  DocState state;
  state.sections[1] = Section(1, "k", "Second section");
  state.sections[2] = Section(2, "V", "First section");
  state.paragraphs[3] = Paragraph(3, 2, "a", "Para a");
  state.paragraphs[4] = Paragraph(4, 2, "B", "Para B");  // "B" < "a" bytewise
  state.paragraphs[5] = Paragraph(5, 1, "V", "Para in second");
  v1::Document d;
  d.set_name("events/e/documents/s");
  v1::DocumentContent content = Assemble(d, state, 9);
  EXPECT_EQ(content.revision(), 9);
  ASSERT_EQ(content.sections_size(), 2);
  EXPECT_EQ(content.sections(0).section().title(), "First section");
  EXPECT_EQ(content.sections(0).section().index(), 1);
  EXPECT_EQ(content.sections(1).section().index(), 2);
  ASSERT_EQ(content.sections(0).paragraphs_size(), 2);
  EXPECT_EQ(content.sections(0).paragraphs(0).text(), "Para B");
  EXPECT_EQ(content.sections(0).paragraphs(0).index(), 1);
  EXPECT_EQ(content.sections(0).paragraphs(1).text(), "Para a");
  EXPECT_EQ(content.sections(0).paragraphs(1).name(), "events/e/documents/s/paragraphs/3");
}

TEST(DocumentModelTest, DiffNamesWhatWasAddedChangedAndRemoved) {
  DocState before;
  before.sections[1] = Section(1, "V", "Opening");
  before.paragraphs[2] = Paragraph(2, 1, "V", "Kept.");
  before.paragraphs[3] = Paragraph(3, 1, "k", "Old text.");
  before.paragraphs[4] = Paragraph(4, 1, "r", "Gone.");
  DocState after = before;
  after.paragraphs[3].text = "New text.";
  after.paragraphs.erase(4);
  after.paragraphs[5] = Paragraph(5, 1, "z", "Added.");
  auto changes = Diff("events/e/documents/s", before, after);
  std::map<std::string, const v1::RevisionChange*> by_target;
  for (const auto& c : changes) by_target[c.target()] = &c;
  ASSERT_EQ(changes.size(), 3u);
  const auto* changed = by_target.at("events/e/documents/s/paragraphs/3");
  EXPECT_EQ(changed->kind(), "changed");
  EXPECT_EQ(changed->before(), "Old text.");
  EXPECT_EQ(changed->after(), "New text.");
  EXPECT_EQ(by_target.at("events/e/documents/s/paragraphs/5")->kind(), "added");
  EXPECT_EQ(by_target.at("events/e/documents/s/paragraphs/4")->kind(), "removed");
  EXPECT_EQ(changes.back().kind(), "removed") << "removed items come last";
  EXPECT_TRUE(Diff("events/e/documents/s", after, after).empty());
}

TEST(DocumentModelTest, OnlyDraftsAndCirculatedDocumentsAreEdited) {
  v1::Document d;
  d.set_name("events/e/documents/s");
  for (auto state : {v1::DOCUMENT_STATE_DRAFT, v1::DOCUMENT_STATE_CIRCULATED}) {
    d.set_state(state);
    EXPECT_TRUE(CheckEditable(d).ok()) << v1::DocumentState_Name(state);
  }
  d.set_state(v1::DOCUMENT_STATE_ISSUED);
  EXPECT_EQ(CheckEditable(d).code(), absl::StatusCode::kFailedPrecondition);
  d.set_state(v1::DOCUMENT_STATE_DRAFT);
  EXPECT_TRUE(CheckDocumentTransition(d, v1::DOCUMENT_STATE_CIRCULATED).ok());
  d.set_state(v1::DOCUMENT_STATE_ISSUED);
  EXPECT_EQ(CheckDocumentTransition(d, v1::DOCUMENT_STATE_DRAFT).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace forum::domain
