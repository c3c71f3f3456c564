#include "services/documents.h"

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
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/signed_page_token.h"

namespace forum::services {

absl::StatusOr<v1::Document> Documents::Create(storage::Tx& tx, const std::string& event_id,
                                               const v1::CreateDocumentRequest& r) {
  const auto& d = r.document();
  domain::Validator v;
  if (!domain::IsValidId(r.document_id())) {
    v.Add("document_id", "is required: lower-case letters, digits and hyphens, e.g. chair-summary");
  }
  v.Enum("document.kind", d.kind(), v1::DocumentKind_IsValid, true);
  v.Text("document.title", d.title(), domain::kMaxTitle, true);
  v.Count("document.authors", d.authors_size(), 20);
  for (int i = 0; i < d.authors_size() && i < 20; ++i) {
    v.Text(absl::StrCat("document.authors[", i, "]"), d.authors(i), domain::kMaxShortText, true);
  }
  if (d.kind() == v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY && d.round_table().empty()) {
    v.Add("document.round_table", "is required for a round-table summary");
  }
  if (d.kind() != v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY && !d.round_table().empty()) {
    v.Add("document.round_table", "is only for round-table summaries");
  }
  v.Text("author", r.author(), domain::kMaxShortText, false);
  v.RequestId("request_id", r.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Document>(
      tx, "CreateDocument", r.request_id(), r, [&]() -> absl::StatusOr<v1::Document> {
        ASSIGN_OR_RETURN(auto event, tx.events().GetHeader(event_id, "parent"));
        if (!d.round_table().empty()) {
          ASSIGN_OR_RETURN(auto rt, domain::ParseEventChildName(d.round_table(), "roundTables",
                                                                "document.round_table"));
          if (rt.event != event_id) {
            return domain::InvalidField("document.round_table", "must be of the same event");
          }
          RETURN_IF_ERROR(tx.round_tables().Get(event_id, rt.id, "document.round_table"));
        }
        storage::DocumentStore& store = tx.document(event_id, r.document_id());
        if (store.Get().ok()) {
          return domain::AlreadyExists(
              kDocumentType, domain::EventChildName(event_id, "documents", r.document_id()),
              "choose another document_id");
        }
        storage::EventStore& events = tx.events();
        RETURN_IF_ERROR(CheckPartCount(events, event_id, storage::EventPart::kDocuments));
        v1::Document fresh = d;
        fresh.set_state(v1::DOCUMENT_STATE_DRAFT);
        store.Insert(fresh, EditBy(AuthorOf(tx, r.author()), "created the document"));
        return store.Get();
      });
}

absl::StatusOr<v1::Document> Documents::Get(storage::Tx& tx, const DocRef& ref,
                                            const v1::GetDocumentRequest& r) {
  return tx.document(ref.event, ref.doc).Get();
}

absl::StatusOr<v1::Section> Documents::GetSection(storage::Tx& tx, const domain::ItemRef& item) {
  DocumentStore& store = tx.document(item.doc.event, item.doc.doc);
  if (!store.GetSection(item.id)) {
    return domain::NotFound("forum.v1.Section",
                            absl::StrCat(item.doc.Name(), "/sections/", item.id), "name");
  }
  return ReadSection(store, item.doc, item.id);
}

absl::StatusOr<v1::Paragraph> Documents::GetParagraph(storage::Tx& tx,
                                                      const domain::ItemRef& item) {
  DocumentStore& store = tx.document(item.doc.event, item.doc.doc);
  if (!store.GetParagraph(item.id)) {
    return domain::NotFound("forum.v1.Paragraph",
                            absl::StrCat(item.doc.Name(), "/paragraphs/", item.id), "name");
  }
  return ReadParagraph(store, item.doc, item.id);
}

absl::StatusOr<v1::ListDocumentsResponse> Documents::List(
    storage::Tx& tx, const v1::ListDocumentsRequest& r,
    std::function<bool(const v1::Document&)> visible) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(r.parent(), "parent"));
  ASSIGN_OR_RETURN(auto size, domain::PageSize(r.page_size()));
  ASSIGN_OR_RETURN(auto after, domain::DecodePageToken(r.page_token(), r.parent()));
  if (!tx.events().Exists(event_id)) {
    return domain::NotFound("forum.v1.Event", r.parent(), "parent");
  }
  // Reads pages of the store until a page of visible documents (and one more, to know that
  // another page follows) is filled or the event has no more documents.
  const size_t wanted = static_cast<size_t>(size) + 1;
  std::vector<v1::Document> rows;
  std::string cursor = after;
  while (rows.size() < wanted) {
    auto batch = tx.events().ListDocuments(event_id, cursor, size + 1);
    bool last_batch = batch.size() < wanted;
    if (!batch.empty()) cursor = LastSegment(batch.back().name());
    for (auto& d : batch) {
      if (rows.size() == wanted) break;
      if (!visible || visible(d)) rows.push_back(std::move(d));
    }
    if (last_batch) break;
  }
  v1::ListDocumentsResponse response;
  response.set_next_page_token(TrimPage(
      rows, size, r.parent(), [](const v1::Document& d) { return LastSegment(d.name()); }));
  for (auto& d : rows) *response.add_documents() = std::move(d);
  return response;
}

absl::StatusOr<v1::Document> Documents::Update(storage::Tx& tx, const DocRef& ref,
                                               const v1::UpdateDocumentRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  static const std::set<std::string> kUpdatable = {"title", "authors"};
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, LoadEditable(store));
  auto fresh =
      domain::CheckEtag(r.document().etag(), d.etag(), kDocumentType, d.name(), "document.etag");
  if (!fresh.ok()) return fresh;
  v1::Document updated = d;
  auto applied = ApplyUpdateMask(r.document(), r.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  v.Text("document.title", updated.title(), domain::kMaxTitle, true);
  v.Count("document.authors", updated.authors_size(), 20);
  for (int i = 0; i < updated.authors_size() && i < 20; ++i) {
    v.Text(absl::StrCat("document.authors[", i, "]"), updated.authors(i), domain::kMaxShortText,
           true);
  }
  RETURN_IF_ERROR(v.Finish());
  store.UpdateHeader(updated, EditBy(AuthorOf(tx, r.author()), "updated the title or authors"));
  return store.Get();
}

absl::StatusOr<v1::DeleteDocumentResponse> Documents::Delete(storage::Tx& tx, const DocRef& ref,
                                                             const v1::DeleteDocumentRequest& r) {
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, store.Get());
  RETURN_IF_ERROR(domain::CheckEtag(r.etag(), d.etag(), kDocumentType, d.name()));
  if (d.state() != v1::DOCUMENT_STATE_DRAFT) {
    return domain::FailedPrecondition(
        "DOCUMENT_STATE", d.name(),
        "only drafts can be deleted; this one is " + v1::DocumentState_Name(d.state()));
  }
  store.Delete();
  return v1::DeleteDocumentResponse();
}

absl::StatusOr<v1::Document> Documents::Circulate(storage::Tx& tx, const DocRef& ref,
                                                  const v1::CirculateDocumentRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, store.Get());
  auto fresh = domain::CheckEtag(r.etag(), d.etag(), kDocumentType, d.name());
  if (!fresh.ok()) return fresh;
  RETURN_IF_ERROR(domain::CheckDocumentTransition(d, v1::DOCUMENT_STATE_CIRCULATED));
  d.set_state(v1::DOCUMENT_STATE_CIRCULATED);
  store.UpdateHeader(d, EditBy(AuthorOf(tx, r.author()), "circulated for comments"));
  return store.Get();
}

absl::StatusOr<v1::Document> Documents::Issue(storage::Tx& tx, const v1::IssueDocumentRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  ASSIGN_OR_RETURN(auto ref, domain::ParseDocumentName(r.name(), "name"));
  domain::Validator v;
  v.Text("symbol", r.symbol(), 60, true);
  if (r.symbol().find_first_of(" \t") != std::string::npos) {
    v.Add("symbol", "must not contain spaces, e.g. A/61/515");
  }
  RETURN_IF_ERROR(v.Finish());
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, store.Get());
  auto fresh = domain::CheckEtag(r.etag(), d.etag(), kDocumentType, d.name());
  if (!fresh.ok()) return fresh;
  RETURN_IF_ERROR(domain::CheckDocumentTransition(d, v1::DOCUMENT_STATE_ISSUED));
  std::string holder = store.SymbolHolder(r.symbol());
  if (!holder.empty()) {
    return domain::AlreadyExists(kDocumentType,
                                 domain::EventChildName(ref.event, "documents", holder),
                                 absl::StrCat("it was issued as ", r.symbol()));
  }
  d.set_state(v1::DOCUMENT_STATE_ISSUED);
  d.set_symbol(r.symbol());
  *d.mutable_issue_time() = domain::FromMicros(domain::NowMicros());
  store.UpdateHeader(d, EditBy(AuthorOf(tx, r.author()), absl::StrCat("issued as ", r.symbol())));
  return store.Get();
}

absl::StatusOr<v1::Document> Documents::IssueCorrigendum(storage::Tx& tx,
                                                         const v1::IssueCorrigendumRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  ASSIGN_OR_RETURN(auto ref, domain::ParseDocumentName(r.name(), "name"));
  domain::Validator v;
  v.Text("reason", r.reason(), domain::kMaxLongText, true, true);
  if (r.corrections().empty()) v.Add("corrections", "at least one paragraph must be corrected");
  v.Count("corrections", r.corrections_size(), domain::kMaxCorrections);
  v.RequestId("request_id", r.request_id());
  std::vector<int64_t> ids;
  for (int i = 0; i < r.corrections_size() && i < 100; ++i) {
    std::string field = absl::StrCat("corrections[", i, "]");
    auto item = domain::ParseDocumentItemName(r.corrections(i).paragraph(), "paragraphs",
                                              field + ".paragraph");
    if (!item.ok() || item->doc.Name() != ref.Name()) {
      v.Add(field + ".paragraph", "must be a paragraph of the document");
    } else {
      ids.push_back(item->id);
    }
    v.Text(field + ".text", r.corrections(i).text(), domain::kMaxLongText, true, true);
  }
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Document>(
      tx, "IssueCorrigendum", r.request_id(), r, [&]() -> absl::StatusOr<v1::Document> {
        storage::DocumentStore& store = tx.document(ref.event, ref.doc);
        ASSIGN_OR_RETURN(auto d, store.Get());
        if (d.state() != v1::DOCUMENT_STATE_ISSUED) {
          return domain::FailedPrecondition("DOCUMENT_STATE", d.name(),
                                            "only an issued document takes corrigenda; edit the "
                                            "draft instead");
        }
        // A document carries its corrigenda with their texts: bounded, so that it always
        // fits in one answer.
        int64_t corrected = r.corrections_size();
        for (const auto& earlier : d.corrigenda()) corrected += earlier.corrections_size();
        if (d.corrigenda_size() >= domain::kMaxCorrigendaPerDocument) {
          return domain::CountLimit("CORRIGENDUM_COUNT", d.name(),
                                    domain::kMaxCorrigendaPerDocument, "corrigenda");
        }
        if (corrected > domain::kMaxCorrectionsPerDocument) {
          return domain::CountLimit("CORRECTION_COUNT", d.name(),
                                    domain::kMaxCorrectionsPerDocument,
                                    "corrected paragraphs in all its corrigenda");
        }
        for (size_t i = 0; i < ids.size(); ++i) {
          if (!store.GetParagraph(ids[i])) {
            return domain::NotFound("forum.v1.Paragraph",
                                    r.corrections(static_cast<int>(i)).paragraph(),
                                    absl::StrCat("corrections[", i, "].paragraph"));
          }
        }
        v1::Corrigendum corr;
        corr.set_number(d.corrigenda_size() + 1);
        corr.set_symbol(absl::StrCat(d.symbol(), "/Corr.", corr.number()));
        corr.set_reason(r.reason());
        *corr.mutable_issue_time() = domain::FromMicros(domain::NowMicros());
        *corr.mutable_corrections() = r.corrections();
        store.AddCorrigendum(
            d, corr, ids,
            EditBy(AuthorOf(tx, r.author()), absl::StrCat("issued corrigendum ", corr.symbol())));
        return store.Get();
      });
}

}  // namespace forum::services
