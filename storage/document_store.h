// The store of documents: their own fields, current sections and paragraphs, the revision log,
// comments and corrigenda.
#ifndef FORUM_STORAGE_DOCUMENT_STORE_H_
#define FORUM_STORAGE_DOCUMENT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/document_model.h"
#include "domain/order_key.h"
#include "forum/v1/document.pb.h"

namespace forum::storage {

class DocumentStore {
 public:
  virtual ~DocumentStore() = default;

  // NOT_FOUND (naming `field`) when there is no such document.
  virtual absl::StatusOr<v1::Document> Get(absl::string_view field = "") = 0;

  // Every write below that changes the document or its text appends the revision that records
  // it (domain::DocumentRevision, SectionRevision, ParagraphRevision), in the same transaction:
  // no caller can change a document without its log.

  // Creates the document, created at `edit.time_micros`, with its first revision.
  virtual void Insert(const v1::Document& d, const domain::Edit& edit) = 0;
  // Rewrites title, authors, state, symbol and issue time; increments the version.
  virtual void UpdateHeader(const v1::Document& d, const domain::Edit& edit) = 0;
  virtual void Delete() = 0;
  // Another document of the event issued under `symbol`, if any.
  virtual std::string SymbolHolder(absl::string_view symbol) = 0;

  // A new section, paragraph or comment id.
  virtual int64_t NextItem() = 0;
  // The log up to `upto`, ascending.
  virtual std::vector<domain::RevisionRecord> Log(int64_t upto) = 0;
  // The log newest first, numbers below `before` (0: all).
  virtual std::vector<domain::RevisionRecord> LogDescending(int64_t before, int limit) = 0;
  virtual std::vector<domain::DocSection> Sections() = 0;  // in order
  virtual std::optional<domain::DocSection> GetSection(int64_t id) = 0;
  // Writes a section (new or changed), or removes it.
  virtual void PutSection(const domain::DocSection& s, const domain::Edit& edit) = 0;
  virtual void DeleteSection(const domain::DocSection& s, const domain::Edit& edit) = 0;
  virtual std::vector<domain::DocParagraph> Paragraphs(int64_t section_id) = 0;  // in order
  // The neighbours of 1-based `index` among the section's paragraphs in order, paragraph
  // `except` (0: none) left out, exactly as domain::GapAt defines them; reads the two keys, not
  // the section, so placing a paragraph costs the same in a section of 10 or of 5,000.
  virtual domain::KeyGap ParagraphGap(int64_t section_id, int64_t except, int index) = 0;
  // The 1-based place of the paragraph among its section's paragraphs.
  virtual int ParagraphIndex(const domain::DocParagraph& p) = 0;
  // The paragraphs the section holds (a count the store keeps: nothing is counted).
  virtual int64_t ParagraphsIn(int64_t section_id) = 0;
  virtual std::optional<domain::DocParagraph> GetParagraph(int64_t id) = 0;
  virtual void PutParagraph(const domain::DocParagraph& p, const domain::Edit& edit) = 0;
  virtual void DeleteParagraph(const domain::DocParagraph& p, const domain::Edit& edit) = 0;
  // The current sections and paragraphs.
  virtual domain::DocState Current() = 0;
  virtual void AddComment(int64_t id, int64_t paragraph_id, absl::string_view author,
                          absl::string_view text, int64_t now_micros) = 0;
  // Comments after comment number `after` (0: from the first), oldest first; at most `limit`
  // (negative: all).
  virtual std::vector<v1::Comment> Comments(int64_t after = 0, int limit = -1) = 0;
  // Paragraphs of the document, in every section.
  virtual int64_t CountParagraphs() = 0;
  // Comments on the document, by `author` (empty: by anyone).
  virtual int64_t CountComments(absl::string_view author) = 0;
  // Appends the revision `edit` records of the document `d` (as the caller loaded it), and the
  // corrigendum at that revision (its `revision` is set here), correcting the paragraphs
  // `paragraph_ids` in the order of its corrections.
  virtual void AddCorrigendum(const v1::Document& d, v1::Corrigendum c,
                              const std::vector<int64_t>& paragraph_ids,
                              const domain::Edit& edit) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_DOCUMENT_STORE_H_
