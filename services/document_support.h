// What the methods of Documents share (services/documents.cc and the document_*.cc files beside
// it): typed references to documents and their items, the reads that check a document may still be
// edited, the checks on themes and citations, and the writes that commit a section or paragraph
// with its revision (which the store appends: no change escapes the log).
#ifndef FORUM_SERVICES_DOCUMENT_SUPPORT_H_
#define FORUM_SERVICES_DOCUMENT_SUPPORT_H_

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/document_model.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/order_key.h"
#include "domain/status_macros.h"
#include "forum/v1/document.pb.h"
#include "storage/database.h"

namespace forum::services {

using domain::DocParagraph;
using domain::DocSection;
using storage::DocumentStore;

inline constexpr char kDocumentType[] = "forum.v1.Document";

using domain::DocRef;
using domain::ItemRef;

// The label a request gives the revision it makes: optional, one line, short.
absl::Status CheckAuthor(absl::string_view author);
// Who a revision names, decided here and nowhere else: the request's `author` when given (a label
// such as "Rapporteur"), else the caller's name (its token's display name); a change made without
// a caller (a tool, a benchmark) is the secretariat's.
std::string AuthorOf(const storage::Tx& tx, const std::string& requested);
domain::Edit EditBy(std::string author, std::string change);

v1::Section MakeSection(const DocRef& ref, const DocSection& s, int index);
v1::Paragraph MakeParagraph(const DocRef& ref, const DocParagraph& p, int index);
// The section or paragraph as stored now, with its place among its siblings.
v1::Section ReadSection(DocumentStore& store, const DocRef& ref, int64_t id);
v1::Paragraph ReadParagraph(DocumentStore& store, const DocRef& ref, int64_t id);
// The same when its place is known (it was just put there): nothing is counted.
v1::Paragraph ReadParagraphAt(DocumentStore& store, const DocRef& ref, int64_t id, int index);

// Writes a section or paragraph (or deletes it); the store appends the revision that records it.
void CommitSection(DocumentStore& store, const std::string& author, absl::string_view verb,
                   const DocSection& s, bool deleted = false, absl::string_view suffix = "");
void CommitParagraph(DocumentStore& store, const std::string& author, absl::string_view verb,
                     const DocParagraph& p, bool deleted = false);

// The document, which must exist and still be editable.
absl::StatusOr<v1::Document> LoadEditable(DocumentStore& store);
// RESOURCE_EXHAUSTED when `sections` or `paragraphs` more would pass the document's limits.
absl::Status CheckItemRoom(DocumentStore& store, const v1::Document& d, int64_t sections,
                           int64_t paragraphs);
// Citations name plenary meetings, round tables, themes or delegations of the same event.
absl::Status CheckCitations(storage::Tx& tx, const DocRef& ref,
                            const google::protobuf::RepeatedPtrField<std::string>& citations,
                            absl::string_view prefix);
// A section or paragraph of the document at `etag` (empty: any).
absl::StatusOr<DocSection> LoadSection(DocumentStore& store, const ItemRef& ref,
                                       absl::string_view etag,
                                       absl::string_view etag_field = "etag");
absl::StatusOr<DocParagraph> LoadParagraph(DocumentStore& store, const ItemRef& ref,
                                           absl::string_view etag, absl::string_view field = "",
                                           absl::string_view etag_field = "etag");
// The content at `revision` (0: the latest), with the corrigenda issued by then when asked.
absl::StatusOr<v1::DocumentContent> ContentAt(DocumentStore& store, const v1::Document& d,
                                              int64_t revision, bool apply_corrigenda);

// The order key between the neighbours `gap` of the place at 1-based `index` (0 or past the
// end: last); `parent` names the document or section that holds the `what`s. Rows written
// before order keys may share one position, and nothing fits between two of them.
absl::StatusOr<std::string> KeyInGap(const domain::KeyGap& gap, int index, absl::string_view what,
                                     absl::string_view parent);

// The same among `siblings` in order, leaving out the item `except` itself (sections, which are
// few; paragraphs ask the store for their gap, DocumentStore::ParagraphGap).
template <typename Item>
absl::StatusOr<std::string> OrderKeyAt(const std::vector<Item>& siblings, int64_t except, int index,
                                       absl::string_view what, absl::string_view parent) {
  std::vector<std::string> keys;
  for (const auto& item : siblings) {
    if (item.id != except) keys.push_back(item.key);
  }
  return KeyInGap(domain::GapAt(keys, index), index, what, parent);
}

// A section or paragraph as a drafting change left it, with the store of its document.
template <typename Item>
struct Edited {
  DocumentStore* store;
  Item item;
};

// What a drafting method does to its section or paragraph.
enum class DraftStep { kInsert, kUpdate, kMove, kDelete };

// The one shape of the eight drafting methods (insert, update, move and delete, of sections and
// of paragraphs): open the document that `ref` lies in for drafting (it must exist and still be
// editable); for an insert, start a new item with the next id (`ref.id` is not read), otherwise
// load the item `ref` names at the request's etag; let `change(store, item)` fill it in, alter it
// or refuse; for an insert, check the document has room (after the request's own checks, so that
// a mistake in it is answered as such even in a full document); then commit the item, or delete
// it, with the revision that records the step in the name of `author`.
template <typename Item, typename Change>
absl::StatusOr<Edited<Item>> EditItem(storage::Tx& tx, const ItemRef& ref, DraftStep step,
                                      absl::string_view etag, absl::string_view etag_field,
                                      const std::string& author, Change&& change) {
  constexpr bool kSection = std::is_same_v<Item, DocSection>;
  DocumentStore& store = tx.document(ref.doc.event, ref.doc.doc);
  ASSIGN_OR_RETURN(v1::Document document, LoadEditable(store));
  absl::StatusOr<Item> item;
  if (step == DraftStep::kInsert) {
    item = Item();
    item->id = store.NextItem();
  } else if constexpr (kSection) {
    item = LoadSection(store, ref, etag, etag_field);
  } else {
    item = LoadParagraph(store, ref, etag, "", etag_field);
  }
  if (!item.ok()) return item.status();
  RETURN_IF_ERROR(change(store, *item));
  if (step == DraftStep::kInsert) {
    RETURN_IF_ERROR(CheckItemRoom(store, document, kSection ? 1 : 0, kSection ? 0 : 1));
  }
  static constexpr absl::string_view kVerbs[] = {"inserted", "updated", "moved", "deleted"};
  absl::string_view verb = kVerbs[static_cast<int>(step)];
  bool deletes = step == DraftStep::kDelete;
  if constexpr (kSection) {
    CommitSection(store, author, verb, *item, deletes);
  } else {
    CommitParagraph(store, author, verb, *item, deletes);
  }
  return Edited<Item>{&store, *std::move(item)};
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_DOCUMENT_SUPPORT_H_
