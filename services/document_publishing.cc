// Compiling round-table summaries into a chair's summary, and exporting a document.
#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/content_pages.h"
#include "domain/dates.h"
#include "domain/document_model.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"
#include "domain/order_key.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "services/document_support.h"
#include "services/documents.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/signed_page_token.h"

namespace forum::services {

absl::StatusOr<v1::Section> Documents::Compile(storage::Tx& tx, const DocRef& target,
                                               const DocRef& source,
                                               const v1::CompileDocumentRequest& r) {
  if (source.event != target.event) {
    return domain::InvalidField("source", "must be a document of the same event");
  }
  domain::Validator v;
  v.Text("author", r.author(), domain::kMaxShortText, false);
  v.RequestId("request_id", r.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Section>(
      tx, "CompileDocument", r.request_id(), r, [&]() -> absl::StatusOr<v1::Section> {
        storage::DocumentStore& into = tx.document(target.event, target.doc);
        ASSIGN_OR_RETURN(auto d, LoadEditable(into));
        if (d.kind() != v1::DOCUMENT_KIND_CHAIR_SUMMARY) {
          return domain::FailedPrecondition("DOCUMENT_KIND", d.name(),
                                            "sections are compiled into a chair's summary");
        }
        storage::DocumentStore& from = tx.document(source.event, source.doc);
        ASSIGN_OR_RETURN(auto s, from.Get("source"));
        if (s.kind() != v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY ||
            s.state() != v1::DOCUMENT_STATE_ISSUED) {
          return domain::FailedPrecondition("SOURCE_NOT_ISSUED", s.name(),
                                            "the source must be an issued round-table summary",
                                            "source");
        }
        int64_t copied = 0;
        for (const auto& source_section : from.Sections()) {
          copied += static_cast<int64_t>(from.Paragraphs(source_section.id).size());
        }
        RETURN_IF_ERROR(CheckItemRoom(into, d, 1, copied));
        std::string author = AuthorOf(tx, r.author());
        DocSection section;
        section.id = into.NextItem();
        section.title = s.title();
        auto rt = tx.round_tables().Get(source.event, LastSegment(s.round_table()));
        if (rt.ok() && !rt->theme().empty()) section.theme_id = LastSegment(rt->theme());
        ASSIGN_OR_RETURN(auto key, OrderKeyAt(into.Sections(), 0, 0, "section", target.Name()));
        section.key = key;
        CommitSection(into, author, "compiled", section, false, absl::StrCat(" from ", s.name()));
        std::string last_key;
        for (const auto& source_section : from.Sections()) {
          for (const auto& p : from.Paragraphs(source_section.id)) {
            DocParagraph copy = p;
            copy.id = into.NextItem();
            copy.section_id = section.id;
            copy.key = last_key = domain::KeyBetween(last_key, "");
            if (std::find(copy.citations.begin(), copy.citations.end(), s.round_table()) ==
                copy.citations.end()) {
              copy.citations.push_back(s.round_table());
            }
            CommitParagraph(into, author, "compiled", copy);
          }
        }
        return ReadSection(into, target, section.id);
      });
}

absl::StatusOr<v1::ExportDocumentResponse> Documents::Export(storage::Tx& tx, const DocRef& ref,
                                                             const v1::ExportDocumentRequest& r) {
  domain::Validator v;
  v.Enum("format", r.format(), v1::DocumentFormat_IsValid, true);
  RETURN_IF_ERROR(v.Finish());
  const std::string query = absl::StrCat(r.name(), "|", r.format(), "|", r.revision());
  ASSIGN_OR_RETURN(auto cursor, OpenPageToken(r.page_token(), query));
  domain::RevisionOffset from{r.revision(), 0};
  if (!cursor.empty()) {
    ASSIGN_OR_RETURN(auto pinned, domain::DecodeRevisionOffset(cursor));
    from = pinned;
  }
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, store.Get());
  ASSIGN_OR_RETURN(auto content, ContentAt(store, d, from.revision, false));
  v1::ExportDocumentResponse response;
  bool markdown = r.format() == v1::DOCUMENT_FORMAT_MARKDOWN;
  response.set_content_type(markdown ? "text/markdown; charset=utf-8"
                                     : "text/plain; charset=utf-8");
  std::string text = markdown ? domain::ToMarkdown(content) : domain::ToPlainText(content);
  ASSIGN_OR_RETURN(auto piece, domain::TextPiece(text, from.offset, domain::kMaxPageBytes));
  response.set_content(std::string(piece));
  size_t end = from.offset + piece.size();
  if (end < text.size()) {
    response.set_next_page_token(
        SignPageToken(query, domain::EncodeRevisionOffset({content.revision(), end})));
  }
  response.set_file_name(
      absl::StrCat(ref.doc, "-r", content.revision(), markdown ? ".md" : ".txt"));
  return response;
}

}  // namespace forum::services
