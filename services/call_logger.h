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
#include "grpcpp/support/status.h"

namespace forum::services {

// The code's name as gRPC spells it ("NOT_FOUND"), for logs and metrics.
const char* CodeName(grpc::StatusCode code);

// `text` cut to at most `max_bytes` (on a character boundary), with how much was left out.
std::string CapForLog(absl::string_view text, size_t max_bytes);

// Told of every call as it ends (metrics): the full method name, the code it was answered with
// and how long it took. Called on gRPC's threads, concurrently.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void OnCall(absl::string_view method, grpc::StatusCode code, double seconds) = 0;
};

class CallLoggerFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `observer` (may be null) outlives the server.
  explicit CallLoggerFactory(CallObserver* observer = nullptr) : observer_(observer) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  CallObserver* observer_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_CALL_LOGGER_H_
