#include "server/http/http_server.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "httplib.h"
#include "services/call_logger.h"
#include "spdlog/spdlog.h"

namespace forum::server::http {
namespace {

constexpr char kAcceptPost[] =
    "application/json, application/proto, application/connect+json, application/connect+proto, "
    "application/grpc-web+proto, application/grpc-web+json";
// The headers a browser may send across origins, and those it may read from an answer.
constexpr char kAllowHeaders[] =
    "Authorization, Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, "
    "Connect-Accept-Encoding, Connect-Content-Encoding, Grpc-Timeout, X-Grpc-Web, X-User-Agent";
constexpr char kExposeHeaders[] = "Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin";

// Counts the connections being served: cpp-httplib hands each to the pool as one task.
class CountingPool final : public httplib::TaskQueue {
 public:
  CountingPool(int threads, std::atomic<int>& connections)
      : pool_(static_cast<size_t>(threads)), connections_(connections) {}
  void enqueue(std::function<void()> task) override {
    connections_.fetch_add(1);
    pool_.enqueue([this, task = std::move(task)] {
      task();
      connections_.fetch_sub(1);
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<int>& connections_;
};

// grpc-timeout: digits then a unit (H, M, S, m, u, n), as gRPC-Web clients send it.
std::optional<int64_t> ParseGrpcTimeoutMs(absl::string_view header) {
  if (header.size() < 2 || header.size() > 9) return std::nullopt;
  int64_t amount = 0;
  // At most eight digits (gRPC's own rule), so no unit can overflow what follows.
  if (!absl::SimpleAtoi(header.substr(0, header.size() - 1), &amount) || amount < 0) {
    return std::nullopt;
  }
  switch (header.back()) {
    case 'H':
      return amount * 3600 * 1000;
    case 'M':
      return amount * 60 * 1000;
    case 'S':
      return amount * 1000;
    case 'm':
      return amount;
    case 'u':
      return (amount + 999) / 1000;  // rounded up: a short deadline is not no deadline
    case 'n':
      return (amount + 999999) / 1000000;
    default:
      return std::nullopt;
  }
}

void SendAnswer(const UnaryAnswer& answer, httplib::Response& response) {
  response.status = answer.http_status;
  for (const auto& [key, value] : answer.headers) response.set_header(key, value);
  response.set_content(answer.body, answer.content_type);
}

// Answers `body` and then drops the connection: for a request whose body was not (all) read,
// whose leftover bytes must never be taken for the next request. cpp-httplib 0.11.4 keeps a
// connection open whatever the answer says, unless the content provider fails.
void AnswerAndClose(httplib::Response& response, int status, const std::string& content_type,
                    std::string body) {
  response.status = status;
  response.set_header("Connection", "close");
  size_t size = body.size();
  auto shared = std::make_shared<std::string>(std::move(body));
  response.set_content_provider(
      size, content_type, [shared](size_t offset, size_t length, httplib::DataSink& sink) {
        sink.write(shared->data() + offset, length);
        return offset + length < shared->size();  // false after the last byte: close
      });
}

void RefuseAndClose(httplib::Response& response, const UnaryAnswer& answer) {
  AnswerAndClose(response, answer.http_status, answer.content_type, answer.body);
}

// Any printable ASCII, as a gRPC header value must be; anything else would abort the call.
bool PrintableAscii(absl::string_view value) {
  for (unsigned char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

std::optional<std::pair<std::string, int>> SplitHostPort(absl::string_view address) {
  size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) return std::nullopt;
  absl::string_view host = address.substr(0, colon);
  if (absl::StartsWith(host, "[") && absl::EndsWith(host, "]")) {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  if (host.empty() || !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return std::nullopt;
  }
  return std::make_pair(std::string(host), port);
}

HttpServer::HttpServer(ConnectGateway& gateway, HttpOptions options, StaticFiles files,
                       MetricsText metrics)
    : gateway_(gateway),
      options_(std::move(options)),
      files_(std::move(files)),
      metrics_(std::move(metrics)) {}

HttpServer::~HttpServer() { Stop(); }

absl::StatusOr<int> HttpServer::Start() {
  auto address = SplitHostPort(options_.listen);
  if (!address) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http-listen ", options_.listen, " is not host:port"));
  }
  if (options_.tls_cert.empty()) {
    server_ = std::make_unique<httplib::Server>();
  } else {
    auto tls = std::make_unique<httplib::SSLServer>(
        options_.tls_cert.c_str(), options_.tls_key.c_str(),
        options_.tls_client_ca.empty() ? nullptr : options_.tls_client_ca.c_str());
    if (!tls->is_valid()) {
      return absl::InvalidArgumentError(
          "cannot load the TLS certificate and key for the HTTP port");
    }
    server_ = std::move(tls);
  }
  int threads = options_.threads;
  server_->new_task_queue = [this, threads] { return new CountingPool(threads, connections_); };
  server_->set_read_timeout(options_.read_timeout_seconds, 0);
  server_->set_write_timeout(options_.write_timeout_seconds, 0);
  server_->set_keep_alive_timeout(5);
  server_->set_keep_alive_max_count(1000);
  // Bodies are bounded by ServeCall's reader after decompression, with a Connect error; this
  // only turns away an announced length far beyond it before a byte is read.
  server_->set_payload_max_length(options_.max_body_bytes * 4);
  Route();
  int port = address->second;
  if (port == 0) {
    port = server_->bind_to_any_port(address->first);
    if (port < 0) port = 0;
  } else if (!server_->bind_to_port(address->first, port)) {
    port = 0;
  }
  if (port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return port;
}

void HttpServer::Stop() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void HttpServer::AddCors(const httplib::Request& request, httplib::Response& response) const {
  std::string origin = request.get_header_value("Origin");
  if (origin.empty() || options_.cors_origins.empty()) return;
  bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
             options_.cors_origins.end();
  if (!any && std::find(options_.cors_origins.begin(), options_.cors_origins.end(), origin) ==
                  options_.cors_origins.end()) {
    return;
  }
  response.set_header("Access-Control-Allow-Origin", origin);
  response.set_header("Vary", "Origin");
  response.set_header("Access-Control-Expose-Headers", kExposeHeaders);
}

void HttpServer::Route() {
  server_->Post(R"(/[A-Za-z0-9_.]+/[A-Za-z0-9_]+)", [this](const httplib::Request& request,
                                                           httplib::Response& response,
                                                           const httplib::ContentReader& reader) {
    AddCors(request, response);
    ServeCall(request, response, [&reader](const auto& receive) { return reader(receive); });
  });
  // A body sent anywhere else is never read (cpp-httplib would read it whole into memory).
  auto refuse_body = [](const httplib::Request&, httplib::Response& response,
                        const httplib::ContentReader&) {
    AnswerAndClose(response, 404, "text/plain; charset=utf-8", "not found\n");
  };
  server_->Post(R"(/.*)", refuse_body);
  server_->Put(R"(/.*)", refuse_body);
  server_->Patch(R"(/.*)", refuse_body);
  server_->Delete(R"(/.*)", refuse_body);
  server_->Options(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
    AddCors(request, response);
    if (!response.has_header("Access-Control-Allow-Origin")) {
      response.status = 403;
      return;
    }
    response.status = 204;
    response.set_header("Access-Control-Allow-Methods", "POST, GET");
    response.set_header("Access-Control-Allow-Headers", kAllowHeaders);
    response.set_header("Access-Control-Max-Age", "7200");
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    if (!metrics_) {
      response.status = 404;
      return;
    }
    response.set_content(metrics_(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
    std::optional<StaticFile> file;
    if (files_) file = files_(request.path == "/" ? "/index.html" : request.path);
    if (!file) {
      response.status = 404;
      response.set_content("not found\n", "text/plain; charset=utf-8");
      return;
    }
    response.set_header("Cache-Control", "no-cache");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Content-Security-Policy",
                        "default-src 'self'; style-src 'self'; img-src 'self' data:; "
                        "frame-ancestors 'none'");
    response.set_content(file->body.data(), file->body.size(), file->content_type);
  });
}

void HttpServer::ServeCall(
    const httplib::Request& request, httplib::Response& response,
    const std::function<bool(const std::function<bool(const char*, size_t)>&)>& read) {
  calls_.fetch_add(1);
  const auto* method = gateway_.FindMethod(request.path);
  auto type = ParseContentType(request.get_header_value("Content-Type"));
  ContentType json_type;  // errors before the codec is known are JSON
  std::string peer = absl::StrCat(request.remote_addr, ":", request.remote_port);
  if (method == nullptr) {
    grpc::Status refused(grpc::StatusCode::UNIMPLEMENTED, absl::StrCat("no method ", request.path));
    LogRefusal(request.path, peer, refused);
    UnaryAnswer answer = ConnectGateway::Refusal(json_type, refused);
    answer.http_status = 404;
    RefuseAndClose(response, answer);
    return;
  }
  // A unary method takes the unary protocol; a streaming one the streaming protocol. gRPC-Web
  // frames every call.
  if (!type || (!type->grpc_web && type->streaming != method->server_streaming())) {
    LogRefusal(request.path, peer,
               grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "415: content type " +
                                services::CapForLog(request.get_header_value("Content-Type"), 80)));
    response.set_header("Accept-Post", kAcceptPost);
    AnswerAndClose(response, 415, "text/plain; charset=utf-8", "unsupported content type\n");
    return;
  }
  std::string version = request.get_header_value("Connect-Protocol-Version");
  if (!version.empty() && version != "1") {
    grpc::Status refused(grpc::StatusCode::INVALID_ARGUMENT,
                         "Connect-Protocol-Version must be 1 when given");
    LogRefusal(request.path, peer, refused);
    RefuseAndClose(response, ConnectGateway::Refusal(json_type, refused));
    return;
  }
  std::string body;
  bool too_large = false;
  bool whole = read([&](const char* data, size_t size) {
    if (body.size() + size > options_.max_body_bytes) {
      too_large = true;
      return false;
    }
    body.append(data, size);
    return true;
  });
  if (!whole || too_large) {
    // A body cut short (a stall, a disconnect, a bad compression) or over the limit is never
    // called with: what was read of it may parse as a message with fields missing.
    grpc::Status refused = too_large ? grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                                    absl::StrCat("the request body is larger than ",
                                                                 options_.max_body_bytes, " bytes"))
                                     : grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                                    "the request body could not be read whole");
    LogRefusal(request.path, peer, refused);
    RefuseAndClose(response, ConnectGateway::Refusal(json_type, refused));
    return;
  }
  std::string authorization = request.get_header_value("Authorization");
  if (!PrintableAscii(authorization)) {
    grpc::Status refused(grpc::StatusCode::UNAUTHENTICATED,
                         "the Authorization header holds characters a token never has");
    LogRefusal(request.path, peer, refused);
    if (!type->streaming && !type->grpc_web) {
      SendAnswer(ConnectGateway::Refusal(*type, refused), response);
    } else {
      response.status = 200;
      response.set_content(ConnectGateway::StreamRefusal(*type, refused),
                           ResponseContentType(*type));
    }
    return;
  }
  CallHeaders headers;
  headers.authorization = authorization;
  headers.peer = peer;
  headers.user_agent = request.get_header_value("User-Agent");
  bool bad_timeout = false;
  if (type->grpc_web && request.has_header("Grpc-Timeout")) {
    headers.timeout_ms = ParseGrpcTimeoutMs(request.get_header_value("Grpc-Timeout"));
    bad_timeout = !headers.timeout_ms;
  } else if (request.has_header("Connect-Timeout-Ms")) {
    headers.timeout_ms = ParseTimeoutMs(request.get_header_value("Connect-Timeout-Ms"));
    bad_timeout = !headers.timeout_ms;
  }
  grpc::Status refused;
  if (bad_timeout) {
    refused = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                           "the timeout header is malformed: Connect-Timeout-Ms takes up to ten "
                           "digits (milliseconds)");
  }
  if (!refused.ok()) LogRefusal(request.path, peer, refused);
  if (!type->streaming && !type->grpc_web) {
    SendAnswer(refused.ok() ? gateway_.CallUnary(*method, *type, body, headers)
                            : ConnectGateway::Refusal(*type, refused),
               response);
    return;
  }
  std::shared_ptr<StreamedCall> call;
  if (!refused.ok()) {
    // Answered below as the stream's end.
  } else if (method->server_streaming() && streams_.fetch_add(1) >= options_.max_streams) {
    streams_.fetch_sub(1);
    refused =
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     absl::StrCat("this server holds ", options_.max_streams,
                                  " HTTP streams already; use gRPC for more, or retry later"));
    LogRefusal(request.path, peer, refused);
  } else {
    bool counted = method->server_streaming();
    call = std::shared_ptr<StreamedCall>(
        gateway_.CallStreamed(*method, *type, body, headers).release(),
        [this, counted](StreamedCall* ended) {
          delete ended;
          if (counted) streams_.fetch_sub(1);
        });
  }
  response.status = 200;
  if (!call) {
    response.set_content(ConnectGateway::StreamRefusal(*type, refused), ResponseContentType(*type));
    return;
  }
  response.set_chunked_content_provider(
      ResponseContentType(*type),
      [call](size_t, httplib::DataSink& sink) {
        std::string chunk;
        for (;;) {
          switch (call->Next(&chunk, absl::Seconds(1))) {
            case StreamedCall::Step::kChunk:
              return sink.write(chunk.data(), chunk.size());
            case StreamedCall::Step::kEnd:
              sink.done();
              return true;
            case StreamedCall::Step::kWaiting:
              if (!sink.is_writable()) return false;
              break;
          }
        }
      },
      [call](bool) { call->Cancel(); });
}

}  // namespace forum::server::http
