// Stores documents: their own fields, current sections and paragraphs, the revision log,
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
#include "forum/v1/document.pb.h"
#include "storage/database.h"

namespace forum::storage {

class DocumentStore {
 public:
  DocumentStore(Connection& c, absl::string_view event_id, absl::string_view document_id)
      : c_(c), event_(event_id), doc_(document_id) {}

  // NOT_FOUND (naming `field`) when there is no such document.
  absl::StatusOr<v1::Document> Get(absl::string_view field = "");
  void Insert(const v1::Document& d, int64_t now_micros);
  // Rewrites title, authors, state, symbol and issue time; increments the version.
  void UpdateHeader(const v1::Document& d);
  void Delete();
  // Another document of the event issued under `symbol`, if any.
  std::string SymbolHolder(absl::string_view symbol);
  static std::vector<v1::Document> List(Connection& c, absl::string_view event_id,
                                        absl::string_view after_id, int limit);

  // A new section, paragraph or comment id.
  int64_t NextItem();
  // Appends a revision (its number is assigned) and returns that number.
  int64_t AppendRevision(domain::RevisionRecord record);
  // The log up to `upto`, ascending.
  std::vector<domain::RevisionRecord> Log(int64_t upto);
  // The log newest first, numbers below `before` (0: all).
  std::vector<domain::RevisionRecord> LogDescending(int64_t before, int limit);

  std::vector<domain::DocSection> Sections();  // in order
  std::optional<domain::DocSection> GetSection(int64_t id);
  void PutSection(const domain::DocSection& s);
  void DeleteSection(int64_t id);
  std::vector<domain::DocParagraph> Paragraphs(int64_t section_id);  // in order
  std::optional<domain::DocParagraph> GetParagraph(int64_t id);
  void PutParagraph(const domain::DocParagraph& p);
  void DeleteParagraph(int64_t id);
  // The current sections and paragraphs.
  domain::DocState Current();

  void AddComment(int64_t id, int64_t paragraph_id, absl::string_view author,
                  absl::string_view text, int64_t now_micros);
  // Comments after comment number `after` (0: from the first), oldest first; at most `limit`
  // (negative: all).
  std::vector<v1::Comment> Comments(int64_t after = 0, int limit = -1);
  // Paragraphs of the document, in every section.
  int64_t CountParagraphs();
  // Comments on the document, by `author` (empty: by anyone).
  int64_t CountComments(absl::string_view author);
  void AddCorrigendum(const v1::Corrigendum& c, const std::vector<int64_t>& paragraph_ids);

 private:
  std::string Name() const;
  Connection& c_;
  std::string event_;
  std::string doc_;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_DOCUMENT_STORE_H_
