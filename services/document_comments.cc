// Comments on a circulated document.
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

absl::StatusOr<v1::Comment> Documents::AddComment(storage::Tx& tx, const ItemRef& item,
                                                  const v1::AddCommentRequest& r) {
  const auto& comment = r.comment();
  domain::Validator v;
  v.Text("comment.author", comment.author(), domain::kMaxShortText, true);
  v.Text("comment.text", comment.text(), domain::kMaxLongText, true, true);
  v.RequestId("request_id", r.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Comment>(
      tx, "AddComment", r.request_id(), r, [&]() -> absl::StatusOr<v1::Comment> {
        storage::DocumentStore& store = tx.document(item.doc.event, item.doc.doc);
        ASSIGN_OR_RETURN(auto d, store.Get());
        if (d.state() != v1::DOCUMENT_STATE_CIRCULATED) {
          return domain::FailedPrecondition(
              "DOCUMENT_STATE", d.name(),
              "comments are taken while the document is circulated; this one is " +
                  v1::DocumentState_Name(d.state()));
        }
        ASSIGN_OR_RETURN(auto p, LoadParagraph(store, item, "", "comment.paragraph"));
        // A comment signed by a delegation must come from a delegation of the event.
        if (absl::StartsWith(comment.author(), "events/")) {
          ASSIGN_OR_RETURN(auto d, domain::ParseEventChildName(comment.author(), "delegations",
                                                               "comment.author"));
          if (d.event != item.doc.event) {
            return domain::InvalidField("comment.author", "must be a delegation of the event");
          }
          if (!tx.delegations().Exists(d.event, d.id)) {
            return domain::NotFound("forum.v1.Delegation", comment.author(), "comment.author");
          }
        }
        if (store.CountComments("") >= domain::kMaxCommentsPerDocument) {
          return domain::CountLimit("COMMENT_COUNT", d.name(), domain::kMaxCommentsPerDocument,
                                    "comments");
        }
        if (store.CountComments(comment.author()) >= domain::kMaxCommentsPerAuthor) {
          return domain::CountLimit("COMMENT_COUNT", comment.author(),
                                    domain::kMaxCommentsPerAuthor,
                                    absl::StrCat("comments on ", d.name()));
        }
        int64_t id = store.NextItem();
        store.AddComment(id, p.id, comment.author(), comment.text(), domain::NowMicros());
        // Read back by its id: comments are numbered in order, so the one after id - 1.
        for (auto& stored : store.Comments(id - 1, 1)) {
          if (stored.name() == absl::StrCat(d.name(), "/comments/", id)) return stored;
        }
        return absl::InternalError("the comment just added cannot be read back");
      });
}

absl::StatusOr<v1::ListCommentsResponse> Documents::ListComments(storage::Tx& tx, const DocRef& ref,
                                                                 const v1::ListCommentsRequest& r) {
  ASSIGN_OR_RETURN(auto size, domain::PageSize(r.page_size()));
  ASSIGN_OR_RETURN(auto after, NumericCursor(r.page_token(), r.parent()));
  storage::DocumentStore& store = tx.document(ref.event, ref.doc);
  RETURN_IF_ERROR(store.Get("parent"));
  auto rows = store.Comments(after, size + 1);
  v1::ListCommentsResponse response;
  response.set_next_page_token(
      TrimPage(rows, size, r.parent(), [](const v1::Comment& c) { return LastSegment(c.name()); }));
  for (auto& comment : rows) *response.add_comments() = std::move(comment);
  return response;
}

}  // namespace forum::services
