#include "storage/sql/document_store.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"
#include "domain/order_key.h"
#include "storage/sql/order_rows.h"

namespace forum::storage::sql {
namespace {

constexpr char kColumns[] =
    "SELECT document_id, kind, title, round_table_id, authors, state, symbol, revision, "
    "create_time, issue_time, version, event_id FROM documents ";

v1::Document Row(Statement& s) {
  v1::Document d;
  std::string event = s.Column(11).String();
  d.set_name(domain::EventChildName(event, "documents", s.Column(0).String()));
  d.set_kind(static_cast<v1::DocumentKind>(s.Column(1).Int()));
  d.set_title(s.Column(2).String());
  if (!s.Column(3).IsNull()) {
    d.set_round_table(domain::EventChildName(event, "roundTables", s.Column(3).String()));
  }
  for (auto& a : domain::SplitLines(s.Column(4).String())) d.add_authors(a);
  d.set_state(static_cast<v1::DocumentState>(s.Column(5).Int()));
  if (!s.Column(6).IsNull()) d.set_symbol(s.Column(6).String());
  d.set_revision(s.Column(7).Int64());
  *d.mutable_create_time() = domain::FromMicros(s.Column(8).Int64());
  if (!s.Column(9).IsNull()) *d.mutable_issue_time() = domain::FromMicros(s.Column(9).Int64());
  d.set_etag(domain::EtagOf(s.Column(10).Int64()));
  return d;
}

domain::RevisionRecord RevisionRow(Statement& s) {
  domain::RevisionRecord r;
  r.number = s.Column(0).Int64();
  r.author = s.Column(1).String();
  r.time_micros = s.Column(2).Int64();
  r.change = s.Column(3).String();
  r.kind = s.Column(4).String();
  r.item_id = s.Column(5).Int64();
  r.section_id = s.Column(6).Int64();
  r.key = KeyOf(s, 8);
  r.text = s.Column(9).String();
  r.aux = s.Column(10).String();
  r.deleted = s.Column(11).Int() != 0;
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
  s.Bind(1, event_);
  s.Bind(2, doc_);
  if (!s.Step()) return domain::NotFound("forum.v1.Document", Name(), field);
  v1::Document d = Row(s);
  auto& c = c_.Prepare(
      "SELECT number, symbol, reason, revision, issue_time FROM document_corrigenda "
      "WHERE event_id = ? AND document_id = ? ORDER BY number");
  c.Bind(1, event_);
  c.Bind(2, doc_);
  while (c.Step()) {
    auto* corr = d.add_corrigenda();
    corr->set_number(c.Column(0).Int());
    corr->set_symbol(c.Column(1).String());
    corr->set_reason(c.Column(2).String());
    corr->set_revision(c.Column(3).Int64());
    *corr->mutable_issue_time() = domain::FromMicros(c.Column(4).Int64());
  }
  for (auto& corr : *d.mutable_corrigenda()) {
    auto& p = c_.Prepare(
        "SELECT paragraph_id, text FROM corrigendum_corrections WHERE event_id = ? AND "
        "document_id = ? AND number = ? ORDER BY paragraph_id");
    p.Bind(1, event_);
    p.Bind(2, doc_);
    p.Bind(3, corr.number());
    while (p.Step()) {
      auto* fix = corr.add_corrections();
      fix->set_paragraph(absl::StrCat(Name(), "/paragraphs/", p.Column(0).Int64()));
      fix->set_text(p.Column(1).String());
    }
  }
  return d;
}

void DocumentStore::Insert(const v1::Document& d, const domain::Edit& edit) {
  int64_t now = edit.time_micros;
  auto& s = c_.Prepare(
      "INSERT INTO documents (event_id, document_id, kind, title, round_table_id, authors, "
      "state, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, d.kind());
  s.Bind(4, d.title());
  if (d.round_table().empty()) {
    s.BindNull(5);
  } else {
    s.Bind(5, domain::LastSegment(d.round_table()));
  }
  s.Bind(6, domain::JoinLines({d.authors().begin(), d.authors().end()}));
  s.Bind(7, d.state());
  s.Bind(8, now);
  s.Run();
  AppendRevision(domain::DocumentRevision(d, edit));
}

void DocumentStore::UpdateHeader(const v1::Document& d, const domain::Edit& edit) {
  auto& s = c_.Prepare(
      "UPDATE documents SET title = ?3, authors = ?4, state = ?5, symbol = ?6, issue_time = ?7, "
      "version = version + 1 WHERE event_id = ?1 AND document_id = ?2");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, d.title());
  s.Bind(4, domain::JoinLines({d.authors().begin(), d.authors().end()}));
  s.Bind(5, d.state());
  if (d.symbol().empty()) {
    s.BindNull(6);
  } else {
    s.Bind(6, d.symbol());
  }
  if (d.has_issue_time()) {
    s.Bind(7, domain::ToMicros(d.issue_time()));
  } else {
    s.BindNull(7);
  }
  s.Run();
  AppendRevision(domain::DocumentRevision(d, edit));
}

void DocumentStore::Delete() {
  auto& s = c_.Prepare("DELETE FROM documents WHERE event_id = ? AND document_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Run();
}

std::string DocumentStore::SymbolHolder(absl::string_view symbol) {
  auto& s = c_.Prepare(
      "SELECT document_id FROM documents WHERE event_id = ? AND symbol = ? AND document_id <> ?");
  s.Bind(1, event_);
  s.Bind(2, std::string(symbol));
  s.Bind(3, doc_);
  return s.Step() ? s.Column(0).String() : std::string();
}

std::vector<v1::Document> DocumentStore::List(Connection& c, absl::string_view event_id,
                                              absl::string_view after, int limit) {
  auto& s = c.Prepare(std::string(kColumns) +
                      "WHERE event_id = ? AND document_id > ? ORDER BY document_id LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(after));
  s.Bind(3, limit);
  std::vector<v1::Document> out;
  while (s.Step()) out.push_back(Row(s));
  return out;
}

int64_t DocumentStore::NextItem() {
  auto& s = c_.Prepare(
      "UPDATE documents SET next_item = next_item + 1 WHERE event_id = ? AND document_id = ? "
      "RETURNING next_item - 1");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Step();
  int64_t id = s.Column(0).Int64();
  s.Reset();
  return id;
}

int64_t DocumentStore::AppendRevision(domain::RevisionRecord r) {
  auto& next = c_.Prepare(
      "UPDATE documents SET revision = revision + 1 WHERE event_id = ? AND document_id = ? "
      "RETURNING revision");
  next.Bind(1, event_);
  next.Bind(2, doc_);
  next.Step();
  r.number = next.Column(0).Int64();
  next.Reset();
  auto& s = c_.Prepare(
      "INSERT INTO document_revisions (event_id, document_id, number, author, time, change, "
      "kind, item_id, section_id, order_key, text, aux, deleted) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, r.number);
  s.Bind(4, r.author);
  s.Bind(5, r.time_micros);
  s.Bind(6, r.change);
  s.Bind(7, r.kind);
  s.Bind(8, r.item_id);
  s.Bind(9, r.section_id);
  if (r.key.empty()) {
    s.BindNull(10);  // a document's own revisions have no place
  } else {
    s.Bind(10, r.key);
  }
  s.Bind(11, r.text);
  s.Bind(12, r.aux);
  s.Bind(13, r.deleted ? 1 : 0);
  s.Run();
  return r.number;
}

std::vector<domain::RevisionRecord> DocumentStore::Log(int64_t upto) {
  auto& s = c_.Prepare(std::string(kRevisionColumns) + "AND number <= ? ORDER BY number");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, upto);
  std::vector<domain::RevisionRecord> out;
  while (s.Step()) out.push_back(RevisionRow(s));
  return out;
}

std::vector<domain::RevisionRecord> DocumentStore::LogDescending(int64_t before, int limit) {
  auto& s = c_.Prepare(std::string(kRevisionColumns) +
                       "AND (?3 = 0 OR number < ?3) ORDER BY number DESC LIMIT ?4");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, before);
  s.Bind(4, limit);
  std::vector<domain::RevisionRecord> out;
  while (s.Step()) out.push_back(RevisionRow(s));
  return out;
}

std::vector<domain::DocSection> DocumentStore::Sections() {
  auto& s = c_.Prepare(
      "SELECT section_id, position, order_key, title, theme_id, version FROM document_sections "
      "WHERE event_id = ? AND document_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  std::vector<domain::DocSection> out;
  while (s.Step()) {
    out.push_back({s.Column(0).Int64(), KeyOf(s, 2), s.Column(3).String(),
                   s.Column(4).IsNull() ? "" : s.Column(4).String(), s.Column(5).Int64()});
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
      "title, theme_id) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6) ON CONFLICT "
      "(event_id, document_id, section_id) DO UPDATE SET position = 0, order_key = ?4, "
      "title = ?5, theme_id = ?6, version = document_sections.version + 1");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, sec.id);
  s.Bind(4, sec.key);
  s.Bind(5, sec.title);
  if (sec.theme_id.empty()) {
    s.BindNull(6);
  } else {
    s.Bind(6, sec.theme_id);
  }
  s.Run();
}

void DocumentStore::RemoveSection(int64_t id) {
  auto& s = c_.Prepare(
      "DELETE FROM document_sections WHERE event_id = ? AND document_id = ? AND section_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, id);
  s.Run();
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
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, id);
  s.Bind(4, paragraph_id);
  s.Bind(5, std::string(author));
  s.Bind(6, std::string(text));
  s.Bind(7, now);
  s.Run();
}

std::vector<v1::Comment> DocumentStore::Comments(int64_t after, int limit) {
  auto& s = c_.Prepare(
      "SELECT comment_id, paragraph_id, author, text, create_time FROM document_comments "
      "WHERE event_id = ? AND document_id = ? AND comment_id > ? ORDER BY comment_id LIMIT ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, after);
  s.Bind(4, AllIfNegative(limit));
  std::vector<v1::Comment> out;
  while (s.Step()) {
    v1::Comment c;
    c.set_name(absl::StrCat(Name(), "/comments/", s.Column(0).Int64()));
    c.set_paragraph(absl::StrCat(Name(), "/paragraphs/", s.Column(1).Int64()));
    c.set_author(s.Column(2).String());
    c.set_text(s.Column(3).String());
    *c.mutable_create_time() = domain::FromMicros(s.Column(4).Int64());
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
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, c.number());
  s.Bind(4, c.symbol());
  s.Bind(5, c.reason());
  s.Bind(6, c.revision());
  s.Bind(7, domain::ToMicros(c.issue_time()));
  s.Run();
  for (size_t i = 0; i < paragraph_ids.size(); ++i) {
    auto& p = c_.Prepare(
        "INSERT INTO corrigendum_corrections (event_id, document_id, number, paragraph_id, text) "
        "VALUES (?, ?, ?, ?, ?)");
    p.Bind(1, event_);
    p.Bind(2, doc_);
    p.Bind(3, c.number());
    p.Bind(4, paragraph_ids[i]);
    p.Bind(5, c.corrections(static_cast<int>(i)).text());
    p.Run();
  }
}

int64_t DocumentStore::CountComments(absl::string_view author) {
  auto& s = c_.Prepare(
      "SELECT count(*) FROM document_comments WHERE event_id = ?1 AND document_id = ?2 AND "
      "(?3 = '' OR author = ?3)");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, std::string(author));
  s.Step();
  return s.Column(0).Int64();
}

}  // namespace forum::storage::sql
