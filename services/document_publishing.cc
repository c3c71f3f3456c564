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
#include "domain/validation.h"
#include "services/document_support.h"
#include "services/documents.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/signed_page_token.h"

namespace forum::services {

absl::StatusOr<v1::Section> Documents::Compile(storage::Tx& tx,
                                               const v1::CompileDocumentRequest& r) {
  auto target = ParseDoc(r.name(), "name");
  if (!target.ok()) return target.status();
  auto source = ParseDoc(r.source(), "source");
  if (!source.ok()) return source.status();
  if (source->event != target->event) {
    return domain::InvalidField("source", "must be a document of the same event");
  }
  domain::Validator v;
  v.Text("author", r.author(), domain::kMaxShortText, false);
  v.RequestId("request_id", r.request_id());
  if (auto s = v.Finish(); !s.ok()) return s;
  return Idempotent<v1::Section>(
      tx, "CompileDocument", r.request_id(), r, [&]() -> absl::StatusOr<v1::Section> {
        storage::DocumentStore& into = tx.document(target->event, target->doc);
        auto d = LoadEditable(into);
        if (!d.ok()) return d.status();
        if (d->kind() != v1::DOCUMENT_KIND_CHAIR_SUMMARY) {
          return domain::FailedPrecondition("DOCUMENT_KIND", d->name(),
                                            "sections are compiled into a chair's summary");
        }
        storage::DocumentStore& from = tx.document(source->event, source->doc);
        auto s = from.Get("source");
        if (!s.ok()) return s.status();
        if (s->kind() != v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY ||
            s->state() != v1::DOCUMENT_STATE_ISSUED) {
          return domain::FailedPrecondition("SOURCE_NOT_ISSUED", s->name(),
                                            "the source must be an issued round-table summary",
                                            "source");
        }
        int64_t copied = 0;
        for (const auto& source_section : from.Sections()) {
          copied += static_cast<int64_t>(from.Paragraphs(source_section.id).size());
        }
        if (auto st = CheckItemRoom(into, *d, 1, copied); !st.ok()) return st;
        std::string author = AuthorOf(tx, r.author());
        DocSection section;
        section.id = into.NextItem();
        section.title = s->title();
        auto rt = tx.round_tables().Get(source->event, LastSegment(s->round_table()));
        if (rt.ok() && !rt->theme().empty()) section.theme_id = LastSegment(rt->theme());
        auto key = OrderKeyAt(into.Sections(), 0, 0, "section", target->Name());
        if (!key.ok()) return key.status();
        section.key = *key;
        CommitSection(into, author, "compiled", section, false, absl::StrCat(" from ", s->name()));
        std::string last_key;
        for (const auto& source_section : from.Sections()) {
          for (const auto& p : from.Paragraphs(source_section.id)) {
            DocParagraph copy = p;
            copy.id = into.NextItem();
            copy.section_id = section.id;
            copy.key = last_key = domain::KeyBetween(last_key, "");
            if (std::find(copy.citations.begin(), copy.citations.end(), s->round_table()) ==
                copy.citations.end()) {
              copy.citations.push_back(s->round_table());
            }
            CommitParagraph(into, author, "compiled", copy);
          }
        }
        return ReadSection(into, *target, section.id);
      });
}

absl::StatusOr<v1::ExportDocumentResponse> Documents::Export(storage::Tx& tx,
                                                             const v1::ExportDocumentRequest& r) {
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  domain::Validator v;
  v.Enum("format", r.format(), v1::DocumentFormat_IsValid, true);
  if (auto s = v.Finish(); !s.ok()) return s;
  const std::string query = absl::StrCat(r.name(), "|", r.format(), "|", r.revision());
  auto cursor = OpenPageToken(r.page_token(), query);
  if (!cursor.ok()) return cursor.status();
  domain::RevisionOffset from{r.revision(), 0};
  if (!cursor->empty()) {
    auto pinned = domain::DecodeRevisionOffset(*cursor);
    if (!pinned.ok()) return pinned.status();
    from = *pinned;
  }
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get();
  if (!d.ok()) return d.status();
  auto content = ContentAt(store, *d, from.revision, false);
  if (!content.ok()) return content.status();
  v1::ExportDocumentResponse response;
  bool markdown = r.format() == v1::DOCUMENT_FORMAT_MARKDOWN;
  response.set_content_type(markdown ? "text/markdown; charset=utf-8"
                                     : "text/plain; charset=utf-8");
  std::string text = markdown ? domain::ToMarkdown(*content) : domain::ToPlainText(*content);
  auto piece = domain::TextPiece(text, from.offset, domain::kMaxPageBytes);
  if (!piece.ok()) return piece.status();
  response.set_content(std::string(*piece));
  size_t end = from.offset + piece->size();
  if (end < text.size()) {
    response.set_next_page_token(
        SignPageToken(query, domain::EncodeRevisionOffset({content->revision(), end})));
  }
  response.set_file_name(
      absl::StrCat(ref->doc, "-r", content->revision(), markdown ? ".md" : ".txt"));
  return response;
}

}  // namespace forum::services
