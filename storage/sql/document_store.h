// The SQL implementation, shared by both engines, of storage::DocumentStore.
#ifndef FORUM_STORAGE_SQL_DOCUMENT_STORE_H_
#define FORUM_STORAGE_SQL_DOCUMENT_STORE_H_

#include "storage/document_store.h"
#include "storage/sql/connection.h"
#include "storage/sql/section_orders.h"

namespace forum::storage::sql {

class DocumentStore final : public storage::DocumentStore {
 public:
  DocumentStore(Connection& c, absl::string_view event_id, absl::string_view document_id)
      : c_(c), event_(event_id), doc_(document_id) {}

  absl::StatusOr<v1::Document> Get(absl::string_view field = "") override;
  void Insert(const v1::Document& d, const domain::Edit& edit) override;
  void UpdateHeader(const v1::Document& d, const domain::Edit& edit) override;
  void Delete() override;
  std::string SymbolHolder(absl::string_view symbol) override;
  int64_t NextItem() override;
  std::vector<domain::RevisionRecord> Log(int64_t upto) override;
  std::vector<domain::RevisionRecord> LogDescending(int64_t before, int limit) override;
  std::vector<domain::DocSection> Sections() override;
  std::optional<domain::DocSection> GetSection(int64_t id) override;
  void PutSection(const domain::DocSection& s, const domain::Edit& edit) override;
  void DeleteSection(const domain::DocSection& s, const domain::Edit& edit) override;
  std::vector<domain::DocParagraph> Paragraphs(int64_t section_id) override;
  domain::KeyGap ParagraphGap(int64_t section_id, int64_t except, int index) override;
  int ParagraphIndex(const domain::DocParagraph& p) override;
  int64_t ParagraphsIn(int64_t section_id) override;
  std::optional<domain::DocParagraph> GetParagraph(int64_t id) override;
  void PutParagraph(const domain::DocParagraph& p, const domain::Edit& edit) override;
  void DeleteParagraph(const domain::DocParagraph& p, const domain::Edit& edit) override;
  domain::DocState Current() override;
  void AddComment(int64_t id, int64_t paragraph_id, absl::string_view author,
                  absl::string_view text, int64_t now_micros) override;
  std::vector<v1::Comment> Comments(int64_t after = 0, int limit = -1) override;
  int64_t CountParagraphs() override;
  int64_t CountComments(absl::string_view author) override;
  void AddCorrigendum(const v1::Document& d, v1::Corrigendum c,
                      const std::vector<int64_t>& paragraph_ids, const domain::Edit& edit) override;

  static std::vector<v1::Document> List(Connection& c, absl::string_view event_id,
                                        absl::string_view after_id, int limit);

 private:
  // Adds `delta` to the count of paragraphs the section keeps.
  void CountIn(int64_t section_id, int delta);
  // Where a paragraph sits: its section, and its key and id as the section's order holds them.
  struct Place {
    int64_t section_id;
    SectionOrders::Entry at;
  };
  std::optional<Place> PlaceOf(int64_t id);
  // The section's order tag (migration 0015) in this transaction's snapshot; 0 for none.
  int64_t OrderTag(int64_t section_id);
  // Runs `use` on the order of a long section, from memory (read into memory first if needed);
  // false, with nothing run, for a short section, which is read from the index instead.
  bool WithOrder(int64_t section_id, absl::FunctionRef<void(const SectionOrders::Order&)> use);
  // Before a write that places, moves or removes a paragraph: the tags of the sections whose
  // order is kept in memory (0 for the others), so that the write can keep that order current.
  int64_t TagIfHeld(int64_t section_id);
  // After such a write: the section went from `before` to its tag now.
  void Follow(int64_t section_id, int64_t before,
              const std::optional<SectionOrders::Entry>& removed,
              const std::optional<SectionOrders::Entry>& added);
  // Appends a revision (its number is assigned) and returns that number.
  int64_t AppendRevision(domain::RevisionRecord record);
  void WriteSection(const domain::DocSection& s);
  void RemoveSection(int64_t id);
  void WriteParagraph(const domain::DocParagraph& p);
  void RemoveParagraph(int64_t id);

  std::string Name() const;
  Connection& c_;
  std::string event_;
  std::string doc_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_DOCUMENT_STORE_H_
