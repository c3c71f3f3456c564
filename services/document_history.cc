// History: the content at a revision, the revision log and the changes between two revisions.
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

absl::StatusOr<v1::DocumentContent> Documents::GetContent(storage::Tx& tx, const DocRef& ref,
                                                          const v1::GetDocumentContentRequest& r) {
  if (r.page_size() < 0) return domain::InvalidField("page_size", "must not be negative");
  // Unset, a page holds as many paragraphs as the byte budget allows.
  const int page_size = r.page_size() == 0 ? domain::kMaxPageSize
                                           : std::min<int>(r.page_size(), domain::kMaxPageSize);
  const std::string query = absl::StrCat(r.name(), "|", r.revision(), "|", r.apply_corrigenda());
  ASSIGN_OR_RETURN(auto cursor, OpenPageToken(r.page_token(), query));
  domain::ContentPosition from{r.revision(), 0, 0};
  if (!cursor.empty()) {
    ASSIGN_OR_RETURN(auto pinned, domain::DecodeContentPosition(cursor));
    from = pinned;
  }
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, store.Get());
  ASSIGN_OR_RETURN(auto whole, ContentAt(store, d, from.revision, r.apply_corrigenda()));
  from.revision = whole.revision();
  std::optional<domain::ContentPosition> next;
  ASSIGN_OR_RETURN(auto page,
                   domain::ContentPage(whole, from, page_size, domain::kMaxPageBytes, &next));
  if (next) page.set_next_page_token(SignPageToken(query, domain::EncodeContentPosition(*next)));
  return page;
}

absl::StatusOr<v1::ListRevisionsResponse> Documents::ListRevisions(
    storage::Tx& tx, const DocRef& ref, const v1::ListRevisionsRequest& r) {
  ASSIGN_OR_RETURN(auto size, domain::PageSize(r.page_size()));
  ASSIGN_OR_RETURN(auto before, NumericCursor(r.page_token(), r.parent()));
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, store.Get());
  auto rows = store.LogDescending(before, size + 1);
  v1::ListRevisionsResponse response;
  response.set_next_page_token(
      TrimPage(rows, size, r.parent(),
               [](const domain::RevisionRecord& rec) { return absl::StrCat(rec.number); }));
  for (const auto& rec : rows) {
    auto* out = response.add_revisions();
    out->set_number(rec.number);
    out->set_author(rec.author);
    *out->mutable_time() = domain::FromMicros(rec.time_micros);
    out->set_change(rec.change);
    out->set_target(rec.kind == "document"
                        ? d.name()
                        : absl::StrCat(d.name(), "/", rec.kind, "s/", rec.item_id));
  }
  return response;
}

absl::StatusOr<v1::DiffRevisionsResponse> Documents::Diff(storage::Tx& tx, const DocRef& ref,
                                                          const v1::DiffRevisionsRequest& r) {
  ASSIGN_OR_RETURN(auto size, domain::PageSize(r.page_size()));
  const std::string query = absl::StrCat(r.name(), "|", r.from_revision(), "|", r.to_revision());
  ASSIGN_OR_RETURN(auto cursor, domain::DecodePageToken(r.page_token(), query));
  domain::RevisionOffset from{r.to_revision(), 0};
  if (!cursor.empty()) {
    ASSIGN_OR_RETURN(auto pinned, domain::DecodeRevisionOffset(cursor));
    from = pinned;
  }
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  ASSIGN_OR_RETURN(auto d, store.Get());
  int64_t to = from.revision == 0 ? d.revision() : from.revision;
  if (r.from_revision() < 0 || to > d.revision() || r.from_revision() > to) {
    return domain::InvalidField(
        "from_revision", absl::StrCat("revisions must satisfy 0 <= from <= to <= ", d.revision()));
  }
  auto log = store.Log(to);
  auto changes =
      domain::Diff(d.name(), domain::Replay(log, r.from_revision()), domain::Replay(log, to));
  // A page is a stretch of the changes between the two revisions, pinned by the token.
  const size_t first = std::min(changes.size(), from.offset);
  const size_t end = std::min(changes.size(), first + static_cast<size_t>(size) + 1);
  std::vector<v1::RevisionChange> rows(std::make_move_iterator(changes.begin() + first),
                                       std::make_move_iterator(changes.begin() + end));
  v1::DiffRevisionsResponse response;
  response.set_next_page_token(TrimPage(rows, size, query, [&](const v1::RevisionChange&) {
    return domain::EncodeRevisionOffset({to, first + rows.size()});
  }));
  for (auto& change : rows) *response.add_changes() = std::move(change);
  return response;
}

}  // namespace forum::services
