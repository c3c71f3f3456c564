// The logic of forum.v1.EntityService: reads of the reference list of entities.
#ifndef FORUM_SERVICES_ENTITIES_H_
#define FORUM_SERVICES_ENTITIES_H_

#include "absl/status/statusor.h"
#include "forum/v1/entity.pb.h"
#include "storage/database.h"

namespace forum::services {

class Entities {
 public:
  absl::StatusOr<v1::ListEntitiesResponse> List(storage::Tx& tx,
                                                const v1::ListEntitiesRequest& request);
  absl::StatusOr<v1::Entity> Get(storage::Tx& tx, const v1::GetEntityRequest& request);

 private:
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_ENTITIES_H_
