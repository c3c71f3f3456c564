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
#include "domain/validation.h"
#include "services/document_support.h"
#include "services/documents.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/signed_page_token.h"

namespace forum::services {

absl::StatusOr<v1::Section> Documents::InsertSection(storage::Tx& tx,
                                                     const v1::InsertSectionRequest& r) {
  auto ref = ParseDoc(r.parent(), "parent");
  if (!ref.ok()) return ref.status();
  domain::Validator v;
  v.Text("section.title", r.section().title(), domain::kMaxTitle, true);
  v.Range("index", r.index(), 0, 100000);
  v.Text("author", r.author(), domain::kMaxShortText, false);
  v.RequestId("request_id", r.request_id());
  if (auto s = v.Finish(); !s.ok()) return s;
  return Idempotent<v1::Section>(
      tx, "InsertSection", r.request_id(), r, [&]() -> absl::StatusOr<v1::Section> {
        storage::DocumentStore& store = tx.document(ref->event, ref->doc);
        auto d = LoadEditable(store);
        if (!d.ok()) return d.status();
        if (auto s = CheckItemRoom(store, *d, 1, 0); !s.ok()) return s;
        DocSection section;
        if (auto s = CheckTheme(tx, *ref, r.section().theme(), "section.theme", &section.theme_id);
            !s.ok()) {
          return s;
        }
        section.id = store.NextItem();
        section.title = r.section().title();
        auto key = OrderKeyAt(store.Sections(), 0, r.index(), "section", ref->Name());
        if (!key.ok()) return key.status();
        section.key = *key;
        CommitSection(store, AuthorOf(tx, r.author()), "inserted", section);
        return ReadSection(store, *ref, section.id);
      });
}

absl::StatusOr<v1::Section> Documents::UpdateSection(storage::Tx& tx,
                                                     const v1::UpdateSectionRequest& r) {
  static const std::set<std::string> kUpdatable = {"title", "theme"};
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto item = ParseItem(r.section().name(), "sections", "section.name");
  if (!item.ok()) return item.status();
  auto fields = FieldsToUpdate(r.section(), r.update_mask(), kUpdatable);
  if (!fields.ok()) return fields.status();
  domain::Validator v;
  if (fields->count("title")) {
    v.Text("section.title", r.section().title(), domain::kMaxTitle, true);
  }
  if (auto s = v.Finish(); !s.ok()) return s;
  storage::DocumentStore& store = tx.document(item->doc.event, item->doc.doc);
  auto d = LoadEditable(store);
  if (!d.ok()) return d.status();
  auto section = LoadSection(store, *item, r.section().etag(), "section.etag");
  if (!section.ok()) return section.status();
  if (fields->count("theme")) {
    if (auto s =
            CheckTheme(tx, item->doc, r.section().theme(), "section.theme", &section->theme_id);
        !s.ok()) {
      return s;
    }
  }
  if (fields->count("title")) section->title = r.section().title();
  CommitSection(store, AuthorOf(tx, r.author()), "updated", *section);
  return ReadSection(store, item->doc, section->id);
}

absl::StatusOr<v1::Section> Documents::MoveSection(storage::Tx& tx,
                                                   const v1::MoveSectionRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto item = ParseItem(r.name(), "sections", "name");
  if (!item.ok()) return item.status();
  if (r.index() < 1) return domain::InvalidField("index", "must be 1 or more");
  storage::DocumentStore& store = tx.document(item->doc.event, item->doc.doc);
  auto d = LoadEditable(store);
  if (!d.ok()) return d.status();
  auto section = LoadSection(store, *item, r.etag());
  if (!section.ok()) return section.status();
  auto key = OrderKeyAt(store.Sections(), section->id, r.index(), "section", item->doc.Name());
  if (!key.ok()) return key.status();
  section->key = *key;
  CommitSection(store, AuthorOf(tx, r.author()), "moved", *section);
  return ReadSection(store, item->doc, section->id);
}

absl::StatusOr<v1::DeleteSectionResponse> Documents::DeleteSection(
    storage::Tx& tx, const v1::DeleteSectionRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto item = ParseItem(r.name(), "sections", "name");
  if (!item.ok()) return item.status();
  storage::DocumentStore& store = tx.document(item->doc.event, item->doc.doc);
  auto d = LoadEditable(store);
  if (!d.ok()) return d.status();
  auto section = LoadSection(store, *item, r.etag());
  if (!section.ok()) return section.status();
  if (!store.Paragraphs(section->id).empty()) {
    return domain::FailedPrecondition("SECTION_NOT_EMPTY", r.name(),
                                      "move or delete its paragraphs first");
  }
  CommitSection(store, AuthorOf(tx, r.author()), "deleted", *section, true);
  return v1::DeleteSectionResponse();
}

absl::StatusOr<v1::Paragraph> Documents::InsertParagraph(storage::Tx& tx,
                                                         const v1::InsertParagraphRequest& r) {
  const auto& p = r.paragraph();
  auto section = ParseItem(p.section(), "sections", "paragraph.section");
  if (!section.ok()) return section.status();
  domain::Validator v;
  v.Text("paragraph.text", p.text(), domain::kMaxLongText, true, true);
  v.Range("index", r.index(), 0, 100000);
  v.Text("author", r.author(), domain::kMaxShortText, false);
  v.RequestId("request_id", r.request_id());
  if (auto s = v.Finish(); !s.ok()) return s;
  return Idempotent<v1::Paragraph>(
      tx, "InsertParagraph", r.request_id(), r, [&]() -> absl::StatusOr<v1::Paragraph> {
        storage::DocumentStore& store = tx.document(section->doc.event, section->doc.doc);
        auto d = LoadEditable(store);
        if (!d.ok()) return d.status();
        if (!store.GetSection(section->id)) {
          return domain::NotFound("forum.v1.Section", p.section(), "paragraph.section");
        }
        if (auto s = CheckCitations(tx, section->doc, p.citations(), "paragraph"); !s.ok())
          return s;
        if (auto s = CheckItemRoom(store, *d, 0, 1); !s.ok()) return s;
        DocParagraph para;
        para.id = store.NextItem();
        para.section_id = section->id;
        para.text = p.text();
        para.citations.assign(p.citations().begin(), p.citations().end());
        auto key =
            OrderKeyAt(store.Paragraphs(section->id), 0, r.index(), "paragraph", p.section());
        if (!key.ok()) return key.status();
        para.key = *key;
        CommitParagraph(store, AuthorOf(tx, r.author()), "inserted", para);
        return ReadParagraph(store, section->doc, para.id);
      });
}

absl::StatusOr<v1::Paragraph> Documents::UpdateParagraph(storage::Tx& tx,
                                                         const v1::UpdateParagraphRequest& r) {
  static const std::set<std::string> kUpdatable = {"text", "citations"};
  const auto& p = r.paragraph();
  auto item = ParseItem(p.name(), "paragraphs", "paragraph.name");
  if (!item.ok()) return item.status();
  auto fields = FieldsToUpdate(p, r.update_mask(), kUpdatable);
  if (!fields.ok()) return fields.status();
  domain::Validator v;
  if (fields->count("text")) v.Text("paragraph.text", p.text(), domain::kMaxLongText, true, true);
  v.Text("author", r.author(), domain::kMaxShortText, false);
  if (auto s = v.Finish(); !s.ok()) return s;
  storage::DocumentStore& store = tx.document(item->doc.event, item->doc.doc);
  auto d = LoadEditable(store);
  if (!d.ok()) return d.status();
  auto current = LoadParagraph(store, *item, p.etag(), "", "paragraph.etag");
  if (!current.ok()) return current.status();
  if (fields->count("citations")) {
    if (auto s = CheckCitations(tx, item->doc, p.citations(), "paragraph"); !s.ok()) return s;
    current->citations.assign(p.citations().begin(), p.citations().end());
  }
  if (fields->count("text")) current->text = p.text();
  CommitParagraph(store, AuthorOf(tx, r.author()), "updated", *current);
  return ReadParagraph(store, item->doc, current->id);
}

absl::StatusOr<v1::Paragraph> Documents::MoveParagraph(storage::Tx& tx,
                                                       const v1::MoveParagraphRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto item = ParseItem(r.name(), "paragraphs", "name");
  if (!item.ok()) return item.status();
  if (r.index() < 1) return domain::InvalidField("index", "must be 1 or more");
  storage::DocumentStore& store = tx.document(item->doc.event, item->doc.doc);
  auto d = LoadEditable(store);
  if (!d.ok()) return d.status();
  auto current = LoadParagraph(store, *item, r.etag());
  if (!current.ok()) return current.status();
  if (!r.section().empty()) {
    auto target = ParseItem(r.section(), "sections", "section");
    if (!target.ok()) return target.status();
    if (target->doc.Name() != item->doc.Name()) {
      return domain::InvalidField("section", "must be a section of the same document");
    }
    if (!store.GetSection(target->id)) {
      return domain::NotFound("forum.v1.Section", r.section(), "section");
    }
    current->section_id = target->id;
  }
  auto key = OrderKeyAt(store.Paragraphs(current->section_id), current->id, r.index(), "paragraph",
                        absl::StrCat(item->doc.Name(), "/sections/", current->section_id));
  if (!key.ok()) return key.status();
  current->key = *key;
  CommitParagraph(store, AuthorOf(tx, r.author()), "moved", *current);
  return ReadParagraph(store, item->doc, current->id);
}

absl::StatusOr<v1::DeleteParagraphResponse> Documents::DeleteParagraph(
    storage::Tx& tx, const v1::DeleteParagraphRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto item = ParseItem(r.name(), "paragraphs", "name");
  if (!item.ok()) return item.status();
  storage::DocumentStore& store = tx.document(item->doc.event, item->doc.doc);
  auto d = LoadEditable(store);
  if (!d.ok()) return d.status();
  auto current = LoadParagraph(store, *item, r.etag());
  if (!current.ok()) return current.status();
  CommitParagraph(store, AuthorOf(tx, r.author()), "deleted", *current, true);
  return v1::DeleteParagraphResponse();
}

}  // namespace forum::services
