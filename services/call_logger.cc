#include "services/call_logger.h"

#include <chrono>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "grpcpp/server_context.h"
#include "services/access.h"
#include "spdlog/spdlog.h"

namespace forum::services {
namespace {

constexpr size_t kMaxLoggedMessage = 300;

// What gRPC answers on its own when a request body could not be read: the body was not a
// message of the method's type, or it never came (the client gave up first). Both are the
// client's doing, so they are answered and logged as such rather than as a server failure.
grpc::Status ClientFaultStatus(const grpc::ServerContextBase* context) {
  bool expired = context != nullptr && context->deadline() <= std::chrono::system_clock::now();
  if (expired || (context != nullptr && context->IsCancelled())) {
    return grpc::Status(
        grpc::StatusCode::DEADLINE_EXCEEDED,
        "the call's deadline passed or it was cancelled before its request arrived");
  }
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      "the request body is not a valid message of this method's request type");
}

class CallLogger : public grpc::experimental::Interceptor {
 public:
  CallLogger(grpc::experimental::ServerRpcInfo* info, CallObserver* observer)
      : info_(info), observer_(observer), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Null when gRPC could not deserialize the body (or none arrived).
      unreadable_request_ = methods->GetRecvMessage() == nullptr;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      // The synchronous API answers such a call INTERNAL, the callback API UNIMPLEMENTED.
      if (unreadable_request_ && (status.error_code() == grpc::StatusCode::INTERNAL ||
                                  status.error_code() == grpc::StatusCode::UNIMPLEMENTED)) {
        status = ClientFaultStatus(info_->server_context());
        methods->ModifySendStatus(status);
      }
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start_)
                        .count();
      if (observer_ != nullptr) {
        observer_->OnCall(info_->method(), status.error_code(), static_cast<double>(micros) / 1e6);
      }
      // A watch ends when its client leaves: that is its normal end, not a failure.
      bool watch_left = status.error_code() == grpc::StatusCode::CANCELLED &&
                        absl::EndsWith(info_->method(), "/WatchEvent");
      auto level = status.ok() || watch_left ? spdlog::level::info
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
          // A call the HTTP port made on the in-process channel names its HTTP client. Only
          // in-process calls are believed: their peer is "unknown" (or "inproc..."), where a
          // network call's is its address, so no network client can set what is logged here.
          auto http_peer = metadata.find("forum-http-peer");
          if (http_peer != metadata.end() &&
              (peer == "unknown" || absl::StartsWith(peer, "inproc"))) {
            peer = "http:" + std::string(http_peer->second.data(), http_peer->second.size());
          }
          auto it = metadata.find("authorization");
          if (it != metadata.end()) {
            absl::string_view value(it->second.data(), it->second.size());
            absl::ConsumePrefix(&value, "Bearer ");
            std::string id = TokenIdOf(value);
            token = id.empty() ? "malformed" : "tokens/" + id;
          }
        }
        // Callers choose the message's contents (names echoed back) and, in part, the peer:
        // capped so that a flood of long names cannot flood the log.
        spdlog::log(level, "rpc method={} code={} latency_us={} caller={} peer={}{}{}",
                    CapForLog(info_->method(), 120), CodeName(status.error_code()), micros, token,
                    CapForLog(peer, 120), status.ok() ? "" : " message=",
                    CapForLog(status.error_message(), kMaxLoggedMessage));
      }
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  CallObserver* observer_;
  std::chrono::steady_clock::time_point start_;
  bool unreadable_request_ = false;
};

}  // namespace

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

std::string CapForLog(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  // Cut on a UTF-8 boundary: never inside a multi-byte character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(text.substr(0, cut), "…(", text.size() - cut, " more bytes)");
}

grpc::experimental::Interceptor* CallLoggerFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogger(info, observer_);
}

}  // namespace forum::services
