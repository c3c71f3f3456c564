// The boundary between absl::Status and grpc::Status.
//
// Codes map one to one (absl and gRPC share the numbering). The payloads that the domain
// attached (field violations, unmet preconditions, the resource concerned) become the binary
// status details: a forum.v1.ErrorStatus, wire-compatible with google.rpc.Status.
#ifndef FORUM_SERVICES_GRPC_STATUS_H_
#define FORUM_SERVICES_GRPC_STATUS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace forum::services {

grpc::Status ToGrpcStatus(const absl::Status& status);

// Runs one RPC: refuses a call its client already cancelled, then maps the answer of `fn`.
template <typename Response, typename F>
grpc::Status Serve(grpc::ServerContext* context, Response* response, F&& fn) {
  if (context != nullptr && context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the call");
  }
  absl::StatusOr<Response> result = fn();
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_GRPC_STATUS_H_
