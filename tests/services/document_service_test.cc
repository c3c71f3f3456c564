#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "google/protobuf/util/message_differencer.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

class DocumentServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    stub_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }

  v1::Document CreateDraft(const std::string& event, const std::string& id,
                           v1::DocumentKind kind = v1::DOCUMENT_KIND_CHAIR_SUMMARY,
                           const std::string& round_table = "") {
    v1::CreateDocumentRequest request;
    request.set_parent("events/" + event);
    request.set_document_id(id);
    request.mutable_document()->set_kind(kind);
    request.mutable_document()->set_title("Summary " + id);
    request.mutable_document()->set_round_table(round_table);
    request.mutable_document()->add_authors("Chair of the consultation");
    v1::Document out;
    grpc::Status status = stub_->CreateDocument(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Section AddSection(const std::string& doc, const std::string& title, int index = 0) {
    v1::InsertSectionRequest request;
    request.set_parent(doc);
    request.mutable_section()->set_title(title);
    request.set_index(index);
    v1::Section out;
    grpc::Status status = stub_->InsertSection(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status AddParagraph(const std::string& section, const std::string& text, v1::Paragraph* out,
                            std::vector<std::string> citations = {}) {
    v1::InsertParagraphRequest request;
    request.mutable_paragraph()->set_section(section);
    request.mutable_paragraph()->set_text(text);
    for (auto& c : citations) request.mutable_paragraph()->add_citations(c);
    return stub_->InsertParagraph(Call().get(), request, out);
  }

  grpc::Status Edit(const v1::Paragraph& p, const std::string& text, v1::Paragraph* out,
                    const std::string& author = "") {
    v1::UpdateParagraphRequest request;
    *request.mutable_paragraph() = p;
    request.mutable_paragraph()->set_text(text);
    request.set_author(author);
    return stub_->UpdateParagraph(Call().get(), request, out);
  }

  v1::DocumentContent Content(const std::string& doc, int64_t revision = 0,
                              bool corrected = false) {
    v1::GetDocumentContentRequest request;
    request.set_name(doc);
    request.set_revision(revision);
    request.set_apply_corrigenda(corrected);
    v1::DocumentContent out;
    grpc::Status status = stub_->GetDocumentContent(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::unique_ptr<v1::DocumentService::Stub> stub_;
};

TEST_F(DocumentServiceTest, ReferenceSummaryIsIssuedWithSeventeenSections) {
  v1::GetDocumentRequest get;
  get.set_name("events/hld-2006/documents/chair-summary");
  v1::Document doc;
  ASSERT_TRUE(stub_->GetDocument(Call().get(), get, &doc).ok());
  EXPECT_EQ(doc.state(), v1::DOCUMENT_STATE_ISSUED);
  EXPECT_EQ(doc.symbol(), "A/61/515");
  v1::DocumentContent content = Content(doc.name());
  ASSERT_EQ(content.sections_size(), 17);
  EXPECT_EQ(content.sections(3).section().title(), "Remittances as a tool of development");
  EXPECT_EQ(content.sections(3).section().theme(), "events/hld-2006/themes/remittances");
  EXPECT_EQ(content.sections(3).paragraphs(0).citations(0), "events/hld-2006/themes/remittances");
  EXPECT_NE(content.sections(3).paragraphs(0).text().find("US$232 billion"), std::string::npos);
  EXPECT_EQ(content.revision(), doc.revision());

  v1::Paragraph out;
  grpc::Status status = Edit(content.sections(0).paragraphs(0), "Rewritten", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"DOCUMENT_ISSUED"});
}

TEST_F(DocumentServiceTest, DraftersOfDifferentParagraphsNeverConflict) {
  CreateOpenEvent("doc-2027");
  v1::Document doc = CreateDraft("doc-2027", "chair-summary");
  v1::Section s = AddSection(doc.name(), "Labour mobility");
  v1::Paragraph a, b, out;
  ASSERT_TRUE(AddParagraph(s.name(), "First.", &a).ok());
  ASSERT_TRUE(AddParagraph(s.name(), "Second.", &b).ok());
  EXPECT_EQ(b.index(), 2);
  ASSERT_TRUE(Edit(a, "First, revised by A.", &out, "drafter A").ok());
  ASSERT_TRUE(Edit(b, "Second, revised by B.", &out, "drafter B").ok()) << "b's etag is untouched";
  // A's etag as first read is stale now: ABORTED, nothing written.
  grpc::Status status = Edit(a, "Lost update", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  v1::DocumentContent content = Content(doc.name());
  EXPECT_EQ(content.sections(0).paragraphs(0).text(), "First, revised by A.");
  EXPECT_EQ(content.sections(0).paragraphs(1).text(), "Second, revised by B.");
}

TEST_F(DocumentServiceTest, EveryRevisionCanBeReadBackExactly) {
  CreateOpenEvent("rev-2027");
  v1::Document doc = CreateDraft("rev-2027", "chair-summary");
  std::vector<v1::DocumentContent> seen;
  auto snapshot = [&] { seen.push_back(Content(doc.name())); };
  v1::Section s1 = AddSection(doc.name(), "One");
  snapshot();
  v1::Section s2 = AddSection(doc.name(), "Two");
  snapshot();
  v1::Paragraph p1, p2, p3, out;
  ASSERT_TRUE(AddParagraph(s1.name(), "Alpha", &p1).ok());
  snapshot();
  ASSERT_TRUE(AddParagraph(s2.name(), "Beta", &p2).ok());
  snapshot();
  ASSERT_TRUE(Edit(p1, "Alpha two", &out).ok());
  snapshot();
  v1::MoveParagraphRequest move;
  move.set_name(p2.name());
  move.set_section(s1.name());
  move.set_index(1);
  ASSERT_TRUE(stub_->MoveParagraph(Call().get(), move, &p3).ok());
  snapshot();
  v1::MoveSectionRequest move_section;
  move_section.set_name(s2.name());
  move_section.set_index(1);
  v1::Section moved;
  ASSERT_TRUE(stub_->MoveSection(Call().get(), move_section, &moved).ok());
  snapshot();
  v1::DeleteParagraphRequest del;
  del.set_name(p1.name());
  v1::DeleteParagraphResponse deleted;
  ASSERT_TRUE(stub_->DeleteParagraph(Call().get(), del, &deleted).ok());
  snapshot();

  for (const auto& expected : seen) {
    v1::DocumentContent past = Content(doc.name(), expected.revision());
    ASSERT_EQ(past.sections_size(), expected.sections_size()) << "revision " << expected.revision();
    for (int i = 0; i < past.sections_size(); ++i) {
      EXPECT_TRUE(MessageDifferencer::Equals(past.sections(i), expected.sections(i)))
          << "revision " << expected.revision() << "\n"
          << past.sections(i).DebugString() << "\nvs\n"
          << expected.sections(i).DebugString();
    }
  }
  v1::GetDocumentContentRequest beyond;
  beyond.set_name(doc.name());
  beyond.set_revision(9999);
  v1::DocumentContent none;
  EXPECT_EQ(stub_->GetDocumentContent(Call().get(), beyond, &none).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::DiffRevisionsRequest diff;
  diff.set_name(doc.name());
  diff.set_from_revision(seen[3].revision());
  diff.set_to_revision(seen[4].revision());
  v1::DiffRevisionsResponse changes;
  ASSERT_TRUE(stub_->DiffRevisions(Call().get(), diff, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 1);
  EXPECT_EQ(changes.changes(0).kind(), "changed");
  EXPECT_EQ(changes.changes(0).before(), "Alpha");
  EXPECT_EQ(changes.changes(0).after(), "Alpha two");

  v1::ListRevisionsRequest history;
  history.set_parent(doc.name());
  history.set_page_size(3);
  v1::ListRevisionsResponse page;
  ASSERT_TRUE(stub_->ListRevisions(Call().get(), history, &page).ok());
  ASSERT_EQ(page.revisions_size(), 3);
  EXPECT_EQ(page.revisions(0).number(), seen.back().revision());
  EXPECT_EQ(page.revisions(0).change(),
            "deleted paragraph " + p1.name().substr(p1.name().rfind('/') + 1));
  EXPECT_FALSE(page.next_page_token().empty());
}

TEST_F(DocumentServiceTest, LifecycleFromDraftToCorrigendum) {
  CreateOpenEvent("life-2027");
  v1::Document doc = CreateDraft("life-2027", "chair-summary");
  v1::Section s = AddSection(doc.name(), "Follow-up");
  v1::Paragraph p, out;
  ASSERT_TRUE(AddParagraph(s.name(), "The Forum will meet again in 2028.", &p).ok());

  v1::AddCommentRequest comment;
  comment.mutable_comment()->set_paragraph(p.name());
  comment.mutable_comment()->set_author("events/life-2027/delegations/mex");
  comment.mutable_comment()->set_text("Please name the host.");
  v1::Comment made;
  EXPECT_EQ(stub_->AddComment(Call().get(), comment, &made).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "drafts take no comments";

  v1::CirculateDocumentRequest circulate;
  circulate.set_name(doc.name());
  v1::Document circulated;
  ASSERT_TRUE(stub_->CirculateDocument(Call().get(), circulate, &circulated).ok());
  EXPECT_EQ(circulated.state(), v1::DOCUMENT_STATE_CIRCULATED);
  EXPECT_EQ(stub_->CirculateDocument(Call().get(), circulate, &circulated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  grpc::Status status = stub_->AddComment(Call().get(), comment, &made);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << "Mexico has no delegation yet";
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"comment.author"});
  Register("life-2027", "mex");
  ASSERT_TRUE(stub_->AddComment(Call().get(), comment, &made).ok());
  EXPECT_EQ(made.author(), "events/life-2027/delegations/mex");
  comment.mutable_comment()->set_author("Rapporteur of the consultation");
  ASSERT_TRUE(stub_->AddComment(Call().get(), comment, &made).ok());
  v1::ListCommentsRequest comments;
  comments.set_parent(doc.name());
  v1::ListCommentsResponse listed;
  ASSERT_TRUE(stub_->ListComments(Call().get(), comments, &listed).ok());
  ASSERT_EQ(listed.comments_size(), 2);
  EXPECT_EQ(listed.comments(0).author(), "events/life-2027/delegations/mex");
  EXPECT_EQ(listed.comments(1).paragraph(), p.name());
  ASSERT_TRUE(Edit(p, "The Forum will meet again in 2028, in Quito.", &p).ok())
      << "authors still edit a circulated document";

  v1::IssueDocumentRequest issue;
  issue.set_name(doc.name());
  v1::Document issued;
  EXPECT_EQ(stub_->IssueDocument(Call().get(), issue, &issued).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "a symbol is required";
  issue.set_symbol("GFMD/2027/1");
  ASSERT_TRUE(stub_->IssueDocument(Call().get(), issue, &issued).ok());
  EXPECT_EQ(issued.state(), v1::DOCUMENT_STATE_ISSUED);
  EXPECT_EQ(issued.symbol(), "GFMD/2027/1");

  v1::Document other = CreateDraft("life-2027", "other-summary");
  issue.set_name(other.name());
  EXPECT_EQ(stub_->IssueDocument(Call().get(), issue, &issued).error_code(),
            grpc::StatusCode::ALREADY_EXISTS)
      << "symbols are unique in an event";

  EXPECT_EQ(Edit(p, "Rewritten after issue", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::DeleteDocumentRequest del;
  del.set_name(doc.name());
  v1::DeleteDocumentResponse deleted;
  EXPECT_EQ(stub_->DeleteDocument(Call().get(), del, &deleted).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::IssueCorrigendumRequest corr;
  corr.set_name(doc.name());
  corr.set_reason("The host city was misnamed.");
  auto* fix = corr.add_corrections();
  fix->set_paragraph(p.name());
  fix->set_text("The Forum will meet again in 2028, in Guayaquil.");
  v1::Document corrected;
  ASSERT_TRUE(stub_->IssueCorrigendum(Call().get(), corr, &corrected).ok());
  ASSERT_EQ(corrected.corrigenda_size(), 1);
  EXPECT_EQ(corrected.corrigenda(0).symbol(), "GFMD/2027/1/Corr.1");
  EXPECT_EQ(Content(doc.name()).sections(0).paragraphs(0).text(),
            "The Forum will meet again in 2028, in Quito.")
      << "the issued text is never rewritten";
  EXPECT_EQ(Content(doc.name(), 0, true).sections(0).paragraphs(0).text(),
            "The Forum will meet again in 2028, in Guayaquil.");

  del.set_name(other.name());
  EXPECT_TRUE(stub_->DeleteDocument(Call().get(), del, &deleted).ok());
}

TEST_F(DocumentServiceTest, ConcurrentDraftersLoseNoUpdate) {
  CreateOpenEvent("conc-2027");
  v1::Document doc = CreateDraft("conc-2027", "chair-summary");
  v1::Section s = AddSection(doc.name(), "Shared");
  std::vector<v1::Paragraph> own(8);
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(AddParagraph(s.name(), "start " + std::to_string(i), &own[i]).ok());
  }
  // Eight drafters on eight paragraphs, twenty edits each, each with the etag it last got.
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      v1::Paragraph mine = own[t];
      for (int k = 0; k < 20; ++k) {
        v1::Paragraph next;
        if (!Edit(mine, "drafter " + std::to_string(t) + " edit " + std::to_string(k), &next)
                 .ok()) {
          ++failures;
        } else {
          mine = next;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  v1::DocumentContent content = Content(doc.name());
  for (int t = 0; t < 8; ++t) {
    EXPECT_EQ(content.sections(0).paragraphs(t).text(),
              "drafter " + std::to_string(t) + " edit 19");
  }
  // Eight drafters on one paragraph with the same etag: exactly one wins.
  v1::Paragraph shared = content.sections(0).paragraphs(0);
  std::atomic<int> wins{0}, aborted{0};
  threads.clear();
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      v1::Paragraph out;
      grpc::Status status = Edit(shared, "winner " + std::to_string(t), &out);
      if (status.ok()) ++wins;
      if (status.error_code() == grpc::StatusCode::ABORTED) ++aborted;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(aborted.load(), 7);
  EXPECT_EQ(Content(doc.name()).sections(0).paragraphs(0).text().rfind("winner ", 0), 0u);
}

TEST_F(DocumentServiceTest, CompilesAnIssuedRoundTableSummaryWithItsCitations) {
  CreateOpenEvent("comp-2027");
  v1::CreateRoundTableRequest rt;
  rt.set_parent("events/comp-2027");
  rt.mutable_round_table()->set_number(1);
  rt.mutable_round_table()->set_title("Remittances");
  rt.mutable_round_table()->set_capacity(20);
  v1::RoundTable table;
  ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), rt, &table).ok());
  v1::Document source =
      CreateDraft("comp-2027", "rt1-summary", v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY, table.name());
  v1::Section s = AddSection(source.name(), "Discussion");
  v1::Paragraph p;
  ASSERT_TRUE(AddParagraph(s.name(), "Transfer costs should fall.", &p,
                           {"events/comp-2027/roundTables/round-table-1"})
                  .ok());
  v1::Document chair = CreateDraft("comp-2027", "chair-summary");

  v1::CompileDocumentRequest compile;
  compile.set_name(chair.name());
  compile.set_source(source.name());
  v1::Section made;
  grpc::Status status = stub_->CompileDocument(Call().get(), compile, &made);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"SOURCE_NOT_ISSUED"});
  v1::IssueDocumentRequest issue;
  issue.set_name(source.name());
  issue.set_symbol("GFMD/2027/RT1");
  v1::Document issued;
  ASSERT_TRUE(stub_->IssueDocument(Call().get(), issue, &issued).ok());
  ASSERT_TRUE(stub_->CompileDocument(Call().get(), compile, &made).ok());
  EXPECT_EQ(made.title(), source.title());
  v1::DocumentContent content = Content(chair.name());
  ASSERT_EQ(content.sections(0).paragraphs_size(), 1);
  EXPECT_EQ(content.sections(0).paragraphs(0).text(), "Transfer costs should fall.");
  EXPECT_EQ(content.sections(0).paragraphs(0).citations(0), table.name());
}

TEST_F(DocumentServiceTest, RefusesBadEdits) {
  CreateOpenEvent("bad-2027");
  v1::Document doc = CreateDraft("bad-2027", "chair-summary");
  v1::Paragraph out;
  grpc::Status status = AddParagraph(doc.name() + "/sections/99", "Text", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  v1::Section s = AddSection(doc.name(), "Only");
  status = AddParagraph(s.name(), "", &out);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"paragraph.text"});
  status = AddParagraph(s.name(), "Cites nothing real", &out, {"events/bad-2027/themes/none"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"paragraph.citations[0]"});
  status =
      AddParagraph(s.name(), "Cites another event", &out, {"events/hld-2006/themes/remittances"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::DeleteSectionRequest del;
  ASSERT_TRUE(AddParagraph(s.name(), "Keeps the section", &out).ok());
  del.set_name(s.name());
  v1::DeleteSectionResponse deleted;
  EXPECT_EQ(stub_->DeleteSection(Call().get(), del, &deleted).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::ExportDocumentRequest exp;
  exp.set_name(doc.name());
  v1::ExportDocumentResponse exported;
  EXPECT_EQ(stub_->ExportDocument(Call().get(), exp, &exported).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DocumentServiceTest, ExportsMatchTheGoldenFilesByteForByte) {
  for (auto [format, file] : {std::pair{v1::DOCUMENT_FORMAT_MARKDOWN, "hld-2006-chair-summary.md"},
                              std::pair{v1::DOCUMENT_FORMAT_TEXT, "hld-2006-chair-summary.txt"}}) {
    v1::ExportDocumentRequest request;
    request.set_name("events/hld-2006/documents/chair-summary");
    request.set_format(format);
    v1::ExportDocumentResponse first, second;
    ASSERT_TRUE(stub_->ExportDocument(Call().get(), request, &first).ok());
    ASSERT_TRUE(stub_->ExportDocument(Call().get(), request, &second).ok());
    EXPECT_EQ(first.content(), second.content());
    std::ifstream golden(std::string(FORUM_GOLDEN_DIR) + "/" + file, std::ios::binary);
    ASSERT_TRUE(golden.good()) << file;
    std::stringstream expected;
    expected << golden.rdbuf();
    EXPECT_EQ(first.content(), expected.str()) << file;
  }
}

}  // namespace
}  // namespace forum::testing
