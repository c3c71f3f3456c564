#include "services/entities.h"

#include "domain/names.h"
#include "domain/status_macros.h"
#include "services/paging.h"
#include "storage/entity_store.h"

namespace forum::services {

absl::StatusOr<v1::ListEntitiesResponse> Entities::List(storage::Tx& tx,
                                                        const v1::ListEntitiesRequest& request) {
  static const domain::FilterSchema kSchema = {
      {"kind", v1::EntityKind_descriptor()},
      {"regional_group", v1::RegionalGroup_descriptor()},
  };
  ASSIGN_OR_RETURN(auto list, ReadListQuery(request.filter(), kSchema, request.page_size(),
                                            request.page_token(), request.filter()));
  int size = list.page_size;
  storage::EntityStore::Query q{list.filter["kind"], list.filter["regional_group"], list.cursor,
                                size + 1};
  auto rows = tx.entities().List(q);
  v1::ListEntitiesResponse response;
  response.set_next_page_token(TrimPage(rows, size, request.filter(),
                                        [](const v1::Entity& e) { return LastSegment(e.name()); }));
  for (auto& e : rows) *response.add_entities() = std::move(e);
  return response;
}

absl::StatusOr<v1::Entity> Entities::Get(storage::Tx& tx, const v1::GetEntityRequest& request) {
  ASSIGN_OR_RETURN(auto code, domain::ParseEntityName(request.name(), "name"));
  return tx.entities().Get(code);
}

}  // namespace forum::services
