// Responses that every default client can receive: a document, its export, its diff and its
// comments grown past gRPC's 4 MiB message limit come page by page, each page under the byte
// budget, and the pages put together give back exactly the whole.
#include <functional>
#include <string>
#include <vector>

#include "domain/document_model.h"
#include "domain/page_token.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

// gRPC's default limit on a message a client receives.
constexpr size_t kDefaultReceiveLimit = 4 * 1024 * 1024;
// 150 paragraphs of 8,000 four-byte characters: 4.8 MB of text, past the default limit.
constexpr int kSections = 3;
constexpr int kParagraphsPerSection = 50;

// 8,000 characters (the limit of a paragraph or comment), 32,000 bytes in UTF-8, starting with
// `tag` so that each is told apart.
std::string LongText(const std::string& tag) {
  std::string text = tag + " ";
  for (size_t chars = text.size(); chars < 8000; ++chars) text += "\xF0\x9D\x84\x9E";  // U+1D11E
  return text;
}

class DocumentPagingTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    stub_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }

  // A draft with `sections` sections of `paragraphs` long paragraphs each; `texts` gets the
  // paragraphs' texts in document order.
  std::string CreateLargeDocument(const std::string& event, std::vector<std::string>* texts,
                                  int sections = kSections,
                                  int paragraphs = kParagraphsPerSection) {
    CreateOpenEvent(event);
    v1::CreateDocumentRequest create;
    create.set_parent("events/" + event);
    create.set_document_id("large");
    create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    create.mutable_document()->set_title("A long chair's summary");
    v1::Document doc;
    EXPECT_TRUE(stub_->CreateDocument(Call().get(), create, &doc).ok());
    for (int s = 0; s < sections; ++s) {
      v1::InsertSectionRequest section;
      section.set_parent(doc.name());
      section.mutable_section()->set_title("Section " + std::to_string(s + 1));
      v1::Section made;
      EXPECT_TRUE(stub_->InsertSection(Call().get(), section, &made).ok());
      for (int p = 0; p < paragraphs; ++p) {
        v1::InsertParagraphRequest para;
        para.mutable_paragraph()->set_section(made.name());
        para.mutable_paragraph()->set_text(
            LongText("s" + std::to_string(s) + "p" + std::to_string(p)));
        v1::Paragraph out;
        grpc::Status status = stub_->InsertParagraph(Call().get(), para, &out);
        EXPECT_TRUE(status.ok()) << status.error_message();
        texts->push_back(para.paragraph().text());
      }
    }
    return doc.name();
  }

  // Reads every page of the content, stitched as document.proto says; `pages` counts them.
  // `between` runs after the first page, as a drafter writing meanwhile.
  v1::DocumentContent ReadAll(
      v1::GetDocumentContentRequest request, int* pages,
      const std::function<void()>& between = [] {}) {
    v1::DocumentContent whole;
    *pages = 0;
    do {
      v1::DocumentContent page;
      grpc::Status status = stub_->GetDocumentContent(Call().get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LT(page.ByteSizeLong(), kDefaultReceiveLimit);
      EXPECT_LE(page.ByteSizeLong(), domain::kMaxPageBytes + 64 * 1024);
      EXPECT_EQ(page.has_document(), *pages == 0);
      if (++*pages == 1) {
        whole = page;
        between();
      } else {
        EXPECT_EQ(page.revision(), whole.revision());
        for (const auto& s : page.sections()) {
          auto* sections = whole.mutable_sections();
          if (!sections->empty() &&
              sections->Get(sections->size() - 1).section().name() == s.section().name()) {
            EXPECT_TRUE(MessageDifferencer::Equals(sections->Get(sections->size() - 1).section(),
                                                   s.section()));
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

  std::string ExportAll(v1::ExportDocumentRequest request, int* pages) {
    std::string text;
    *pages = 0;
    do {
      v1::ExportDocumentResponse piece;
      grpc::Status status = stub_->ExportDocument(Call().get(), request, &piece);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LT(piece.ByteSizeLong(), kDefaultReceiveLimit);
      // Pieces are cut between characters: none starts with a UTF-8 continuation byte.
      if (!piece.content().empty()) {
        EXPECT_NE(static_cast<unsigned char>(piece.content()[0]) & 0xC0, 0x80);
      }
      text += piece.content();
      ++*pages;
      request.set_page_token(piece.next_page_token());
    } while (!request.page_token().empty());
    return text;
  }

  std::unique_ptr<v1::DocumentService::Stub> stub_;
};

std::vector<std::string> TextsOf(const v1::DocumentContent& content) {
  std::vector<std::string> out;
  for (const auto& s : content.sections()) {
    for (const auto& p : s.paragraphs()) out.push_back(p.text());
  }
  return out;
}

TEST_F(DocumentPagingTest, LargeDocumentComesPageByPageFromOneRevision) {
  std::vector<std::string> texts;
  std::string doc = CreateLargeDocument("large-2027", &texts);

  v1::GetDocumentContentRequest request;
  request.set_name(doc);
  int pages = 0;
  v1::DocumentContent whole = ReadAll(request, &pages, [&] {
    // A drafter adds a paragraph after the first page: the read stays on its revision.
    v1::GetDocumentContentRequest first;
    first.set_name(doc);
    first.set_page_size(1);
    v1::DocumentContent one;
    ASSERT_TRUE(stub_->GetDocumentContent(Call().get(), first, &one).ok());
    v1::InsertParagraphRequest para;
    para.mutable_paragraph()->set_section(one.sections(0).section().name());
    para.mutable_paragraph()->set_text("Added while the document was being read.");
    para.set_index(1);
    v1::Paragraph out;
    ASSERT_TRUE(stub_->InsertParagraph(Call().get(), para, &out).ok());
  });
  // The whole would not have reached a default client in one response.
  EXPECT_GT(whole.ByteSizeLong(), kDefaultReceiveLimit);
  EXPECT_GE(pages, 5);
  EXPECT_EQ(whole.document().title(), "A long chair's summary");
  ASSERT_EQ(whole.sections_size(), kSections);
  for (int s = 0; s < kSections; ++s) {
    EXPECT_EQ(whole.sections(s).section().index(), s + 1);
    EXPECT_EQ(whole.sections(s).paragraphs_size(), kParagraphsPerSection);
  }
  EXPECT_EQ(TextsOf(whole), texts);
  EXPECT_EQ(whole.revision(), 1 + kSections + kSections * kParagraphsPerSection);

  // A later read starts on the latest revision, with the paragraph added meanwhile first.
  request.set_page_size(3);
  v1::DocumentContent first;
  ASSERT_TRUE(stub_->GetDocumentContent(Call().get(), request, &first).ok());
  EXPECT_EQ(first.revision(), whole.revision() + 1);
  ASSERT_EQ(first.sections(0).paragraphs_size(), 3);
  EXPECT_EQ(first.sections(0).paragraphs(0).text(), "Added while the document was being read.");
}

TEST_F(DocumentPagingTest, LargeExportAndDiffComeInPiecesThatReassembleExactly) {
  std::vector<std::string> texts;
  std::string doc = CreateLargeDocument("export-2027", &texts);
  v1::GetDocumentContentRequest read;
  read.set_name(doc);
  int pages = 0;
  v1::DocumentContent whole = ReadAll(read, &pages);

  for (auto format : {v1::DOCUMENT_FORMAT_MARKDOWN, v1::DOCUMENT_FORMAT_TEXT}) {
    v1::ExportDocumentRequest request;
    request.set_name(doc);
    request.set_format(format);
    std::string text = ExportAll(request, &pages);
    EXPECT_GE(pages, 5);
    EXPECT_GT(text.size(), kDefaultReceiveLimit);
    EXPECT_EQ(text, format == v1::DOCUMENT_FORMAT_MARKDOWN ? domain::ToMarkdown(whole)
                                                           : domain::ToPlainText(whole));
  }

  v1::DiffRevisionsRequest diff;
  diff.set_name(doc);
  diff.set_page_size(1000);
  std::vector<std::string> added;
  int diff_pages = 0;
  do {
    v1::DiffRevisionsResponse page;
    grpc::Status status = stub_->DiffRevisions(Call().get(), diff, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LT(page.ByteSizeLong(), kDefaultReceiveLimit);
    for (const auto& c : page.changes()) {
      if (c.target().find("/paragraphs/") != std::string::npos) added.push_back(c.after());
    }
    ++diff_pages;
    diff.set_page_token(page.next_page_token());
  } while (!diff.page_token().empty());
  EXPECT_GE(diff_pages, 5);
  EXPECT_EQ(added, texts);
}

TEST_F(DocumentPagingTest, LongCommentsComePageByPage) {
  std::vector<std::string> texts;
  std::string doc = CreateLargeDocument("comments-2027", &texts, 1, 1);
  v1::CirculateDocumentRequest circulate;
  circulate.set_name(doc);
  v1::Document circulated;
  ASSERT_TRUE(stub_->CirculateDocument(Call().get(), circulate, &circulated).ok());
  v1::GetDocumentContentRequest read;
  read.set_name(doc);
  read.set_page_size(1);
  v1::DocumentContent first;
  ASSERT_TRUE(stub_->GetDocumentContent(Call().get(), read, &first).ok());
  const int kComments = 150;
  std::vector<std::string> written;
  for (int i = 0; i < kComments; ++i) {
    v1::AddCommentRequest add;
    add.mutable_comment()->set_paragraph(first.sections(0).paragraphs(0).name());
    add.mutable_comment()->set_author("Rapporteur");
    add.mutable_comment()->set_text(LongText("comment" + std::to_string(i)));
    v1::Comment out;
    grpc::Status status = stub_->AddComment(Call().get(), add, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
    written.push_back(add.comment().text());
  }

  v1::ListCommentsRequest list;
  list.set_parent(doc);
  list.set_page_size(1000);
  std::vector<std::string> seen;
  int pages = 0;
  do {
    v1::ListCommentsResponse page;
    grpc::Status status = stub_->ListComments(Call().get(), list, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LT(page.ByteSizeLong(), kDefaultReceiveLimit);
    EXPECT_LE(page.ByteSizeLong(), domain::kMaxPageBytes + 64 * 1024);
    for (const auto& c : page.comments()) seen.push_back(c.text());
    ++pages;
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_GE(pages, 5);
  EXPECT_EQ(seen, written);

  // The default page holds 50.
  v1::ListCommentsRequest small;
  small.set_parent(doc);
  v1::ListCommentsResponse page;
  ASSERT_TRUE(stub_->ListComments(Call().get(), small, &page).ok());
  EXPECT_LE(page.comments_size(), 50);
  EXPECT_FALSE(page.next_page_token().empty());
}

TEST_F(DocumentPagingTest, SmallDocumentReadsTheSameInOneCallOrInPages) {
  const std::string doc = "events/hld-2006/documents/chair-summary";
  v1::GetDocumentContentRequest request;
  request.set_name(doc);
  v1::DocumentContent single;
  ASSERT_TRUE(stub_->GetDocumentContent(Call().get(), request, &single).ok());
  EXPECT_TRUE(single.next_page_token().empty());
  ASSERT_EQ(single.sections_size(), 17);

  for (int size : {1, 2, 5}) {
    request.set_page_size(size);
    int pages = 0;
    v1::DocumentContent stitched = ReadAll(request, &pages);
    EXPECT_GT(pages, 1);
    EXPECT_TRUE(MessageDifferencer::Equals(stitched, single)) << "page_size " << size;
  }

  v1::ExportDocumentRequest exp;
  exp.set_name(doc);
  exp.set_format(v1::DOCUMENT_FORMAT_MARKDOWN);
  v1::ExportDocumentResponse one;
  ASSERT_TRUE(stub_->ExportDocument(Call().get(), exp, &one).ok());
  EXPECT_TRUE(one.next_page_token().empty());
  EXPECT_EQ(one.content(), domain::ToMarkdown(single));
}

TEST_F(DocumentPagingTest, TokensAreCheckedAndBoundToTheRequest) {
  const std::string doc = "events/hld-2006/documents/chair-summary";
  v1::GetDocumentContentRequest request;
  request.set_name(doc);
  request.set_page_size(1);
  v1::DocumentContent first;
  ASSERT_TRUE(stub_->GetDocumentContent(Call().get(), request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());

  auto refused = [&](v1::GetDocumentContentRequest r) {
    v1::DocumentContent out;
    grpc::Status status = stub_->GetDocumentContent(Call().get(), r, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"});
  };
  v1::GetDocumentContentRequest other = request;
  other.set_page_token(first.next_page_token());
  other.set_apply_corrigenda(true);  // another request than the one the token came from
  refused(other);
  other = request;
  other.set_page_token("garbage");
  refused(other);
  // A token altered to pin another revision or place is refused, not obeyed.
  std::string forged = first.next_page_token();
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  other = request;
  other.set_page_token(forged);
  refused(other);
  other.set_page_size(-1);
  other.clear_page_token();
  v1::DocumentContent out;
  EXPECT_EQ(stub_->GetDocumentContent(Call().get(), other, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ExportDocumentRequest exp;
  exp.set_name(doc);
  exp.set_format(v1::DOCUMENT_FORMAT_TEXT);
  exp.set_page_token(first.next_page_token());
  v1::ExportDocumentResponse piece;
  grpc::Status status = stub_->ExportDocument(Call().get(), exp, &piece);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"});
}

}  // namespace
}  // namespace forum::testing
