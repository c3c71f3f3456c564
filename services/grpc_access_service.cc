// The gRPC adapter of forum.v1.AccessService: tokens and the audit trail, for the secretariat.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {

Status AccessGrpcService::CreateToken(ServerContext* ctx, const v1::CreateTokenRequest* request,
                                      v1::CreateTokenResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller& c, storage::Tx& tx) { return access_.CreateToken(tx, *request, c.token); });
}

Status AccessGrpcService::ListTokens(ServerContext* ctx, const v1::ListTokensRequest* request,
                                     v1::ListTokensResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return access_.ListTokens(tx, *request); });
}

Status AccessGrpcService::RevokeToken(ServerContext* ctx, const v1::RevokeTokenRequest* request,
                                      v1::Token* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return access_.RevokeToken(tx, *request); });
}

Status AccessGrpcService::GetCaller(ServerContext* ctx, const v1::GetCallerRequest* request,
                                    v1::Token* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) { return access_.GetToken(tx, c.token); });
}

Status AccessGrpcService::ListAuditRecords(ServerContext* ctx,
                                           const v1::ListAuditRecordsRequest* request,
                                           v1::ListAuditRecordsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller&, storage::Tx& tx) { return access_.ListAuditRecords(tx, *request); });
}

}  // namespace forum::services
