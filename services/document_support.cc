#include "services/document_support.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "domain/dates.h"
#include "domain/etag.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "services/limits.h"
#include "storage/speaker_store.h"

namespace forum::services {

using domain::DocParagraph;
using domain::DocSection;
using storage::DocumentStore;

// The label a request gives the revision it makes: optional, one line, short.
absl::Status CheckAuthor(absl::string_view author) {
  domain::Validator v;
  v.Text("author", author, domain::kMaxShortText, false);
  return v.Finish();
}

std::string AuthorOf(const storage::Tx& tx, const std::string& requested) {
  if (!requested.empty()) return requested;
  if (tx.audit() != nullptr && !tx.audit()->caller_display_name().empty()) {
    return std::string(tx.audit()->caller_display_name());
  }
  return "secretariat";
}

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
  return MakeParagraph(ref, *p, store.ParagraphIndex(*p));
}

v1::Paragraph ReadParagraphAt(DocumentStore& store, const DocRef& ref, int64_t id, int index) {
  auto p = store.GetParagraph(id);
  if (!p) return v1::Paragraph();
  return MakeParagraph(ref, *p, index);
}

absl::StatusOr<std::string> KeyInGap(const domain::KeyGap& gap, int index, absl::string_view what,
                                     absl::string_view parent) {
  std::string key = domain::KeyBetween(gap.before, gap.after);
  if (key.empty()) {
    return domain::FailedPrecondition(
        "ORDER_TIE", parent,
        absl::StrCat("the ", what, "s at ", index - 1, " and ", index,
                     " share one position from before exact ordering; move one of them first"),
        "index");
  }
  return key;
}

domain::Edit EditBy(std::string author, std::string change) {
  return domain::Edit{std::move(author), std::move(change), domain::NowMicros()};
}

void CommitSection(storage::DocumentStore& store, const std::string& author, absl::string_view verb,
                   const DocSection& s, bool deleted, absl::string_view suffix) {
  domain::Edit edit = EditBy(author, absl::StrCat(verb, " section ", s.id, suffix));
  if (deleted) {
    store.DeleteSection(s, edit);
  } else {
    store.PutSection(s, edit);
  }
}

void CommitParagraph(storage::DocumentStore& store, const std::string& author,
                     absl::string_view verb, const DocParagraph& p, bool deleted) {
  domain::Edit edit = EditBy(author, absl::StrCat(verb, " paragraph ", p.id));
  if (deleted) {
    store.DeleteParagraph(p, edit);
  } else {
    store.PutParagraph(p, edit);
  }
}

// The document, which must exist and still be editable.
absl::StatusOr<v1::Document> LoadEditable(DocumentStore& store) {
  ASSIGN_OR_RETURN(auto d, store.Get());
  RETURN_IF_ERROR(domain::CheckEditable(d));
  if (d.revision() >= domain::kMaxRevisionsPerDocument) {
    return domain::CountLimit("REVISION_COUNT", d.name(), domain::kMaxRevisionsPerDocument,
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

// Citations name plenary meetings, round tables, themes or delegations of the same event, or
// statements delivered on its lists of speakers.
absl::Status CheckCitations(storage::Tx& tx, const DocRef& ref,
                            const google::protobuf::RepeatedPtrField<std::string>& citations,
                            absl::string_view prefix) {
  if (citations.size() > 20) {
    return domain::InvalidField(absl::StrCat(prefix, ".citations"), "cites more than 20 resources");
  }
  for (int i = 0; i < citations.size(); ++i) {
    std::string field = absl::StrCat(prefix, ".citations[", i, "]");
    if (absl::StrContains(citations[i], "/statements/")) {
      ASSIGN_OR_RETURN(auto statement, domain::ParseStatementName(citations[i], field));
      if (statement.event != ref.event) {
        return domain::InvalidField(field, "must cite a resource of the document's event");
      }
      auto row = tx.speakers().GetStatement(statement.event, statement.list, statement.number);
      if (!row.ok() || row->end_micros == 0) {  // queued or still under way: not delivered
        return domain::NotFound("forum.v1.Statement", citations[i], field);
      }
      continue;
    }
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
          field,
          "must name a plenary meeting, round table, theme, delegation or statement of the "
          "event");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<DocSection> LoadSection(DocumentStore& store, const ItemRef& ref,
                                       absl::string_view etag, absl::string_view etag_field) {
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
                                           absl::string_view etag, absl::string_view field,
                                           absl::string_view etag_field) {
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
        if (absl::SimpleAtoi(domain::LastSegment(fix.paragraph()), &id) &&
            state.paragraphs.count(id)) {
          state.paragraphs[id].text = fix.text();
        }
      }
    }
  }
  return domain::Assemble(d, state, at);
}

}  // namespace forum::services
