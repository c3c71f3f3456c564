// Drafting: the eight methods that insert, update, move and delete sections and paragraphs.
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
#include "services/schedule_checks.h"
#include "services/signed_page_token.h"

namespace forum::services {

absl::StatusOr<v1::Section> Documents::InsertSection(storage::Tx& tx, const DocRef& ref,
                                                     const v1::InsertSectionRequest& r) {
  domain::Validator v;
  v.Text("section.title", r.section().title(), domain::kMaxTitle, true);
  v.Range("index", r.index(), 0, 100000);
  v.Text("author", r.author(), domain::kMaxShortText, false);
  v.RequestId("request_id", r.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Section>(
      tx, "InsertSection", r.request_id(), r, [&]() -> absl::StatusOr<v1::Section> {
        ASSIGN_OR_RETURN(
            auto inserted,
            EditItem<DocSection>(
                tx, ItemRef{ref, 0}, DraftStep::kInsert, "", "", AuthorOf(tx, r.author()),
                [&](DocumentStore& store, DocSection& section) -> absl::Status {
                  ASSIGN_OR_RETURN(section.theme_id,
                                   ThemeOf(tx, ref.event, r.section().theme(), "section.theme"));
                  section.title = r.section().title();
                  ASSIGN_OR_RETURN(section.key, OrderKeyAt(store.Sections(), 0, r.index(),
                                                           "section", ref.Name()));
                  return absl::OkStatus();
                }));
        return ReadSection(*inserted.store, ref, inserted.item.id);
      });
}

absl::StatusOr<v1::Section> Documents::UpdateSection(storage::Tx& tx, const ItemRef& item,
                                                     const v1::UpdateSectionRequest& r) {
  static const std::set<std::string> kUpdatable = {"title", "theme"};
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  ASSIGN_OR_RETURN(auto fields, FieldsToUpdate(r.section(), r.update_mask(), kUpdatable));
  domain::Validator v;
  if (fields.count("title")) {
    v.Text("section.title", r.section().title(), domain::kMaxTitle, true);
  }
  RETURN_IF_ERROR(v.Finish());
  ASSIGN_OR_RETURN(
      auto edited,
      EditItem<DocSection>(
          tx, item, DraftStep::kUpdate, r.section().etag(), "section.etag",
          AuthorOf(tx, r.author()), [&](DocumentStore&, DocSection& section) -> absl::Status {
            if (fields.count("theme")) {
              ASSIGN_OR_RETURN(section.theme_id,
                               ThemeOf(tx, item.doc.event, r.section().theme(), "section.theme"));
            }
            if (fields.count("title")) section.title = r.section().title();
            return absl::OkStatus();
          }));
  return ReadSection(*edited.store, item.doc, edited.item.id);
}

absl::StatusOr<v1::Section> Documents::MoveSection(storage::Tx& tx, const ItemRef& item,
                                                   const v1::MoveSectionRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  if (r.index() < 1) return domain::InvalidField("index", "must be 1 or more");
  ASSIGN_OR_RETURN(
      auto edited,
      EditItem<DocSection>(tx, item, DraftStep::kMove, r.etag(), "etag", AuthorOf(tx, r.author()),
                           [&](DocumentStore& store, DocSection& section) -> absl::Status {
                             ASSIGN_OR_RETURN(section.key,
                                              OrderKeyAt(store.Sections(), section.id, r.index(),
                                                         "section", item.doc.Name()));
                             return absl::OkStatus();
                           }));
  return ReadSection(*edited.store, item.doc, edited.item.id);
}

absl::StatusOr<v1::DeleteSectionResponse> Documents::DeleteSection(
    storage::Tx& tx, const ItemRef& item, const v1::DeleteSectionRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  RETURN_IF_ERROR(EditItem<DocSection>(
      tx, item, DraftStep::kDelete, r.etag(), "etag", AuthorOf(tx, r.author()),
      [&](DocumentStore& store, DocSection& section) -> absl::Status {
        // Asked of the rows themselves, not of the kept count: a section deleted with paragraphs
        // would take them along (the foreign key cascades) without a revision.
        if (store.ParagraphGap(section.id, 0, 1).after.empty()) return absl::OkStatus();
        return domain::FailedPrecondition("SECTION_NOT_EMPTY", r.name(),
                                          "move or delete its paragraphs first");
      }));
  return v1::DeleteSectionResponse();
}

absl::StatusOr<v1::Paragraph> Documents::InsertParagraph(storage::Tx& tx, const ItemRef& section,
                                                         const v1::InsertParagraphRequest& r) {
  const auto& p = r.paragraph();
  domain::Validator v;
  v.Text("paragraph.text", p.text(), domain::kMaxLongText, true, true);
  v.Range("index", r.index(), 0, 100000);
  v.Text("author", r.author(), domain::kMaxShortText, false);
  v.RequestId("request_id", r.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Paragraph>(
      tx, "InsertParagraph", r.request_id(), r, [&]() -> absl::StatusOr<v1::Paragraph> {
        int place = 0;
        ASSIGN_OR_RETURN(
            auto inserted,
            EditItem<DocParagraph>(
                tx, section, DraftStep::kInsert, "", "", AuthorOf(tx, r.author()),
                [&](DocumentStore& store, DocParagraph& para) -> absl::Status {
                  if (!store.GetSection(section.id)) {
                    return domain::NotFound("forum.v1.Section", p.section(), "paragraph.section");
                  }
                  RETURN_IF_ERROR(CheckCitations(tx, section.doc, p.citations(), "paragraph"));
                  para.section_id = section.id;
                  para.text = p.text();
                  para.citations.assign(p.citations().begin(), p.citations().end());
                  ASSIGN_OR_RETURN(para.key, KeyInGap(store.ParagraphGap(section.id, 0, r.index()),
                                                      r.index(), "paragraph", p.section()));
                  place = domain::PlaceAt(r.index(), store.ParagraphsIn(section.id));
                  return absl::OkStatus();
                }));
        return ReadParagraphAt(*inserted.store, section.doc, inserted.item.id, place);
      });
}

absl::StatusOr<v1::Paragraph> Documents::UpdateParagraph(storage::Tx& tx, const ItemRef& item,
                                                         const v1::UpdateParagraphRequest& r) {
  static const std::set<std::string> kUpdatable = {"text", "citations"};
  const auto& p = r.paragraph();
  ASSIGN_OR_RETURN(auto fields, FieldsToUpdate(p, r.update_mask(), kUpdatable));
  domain::Validator v;
  if (fields.count("text")) v.Text("paragraph.text", p.text(), domain::kMaxLongText, true, true);
  v.Text("author", r.author(), domain::kMaxShortText, false);
  RETURN_IF_ERROR(v.Finish());
  ASSIGN_OR_RETURN(
      auto edited,
      EditItem<DocParagraph>(
          tx, item, DraftStep::kUpdate, p.etag(), "paragraph.etag", AuthorOf(tx, r.author()),
          [&](DocumentStore&, DocParagraph& current) -> absl::Status {
            if (fields.count("citations")) {
              RETURN_IF_ERROR(CheckCitations(tx, item.doc, p.citations(), "paragraph"));
              current.citations.assign(p.citations().begin(), p.citations().end());
            }
            if (fields.count("text")) current.text = p.text();
            return absl::OkStatus();
          }));
  return ReadParagraph(*edited.store, item.doc, edited.item.id);
}

absl::StatusOr<v1::Paragraph> Documents::MoveParagraph(storage::Tx& tx, const ItemRef& item,
                                                       const v1::MoveParagraphRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  if (r.index() < 1) return domain::InvalidField("index", "must be 1 or more");
  int place = 0;
  ASSIGN_OR_RETURN(
      auto edited,
      EditItem<DocParagraph>(
          tx, item, DraftStep::kMove, r.etag(), "etag", AuthorOf(tx, r.author()),
          [&](DocumentStore& store, DocParagraph& current) -> absl::Status {
            const int64_t from = current.section_id;
            if (!r.section().empty()) {
              ASSIGN_OR_RETURN(auto target,
                               domain::ParseDocumentItemName(r.section(), "sections", "section"));
              if (target.doc.Name() != item.doc.Name()) {
                return domain::InvalidField("section", "must be a section of the same document");
              }
              if (!store.GetSection(target.id)) {
                return domain::NotFound("forum.v1.Section", r.section(), "section");
              }
              current.section_id = target.id;
            }
            ASSIGN_OR_RETURN(
                current.key,
                KeyInGap(store.ParagraphGap(current.section_id, current.id, r.index()), r.index(),
                         "paragraph",
                         absl::StrCat(item.doc.Name(), "/sections/", current.section_id)));
            int64_t others = store.ParagraphsIn(current.section_id) - (current.section_id == from);
            place = domain::PlaceAt(r.index(), others);
            return absl::OkStatus();
          }));
  return ReadParagraphAt(*edited.store, item.doc, edited.item.id, place);
}

absl::StatusOr<v1::DeleteParagraphResponse> Documents::DeleteParagraph(
    storage::Tx& tx, const ItemRef& item, const v1::DeleteParagraphRequest& r) {
  RETURN_IF_ERROR(CheckAuthor(r.author()));
  RETURN_IF_ERROR(EditItem<DocParagraph>(
      tx, item, DraftStep::kDelete, r.etag(), "etag", AuthorOf(tx, r.author()),
      [](DocumentStore&, DocParagraph&) { return absl::OkStatus(); }));
  return v1::DeleteParagraphResponse();
}

}  // namespace forum::services
