// The paragraphs of a document: reads in order, the neighbours and place of a paragraph (from
// the order of a long section kept in memory, or from the index), the count each section keeps,
// and the writes that append their revision.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "domain/document_model.h"
#include "domain/order_key.h"
#include "storage/sql/document_store.h"
#include "storage/sql/order_rows.h"

namespace forum::storage::sql {

void DocumentStore::PutParagraph(const domain::DocParagraph& p, const domain::Edit& edit) {
  WriteParagraph(p);
  AppendRevision(domain::ParagraphRevision(p, /*deleted=*/false, edit));
}

void DocumentStore::DeleteParagraph(const domain::DocParagraph& p, const domain::Edit& edit) {
  RemoveParagraph(p.id);
  AppendRevision(domain::ParagraphRevision(p, /*deleted=*/true, edit));
}

namespace {

domain::DocParagraph ParagraphRow(Statement& s) {
  return {s.Column(0).Int64(),
          s.Column(1).Int64(),
          KeyOf(s, 3),
          s.Column(4).String(),
          domain::SplitLines(s.Column(5).String()),
          s.Column(6).Int64()};
}

}  // namespace

std::vector<domain::DocParagraph> DocumentStore::Paragraphs(int64_t section_id) {
  auto& s = c_.Prepare(
      "SELECT paragraph_id, section_id, position, order_key, text, citations, version FROM "
      "document_paragraphs WHERE event_id = ? AND document_id = ? AND section_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, section_id);
  std::vector<domain::DocParagraph> out;
  while (s.Step()) out.push_back(ParagraphRow(s));
  SortByKey(out);
  return out;
}

int64_t DocumentStore::OrderTag(int64_t section_id) {
  auto& s = c_.Prepare(
      "SELECT order_tag FROM document_sections WHERE event_id = ? AND document_id = ? AND "
      "section_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, section_id);
  int64_t tag = s.Step() ? s.Column(0).Int64() : 0;
  s.Reset();
  return tag;
}

bool DocumentStore::WithOrder(int64_t section_id,
                              absl::FunctionRef<void(const SectionOrders::Order&)> use) {
  SectionOrders* orders = c_.section_orders();
  if (orders == nullptr) return false;
  auto& state = c_.Prepare(
      "SELECT order_tag, paragraph_count FROM document_sections WHERE event_id = ? AND "
      "document_id = ? AND section_id = ?");
  state.Bind(1, event_);
  state.Bind(2, doc_);
  state.Bind(3, section_id);
  if (!state.Step()) return false;
  int64_t tag = state.Column(0).Int64();
  int64_t count = state.Column(1).Int64();
  state.Reset();
  if (tag == 0 || count < SectionOrders::kFromParagraphs) return false;
  SectionOrders::Section key{event_, doc_, section_id};
  if (orders->With(key, tag, use)) return true;
  // Read in the index's order, which is the order SortByKey gives.
  auto& s = c_.Prepare(
      "SELECT order_key, paragraph_id FROM document_paragraphs WHERE event_id = ? AND "
      "document_id = ? AND section_id = ? ORDER BY order_key, paragraph_id");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, section_id);
  SectionOrders::Order order;
  order.reserve(static_cast<size_t>(count));
  while (s.Step()) {
    if (s.Column(0).IsNull()) return false;  // not since migration 0013; the index decides
    order.emplace_back(s.Column(0).String(), s.Column(1).Int64());
  }
  use(order);
  orders->Put(key, tag, std::move(order));
  return true;
}

int64_t DocumentStore::TagIfHeld(int64_t section_id) {
  SectionOrders* orders = c_.section_orders();
  if (orders == nullptr || !orders->Holds({event_, doc_, section_id})) return 0;
  return OrderTag(section_id);
}

void DocumentStore::Follow(int64_t section_id, int64_t before,
                           const std::optional<SectionOrders::Entry>& removed,
                           const std::optional<SectionOrders::Entry>& added) {
  if (before == 0) return;
  c_.section_orders()->Change({event_, doc_, section_id}, before, OrderTag(section_id), removed,
                              added);
}

// Paragraphs are ordered in SQL by (order_key, paragraph_id), as SortByKey orders them: every
// row has a key since migration 0013, and the index paragraphs_in_order holds both columns.
domain::KeyGap DocumentStore::ParagraphGap(int64_t section_id, int64_t except, int index) {
  // A long section's order is in memory: the places are counted without the paragraph to leave
  // out, as in SQL below.
  std::optional<SectionOrders::Entry> left_out;
  if (except != 0) {
    std::optional<Place> place = PlaceOf(except);
    if (place && place->section_id == section_id) left_out = place->at;
  }
  std::optional<domain::KeyGap> found;
  bool in_memory = WithOrder(section_id, [&](const SectionOrders::Order& order) {
    size_t skip = order.size();
    if (left_out) {
      auto at = std::lower_bound(order.begin(), order.end(), *left_out);
      if (at == order.end() || *at != *left_out) return;  // not as expected: the index decides
      skip = static_cast<size_t>(at - order.begin());
    }
    const size_t n = order.size() - (skip < order.size() ? 1 : 0);
    auto key = [&](size_t place) -> const std::string& {
      return order[place >= skip ? place + 1 : place].first;
    };
    domain::KeyGap gap;
    if (index == 1 && n >= 1) {
      gap.after = key(0);
    } else if (index >= 2 && static_cast<size_t>(index) <= n) {
      gap.before = key(index - 2);
      gap.after = key(index - 1);
    } else if (n > 0) {
      gap.before = key(n - 1);  // past the end (or no place asked): after the last
    }
    found = gap;
  });
  if (in_memory && found) return *found;
  if (index >= 1) {
    // The keys at places index - 1 and index: skip the index - 2 before them.
    // Without a paragraph to leave out, no row needs a test of its own while OFFSET skips it.
    auto& s =
        c_.Prepare(except == 0 ? "SELECT order_key FROM document_paragraphs WHERE event_id = ?1 "
                                 "AND document_id = ?2 AND section_id = ?3 ORDER BY order_key, "
                                 "paragraph_id LIMIT ?5 OFFSET ?6"
                               : "SELECT order_key FROM document_paragraphs WHERE event_id = ?1 "
                                 "AND document_id = ?2 AND section_id = ?3 AND paragraph_id != "
                                 "?4 ORDER BY order_key, paragraph_id LIMIT ?5 OFFSET ?6");
    s.Bind(1, event_);
    s.Bind(2, doc_);
    s.Bind(3, section_id);
    s.Bind(4, except);
    s.Bind(5, index == 1 ? 1 : 2);
    s.Bind(6, std::max(0, index - 2));
    std::vector<std::string> keys;
    while (s.Step()) keys.push_back(s.Column(0).String());
    if (index == 1 && keys.size() == 1) return domain::KeyGap{"", keys[0]};
    if (keys.size() == 2) return domain::KeyGap{keys[0], keys[1]};
    // Past the end (or an empty section): after the last.
  }
  auto& last = c_.Prepare(
      "SELECT order_key FROM document_paragraphs WHERE event_id = ? AND document_id = ? AND "
      "section_id = ? AND paragraph_id != ? ORDER BY order_key DESC, paragraph_id DESC LIMIT 1");
  last.Bind(1, event_);
  last.Bind(2, doc_);
  last.Bind(3, section_id);
  last.Bind(4, except);
  domain::KeyGap gap;
  if (last.Step()) gap.before = last.Column(0).String();
  last.Reset();
  return gap;
}

int DocumentStore::ParagraphIndex(const domain::DocParagraph& p) {
  int place = 0;
  WithOrder(p.section_id, [&](const SectionOrders::Order& order) {
    SectionOrders::Entry entry{p.key, p.id};
    auto at = std::lower_bound(order.begin(), order.end(), entry);
    if (at != order.end() && *at == entry) place = static_cast<int>(at - order.begin()) + 1;
  });
  if (place > 0) return place;
  // Two ranges of one column each (keys below, then the tie): the index bounds them, and no
  // expression is evaluated per row.
  auto& s = c_.Prepare(
      "SELECT (SELECT count(*) FROM document_paragraphs WHERE event_id = ?1 AND document_id = ?2 "
      "AND section_id = ?3 AND order_key < ?4) + (SELECT count(*) FROM document_paragraphs "
      "WHERE event_id = ?1 AND document_id = ?2 AND section_id = ?3 AND order_key = ?4 AND "
      "paragraph_id < ?5)");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, p.section_id);
  s.Bind(4, p.key);
  s.Bind(5, p.id);
  s.Step();
  int before = s.Column(0).Int();
  s.Reset();
  return before + 1;
}

int64_t DocumentStore::ParagraphsIn(int64_t section_id) {
  auto& s = c_.Prepare(
      "SELECT paragraph_count FROM document_sections WHERE event_id = ? AND document_id = ? AND "
      "section_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, section_id);
  int64_t count = s.Step() ? s.Column(0).Int64() : 0;
  s.Reset();
  return count;
}

void DocumentStore::CountIn(int64_t section_id, int delta) {
  auto& s = c_.Prepare(
      "UPDATE document_sections SET paragraph_count = paragraph_count + ? WHERE event_id = ? AND "
      "document_id = ? AND section_id = ?");
  s.Bind(1, delta);
  s.Bind(2, event_);
  s.Bind(3, doc_);
  s.Bind(4, section_id);
  s.Run();
}

std::optional<domain::DocParagraph> DocumentStore::GetParagraph(int64_t id) {
  auto& s = c_.Prepare(
      "SELECT paragraph_id, section_id, position, order_key, text, citations, version FROM "
      "document_paragraphs WHERE event_id = ? AND document_id = ? AND paragraph_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, id);
  if (!s.Step()) return std::nullopt;
  return ParagraphRow(s);
}

std::optional<DocumentStore::Place> DocumentStore::PlaceOf(int64_t id) {
  auto& s = c_.Prepare(
      "SELECT section_id, order_key FROM document_paragraphs WHERE event_id = ? AND "
      "document_id = ? AND paragraph_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, id);
  std::optional<Place> place;
  if (s.Step()) place = Place{s.Column(0).Int64(), {s.Column(1).String(), id}};
  s.Reset();
  return place;
}

void DocumentStore::WriteParagraph(const domain::DocParagraph& p) {
  const std::optional<Place> was = PlaceOf(p.id);
  std::optional<int64_t> old_section;
  std::string old_key;
  if (was) {
    old_section = was->section_id;
    old_key = was->at.first;
  }
  // A paragraph that enters a section or moves changes its order: the orders kept in memory
  // follow (a text edit changes no order).
  const bool placed = old_section != p.section_id || old_key != p.key;
  const int64_t new_before = placed ? TagIfHeld(p.section_id) : 0;
  const int64_t old_before =
      placed && old_section && *old_section != p.section_id ? TagIfHeld(*old_section) : 0;
  if (old_section != p.section_id) {
    if (old_section) CountIn(*old_section, -1);
    CountIn(p.section_id, +1);
  }
  auto& s = c_.Prepare(
      "INSERT INTO document_paragraphs (event_id, document_id, paragraph_id, section_id, "
      "position, order_key, text, citations) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7) ON CONFLICT "
      "(event_id, document_id, paragraph_id) DO UPDATE SET section_id = ?4, position = 0, "
      "order_key = ?5, text = ?6, citations = ?7, version = document_paragraphs.version + 1");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, p.id);
  s.Bind(4, p.section_id);
  s.Bind(5, p.key);
  s.Bind(6, p.text);
  s.Bind(7, domain::JoinLines(p.citations));
  s.Run();
  if (!placed) return;
  std::optional<SectionOrders::Entry> was_at;
  if (old_section) was_at = SectionOrders::Entry{old_key, p.id};
  SectionOrders::Entry now_at{p.key, p.id};
  if (old_section == p.section_id) {
    Follow(p.section_id, new_before, was_at, now_at);
  } else {
    Follow(p.section_id, new_before, std::nullopt, now_at);
    if (old_section) Follow(*old_section, old_before, was_at, std::nullopt);
  }
}

void DocumentStore::RemoveParagraph(int64_t id) {
  const std::optional<Place> was = PlaceOf(id);
  if (!was) return;
  const int64_t section = was->section_id;
  const SectionOrders::Entry& was_at = was->at;
  const int64_t before = TagIfHeld(section);
  auto& s = c_.Prepare(
      "DELETE FROM document_paragraphs WHERE event_id = ? AND document_id = ? AND "
      "paragraph_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Bind(3, id);
  s.Run();
  CountIn(section, -1);
  Follow(section, before, was_at, std::nullopt);
}

int64_t DocumentStore::CountParagraphs() {
  auto& s = c_.Prepare(
      "SELECT coalesce(sum(paragraph_count), 0) FROM document_sections WHERE event_id = ? AND "
      "document_id = ?");
  s.Bind(1, event_);
  s.Bind(2, doc_);
  s.Step();
  return s.Column(0).Int64();
}

}  // namespace forum::storage::sql
