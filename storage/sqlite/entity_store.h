// The SQLite implementation of storage::EntityStore.
#ifndef FORUM_STORAGE_SQLITE_ENTITY_STORE_H_
#define FORUM_STORAGE_SQLITE_ENTITY_STORE_H_

#include "storage/entity_store.h"
#include "storage/sqlite/database.h"

namespace forum::storage::sqlite {

class EntityStore final : public storage::EntityStore {
 public:
  explicit EntityStore(Connection& c) : c_(c) {}

  absl::StatusOr<v1::Entity> Get(absl::string_view code, absl::string_view field = "") override;
  std::vector<v1::Entity> List(const Query& q) override;
  std::vector<int> MemberStatesByGroup() override;

 private:
  Connection& c_;
};

}  // namespace forum::storage::sqlite

#endif  // FORUM_STORAGE_SQLITE_ENTITY_STORE_H_
