// The SQL implementation, shared by both engines, of storage::SpeakerStore.
#ifndef FORUM_STORAGE_SQL_SPEAKER_STORE_H_
#define FORUM_STORAGE_SQL_SPEAKER_STORE_H_

#include "storage/speaker_store.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

// Binds the event id to ?1 and the list id to ?2 (speaker_store.cc, speaker_statements.cc).
void BindListKey(Statement& s, absl::string_view event_id, absl::string_view list_id);

class SpeakerStore final : public storage::SpeakerStore {
 public:
  explicit SpeakerStore(Connection& c) : c_(c) {}

  v1::SpeakerList GetList(absl::string_view event_id, absl::string_view list_id) override;
  void PutList(absl::string_view event_id, absl::string_view list_id,
               const v1::SpeakerList& list) override;
  int64_t NextMoveSeq(absl::string_view event_id, absl::string_view list_id) override;
  absl::StatusOr<v1::Speaker> Get(absl::string_view event_id, absl::string_view list_id,
                                  absl::string_view id, absl::string_view field = "") override;
  std::vector<v1::Speaker> All(absl::string_view event_id, absl::string_view list_id) override;
  std::vector<v1::Speaker> List(absl::string_view event_id, absl::string_view list_id,
                                const Query& q) override;
  int Count(absl::string_view event_id, absl::string_view list_id, const Query& q) override;
  int64_t CountAll(absl::string_view event_id, absl::string_view list_id) override;
  std::vector<std::string> IdsOf(absl::string_view event_id, absl::string_view list_id,
                                 absl::string_view entity_code) override;
  void Insert(absl::string_view event_id, absl::string_view list_id, absl::string_view id,
              const v1::Speaker& speaker) override;
  void Update(absl::string_view event_id, absl::string_view list_id, absl::string_view id,
              const v1::Speaker& speaker) override;
  void SetPositions(absl::string_view event_id, absl::string_view list_id,
                    const std::vector<std::pair<std::string, int>>& positions) override;
  FloorRow GetFloor(absl::string_view event_id, absl::string_view list_id) override;
  void PutFloor(absl::string_view event_id, absl::string_view list_id,
                const FloorRow& floor) override;
  int64_t InsertStatement(absl::string_view event_id, absl::string_view list_id,
                          const StatementRow& row) override;
  void UpdateStatement(absl::string_view event_id, absl::string_view list_id,
                       const StatementRow& row) override;
  void DeleteStatement(absl::string_view event_id, absl::string_view list_id, int64_t id) override;
  absl::StatusOr<StatementRow> GetStatement(absl::string_view event_id, absl::string_view list_id,
                                            int64_t id) override;
  std::vector<StatementRow> QueuedReplies(absl::string_view event_id, absl::string_view list_id,
                                          absl::string_view session_id) override;
  int CountReplies(absl::string_view event_id, absl::string_view list_id,
                   absl::string_view entity_code, absl::string_view session_id) override;
  int64_t CountStatements(absl::string_view event_id, absl::string_view list_id) override;
  std::vector<StatementRow> Delivered(absl::string_view event_id, absl::string_view list_id,
                                      absl::string_view session_id, int64_t after_id,
                                      int limit) override;
  void DropQueuedReplies(absl::string_view event_id, absl::string_view entity_code) override;
  void DropList(absl::string_view event_id, absl::string_view list_id) override;
  std::vector<std::string> ListsWith(absl::string_view event_id,
                                     absl::string_view entity_code) override;

 private:
  // Inserts the list's row with the defaults when it has none, so that a write can update it.
  void EnsureList(absl::string_view event_id, absl::string_view list_id);
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_SPEAKER_STORE_H_
