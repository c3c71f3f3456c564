#include "services/call_logger.h"

#include <chrono>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "grpcpp/server_context.h"
#include "services/access.h"
#include "spdlog/spdlog.h"

namespace forum::services {
namespace {

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    default:
      return "UNKNOWN";
  }
}

class CallLogger : public grpc::experimental::Interceptor {
 public:
  explicit CallLogger(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start_)
                        .count();
      auto level = status.ok() ? spdlog::level::info
                   : status.error_code() == grpc::StatusCode::INTERNAL ||
                           status.error_code() == grpc::StatusCode::UNKNOWN ||
                           status.error_code() == grpc::StatusCode::DATA_LOSS
                       ? spdlog::level::err
                       : spdlog::level::warn;
      if (spdlog::should_log(level)) {
        const grpc::ServerContextBase* context = info_->server_context();
        std::string peer = context ? context->peer() : "";
        // The caller is named by its token's public id; the secret never reaches the log.
        std::string token = "none";
        if (context != nullptr) {
          const auto& metadata = context->client_metadata();
          auto it = metadata.find("authorization");
          if (it != metadata.end()) {
            absl::string_view value(it->second.data(), it->second.size());
            absl::ConsumePrefix(&value, "Bearer ");
            std::string id = TokenIdOf(value);
            token = id.empty() ? "malformed" : "tokens/" + id;
          }
        }
        spdlog::log(level, "rpc method={} code={} latency_us={} caller={} peer={}{}{}",
                    info_->method(), CodeName(status.error_code()), micros, token, peer,
                    status.ok() ? "" : " message=", status.error_message());
      }
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

grpc::experimental::Interceptor* CallLoggerFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogger(info);
}

}  // namespace forum::services
