// The gRPC adapter of forum.v1.EntityService: the reference list, open to every caller.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {

Status EntityGrpcService::ListEntities(ServerContext* ctx, const v1::ListEntitiesRequest* request,
                                       v1::ListEntitiesResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.List(tx, *request); });
}

Status EntityGrpcService::GetEntity(ServerContext* ctx, const v1::GetEntityRequest* request,
                                    v1::Entity* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.Get(tx, *request); });
}

}  // namespace forum::services
