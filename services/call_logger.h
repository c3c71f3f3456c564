// Logs one line per RPC: method, status code, latency and caller, through spdlog.
//
// It is a server interceptor, so every service (health and reflection included) is logged the
// same way without each handler remembering to.
#ifndef FORUM_SERVICES_CALL_LOGGER_H_
#define FORUM_SERVICES_CALL_LOGGER_H_

#include "grpcpp/support/server_interceptor.h"

namespace forum::services {

class CallLoggerFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_CALL_LOGGER_H_
