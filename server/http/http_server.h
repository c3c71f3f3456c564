// forumd's HTTP/1.1 port (Boost.Beast over Asio): the Connect protocol and gRPC-Web at
// `POST /forum.v1.{Service}/{Method}`, Prometheus metrics at `/metrics`, the programme's feeds
// (`GET /events/{event}/schedule.ics`, ...), and the web client's files at `/`. Plain or TLS with
// the gRPC port's certificate files.
//
// Connections are served asynchronously on two I/O threads, so an idle or slow client holds no
// thread. What a hostile client could make grow is bounded here:
//   - connections open at once (and, in forumd, the descriptor numbers they may take);
//   - a request's head: its size (431 beyond it) and the time it may take to arrive whole, so a
//     client trickling headers a byte at a time is dropped at the deadline;
//   - a request's body: its size, before and after decompression, and the time to send it;
//   - calls: a fixed pool of threads makes them (each blocks on gRPC, a stream for its whole
//     life) with a bounded queue; beyond it a call is refused with RESOURCE_EXHAUSTED;
//   - streams, in all and per Authorization, and the time a client may take to read.
#ifndef FORUM_SERVER_HTTP_HTTP_SERVER_H_
#define FORUM_SERVER_HTTP_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/http/connect_gateway.h"

namespace forum::server::http {

struct HttpOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks one
  std::string tls_cert;                   // PEM files, as for the gRPC port; TLS when set
  std::string tls_key;
  std::string tls_client_ca;              // when set, clients must present a certificate it signed
  int threads = 64;                       // calls made at once (a stream holds one for its life)
  int max_streams = 32;                   // streamed calls open at once, below `threads`
  int max_streams_per_token = 0;          // the same per Authorization; 0: a quarter of the above
  int max_connections = 1024;             // connections open at once; more are closed at accept
  int admit_below_fd = 0;                 // when set, a connection on a higher descriptor is closed
  size_t max_body_bytes = 4 << 20;        // largest request body, after decompression
  size_t max_head_bytes = 16 << 10;       // request line and headers together
  std::vector<std::string> cors_origins;  // origins a browser may call from; "*" for any
  int head_timeout_seconds = 10;          // a request's head (or the next, on a kept connection)
                                          // must arrive whole within this
  int body_timeout_seconds = 30;          // and its body within this
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

// Documents served whole at GET addresses of their own (the programme's feeds), made on the
// call pool; the port answers If-None-Match and If-Modified-Since for them.
struct FeedRequest {
  std::string path;           // without the query
  std::string token;          // the query's `token` parameter, decoded
  std::string authorization;  // the Authorization header
};
struct FeedDocument {
  int status = 200;     // or the refusal's status, with `message`
  std::string message;  // why it was refused
  std::string content_type;
  std::string body;
  std::string file_name;      // for Content-Disposition
  int64_t last_modified = 0;  // Unix seconds; 0: unknown
};
struct Feeds {
  std::function<bool(absl::string_view path)> matches;  // whether a path is a feed's
  std::function<FeedDocument(const FeedRequest&)> serve;
};

class HttpServer {
 public:
  HttpServer(ConnectGateway& gateway, HttpOptions options, StaticFiles files = nullptr,
             MetricsText metrics = nullptr, Feeds feeds = {});
  ~HttpServer();

  // Binds and starts serving; returns the bound port.
  absl::StatusOr<int> Start();
  // Stops accepting, ends the streams, lets the calls under way answer, and closes everything.
  void Stop();

  int open_connections() const;
  int open_streams() const;
  // Calls answered (or refused) on `POST /{service}/{method}` since the start.
  int64_t calls() const;
  // Connections closed at accept: over max_connections or admit_below_fd.
  int64_t refused_connections() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Splits "host:port" or "[v6]:port". nullopt when either part is missing or the port is not one.
std::optional<std::pair<std::string, int>> SplitHostPort(absl::string_view address);

}  // namespace forum::server::http

#endif  // FORUM_SERVER_HTTP_HTTP_SERVER_H_
