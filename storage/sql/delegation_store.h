// The SQL implementation, shared by both engines, of storage::DelegationStore.
#ifndef FORUM_STORAGE_SQL_DELEGATION_STORE_H_
#define FORUM_STORAGE_SQL_DELEGATION_STORE_H_

#include "storage/delegation_store.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class DelegationStore final : public storage::DelegationStore {
 public:
  explicit DelegationStore(Connection& c) : c_(c) {}

  absl::StatusOr<v1::Delegation> Get(absl::string_view event_id,
                                     absl::string_view entity_code) override;
  bool Exists(absl::string_view event_id, absl::string_view entity_code) override;
  void Insert(absl::string_view event_id, absl::string_view entity_code, const v1::Delegation& d,
              int64_t now_micros) override;
  void Update(absl::string_view event_id, absl::string_view entity_code, const v1::Delegation& d,
              int64_t now_micros) override;
  void UpdateFields(absl::string_view event_id, absl::string_view entity_code,
                    const v1::Delegation& d, int64_t now_micros) override;
  std::vector<v1::Delegation> List(absl::string_view event_id, const Query& q) override;
  int Count(absl::string_view event_id, const Query& q) override;
  int64_t AddMember(absl::string_view event_id, absl::string_view entity_code,
                    const v1::DelegationMember& m) override;
  absl::StatusOr<v1::DelegationMember> GetMember(absl::string_view event_id,
                                                 absl::string_view entity_code,
                                                 int64_t member_id) override;
  void UpdateMember(absl::string_view event_id, absl::string_view entity_code, int64_t member_id,
                    const v1::DelegationMember& m) override;
  void RemoveMember(absl::string_view event_id, absl::string_view entity_code,
                    int64_t member_id) override;
  std::vector<v1::DelegationMember> ListMembers(absl::string_view event_id,
                                                absl::string_view entity_code, int64_t after_id,
                                                int limit) override;

 private:
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_DELEGATION_STORE_H_
