#include "storage/sqlite/document_store.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"
#include "domain/order_key.h"
#include "storage/sqlite/order_rows.h"

namespace forum::storage::sqlite {
namespace {

constexpr char kColumns[] =
    "SELECT document_id, kind, title, round_table_id, authors, state, symbol, revision, "
    "create_time, issue_time, version, event_id FROM documents ";

v1::Document Row(SQLite::Statement& s) {
  v1::Document d;
  std::string event = s.getColumn(11).getString();
  d.set_name(domain::EventChildName(event, "documents", s.getColumn(0).getString()));
  d.set_kind(static_cast<v1::DocumentKind>(s.getColumn(1).getInt()));
  d.set_title(s.getColumn(2).getString());
  if (!s.getColumn(3).isNull()) {
    d.set_round_table(domain::EventChildName(event, "roundTables", s.getColumn(3).getString()));
  }
  for (auto& a : domain::SplitLines(s.getColumn(4).getString())) d.add_authors(a);
  d.set_state(static_cast<v1::DocumentState>(s.getColumn(5).getInt()));
  if (!s.getColumn(6).isNull()) d.set_symbol(s.getColumn(6).getString());
  d.set_revision(s.getColumn(7).getInt64());
  *d.mutable_create_time() = domain::FromMicros(s.getColumn(8).getInt64());
  if (!s.getColumn(9).isNull())
    *d.mutable_issue_time() = domain::FromMicros(s.getColumn(9).getInt64());
  d.set_etag(domain::EtagOf(s.getColumn(10).getInt64()));
  return d;
}

domain::RevisionRecord RevisionRow(SQLite::Statement& s) {
  domain::RevisionRecord r;
  r.number = s.getColumn(0).getInt64();
  r.author = s.getColumn(1).getString();
  r.time_micros = s.getColumn(2).getInt64();
  r.change = s.getColumn(3).getString();
  r.kind = s.getColumn(4).getString();
  r.item_id = s.getColumn(5).getInt64();
  r.section_id = s.getColumn(6).getInt64();
  r.key = KeyOf(s, 8);
  r.text = s.getColumn(9).getString();
  r.aux = s.getColumn(10).getString();
  r.deleted = s.getColumn(11).getInt() != 0;
  return r;
}

constexpr char kRevisionColumns[] =
    "SELECT number, author, time, change, kind, item_id, section_id, position, order_key, text, "
    "aux, deleted FROM document_revisions WHERE event_id = ? AND document_id = ? ";

}  // namespace

std::string DocumentStore::Name() const {
  return domain::EventChildName(event_, "documents", doc_);
}

absl::StatusOr<v1::Document> DocumentStore::Get(absl::string_view field) {
  auto& s = c_.Prepare(std::string(kColumns) + "WHERE event_id = ? AND document_id = ?");
  s.bind(1, event_);
  s.bind(2, doc_);
  if (!s.executeStep()) return domain::NotFound("forum.v1.Document", Name(), field);
  v1::Document d = Row(s);
  auto& c = c_.Prepare(
      "SELECT number, symbol, reason, revision, issue_time FROM document_corrigenda "
      "WHERE event_id = ? AND document_id = ? ORDER BY number");
  c.bind(1, event_);
  c.bind(2, doc_);
  while (c.executeStep()) {
    auto* corr = d.add_corrigenda();
    corr->set_number(c.getColumn(0).getInt());
    corr->set_symbol(c.getColumn(1).getString());
    corr->set_reason(c.getColumn(2).getString());
    corr->set_revision(c.getColumn(3).getInt64());
    *corr->mutable_issue_time() = domain::FromMicros(c.getColumn(4).getInt64());
  }
  for (auto& corr : *d.mutable_corrigenda()) {
    auto& p = c_.Prepare(
        "SELECT paragraph_id, text FROM corrigendum_corrections WHERE event_id = ? AND "
        "document_id = ? AND number = ? ORDER BY paragraph_id");
    p.bind(1, event_);
    p.bind(2, doc_);
    p.bind(3, corr.number());
    while (p.executeStep()) {
      auto* fix = corr.add_corrections();
      fix->set_paragraph(absl::StrCat(Name(), "/paragraphs/", p.getColumn(0).getInt64()));
      fix->set_text(p.getColumn(1).getString());
    }
  }
  return d;
}

void DocumentStore::Insert(const v1::Document& d, const domain::Edit& edit) {
  int64_t now = edit.time_micros;
  auto& s = c_.Prepare(
      "INSERT INTO documents (event_id, document_id, kind, title, round_table_id, authors, "
      "state, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, d.kind());
  s.bind(4, d.title());
  if (d.round_table().empty()) {
    s.bind(5);
  } else {
    s.bind(5, domain::LastSegment(d.round_table()));
  }
  s.bind(6, domain::JoinLines({d.authors().begin(), d.authors().end()}));
  s.bind(7, d.state());
  s.bind(8, now);
  s.exec();
  AppendRevision(domain::DocumentRevision(d, edit));
}

void DocumentStore::UpdateHeader(const v1::Document& d, const domain::Edit& edit) {
  auto& s = c_.Prepare(
      "UPDATE documents SET title = ?3, authors = ?4, state = ?5, symbol = ?6, issue_time = ?7, "
      "version = version + 1 WHERE event_id = ?1 AND document_id = ?2");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, d.title());
  s.bind(4, domain::JoinLines({d.authors().begin(), d.authors().end()}));
  s.bind(5, d.state());
  if (d.symbol().empty()) {
    s.bind(6);
  } else {
    s.bind(6, d.symbol());
  }
  if (d.has_issue_time()) {
    s.bind(7, domain::ToMicros(d.issue_time()));
  } else {
    s.bind(7);
  }
  s.exec();
  AppendRevision(domain::DocumentRevision(d, edit));
}

void DocumentStore::Delete() {
  auto& s = c_.Prepare("DELETE FROM documents WHERE event_id = ? AND document_id = ?");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.exec();
}

std::string DocumentStore::SymbolHolder(absl::string_view symbol) {
  auto& s = c_.Prepare(
      "SELECT document_id FROM documents WHERE event_id = ? AND symbol = ? AND document_id <> ?");
  s.bind(1, event_);
  s.bind(2, std::string(symbol));
  s.bind(3, doc_);
  return s.executeStep() ? s.getColumn(0).getString() : std::string();
}

std::vector<v1::Document> DocumentStore::List(Connection& c, absl::string_view event_id,
                                              absl::string_view after, int limit) {
  auto& s = c.Prepare(std::string(kColumns) +
                      "WHERE event_id = ? AND document_id > ? ORDER BY document_id LIMIT ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(after));
  s.bind(3, limit);
  std::vector<v1::Document> out;
  while (s.executeStep()) out.push_back(Row(s));
  return out;
}

int64_t DocumentStore::NextItem() {
  auto& s = c_.Prepare(
      "UPDATE documents SET next_item = next_item + 1 WHERE event_id = ? AND document_id = ? "
      "RETURNING next_item - 1");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.executeStep();
  int64_t id = s.getColumn(0).getInt64();
  s.reset();
  return id;
}

int64_t DocumentStore::AppendRevision(domain::RevisionRecord r) {
  auto& next = c_.Prepare(
      "UPDATE documents SET revision = revision + 1 WHERE event_id = ? AND document_id = ? "
      "RETURNING revision");
  next.bind(1, event_);
  next.bind(2, doc_);
  next.executeStep();
  r.number = next.getColumn(0).getInt64();
  next.reset();
  auto& s = c_.Prepare(
      "INSERT INTO document_revisions (event_id, document_id, number, author, time, change, "
      "kind, item_id, section_id, order_key, text, aux, deleted) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, r.number);
  s.bind(4, r.author);
  s.bind(5, r.time_micros);
  s.bind(6, r.change);
  s.bind(7, r.kind);
  s.bind(8, r.item_id);
  s.bind(9, r.section_id);
  if (r.key.empty()) {
    s.bind(10);  // a document's own revisions have no place
  } else {
    s.bind(10, r.key);
  }
  s.bind(11, r.text);
  s.bind(12, r.aux);
  s.bind(13, r.deleted ? 1 : 0);
  s.exec();
  return r.number;
}

std::vector<domain::RevisionRecord> DocumentStore::Log(int64_t upto) {
  auto& s = c_.Prepare(std::string(kRevisionColumns) + "AND number <= ? ORDER BY number");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, upto);
  std::vector<domain::RevisionRecord> out;
  while (s.executeStep()) out.push_back(RevisionRow(s));
  return out;
}

std::vector<domain::RevisionRecord> DocumentStore::LogDescending(int64_t before, int limit) {
  auto& s = c_.Prepare(std::string(kRevisionColumns) +
                       "AND (?3 = 0 OR number < ?3) ORDER BY number DESC LIMIT ?4");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, before);
  s.bind(4, limit);
  std::vector<domain::RevisionRecord> out;
  while (s.executeStep()) out.push_back(RevisionRow(s));
  return out;
}

std::vector<domain::DocSection> DocumentStore::Sections() {
  auto& s = c_.Prepare(
      "SELECT section_id, position, order_key, title, theme_id, version FROM document_sections "
      "WHERE event_id = ? AND document_id = ?");
  s.bind(1, event_);
  s.bind(2, doc_);
  std::vector<domain::DocSection> out;
  while (s.executeStep()) {
    out.push_back({s.getColumn(0).getInt64(), KeyOf(s, 2), s.getColumn(3).getString(),
                   s.getColumn(4).isNull() ? "" : s.getColumn(4).getString(),
                   s.getColumn(5).getInt64()});
  }
  SortByKey(out);
  return out;
}

std::optional<domain::DocSection> DocumentStore::GetSection(int64_t id) {
  for (auto& s : Sections()) {
    if (s.id == id) return s;
  }
  return std::nullopt;
}

void DocumentStore::PutSection(const domain::DocSection& s, const domain::Edit& edit) {
  WriteSection(s);
  AppendRevision(domain::SectionRevision(s, /*deleted=*/false, edit));
}

void DocumentStore::DeleteSection(const domain::DocSection& s, const domain::Edit& edit) {
  RemoveSection(s.id);
  AppendRevision(domain::SectionRevision(s, /*deleted=*/true, edit));
}

void DocumentStore::WriteSection(const domain::DocSection& sec) {
  auto& s = c_.Prepare(
      "INSERT INTO document_sections (event_id, document_id, section_id, position, order_key, "
      "title, theme_id) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET "
      "position = 0, order_key = ?4, title = ?5, theme_id = ?6, version = version + 1");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, sec.id);
  s.bind(4, sec.key);
  s.bind(5, sec.title);
  if (sec.theme_id.empty()) {
    s.bind(6);
  } else {
    s.bind(6, sec.theme_id);
  }
  s.exec();
}

void DocumentStore::RemoveSection(int64_t id) {
  auto& s = c_.Prepare(
      "DELETE FROM document_sections WHERE event_id = ? AND document_id = ? AND section_id = ?");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, id);
  s.exec();
}

domain::DocState DocumentStore::Current() {
  domain::DocState state;
  for (auto& sec : Sections()) {
    for (auto& p : Paragraphs(sec.id)) state.paragraphs[p.id] = p;
    state.sections[sec.id] = sec;
  }
  return state;
}

void DocumentStore::AddComment(int64_t id, int64_t paragraph_id, absl::string_view author,
                               absl::string_view text, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO document_comments (event_id, document_id, comment_id, paragraph_id, author, "
      "text, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, id);
  s.bind(4, paragraph_id);
  s.bind(5, std::string(author));
  s.bind(6, std::string(text));
  s.bind(7, now);
  s.exec();
}

std::vector<v1::Comment> DocumentStore::Comments(int64_t after, int limit) {
  auto& s = c_.Prepare(
      "SELECT comment_id, paragraph_id, author, text, create_time FROM document_comments "
      "WHERE event_id = ? AND document_id = ? AND comment_id > ? ORDER BY comment_id LIMIT ?");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, after);
  s.bind(4, limit);
  std::vector<v1::Comment> out;
  while (s.executeStep()) {
    v1::Comment c;
    c.set_name(absl::StrCat(Name(), "/comments/", s.getColumn(0).getInt64()));
    c.set_paragraph(absl::StrCat(Name(), "/paragraphs/", s.getColumn(1).getInt64()));
    c.set_author(s.getColumn(2).getString());
    c.set_text(s.getColumn(3).getString());
    *c.mutable_create_time() = domain::FromMicros(s.getColumn(4).getInt64());
    out.push_back(std::move(c));
  }
  return out;
}

void DocumentStore::AddCorrigendum(const v1::Document& d, v1::Corrigendum c,
                                   const std::vector<int64_t>& paragraph_ids,
                                   const domain::Edit& edit) {
  c.set_revision(AppendRevision(domain::DocumentRevision(d, edit)));
  auto& s = c_.Prepare(
      "INSERT INTO document_corrigenda (event_id, document_id, number, symbol, reason, revision, "
      "issue_time) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, c.number());
  s.bind(4, c.symbol());
  s.bind(5, c.reason());
  s.bind(6, c.revision());
  s.bind(7, domain::ToMicros(c.issue_time()));
  s.exec();
  for (size_t i = 0; i < paragraph_ids.size(); ++i) {
    auto& p = c_.Prepare(
        "INSERT INTO corrigendum_corrections (event_id, document_id, number, paragraph_id, text) "
        "VALUES (?, ?, ?, ?, ?)");
    p.bind(1, event_);
    p.bind(2, doc_);
    p.bind(3, c.number());
    p.bind(4, paragraph_ids[i]);
    p.bind(5, c.corrections(static_cast<int>(i)).text());
    p.exec();
  }
}

int64_t DocumentStore::CountComments(absl::string_view author) {
  auto& s = c_.Prepare(
      "SELECT count(*) FROM document_comments WHERE event_id = ?1 AND document_id = ?2 AND "
      "(?3 = '' OR author = ?3)");
  s.bind(1, event_);
  s.bind(2, doc_);
  s.bind(3, std::string(author));
  s.executeStep();
  return s.getColumn(0).getInt64();
}

}  // namespace forum::storage::sqlite
