#include "domain/document_model.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"
#include "domain/etag.h"

namespace forum::domain {
namespace {

std::string SectionName(const std::string& doc, int64_t id) {
  return absl::StrCat(doc, "/sections/", id);
}
std::string ParagraphName(const std::string& doc, int64_t id) {
  return absl::StrCat(doc, "/paragraphs/", id);
}

// Items in document order: sections by key, paragraphs by section then key; ties by id.
std::vector<const DocSection*> OrderedSections(const DocState& s) {
  std::vector<const DocSection*> out;
  for (const auto& [id, sec] : s.sections) out.push_back(&sec);
  std::sort(out.begin(), out.end(),
            [](auto* a, auto* b) { return a->key != b->key ? a->key < b->key : a->id < b->id; });
  return out;
}

std::vector<const DocParagraph*> ParagraphsOf(const DocState& s, int64_t section) {
  std::vector<const DocParagraph*> out;
  for (const auto& [id, p] : s.paragraphs) {
    if (p.section_id == section) out.push_back(&p);
  }
  std::sort(out.begin(), out.end(),
            [](auto* a, auto* b) { return a->key != b->key ? a->key < b->key : a->id < b->id; });
  return out;
}

}  // namespace

std::string JoinLines(const std::vector<std::string>& lines) { return absl::StrJoin(lines, "\n"); }

std::vector<std::string> SplitLines(const std::string& text) {
  if (text.empty()) return {};
  return absl::StrSplit(text, '\n');
}

DocState Replay(const std::vector<RevisionRecord>& log, int64_t upto) {
  DocState s;
  for (const auto& r : log) {
    if (r.number > upto) break;
    if (r.kind == "section") {
      if (r.deleted) {
        s.sections.erase(r.item_id);
        continue;
      }
      auto [at, fresh] = s.sections.try_emplace(r.item_id);
      auto& sec = at->second;
      if (fresh) sec.version = 0;  // the ++ below counts this revision, as the store does
      sec.id = r.item_id;
      sec.key = r.key;
      sec.title = r.text;
      sec.theme_id = r.aux;
      ++sec.version;
    } else if (r.kind == "paragraph") {
      if (r.deleted) {
        s.paragraphs.erase(r.item_id);
        continue;
      }
      auto [at, fresh] = s.paragraphs.try_emplace(r.item_id);
      auto& p = at->second;
      if (fresh) p.version = 0;
      p.id = r.item_id;
      p.section_id = r.section_id;
      p.key = r.key;
      p.text = r.text;
      p.citations = SplitLines(r.aux);
      ++p.version;
    }
  }
  return s;
}

v1::DocumentContent Assemble(const v1::Document& document, const DocState& state,
                             int64_t revision) {
  v1::DocumentContent content;
  *content.mutable_document() = document;
  content.set_revision(revision);
  std::string event = document.name().substr(0, document.name().find("/documents/"));
  int index = 0;
  for (const DocSection* sec : OrderedSections(state)) {
    auto* out = content.add_sections();
    out->mutable_section()->set_name(SectionName(document.name(), sec->id));
    out->mutable_section()->set_title(sec->title);
    if (!sec->theme_id.empty()) {
      out->mutable_section()->set_theme(absl::StrCat(event, "/themes/", sec->theme_id));
    }
    out->mutable_section()->set_index(++index);
    out->mutable_section()->set_etag(EtagOf(sec->version));
    int p_index = 0;
    for (const DocParagraph* p : ParagraphsOf(state, sec->id)) {
      auto* para = out->add_paragraphs();
      para->set_name(ParagraphName(document.name(), p->id));
      para->set_section(out->section().name());
      para->set_text(p->text);
      for (const auto& c : p->citations) para->add_citations(c);
      para->set_index(++p_index);
      para->set_etag(EtagOf(p->version));
    }
  }
  return content;
}

std::vector<v1::RevisionChange> Diff(const std::string& doc, const DocState& before,
                                     const DocState& after) {
  std::vector<v1::RevisionChange> out;
  auto add = [&](std::string target, const char* kind, std::string a, std::string b) {
    v1::RevisionChange c;
    c.set_target(std::move(target));
    c.set_kind(kind);
    c.set_before(std::move(a));
    c.set_after(std::move(b));
    out.push_back(std::move(c));
  };
  for (const DocSection* sec : OrderedSections(after)) {
    auto it = before.sections.find(sec->id);
    if (it == before.sections.end()) {
      add(SectionName(doc, sec->id), "added", "", sec->title);
    } else if (it->second.title != sec->title || it->second.theme_id != sec->theme_id) {
      add(SectionName(doc, sec->id), "changed", it->second.title, sec->title);
    } else if (it->second.key != sec->key) {
      add(SectionName(doc, sec->id), "moved", it->second.title, sec->title);
    }
    for (const DocParagraph* p : ParagraphsOf(after, sec->id)) {
      auto pit = before.paragraphs.find(p->id);
      if (pit == before.paragraphs.end()) {
        add(ParagraphName(doc, p->id), "added", "", p->text);
      } else if (pit->second.text != p->text || pit->second.citations != p->citations) {
        add(ParagraphName(doc, p->id), "changed", pit->second.text, p->text);
      } else if (pit->second.key != p->key || pit->second.section_id != p->section_id) {
        add(ParagraphName(doc, p->id), "moved", pit->second.text, p->text);
      }
    }
  }
  for (const DocSection* sec : OrderedSections(before)) {
    if (!after.sections.count(sec->id)) add(SectionName(doc, sec->id), "removed", sec->title, "");
    for (const DocParagraph* p : ParagraphsOf(before, sec->id)) {
      if (!after.paragraphs.count(p->id)) {
        add(ParagraphName(doc, p->id), "removed", p->text, "");
      }
    }
  }
  return out;
}

std::string ToMarkdown(const v1::DocumentContent& c) {
  const auto& d = c.document();
  std::string out = absl::StrCat("# ", d.title(), "\n\n");
  if (!d.symbol().empty()) absl::StrAppend(&out, "Symbol: ", d.symbol(), "  \n");
  absl::StrAppend(&out, "Revision: ", c.revision(), "\n");
  for (const auto& s : c.sections()) {
    absl::StrAppend(&out, "\n## ", s.section().index(), ". ", s.section().title(), "\n");
    for (const auto& p : s.paragraphs()) {
      absl::StrAppend(&out, "\n", p.text(), "\n");
      if (!p.citations().empty()) {
        absl::StrAppend(&out, "\n<sub>Cites: ", absl::StrJoin(p.citations(), ", "), "</sub>\n");
      }
    }
  }
  return out;
}

std::string ToPlainText(const v1::DocumentContent& c) {
  const auto& d = c.document();
  std::string out =
      absl::StrCat(d.title(), "\n", std::string(std::min<size_t>(d.title().size(), 78), '='), "\n");
  if (!d.symbol().empty()) absl::StrAppend(&out, d.symbol(), "\n");
  absl::StrAppend(&out, "Revision ", c.revision(), "\n");
  int number = 0;
  for (const auto& s : c.sections()) {
    // Sections are headings; paragraphs are numbered through the document, as in UN documents.
    absl::StrAppend(&out, "\n", s.section().title(), "\n",
                    std::string(std::min<size_t>(s.section().title().size(), 78), '-'), "\n");
    for (const auto& p : s.paragraphs()) {
      absl::StrAppend(&out, "\n", ++number, ". ", p.text(), "\n");
    }
  }
  return out;
}

absl::Status CheckEditable(const v1::Document& d) {
  if (d.state() == v1::DOCUMENT_STATE_DRAFT || d.state() == v1::DOCUMENT_STATE_CIRCULATED) {
    return absl::OkStatus();
  }
  return FailedPrecondition(
      "DOCUMENT_ISSUED", d.name(),
      absl::StrCat("the document was issued as ", d.symbol(),
                   "; its text no longer changes; record corrections with IssueCorrigendum"));
}

absl::Status CheckDocumentTransition(const v1::Document& d, v1::DocumentState to) {
  bool ok =
      (d.state() == v1::DOCUMENT_STATE_DRAFT && to == v1::DOCUMENT_STATE_CIRCULATED) ||
      ((d.state() == v1::DOCUMENT_STATE_DRAFT || d.state() == v1::DOCUMENT_STATE_CIRCULATED) &&
       to == v1::DOCUMENT_STATE_ISSUED);
  if (ok) return absl::OkStatus();
  return FailedPrecondition(
      "DOCUMENT_STATE", d.name(),
      absl::StrCat("a document that is ", v1::DocumentState_Name(d.state()), " cannot become ",
                   v1::DocumentState_Name(to), "; drafts are circulated, then issued"));
}

namespace {

// A revision of `kind` made by `edit`, its state still to fill in.
RevisionRecord MadeBy(const Edit& edit, const char* kind) {
  RevisionRecord r;
  r.author = edit.author;
  r.time_micros = edit.time_micros;
  r.change = edit.change;
  r.kind = kind;
  return r;
}

}  // namespace

RevisionRecord DocumentRevision(const v1::Document& d, const Edit& edit) {
  RevisionRecord r = MadeBy(edit, "document");
  r.text = d.title();
  r.aux = v1::DocumentState_Name(d.state());
  return r;
}

RevisionRecord SectionRevision(const DocSection& s, bool deleted, const Edit& edit) {
  RevisionRecord r = MadeBy(edit, "section");
  r.item_id = s.id;
  r.key = s.key;
  r.text = s.title;
  r.aux = s.theme_id;
  r.deleted = deleted;
  return r;
}

RevisionRecord ParagraphRevision(const DocParagraph& p, bool deleted, const Edit& edit) {
  RevisionRecord r = MadeBy(edit, "paragraph");
  r.item_id = p.id;
  r.section_id = p.section_id;
  r.key = p.key;
  r.text = p.text;
  r.aux = JoinLines(p.citations);
  r.deleted = deleted;
  return r;
}

}  // namespace forum::domain
