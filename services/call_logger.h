// Logs one line per RPC: method, status code, latency and caller, through spdlog.
//
// It is a server interceptor, so every service (health and reflection included) is logged the
// same way without each handler remembering to. A request body gRPC could not read (not a
// message of the method's type, or never arrived) is answered INVALID_ARGUMENT or
// DEADLINE_EXCEEDED and logged as the client's fault, not INTERNAL.
#ifndef FORUM_SERVICES_CALL_LOGGER_H_
#define FORUM_SERVICES_CALL_LOGGER_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"

namespace forum::services {

// `text` cut to at most `max_bytes` (on a character boundary), with how much was left out.
std::string CapForLog(absl::string_view text, size_t max_bytes);

class CallLoggerFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_CALL_LOGGER_H_
