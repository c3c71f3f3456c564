// Serves forum.v1's RPCs to Connect (and gRPC-Web) requests by calling them on forumd's own gRPC
// server through its in-process channel: one dispatch path, so a call over HTTP meets the same
// interceptors (logging, metrics), access rules, rate limits, audit, message-size limit and
// handlers as one over gRPC, and answers with the same codes.
//
// The gateway knows nothing of the HTTP server: it takes a method path, the request's content
// type, body and the few headers that matter, and gives a whole answer (unary) or a stream of
// body chunks (server streaming, and every gRPC-Web call).
#ifndef FORUM_SERVER_HTTP_CONNECT_GATEWAY_H_
#define FORUM_SERVER_HTTP_CONNECT_GATEWAY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "server/http/connect_protocol.h"

namespace forum::server::http {

// What a call carries besides its body.
struct CallHeaders {
  std::string authorization;          // the Authorization header, passed on as it came
  std::optional<int64_t> timeout_ms;  // Connect-Timeout-Ms (or grpc-timeout, converted)
  std::string peer;                   // the HTTP client's address, for the call log
  std::string user_agent;
};

// A whole unary answer.
struct UnaryAnswer {
  int http_status = 200;
  std::string content_type;
  std::string body;
  Metadata headers;  // response headers (trailers are prefixed `trailer-`)
};

// A call whose answer is a stream of body chunks. Next is called by one thread at a time.
class StreamedCall {
 public:
  virtual ~StreamedCall() = default;
  enum class Step { kChunk, kWaiting, kEnd };
  // The next chunk of the body, waiting at most `wait`; kEnd after the last chunk.
  virtual Step Next(std::string* chunk, absl::Duration wait) = 0;
  // Ends the call early (the HTTP client went away) and returns once gRPC is done with it.
  virtual void Cancel() = 0;
};

// Logs a request refused before any call was made (so no interceptor saw it) the way the call
// log shows calls, and counts it.
void LogRefusal(absl::string_view path, absl::string_view peer, const grpc::Status& status);
// Requests refused so since the start.
int64_t RefusedBeforeAnyCall();

class ConnectGateway {
 public:
  // `services` are the full names of the services served ("forum.v1.EventService").
  ConnectGateway(std::shared_ptr<grpc::Channel> channel, const std::vector<std::string>& services);

  // The method at `path` ("/forum.v1.EventService/GetEvent"), or null.
  const google::protobuf::MethodDescriptor* FindMethod(absl::string_view path) const;

  // A unary method called with the Connect unary protocol.
  UnaryAnswer CallUnary(const google::protobuf::MethodDescriptor& method, const ContentType& type,
                        absl::string_view body, const CallHeaders& headers);
  // A server-streaming method with the Connect streaming protocol, or any method over gRPC-Web.
  // The body is enveloped. The answer's status and headers are 200 and ResponseContentType.
  std::unique_ptr<StreamedCall> CallStreamed(const google::protobuf::MethodDescriptor& method,
                                             const ContentType& type, absl::string_view body,
                                             const CallHeaders& headers);

  // An error answer for a request refused before any call (bad body, unknown method...).
  static UnaryAnswer Refusal(const ContentType& type, const grpc::Status& status);
  // The same for a streamed request: one chunk holding the end of the stream.
  static std::string StreamRefusal(const ContentType& type, const grpc::Status& status);

 private:
  std::unique_ptr<grpc::ClientContext> NewContext(const CallHeaders& headers, bool streaming);
  // Makes one unary call on the in-process channel and waits for it; `response` is the binary
  // answer when the status is OK.
  grpc::Status Invoke(const google::protobuf::MethodDescriptor& method, const std::string& request,
                      grpc::ClientContext& context, std::string* response);

  grpc::GenericStub stub_;
  std::map<std::string, const google::protobuf::MethodDescriptor*, std::less<>> methods_;
};

}  // namespace forum::server::http

#endif  // FORUM_SERVER_HTTP_CONNECT_GATEWAY_H_
