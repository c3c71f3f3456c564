// The SQL implementation, shared by both engines, of storage::EntityStore.
#ifndef FORUM_STORAGE_SQL_ENTITY_STORE_H_
#define FORUM_STORAGE_SQL_ENTITY_STORE_H_

#include "storage/entity_store.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class EntityStore final : public storage::EntityStore {
 public:
  explicit EntityStore(Connection& c) : c_(c) {}

  absl::StatusOr<v1::Entity> Get(absl::string_view code, absl::string_view field = "") override;
  std::vector<v1::Entity> List(const Query& q) override;
  std::vector<int> MemberStatesByGroup() override;

 private:
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_ENTITY_STORE_H_
