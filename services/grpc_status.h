// The boundary between absl::Status and grpc::Status.
//
// Codes map one to one (absl and gRPC share the numbering). The payloads that the domain
// attached (field violations, unmet preconditions, the resource concerned) become the binary
// status details: a forum.v1.ErrorStatus, wire-compatible with google.rpc.Status.
#ifndef FORUM_SERVICES_GRPC_STATUS_H_
#define FORUM_SERVICES_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace forum::services {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace forum::services

#endif  // FORUM_SERVICES_GRPC_STATUS_H_
