// Document order is exact: whatever the drafters insert, move and delete, the document holds
// its sections and paragraphs in the order they asked for, now and at every earlier revision.
#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/order_key.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

// A plain in-memory document: section names in order, each with its paragraph texts in order.
using Order = std::vector<std::pair<std::string, std::vector<std::string>>>;

// 1-based index as the API takes it (0 or past the end: last) to a vector position.
size_t At(int index, size_t size) {
  return index <= 0 || static_cast<size_t>(index) > size ? size : static_cast<size_t>(index) - 1;
}

class DocumentOrderTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    stub_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
    CreateOpenEvent("order-2027");
    v1::CreateDocumentRequest request;
    request.set_parent("events/order-2027");
    request.set_document_id("chair-summary");
    request.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    request.mutable_document()->set_title("Summary");
    v1::Document out;
    grpc::Status status = stub_->CreateDocument(Call().get(), request, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
    doc_ = out.name();
  }

  v1::Section InsertSection(const std::string& title, int index) {
    v1::InsertSectionRequest request;
    request.set_parent(doc_);
    request.mutable_section()->set_title(title);
    request.set_index(index);
    v1::Section out;
    grpc::Status status = stub_->InsertSection(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status InsertParagraph(const std::string& section, const std::string& text, int index,
                               v1::Paragraph* out) {
    v1::InsertParagraphRequest request;
    request.mutable_paragraph()->set_section(section);
    request.mutable_paragraph()->set_text(text);
    request.set_index(index);
    return stub_->InsertParagraph(Call().get(), request, out);
  }

  // The whole content, every page stitched as document.proto says.
  v1::DocumentContent Content(int64_t revision = 0) {
    v1::GetDocumentContentRequest request;
    request.set_name(doc_);
    request.set_revision(revision);
    v1::DocumentContent whole;
    do {
      v1::DocumentContent page;
      grpc::Status status = stub_->GetDocumentContent(Call().get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      if (request.page_token().empty()) {
        whole = page;
      } else {
        for (const auto& s : page.sections()) {
          auto* sections = whole.mutable_sections();
          if (!sections->empty() &&
              sections->Get(sections->size() - 1).section().name() == s.section().name()) {
            for (const auto& p : s.paragraphs()) {
              *sections->Mutable(sections->size() - 1)->add_paragraphs() = p;
            }
          } else {
            *sections->Add() = s;
          }
        }
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    whole.clear_next_page_token();
    return whole;
  }

  // The order of the content, in the model's terms; checks the indexes it reports on the way.
  static Order OrderOf(const v1::DocumentContent& content) {
    Order order;
    for (int i = 0; i < content.sections_size(); ++i) {
      const auto& s = content.sections(i);
      EXPECT_EQ(s.section().index(), i + 1);
      order.push_back({s.section().name(), {}});
      for (int j = 0; j < s.paragraphs_size(); ++j) {
        EXPECT_EQ(s.paragraphs(j).index(), j + 1);
        order.back().second.push_back(s.paragraphs(j).text());
      }
    }
    return order;
  }

  std::unique_ptr<v1::DocumentService::Stub> stub_;
  std::string doc_;
};

TEST_F(DocumentOrderTest, AThousandInsertsAtOneIndexLandThere) {
  v1::Section section = InsertSection("Follow-up", 0);
  std::vector<std::string> expected;
  v1::Paragraph out;
  ASSERT_TRUE(InsertParagraph(section.name(), "first", 0, &out).ok());
  expected.push_back("first");
  for (int i = 0; i < 1000; ++i) {
    std::string text = absl::StrCat("inserted ", i);
    grpc::Status status = InsertParagraph(section.name(), text, 2, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
    // Floating-point positions put the 54th of these at index 3.
    ASSERT_EQ(out.index(), 2) << text;
    expected.insert(expected.begin() + 1, text);
  }
  Order order = OrderOf(Content());
  ASSERT_EQ(order.size(), 1u);
  EXPECT_EQ(order[0].second, expected);
}

// Inserts, moves and deletes paragraphs and sections at random places, half of them at one
// crowded place, and compares the document with a plain list: the index of what moved after
// every step, the whole content after every tenth; then reads earlier revisions back and
// compares them with the list as it was.
TEST_F(DocumentOrderTest, RandomEditsKeepTheOrderOfAPlainList) {
  std::mt19937 rng(20061005);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  // Half the indexes are 2, where floating-point midpoints run out first.
  auto index_in = [&](size_t size, int lowest) {
    if (rng() % 2 == 0) return 2;
    return lowest + static_cast<int>(pick(size + 2 - lowest));
  };
  Order model;
  std::map<std::string, std::string> etags;     // section and paragraph names
  std::map<std::string, std::string> names_of;  // paragraph text -> name
  std::map<int64_t, Order> at_revision;
  for (int i = 0; i < 3; ++i) {
    v1::Section s = InsertSection(absl::StrCat("Section ", i), 0);
    model.push_back({s.name(), {}});
    etags[s.name()] = s.etag();
  }
  int made = 0;
  for (int step = 0; step < 2000; ++step) {
    size_t paragraphs = 0;
    for (const auto& [name, texts] : model) paragraphs += texts.size();
    int op = static_cast<int>(pick(20));
    std::string what;
    int index = 0;   // where the step asked for the item, 1-based
    int landed = 0;  // where the server says it is
    if (op < 6 || paragraphs < 10) {
      auto& [section, texts] = model[rng() % 2 == 0 ? 0 : pick(model.size())];
      index = index_in(texts.size(), 0);
      std::string text = absl::StrCat("p", made++);
      what = absl::StrCat("insert ", text, " at ", index);
      v1::Paragraph out;
      grpc::Status status = InsertParagraph(section, text, index, &out);
      ASSERT_TRUE(status.ok()) << what << ": " << status.error_message();
      index = static_cast<int>(At(index, texts.size())) + 1;
      landed = out.index();
      texts.insert(texts.begin() + index - 1, text);
      names_of[text] = out.name();
      etags[out.name()] = out.etag();
    } else if (op < 16 || (op < 19 && model.size() >= 8)) {
      std::vector<std::pair<size_t, size_t>> all;
      for (size_t s = 0; s < model.size(); ++s) {
        for (size_t p = 0; p < model[s].second.size(); ++p) all.push_back({s, p});
      }
      auto [s, p] = all[pick(all.size())];
      std::string text = model[s].second[p];
      model[s].second.erase(model[s].second.begin() + p);
      std::string name = names_of[text];
      if (op >= 12 && op < 16) {
        what = absl::StrCat("delete ", text);
        v1::DeleteParagraphRequest request;
        request.set_name(name);
        request.set_etag(etags[name]);
        v1::DeleteParagraphResponse out;
        grpc::Status status = stub_->DeleteParagraph(Call().get(), request, &out);
        ASSERT_TRUE(status.ok()) << what << ": " << status.error_message();
      } else {
        size_t to = op < 9 ? s : pick(model.size());
        auto& texts = model[to].second;
        index = index_in(texts.size(), 1);
        what = absl::StrCat("move ", text, " to ", index, " of section ", to);
        v1::MoveParagraphRequest request;
        request.set_name(name);
        if (to != s) request.set_section(model[to].first);
        request.set_index(index);
        request.set_etag(etags[name]);
        v1::Paragraph out;
        grpc::Status status = stub_->MoveParagraph(Call().get(), request, &out);
        ASSERT_TRUE(status.ok()) << what << ": " << status.error_message();
        index = static_cast<int>(At(index, texts.size())) + 1;
        landed = out.index();
        texts.insert(texts.begin() + index - 1, text);
        etags[name] = out.etag();
      }
    } else if (op < 18 && model.size() < 8) {
      index = index_in(model.size(), 0);
      what = absl::StrCat("insert a section at ", index);
      v1::Section s = InsertSection(absl::StrCat("Section ", step), index);
      index = static_cast<int>(At(index, model.size())) + 1;
      landed = s.index();
      model.insert(model.begin() + index - 1, {s.name(), {}});
      etags[s.name()] = s.etag();
    } else {
      size_t from = pick(model.size());
      auto moved = model[from];
      model.erase(model.begin() + from);
      index = index_in(model.size(), 1);
      what = absl::StrCat("move section ", moved.first, " to ", index);
      v1::MoveSectionRequest request;
      request.set_name(moved.first);
      request.set_index(index);
      request.set_etag(etags[moved.first]);
      v1::Section out;
      grpc::Status status = stub_->MoveSection(Call().get(), request, &out);
      ASSERT_TRUE(status.ok()) << what << ": " << status.error_message();
      index = static_cast<int>(At(index, model.size())) + 1;
      landed = out.index();
      model.insert(model.begin() + index - 1, moved);
      etags[out.name()] = out.etag();
    }
    ASSERT_EQ(landed, index) << "step " << step << ": " << what;
    if (step % 10 == 9) {
      v1::DocumentContent content = Content();
      ASSERT_EQ(OrderOf(content), model) << "step " << step << ": " << what;
      if (step % 100 == 99) at_revision[content.revision()] = model;
    }
  }
  ASSERT_EQ(at_revision.size(), 20u);
  for (const auto& [revision, order] : at_revision) {
    EXPECT_EQ(OrderOf(Content(revision)), order) << "revision " << revision;
  }
}

TEST_F(DocumentOrderTest, RowsFromBeforeOrderKeysKeepTheirOrderAndTakeInsertsBetween) {
  v1::Section section = InsertSection("Labour migration", 0);
  v1::Paragraph a, b, c, d, out;
  ASSERT_TRUE(InsertParagraph(section.name(), "a", 0, &a).ok());
  ASSERT_TRUE(InsertParagraph(section.name(), "b", 0, &b).ok());
  ASSERT_TRUE(InsertParagraph(section.name(), "c", 0, &c).ok());
  ASSERT_TRUE(InsertParagraph(section.name(), "d", 0, &d).ok());
  // As a database written before order keys held them: a REAL position and no key, in the
  // rows and in the revisions that recorded them; c and d share a position, as midpoints did.
  auto id = [](const v1::Paragraph& p) { return p.name().substr(p.name().rfind('/') + 1); };
  for (const char* table : {"document_paragraphs", "document_revisions"}) {
    std::string column = std::string(table) == "document_paragraphs" ? "paragraph_id" : "item_id";
    ExecSql(absl::StrCat(
        "UPDATE ", table, " SET order_key = NULL, position = CASE ", column, " WHEN ", id(a),
        " THEN 1.5 WHEN ", id(b), " THEN -2.0 WHEN ", id(c), " THEN 1e300 WHEN ", id(d),
        " THEN 1e300 END WHERE document_id = ", "'chair-summary' AND ", column, " IN (", id(a),
        ", ", id(b), ", ", id(c), ", ", id(d), ")",
        std::string(table) == "document_revisions" ? " AND kind = 'paragraph'" : ""));
  }
  // Migration 0013 then gives each row the key of its position (the revisions keep theirs
  // NULL and are read with that same key).
  const std::pair<const v1::Paragraph*, double> positions[] = {
      {&a, 1.5}, {&b, -2.0}, {&c, 1e300}, {&d, 1e300}};
  for (const auto& [p, position] : positions) {
    ExecSql(absl::StrCat("UPDATE document_paragraphs SET order_key = '",
                         domain::KeyFromLegacyPosition(position), "' WHERE paragraph_id = ", id(*p),
                         " AND document_id = 'chair-summary' AND event_id = 'order-2027'"));
  }
  EXPECT_EQ(CountRows("document_revisions WHERE event_id = 'order-2027' AND order_key IS NULL "
                      "AND kind = 'paragraph'"),
            4);
  int64_t before = Content().revision();
  Order legacy = {{section.name(), {"b", "a", "c", "d"}}};
  ASSERT_EQ(OrderOf(Content()), legacy);

  ASSERT_TRUE(InsertParagraph(section.name(), "between b and a", 2, &out).ok());
  EXPECT_EQ(out.index(), 2);
  ASSERT_TRUE(InsertParagraph(section.name(), "between a and c", 4, &out).ok());
  EXPECT_EQ(out.index(), 4);
  ASSERT_TRUE(InsertParagraph(section.name(), "first", 1, &out).ok());
  Order now = {
      {section.name(), {"first", "b", "between b and a", "a", "between a and c", "c", "d"}}};
  EXPECT_EQ(OrderOf(Content()), now);
  Order before_first = now;
  before_first[0].second.erase(before_first[0].second.begin());
  EXPECT_EQ(OrderOf(Content(Content().revision() - 1)), before_first) << "replayed";
  EXPECT_EQ(OrderOf(Content(before)), legacy);
  // Only the inserts differ: the legacy rows read the same keys from the rows and the log.
  v1::DiffRevisionsRequest diff;
  diff.set_name(doc_);
  diff.set_from_revision(before);
  v1::DiffRevisionsResponse changes;
  ASSERT_TRUE(stub_->DiffRevisions(Call().get(), diff, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 3);
  for (const auto& change : changes.changes()) EXPECT_EQ(change.kind(), "added");

  // Nothing fits between c and d, which share one position: the caller is told, nothing is
  // written, and moving one of them away lifts the tie.
  grpc::Status status = InsertParagraph(section.name(), "between c and d", 7, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ORDER_TIE"});
  EXPECT_EQ(OrderOf(Content()), now);
  v1::MoveParagraphRequest move;
  move.set_name(d.name());
  move.set_index(99);
  move.set_etag(d.etag());
  ASSERT_TRUE(stub_->MoveParagraph(Call().get(), move, &out).ok());
  ASSERT_TRUE(InsertParagraph(section.name(), "between c and d", 7, &out).ok());
  EXPECT_EQ(out.index(), 7);
}

}  // namespace
}  // namespace forum::testing
