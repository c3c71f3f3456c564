#include "services/documents.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/content_pages.h"
#include "domain/dates.h"
#include "domain/document_model.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"
#include "domain/order_key.h"
#include "domain/validation.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/signed_page_token.h"
#include "storage/delegation_store.h"
#include "storage/document_store.h"
#include "storage/event_store.h"
#include "storage/round_table_store.h"

namespace forum::services {
namespace {

using domain::DocParagraph;
using domain::DocSection;
using domain::RevisionRecord;
using storage::DocumentStore;

constexpr char kType[] = "forum.v1.Document";

struct DocRef {
  std::string event, doc;
  std::string Name() const { return domain::EventChildName(event, "documents", doc); }
};

struct ItemRef {
  DocRef doc;
  int64_t id = 0;
};

absl::StatusOr<DocRef> ParseDoc(absl::string_view name, absl::string_view field) {
  auto parsed = domain::ParseEventChildName(name, "documents", field);
  if (!parsed.ok()) return parsed.status();
  return DocRef{parsed->event, parsed->id};
}

// `events/{event}/documents/{document}/{collection}/{number}`.
absl::StatusOr<ItemRef> ParseItem(absl::string_view name, absl::string_view collection,
                                  absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t id = 0;
  if (parts.size() != 6 || parts[4] != collection || !absl::SimpleAtoi(parts[5], &id) || id <= 0) {
    return domain::InvalidField(
        field,
        absl::StrCat(domain::Quote(name), " is not a name events/{event}/documents/{document}/",
                     collection, "/{number}"));
  }
  auto doc = ParseDoc(absl::StrCat(parts[0], "/", parts[1], "/", parts[2], "/", parts[3]), field);
  if (!doc.ok()) return doc.status();
  return ItemRef{*doc, id};
}

// The label a request gives the revision it makes: optional, one line, short.
absl::Status CheckAuthor(absl::string_view author) {
  domain::Validator v;
  v.Text("author", author, domain::kMaxShortText, false);
  return v.Finish();
}

std::string AuthorOf(const std::string& author) { return author.empty() ? "secretariat" : author; }

v1::Section MakeSection(const DocRef& ref, const DocSection& s, int index) {
  v1::Section out;
  out.set_name(absl::StrCat(ref.Name(), "/sections/", s.id));
  out.set_title(s.title);
  if (!s.theme_id.empty()) out.set_theme(domain::EventChildName(ref.event, "themes", s.theme_id));
  out.set_index(index);
  out.set_etag(domain::EtagOf(s.version));
  return out;
}

v1::Paragraph MakeParagraph(const DocRef& ref, const DocParagraph& p, int index) {
  v1::Paragraph out;
  out.set_name(absl::StrCat(ref.Name(), "/paragraphs/", p.id));
  out.set_section(absl::StrCat(ref.Name(), "/sections/", p.section_id));
  out.set_text(p.text);
  for (const auto& c : p.citations) out.add_citations(c);
  out.set_index(index);
  out.set_etag(domain::EtagOf(p.version));
  return out;
}

// The section as stored now, with its place among the sections.
v1::Section ReadSection(DocumentStore& store, const DocRef& ref, int64_t id) {
  auto sections = store.Sections();
  for (size_t i = 0; i < sections.size(); ++i) {
    if (sections[i].id == id) return MakeSection(ref, sections[i], static_cast<int>(i) + 1);
  }
  return v1::Section();
}

v1::Paragraph ReadParagraph(DocumentStore& store, const DocRef& ref, int64_t id) {
  auto p = store.GetParagraph(id);
  if (!p) return v1::Paragraph();
  auto siblings = store.Paragraphs(p->section_id);
  for (size_t i = 0; i < siblings.size(); ++i) {
    if (siblings[i].id == id) return MakeParagraph(ref, siblings[i], static_cast<int>(i) + 1);
  }
  return v1::Paragraph();
}

// Writes a section (or deletes it) and appends the revision that records it: every change to
// the text goes through here, so none escapes the log.
void CommitSection(DocumentStore& store, const std::string& author, const std::string& verb,
                   const DocSection& s, bool deleted = false, const std::string& suffix = "") {
  if (deleted) {
    store.DeleteSection(s.id);
  } else {
    store.PutSection(s);
  }
  RevisionRecord r;
  r.author = author;
  r.time_micros = domain::NowMicros();
  r.change = absl::StrCat(verb, " section ", s.id, suffix);
  r.kind = "section";
  r.item_id = s.id;
  r.key = s.key;
  r.text = s.title;
  r.aux = s.theme_id;
  r.deleted = deleted;
  store.AppendRevision(std::move(r));
}

// The same for a paragraph.
void CommitParagraph(DocumentStore& store, const std::string& author, const std::string& verb,
                     const DocParagraph& p, bool deleted = false) {
  if (deleted) {
    store.DeleteParagraph(p.id);
  } else {
    store.PutParagraph(p);
  }
  RevisionRecord r;
  r.author = author;
  r.time_micros = domain::NowMicros();
  r.change = absl::StrCat(verb, " paragraph ", p.id);
  r.kind = "paragraph";
  r.item_id = p.id;
  r.section_id = p.section_id;
  r.key = p.key;
  r.text = p.text;
  r.aux = domain::JoinLines(p.citations);
  r.deleted = deleted;
  store.AppendRevision(std::move(r));
}

void RecordDocument(DocumentStore& store, const std::string& author, const std::string& change,
                    const v1::Document& d) {
  RevisionRecord r;
  r.author = author;
  r.time_micros = domain::NowMicros();
  r.change = change;
  r.kind = "document";
  r.text = d.title();
  r.aux = v1::DocumentState_Name(d.state());
  store.AppendRevision(std::move(r));
}

// The document, which must exist and still be editable.
absl::StatusOr<v1::Document> LoadEditable(DocumentStore& store) {
  auto d = store.Get();
  if (!d.ok()) return d.status();
  if (auto s = domain::CheckEditable(*d); !s.ok()) return s;
  if (d->revision() >= domain::kMaxRevisionsPerDocument) {
    return domain::CountLimit("REVISION_COUNT", d->name(), domain::kMaxRevisionsPerDocument,
                              "revisions; issue it, or start a new document from its text");
  }
  return d;
}

// RESOURCE_EXHAUSTED when `adding` more sections or paragraphs would pass the document's limit.
absl::Status CheckItemRoom(DocumentStore& store, const v1::Document& d, int64_t sections,
                           int64_t paragraphs) {
  if (sections > 0 &&
      static_cast<int64_t>(store.Sections().size()) + sections > domain::kMaxSectionsPerDocument) {
    return domain::CountLimit("SECTION_COUNT", d.name(), domain::kMaxSectionsPerDocument,
                              "sections");
  }
  if (paragraphs > 0 && store.CountParagraphs() + paragraphs > domain::kMaxParagraphsPerDocument) {
    return domain::CountLimit("PARAGRAPH_COUNT", d.name(), domain::kMaxParagraphsPerDocument,
                              "paragraphs");
  }
  return absl::OkStatus();
}

absl::Status CheckTheme(storage::Tx& tx, const DocRef& ref, const std::string& theme,
                        absl::string_view field, std::string* theme_id) {
  theme_id->clear();
  if (theme.empty()) return absl::OkStatus();
  auto parsed = domain::ParseEventChildName(theme, "themes", field);
  if (!parsed.ok()) return parsed.status();
  if (parsed->event != ref.event)
    return domain::InvalidField(field, "must be a theme of the event");
  if (!tx.events().ThemeExists(ref.event, parsed->id)) {
    return domain::NotFound("forum.v1.Theme", theme, field);
  }
  *theme_id = parsed->id;
  return absl::OkStatus();
}

// Citations name plenary meetings, round tables, themes or delegations of the same event.
absl::Status CheckCitations(storage::Tx& tx, const DocRef& ref,
                            const google::protobuf::RepeatedPtrField<std::string>& citations,
                            absl::string_view prefix) {
  if (citations.size() > 20) {
    return domain::InvalidField(absl::StrCat(prefix, ".citations"), "cites more than 20 resources");
  }
  for (int i = 0; i < citations.size(); ++i) {
    std::string field = absl::StrCat(prefix, ".citations[", i, "]");
    bool found = false;
    for (const char* collection : {"sessions", "roundTables", "themes", "delegations"}) {
      auto child = domain::ParseEventChildName(citations[i], collection, field);
      if (!child.ok()) continue;
      if (child->event != ref.event) {
        return domain::InvalidField(field, "must cite a resource of the document's event");
      }
      std::string what(collection);
      if (what == "sessions") {
        found = tx.events().GetSession(ref.event, child->id).ok();
      } else if (what == "roundTables") {
        found = tx.round_tables().Get(ref.event, child->id).ok();
      } else if (what == "themes") {
        found = tx.events().ThemeExists(ref.event, child->id);
      } else {
        found = tx.delegations().Exists(ref.event, child->id);
      }
      if (!found) return domain::NotFound("resource", citations[i], field);
      break;
    }
    if (!found) {
      return domain::InvalidField(
          field, "must name a plenary meeting, round table, theme or delegation of the event");
    }
  }
  return absl::OkStatus();
}

// The order key that puts an item at 1-based `index` (0 or past the end: last) among
// `siblings` in order, leaving out the item `except` itself; `parent` names the document or
// section that holds them. Rows written before order keys may share one position, and nothing
// fits between two of them.
template <typename Item>
absl::StatusOr<std::string> OrderKeyAt(const std::vector<Item>& siblings, int64_t except, int index,
                                       absl::string_view what, absl::string_view parent) {
  std::vector<std::string> keys;
  for (const auto& item : siblings) {
    if (item.id != except) keys.push_back(item.key);
  }
  std::string key = domain::KeyAt(keys, index);
  if (key.empty()) {
    return domain::FailedPrecondition(
        "ORDER_TIE", parent,
        absl::StrCat("the ", what, "s at ", index - 1, " and ", index,
                     " share one position from before exact ordering; move one of them first"),
        "index");
  }
  return key;
}

absl::StatusOr<DocSection> LoadSection(DocumentStore& store, const ItemRef& ref,
                                       absl::string_view etag,
                                       absl::string_view etag_field = "etag") {
  auto s = store.GetSection(ref.id);
  if (!s) {
    return domain::NotFound("forum.v1.Section", absl::StrCat(ref.doc.Name(), "/sections/", ref.id));
  }
  auto fresh = domain::CheckEtag(etag, domain::EtagOf(s->version), "forum.v1.Section",
                                 absl::StrCat(ref.doc.Name(), "/sections/", ref.id), etag_field);
  if (!fresh.ok()) return fresh;
  return *s;
}

absl::StatusOr<DocParagraph> LoadParagraph(DocumentStore& store, const ItemRef& ref,
                                           absl::string_view etag, absl::string_view field = "",
                                           absl::string_view etag_field = "etag") {
  auto p = store.GetParagraph(ref.id);
  std::string name = absl::StrCat(ref.doc.Name(), "/paragraphs/", ref.id);
  if (!p) return domain::NotFound("forum.v1.Paragraph", name, field);
  auto fresh =
      domain::CheckEtag(etag, domain::EtagOf(p->version), "forum.v1.Paragraph", name, etag_field);
  if (!fresh.ok()) return fresh;
  return *p;
}

absl::StatusOr<v1::DocumentContent> ContentAt(DocumentStore& store, const v1::Document& d,
                                              int64_t revision, bool apply_corrigenda) {
  if (revision < 0 || revision > d.revision()) {
    return domain::InvalidField(
        "revision", absl::StrCat("must be between 1 and ", d.revision(), ", or 0 for the latest"));
  }
  int64_t at = revision == 0 ? d.revision() : revision;
  domain::DocState state = at == d.revision() ? store.Current() : domain::Replay(store.Log(at), at);
  if (apply_corrigenda) {
    for (const auto& corr : d.corrigenda()) {
      if (corr.revision() > at) continue;
      for (const auto& fix : corr.corrections()) {
        int64_t id = 0;
        if (absl::SimpleAtoi(fix.paragraph().substr(fix.paragraph().rfind('/') + 1), &id) &&
            state.paragraphs.count(id)) {
          state.paragraphs[id].text = fix.text();
        }
      }
    }
  }
  return domain::Assemble(d, state, at);
}

}  // namespace

absl::StatusOr<v1::Document> Documents::Create(storage::Tx& tx,
                                               const v1::CreateDocumentRequest& r) {
  auto event_id = domain::ParseEventName(r.parent(), "parent");
  if (!event_id.ok()) return event_id.status();
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
  if (auto s = v.Finish(); !s.ok()) return s;
  return Idempotent<v1::Document>(
      tx, "CreateDocument", r.request_id(), r, [&]() -> absl::StatusOr<v1::Document> {
        auto event = tx.events().Get(*event_id, "parent");
        if (!event.ok()) return event.status();
        if (!d.round_table().empty()) {
          auto rt =
              domain::ParseEventChildName(d.round_table(), "roundTables", "document.round_table");
          if (!rt.ok()) return rt.status();
          if (rt->event != *event_id) {
            return domain::InvalidField("document.round_table", "must be of the same event");
          }
          auto found = tx.round_tables().Get(*event_id, rt->id, "document.round_table");
          if (!found.ok()) return found.status();
        }
        storage::DocumentStore& store = tx.document(*event_id, r.document_id());
        if (store.Get().ok()) {
          return domain::AlreadyExists(
              kType, domain::EventChildName(*event_id, "documents", r.document_id()),
              "choose another document_id");
        }
        storage::EventStore& events = tx.events();
        if (auto s = CheckPartCount(events, *event_id, storage::EventPart::kDocuments); !s.ok()) {
          return s;
        }
        v1::Document fresh = d;
        fresh.set_state(v1::DOCUMENT_STATE_DRAFT);
        store.Insert(fresh, domain::NowMicros());
        RecordDocument(store, AuthorOf(r.author()), "created the document", fresh);
        return store.Get();
      });
}

absl::StatusOr<v1::Document> Documents::Get(storage::Tx& tx, const v1::GetDocumentRequest& r) {
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  return tx.document(ref->event, ref->doc).Get();
}

absl::StatusOr<v1::ListDocumentsResponse> Documents::List(
    storage::Tx& tx, const v1::ListDocumentsRequest& r,
    std::function<bool(const v1::Document&)> visible) {
  auto event_id = domain::ParseEventName(r.parent(), "parent");
  if (!event_id.ok()) return event_id.status();
  auto size = domain::PageSize(r.page_size());
  if (!size.ok()) return size.status();
  auto after = domain::DecodePageToken(r.page_token(), r.parent());
  if (!after.ok()) return after.status();
  if (!tx.events().Exists(*event_id)) {
    return domain::NotFound("forum.v1.Event", r.parent(), "parent");
  }
  // Reads pages of the store until a page of visible documents (and one more, to know that
  // another page follows) is filled or the event has no more documents.
  const size_t wanted = static_cast<size_t>(*size) + 1;
  std::vector<v1::Document> rows;
  std::string cursor = *after;
  while (rows.size() < wanted) {
    auto batch = tx.events().ListDocuments(*event_id, cursor, *size + 1);
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
      rows, *size, r.parent(), [](const v1::Document& d) { return LastSegment(d.name()); }));
  for (auto& d : rows) *response.add_documents() = std::move(d);
  return response;
}

absl::StatusOr<v1::Document> Documents::Update(storage::Tx& tx,
                                               const v1::UpdateDocumentRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  static const std::set<std::string> kUpdatable = {"title", "authors"};
  auto ref = ParseDoc(r.document().name(), "document.name");
  if (!ref.ok()) return ref.status();
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = LoadEditable(store);
  if (!d.ok()) return d.status();
  auto fresh = domain::CheckEtag(r.document().etag(), d->etag(), kType, d->name(), "document.etag");
  if (!fresh.ok()) return fresh;
  v1::Document updated = *d;
  auto applied = ApplyUpdateMask(r.document(), r.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  v.Text("document.title", updated.title(), domain::kMaxTitle, true);
  v.Count("document.authors", updated.authors_size(), 20);
  for (int i = 0; i < updated.authors_size() && i < 20; ++i) {
    v.Text(absl::StrCat("document.authors[", i, "]"), updated.authors(i), domain::kMaxShortText,
           true);
  }
  if (auto s = v.Finish(); !s.ok()) return s;
  store.UpdateHeader(updated);
  RecordDocument(store, AuthorOf(r.author()), "updated the title or authors", updated);
  return store.Get();
}

absl::StatusOr<v1::DeleteDocumentResponse> Documents::Delete(storage::Tx& tx,
                                                             const v1::DeleteDocumentRequest& r) {
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get();
  if (!d.ok()) return d.status();
  if (auto s = domain::CheckEtag(r.etag(), d->etag(), kType, d->name()); !s.ok()) return s;
  if (d->state() != v1::DOCUMENT_STATE_DRAFT) {
    return domain::FailedPrecondition(
        "DOCUMENT_STATE", d->name(),
        "only drafts can be deleted; this one is " + v1::DocumentState_Name(d->state()));
  }
  store.Delete();
  return v1::DeleteDocumentResponse();
}

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
        CommitSection(store, AuthorOf(r.author()), "inserted", section);
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
  CommitSection(store, AuthorOf(r.author()), "updated", *section);
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
  CommitSection(store, AuthorOf(r.author()), "moved", *section);
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
  CommitSection(store, AuthorOf(r.author()), "deleted", *section, true);
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
        CommitParagraph(store, AuthorOf(r.author()), "inserted", para);
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
  CommitParagraph(store, AuthorOf(r.author()), "updated", *current);
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
  CommitParagraph(store, AuthorOf(r.author()), "moved", *current);
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
  CommitParagraph(store, AuthorOf(r.author()), "deleted", *current, true);
  return v1::DeleteParagraphResponse();
}

absl::StatusOr<v1::DocumentContent> Documents::GetContent(storage::Tx& tx,
                                                          const v1::GetDocumentContentRequest& r) {
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  if (r.page_size() < 0) return domain::InvalidField("page_size", "must not be negative");
  // Unset, a page holds as many paragraphs as the byte budget allows.
  const int page_size = r.page_size() == 0 ? domain::kMaxPageSize
                                           : std::min<int>(r.page_size(), domain::kMaxPageSize);
  const std::string query = absl::StrCat(r.name(), "|", r.revision(), "|", r.apply_corrigenda());
  auto cursor = OpenPageToken(r.page_token(), query);
  if (!cursor.ok()) return cursor.status();
  domain::ContentPosition from{r.revision(), 0, 0};
  if (!cursor->empty()) {
    auto pinned = domain::DecodeContentPosition(*cursor);
    if (!pinned.ok()) return pinned.status();
    from = *pinned;
  }
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get();
  if (!d.ok()) return d.status();
  auto whole = ContentAt(store, *d, from.revision, r.apply_corrigenda());
  if (!whole.ok()) return whole.status();
  from.revision = whole->revision();
  std::optional<domain::ContentPosition> next;
  auto page = domain::ContentPage(*whole, from, page_size, domain::kMaxPageBytes, &next);
  if (!page.ok()) return page.status();
  if (next) page->set_next_page_token(SignPageToken(query, domain::EncodeContentPosition(*next)));
  return page;
}

absl::StatusOr<v1::ListRevisionsResponse> Documents::ListRevisions(
    storage::Tx& tx, const v1::ListRevisionsRequest& r) {
  auto ref = ParseDoc(r.parent(), "parent");
  if (!ref.ok()) return ref.status();
  auto size = domain::PageSize(r.page_size());
  if (!size.ok()) return size.status();
  auto before = NumericCursor(r.page_token(), r.parent());
  if (!before.ok()) return before.status();
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get();
  if (!d.ok()) return d.status();
  auto rows = store.LogDescending(*before, *size + 1);
  v1::ListRevisionsResponse response;
  response.set_next_page_token(TrimPage(
      rows, *size, r.parent(), [](const RevisionRecord& rec) { return absl::StrCat(rec.number); }));
  for (const auto& rec : rows) {
    auto* out = response.add_revisions();
    out->set_number(rec.number);
    out->set_author(rec.author);
    *out->mutable_time() = domain::FromMicros(rec.time_micros);
    out->set_change(rec.change);
    out->set_target(rec.kind == "document"
                        ? d->name()
                        : absl::StrCat(d->name(), "/", rec.kind, "s/", rec.item_id));
  }
  return response;
}

absl::StatusOr<v1::DiffRevisionsResponse> Documents::Diff(storage::Tx& tx,
                                                          const v1::DiffRevisionsRequest& r) {
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  auto size = domain::PageSize(r.page_size());
  if (!size.ok()) return size.status();
  const std::string query = absl::StrCat(r.name(), "|", r.from_revision(), "|", r.to_revision());
  auto cursor = domain::DecodePageToken(r.page_token(), query);
  if (!cursor.ok()) return cursor.status();
  domain::RevisionOffset from{r.to_revision(), 0};
  if (!cursor->empty()) {
    auto pinned = domain::DecodeRevisionOffset(*cursor);
    if (!pinned.ok()) return pinned.status();
    from = *pinned;
  }
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get();
  if (!d.ok()) return d.status();
  int64_t to = from.revision == 0 ? d->revision() : from.revision;
  if (r.from_revision() < 0 || to > d->revision() || r.from_revision() > to) {
    return domain::InvalidField(
        "from_revision", absl::StrCat("revisions must satisfy 0 <= from <= to <= ", d->revision()));
  }
  auto log = store.Log(to);
  auto changes =
      domain::Diff(d->name(), domain::Replay(log, r.from_revision()), domain::Replay(log, to));
  // A page is a stretch of the changes between the two revisions, pinned by the token.
  const size_t first = std::min(changes.size(), from.offset);
  const size_t end = std::min(changes.size(), first + static_cast<size_t>(*size) + 1);
  std::vector<v1::RevisionChange> rows(std::make_move_iterator(changes.begin() + first),
                                       std::make_move_iterator(changes.begin() + end));
  v1::DiffRevisionsResponse response;
  response.set_next_page_token(TrimPage(rows, *size, query, [&](const v1::RevisionChange&) {
    return domain::EncodeRevisionOffset({to, first + rows.size()});
  }));
  for (auto& change : rows) *response.add_changes() = std::move(change);
  return response;
}

absl::StatusOr<v1::Document> Documents::Circulate(storage::Tx& tx,
                                                  const v1::CirculateDocumentRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get();
  if (!d.ok()) return d.status();
  auto fresh = domain::CheckEtag(r.etag(), d->etag(), kType, d->name());
  if (!fresh.ok()) return fresh;
  if (auto s = domain::CheckDocumentTransition(*d, v1::DOCUMENT_STATE_CIRCULATED); !s.ok()) {
    return s;
  }
  d->set_state(v1::DOCUMENT_STATE_CIRCULATED);
  store.UpdateHeader(*d);
  RecordDocument(store, AuthorOf(r.author()), "circulated for comments", *d);
  return store.Get();
}

absl::StatusOr<v1::Document> Documents::Issue(storage::Tx& tx, const v1::IssueDocumentRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  domain::Validator v;
  v.Text("symbol", r.symbol(), 60, true);
  if (r.symbol().find_first_of(" \t") != std::string::npos) {
    v.Add("symbol", "must not contain spaces, e.g. A/61/515");
  }
  if (auto s = v.Finish(); !s.ok()) return s;
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get();
  if (!d.ok()) return d.status();
  auto fresh = domain::CheckEtag(r.etag(), d->etag(), kType, d->name());
  if (!fresh.ok()) return fresh;
  if (auto s = domain::CheckDocumentTransition(*d, v1::DOCUMENT_STATE_ISSUED); !s.ok()) return s;
  std::string holder = store.SymbolHolder(r.symbol());
  if (!holder.empty()) {
    return domain::AlreadyExists(kType, domain::EventChildName(ref->event, "documents", holder),
                                 absl::StrCat("it was issued as ", r.symbol()));
  }
  d->set_state(v1::DOCUMENT_STATE_ISSUED);
  d->set_symbol(r.symbol());
  *d->mutable_issue_time() = domain::FromMicros(domain::NowMicros());
  store.UpdateHeader(*d);
  RecordDocument(store, AuthorOf(r.author()), absl::StrCat("issued as ", r.symbol()), *d);
  return store.Get();
}

absl::StatusOr<v1::Document> Documents::IssueCorrigendum(storage::Tx& tx,
                                                         const v1::IssueCorrigendumRequest& r) {
  if (auto s = CheckAuthor(r.author()); !s.ok()) return s;
  auto ref = ParseDoc(r.name(), "name");
  if (!ref.ok()) return ref.status();
  domain::Validator v;
  v.Text("reason", r.reason(), domain::kMaxLongText, true, true);
  if (r.corrections().empty()) v.Add("corrections", "at least one paragraph must be corrected");
  v.Count("corrections", r.corrections_size(), domain::kMaxCorrections);
  v.RequestId("request_id", r.request_id());
  std::vector<int64_t> ids;
  for (int i = 0; i < r.corrections_size() && i < 100; ++i) {
    std::string field = absl::StrCat("corrections[", i, "]");
    auto item = ParseItem(r.corrections(i).paragraph(), "paragraphs", field + ".paragraph");
    if (!item.ok() || item->doc.Name() != ref->Name()) {
      v.Add(field + ".paragraph", "must be a paragraph of the document");
    } else {
      ids.push_back(item->id);
    }
    v.Text(field + ".text", r.corrections(i).text(), domain::kMaxLongText, true, true);
  }
  if (auto s = v.Finish(); !s.ok()) return s;
  return Idempotent<v1::Document>(
      tx, "IssueCorrigendum", r.request_id(), r, [&]() -> absl::StatusOr<v1::Document> {
        storage::DocumentStore& store = tx.document(ref->event, ref->doc);
        auto d = store.Get();
        if (!d.ok()) return d.status();
        if (d->state() != v1::DOCUMENT_STATE_ISSUED) {
          return domain::FailedPrecondition("DOCUMENT_STATE", d->name(),
                                            "only an issued document takes corrigenda; edit the "
                                            "draft instead");
        }
        // A document carries its corrigenda with their texts: bounded, so that it always
        // fits in one answer.
        int64_t corrected = r.corrections_size();
        for (const auto& earlier : d->corrigenda()) corrected += earlier.corrections_size();
        if (d->corrigenda_size() >= domain::kMaxCorrigendaPerDocument) {
          return domain::CountLimit("CORRIGENDUM_COUNT", d->name(),
                                    domain::kMaxCorrigendaPerDocument, "corrigenda");
        }
        if (corrected > domain::kMaxCorrectionsPerDocument) {
          return domain::CountLimit("CORRECTION_COUNT", d->name(),
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
        corr.set_number(d->corrigenda_size() + 1);
        corr.set_symbol(absl::StrCat(d->symbol(), "/Corr.", corr.number()));
        corr.set_reason(r.reason());
        *corr.mutable_issue_time() = domain::FromMicros(domain::NowMicros());
        *corr.mutable_corrections() = r.corrections();
        RecordDocument(store, AuthorOf(r.author()),
                       absl::StrCat("issued corrigendum ", corr.symbol()), *d);
        corr.set_revision(d->revision() + 1);
        store.AddCorrigendum(corr, ids);
        return store.Get();
      });
}

absl::StatusOr<v1::Comment> Documents::AddComment(storage::Tx& tx, const v1::AddCommentRequest& r) {
  const auto& comment = r.comment();
  auto item = ParseItem(comment.paragraph(), "paragraphs", "comment.paragraph");
  if (!item.ok()) return item.status();
  domain::Validator v;
  v.Text("comment.author", comment.author(), domain::kMaxShortText, true);
  v.Text("comment.text", comment.text(), domain::kMaxLongText, true, true);
  v.RequestId("request_id", r.request_id());
  if (auto s = v.Finish(); !s.ok()) return s;
  return Idempotent<v1::Comment>(
      tx, "AddComment", r.request_id(), r, [&]() -> absl::StatusOr<v1::Comment> {
        storage::DocumentStore& store = tx.document(item->doc.event, item->doc.doc);
        auto d = store.Get();
        if (!d.ok()) return d.status();
        if (d->state() != v1::DOCUMENT_STATE_CIRCULATED) {
          return domain::FailedPrecondition(
              "DOCUMENT_STATE", d->name(),
              "comments are taken while the document is circulated; this one is " +
                  v1::DocumentState_Name(d->state()));
        }
        auto p = LoadParagraph(store, *item, "", "comment.paragraph");
        if (!p.ok()) return p.status();
        // A comment signed by a delegation must come from a delegation of the event.
        if (absl::StartsWith(comment.author(), "events/")) {
          auto d = domain::ParseEventChildName(comment.author(), "delegations", "comment.author");
          if (!d.ok()) return d.status();
          if (d->event != item->doc.event) {
            return domain::InvalidField("comment.author", "must be a delegation of the event");
          }
          if (!tx.delegations().Exists(d->event, d->id)) {
            return domain::NotFound("forum.v1.Delegation", comment.author(), "comment.author");
          }
        }
        if (store.CountComments("") >= domain::kMaxCommentsPerDocument) {
          return domain::CountLimit("COMMENT_COUNT", d->name(), domain::kMaxCommentsPerDocument,
                                    "comments");
        }
        if (store.CountComments(comment.author()) >= domain::kMaxCommentsPerAuthor) {
          return domain::CountLimit("COMMENT_COUNT", comment.author(),
                                    domain::kMaxCommentsPerAuthor,
                                    absl::StrCat("comments on ", d->name()));
        }
        int64_t id = store.NextItem();
        store.AddComment(id, p->id, comment.author(), comment.text(), domain::NowMicros());
        // Read back by its id: comments are numbered in order, so the one after id - 1.
        for (auto& stored : store.Comments(id - 1, 1)) {
          if (stored.name() == absl::StrCat(d->name(), "/comments/", id)) return stored;
        }
        return absl::InternalError("the comment just added cannot be read back");
      });
}

absl::StatusOr<v1::ListCommentsResponse> Documents::ListComments(storage::Tx& tx,
                                                                 const v1::ListCommentsRequest& r) {
  auto ref = ParseDoc(r.parent(), "parent");
  if (!ref.ok()) return ref.status();
  auto size = domain::PageSize(r.page_size());
  if (!size.ok()) return size.status();
  auto after = NumericCursor(r.page_token(), r.parent());
  if (!after.ok()) return after.status();
  storage::DocumentStore& store = tx.document(ref->event, ref->doc);
  auto d = store.Get("parent");
  if (!d.ok()) return d.status();
  auto rows = store.Comments(*after, *size + 1);
  v1::ListCommentsResponse response;
  response.set_next_page_token(TrimPage(
      rows, *size, r.parent(), [](const v1::Comment& c) { return LastSegment(c.name()); }));
  for (auto& comment : rows) *response.add_comments() = std::move(comment);
  return response;
}

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
        std::string author = AuthorOf(r.author());
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
