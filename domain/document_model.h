// The document model: sections and paragraphs as stored, the revision log that records every
// change, and what is built from them (the content at a revision, diffs, exports). Pure
// functions over plain data; the store reads and writes these rows.
#ifndef FORUM_DOMAIN_DOCUMENT_MODEL_H_
#define FORUM_DOMAIN_DOCUMENT_MODEL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "forum/v1/document.pb.h"

namespace forum::domain {

struct DocSection {
  int64_t id = 0;
  std::string key;  // its order key among the sections
  std::string title;
  std::string theme_id;  // empty when none
  int64_t version = 1;
};

struct DocParagraph {
  int64_t id = 0;
  int64_t section_id = 0;
  std::string key;  // its order key in its section
  std::string text;
  std::vector<std::string> citations;
  int64_t version = 1;
};

// One row of the revision log: the full state of what it touched, after the change.
struct RevisionRecord {
  int64_t number = 0;
  std::string author;
  int64_t time_micros = 0;
  std::string change;
  std::string kind;  // "document", "section" or "paragraph"
  int64_t item_id = 0;
  int64_t section_id = 0;  // paragraphs: their section
  std::string key;         // sections and paragraphs: their order key
  std::string text;        // section heading or paragraph text
  std::string aux;         // section theme id, or paragraph citations one per line
  bool deleted = false;
};

// Who made a change to a document, when, and what it was ("inserted section 4"): what every
// revision records beside the state it leaves.
struct Edit {
  std::string author;
  std::string change;
  int64_t time_micros = 0;
};

// The revision that records a change: the document's own fields (title, state), or the full state
// of a section or paragraph after it (`deleted`: it was removed). The store numbers it.
RevisionRecord DocumentRevision(const v1::Document& d, const Edit& edit);
RevisionRecord SectionRevision(const DocSection& s, bool deleted, const Edit& edit);
RevisionRecord ParagraphRevision(const DocParagraph& p, bool deleted, const Edit& edit);

// Sections and paragraphs by id.
struct DocState {
  std::map<int64_t, DocSection> sections;
  std::map<int64_t, DocParagraph> paragraphs;
};

// The state after replaying `log` (ascending) up to and including revision `upto`.
DocState Replay(const std::vector<RevisionRecord>& log, int64_t upto);

// Builds the ordered content; `document_name` prefixes section and paragraph names.
v1::DocumentContent Assemble(const v1::Document& document, const DocState& state, int64_t revision);

// What differs between two states, in the order of `after` (removed items last).
std::vector<v1::RevisionChange> Diff(const std::string& document_name, const DocState& before,
                                     const DocState& after);

// Markdown and plain text, stable byte for byte for the same content.
std::string ToMarkdown(const v1::DocumentContent& content);
std::string ToPlainText(const v1::DocumentContent& content);

std::string JoinLines(const std::vector<std::string>& lines);
std::vector<std::string> SplitLines(const std::string& text);

// Lifecycle checks.
absl::Status CheckEditable(const v1::Document& d);
absl::Status CheckDocumentTransition(const v1::Document& d, v1::DocumentState to);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_DOCUMENT_MODEL_H_
