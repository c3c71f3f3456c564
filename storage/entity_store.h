// Reads the reference list of entities.
#ifndef FORUM_STORAGE_ENTITY_STORE_H_
#define FORUM_STORAGE_ENTITY_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/entity.pb.h"
#include "storage/database.h"

namespace forum::storage {

class EntityStore {
 public:
  explicit EntityStore(Connection& c) : c_(c) {}

  // NOT_FOUND (naming `field` when given) when there is no such entity.
  absl::StatusOr<v1::Entity> Get(absl::string_view code, absl::string_view field = "");

  struct Query {
    int kind = 0;            // 0: any
    int regional_group = 0;  // 0: any
    std::string after_code;  // exclusive cursor
    int limit = 50;
  };
  std::vector<v1::Entity> List(const Query& q);
  // Number of Member States in each regional group, indexed by group number (0 unused).
  std::vector<int> MemberStatesByGroup();

 private:
  Connection& c_;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_ENTITY_STORE_H_
