// The SQL implementation, shared by both engines, of storage::RoundTableStore.
#ifndef FORUM_STORAGE_SQL_ROUND_TABLE_STORE_H_
#define FORUM_STORAGE_SQL_ROUND_TABLE_STORE_H_

#include "storage/round_table_store.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class RoundTableStore final : public storage::RoundTableStore {
 public:
  explicit RoundTableStore(Connection& c) : c_(c) {}

  absl::StatusOr<v1::RoundTable> Get(absl::string_view event_id, absl::string_view id,
                                     absl::string_view field = "") override;
  std::string WithNumber(absl::string_view event_id, int number) override;
  void Insert(absl::string_view event_id, absl::string_view id, const v1::RoundTable& rt) override;
  void Update(absl::string_view event_id, absl::string_view id, const v1::RoundTable& rt) override;
  void Delete(absl::string_view event_id, absl::string_view id) override;
  std::vector<v1::RoundTable> List(absl::string_view event_id, int after_number,
                                   int limit) override;
  std::vector<v1::RoundTable> InRoomOverlapping(absl::string_view event_id,
                                                absl::string_view room_id, int64_t start_micros,
                                                int64_t end_micros,
                                                absl::string_view except_id) override;
  std::vector<v1::RoundTable> CoChairedOverlapping(absl::string_view event_id,
                                                   absl::string_view entity_code,
                                                   int64_t start_micros, int64_t end_micros,
                                                   absl::string_view except_id) override;
  std::vector<v1::RoundTableParticipant> Participants(absl::string_view event_id,
                                                      absl::string_view id,
                                                      absl::string_view after = "",
                                                      int limit = -1) override;
  int RoleOf(absl::string_view event_id, absl::string_view id,
             absl::string_view entity_code) override;
  void AddParticipant(absl::string_view event_id, absl::string_view id,
                      absl::string_view entity_code, int role, int64_t now_micros) override;
  void RemoveParticipant(absl::string_view event_id, absl::string_view id,
                         absl::string_view entity_code) override;
  void ReleaseCancelled(absl::string_view event_id, absl::string_view id) override;
  void ReleaseDelegation(absl::string_view event_id, absl::string_view entity_code) override;
  void DropFromPreferences(absl::string_view event_id, absl::string_view id) override;
  std::vector<std::string> TablesOf(absl::string_view event_id,
                                    absl::string_view entity_code) override;
  Preferences GetPreferences(absl::string_view event_id, absl::string_view entity_code) override;
  void SetPreferences(absl::string_view event_id, absl::string_view entity_code,
                      const std::vector<std::string>& round_tables, int64_t now_micros) override;
  std::map<std::string, std::vector<std::string>> AllPreferences(
      absl::string_view event_id) override;
  int PreferenceCount(absl::string_view event_id, absl::string_view id) override;
  v1::RoundTableRules GetRules(absl::string_view event_id) override;
  void SetRules(absl::string_view event_id, const v1::RoundTableRules& rules) override;

 private:
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_ROUND_TABLE_STORE_H_
