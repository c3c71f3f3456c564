// The boundary between absl::Status and grpc::Status.
//
// Codes map one to one (absl and gRPC share the numbering). The payloads that the domain
// attached (field violations, unmet preconditions, the resource concerned) become the binary
// status details: a forum.v1.ErrorStatus, wire-compatible with google.rpc.Status.
#ifndef FORUM_SERVICES_GRPC_STATUS_H_
#define FORUM_SERVICES_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace forum::services {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The same, and for RESOURCE_EXHAUSTED the `grpc-retry-pushback-ms` trailer that gRPC clients
// with a retry policy obey (gRFC A6): the RetryInfo delay of a rate limit, or -1 (do not retry)
// for a count limit, which waiting does not lift.
grpc::Status ToGrpcStatus(grpc::ServerContextBase& context, const absl::Status& status);

}  // namespace forum::services

#endif  // FORUM_SERVICES_GRPC_STATUS_H_
