// Reads the reference list of entities.
#ifndef FORUM_STORAGE_ENTITY_STORE_H_
#define FORUM_STORAGE_ENTITY_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/entity.pb.h"

namespace forum::storage {

class EntityStore {
 public:
  virtual ~EntityStore() = default;

  // NOT_FOUND (naming `field` when given) when there is no such entity.
  virtual absl::StatusOr<v1::Entity> Get(absl::string_view code, absl::string_view field = "") = 0;

  struct Query {
    int kind = 0;            // 0: any
    int regional_group = 0;  // 0: any
    std::string after_code;  // exclusive cursor
    int limit = 50;
  };
  virtual std::vector<v1::Entity> List(const Query& q) = 0;
  // Number of Member States in each regional group, indexed by group number (0 unused).
  virtual std::vector<int> MemberStatesByGroup() = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_ENTITY_STORE_H_
