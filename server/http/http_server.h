// forumd's HTTP/1.1 port (cpp-httplib): the Connect protocol and gRPC-Web at
// `POST /forum.v1.{Service}/{Method}`, Prometheus metrics at `/metrics`, and the web client's
// files at `/`. Plain or TLS with the gRPC port's certificate files.
//
// cpp-httplib serves each connection on a thread of a fixed pool, so the pool, the number of
// open streams and the size of a body are all bounded here; a stream beyond its bound is refused
// with RESOURCE_EXHAUSTED before it takes a thread for long.
#ifndef FORUM_SERVER_HTTP_HTTP_SERVER_H_
#define FORUM_SERVER_HTTP_HTTP_SERVER_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/http/connect_gateway.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace forum::server::http {

struct HttpOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks one
  std::string tls_cert;                   // PEM files, as for the gRPC port; TLS when set
  std::string tls_key;
  std::string tls_client_ca;              // when set, clients must present a certificate it signed
  int threads = 64;                       // connections served at once
  int max_streams = 32;                   // streamed calls open at once (each holds a thread)
  size_t max_body_bytes = 4 << 20;        // largest request body, after decompression
  std::vector<std::string> cors_origins;  // origins a browser may call from; "*" for any
  int read_timeout_seconds = 10;          // a request that sends nothing this long is dropped
  int write_timeout_seconds = 10;         // a client that reads nothing this long is dropped
};

// A file the web client is made of.
struct StaticFile {
  std::string content_type;
  absl::string_view body;
};
using StaticFiles = std::function<std::optional<StaticFile>(absl::string_view path)>;

// Text in Prometheus's exposition format, made at each scrape.
using MetricsText = std::function<std::string()>;

class HttpServer {
 public:
  HttpServer(ConnectGateway& gateway, HttpOptions options, StaticFiles files = nullptr,
             MetricsText metrics = nullptr);
  ~HttpServer();

  // Binds and starts serving on a thread of its own; returns the bound port.
  absl::StatusOr<int> Start();
  // Stops accepting, ends the connections and waits for the serving thread.
  void Stop();

  int open_connections() const { return connections_.load(); }
  int open_streams() const { return streams_.load(); }
  // Calls answered (or refused) on `POST /{service}/{method}` since the start.
  int64_t calls() const { return calls_.load(); }

 private:
  void Route();
  void ServeCall(const httplib::Request& request, httplib::Response& response,
                 const std::function<bool(const std::function<bool(const char*, size_t)>&)>& read);
  void AddCors(const httplib::Request& request, httplib::Response& response) const;

  ConnectGateway& gateway_;
  HttpOptions options_;
  StaticFiles files_;
  MetricsText metrics_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<int> connections_{0};
  std::atomic<int> streams_{0};
  std::atomic<int64_t> calls_{0};
};

// Splits "host:port" or "[v6]:port". nullopt when either part is missing or the port is not one.
std::optional<std::pair<std::string, int>> SplitHostPort(absl::string_view address);

}  // namespace forum::server::http

#endif  // FORUM_SERVER_HTTP_HTTP_SERVER_H_
