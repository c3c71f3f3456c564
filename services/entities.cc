#include "services/entities.h"

#include "domain/filter.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "services/paging.h"
#include "storage/entity_store.h"

namespace forum::services {

absl::StatusOr<v1::ListEntitiesResponse> Entities::List(const v1::ListEntitiesRequest& request) {
  static const domain::FilterSchema kSchema = {
      {"kind", v1::EntityKind_descriptor()},
      {"regional_group", v1::RegionalGroup_descriptor()},
  };
  auto filter = domain::ParseFilter(request.filter(), kSchema);
  if (!filter.ok()) return filter.status();
  auto size = domain::PageSize(request.page_size());
  if (!size.ok()) return size.status();
  auto after = domain::DecodePageToken(request.page_token(), request.filter());
  if (!after.ok()) return after.status();

  storage::EntityStore::Query q;
  q.kind = (*filter)["kind"];
  q.regional_group = (*filter)["regional_group"];
  q.after_code = *after;
  q.limit = *size + 1;
  return db_.Read([&](storage::Connection& c) -> absl::StatusOr<v1::ListEntitiesResponse> {
    auto rows = storage::EntityStore(c).List(q);
    v1::ListEntitiesResponse response;
    response.set_next_page_token(TrimPage(
        rows, *size, request.filter(), [](const v1::Entity& e) { return LastSegment(e.name()); }));
    for (auto& e : rows) *response.add_entities() = std::move(e);
    return response;
  });
}

absl::StatusOr<v1::Entity> Entities::Get(const v1::GetEntityRequest& request) {
  auto code = domain::ParseEntityName(request.name(), "name");
  if (!code.ok()) return code.status();
  return db_.Read([&](storage::Connection& c) { return storage::EntityStore(c).Get(*code); });
}

}  // namespace forum::services
