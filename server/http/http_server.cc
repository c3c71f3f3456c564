#include "server/http/http_server.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/ssl.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/asio/strand.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/ssl.hpp"
#include "server/http/conditional_get.h"
#include "services/call_logger.h"
#include "spdlog/spdlog.h"

namespace forum::server::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Parser = bhttp::request_parser<bhttp::string_body>;
using Request = bhttp::request<bhttp::string_body>;
using Answer = bhttp::response<bhttp::string_body>;

constexpr int kIoThreads = 2;
// What a connection's read buffer may hold at once: a whole head, or one line of a chunked body.
constexpr size_t kMaxBuffered = 48 << 10;
// After a refused request, what the client still sends is read and dropped for this long (and
// up to this much) before the connection closes, so that the answer reaches it rather than a
// reset.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 1 << 20;
// How long a stream may take to send its end once the server is stopping.
constexpr auto kStreamEndGrace = std::chrono::seconds(2);

constexpr char kAcceptPost[] =
    "application/json, application/proto, application/connect+json, application/connect+proto, "
    "application/grpc-web+proto, application/grpc-web+json";
// The headers a browser may send across origins, and those it may read from an answer.
constexpr char kAllowHeaders[] =
    "Authorization, Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, "
    "Connect-Accept-Encoding, Connect-Content-Encoding, Grpc-Timeout, X-Grpc-Web, X-User-Agent";
constexpr char kExposeHeaders[] = "Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin";
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

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

// Any printable ASCII, as a gRPC header value must be; anything else would abort the call.
bool PrintableAscii(absl::string_view value) {
  for (unsigned char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// "/{package.Service}/{Method}": the shape of an RPC's path, known method or not.
bool RpcShaped(absl::string_view path) {
  size_t slash = path.find('/', 1);
  if (path.size() < 4 || path[0] != '/' || slash == absl::string_view::npos || slash == 1 ||
      slash + 1 == path.size()) {
    return false;
  }
  for (size_t i = 1; i < path.size(); ++i) {
    char c = path[i];
    bool word = absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (i == slash) continue;
    if (!word && !(c == '.' && i < slash)) return false;
  }
  return true;
}

absl::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

Answer TextAnswer(unsigned status, unsigned version, std::string text) {
  Answer answer{static_cast<bhttp::status>(status), version};
  answer.set(bhttp::field::content_type, "text/plain; charset=utf-8");
  answer.body() = std::move(text);
  return answer;
}

Answer FromUnary(const UnaryAnswer& unary, unsigned version) {
  Answer answer{static_cast<bhttp::status>(unary.http_status), version};
  answer.set(bhttp::field::content_type, unary.content_type);
  for (const auto& [key, value] : unary.headers) answer.insert(key, value);
  answer.body() = unary.body;
  return answer;
}

// Runs calls on a fixed set of threads. A call finding them all busy waits in a queue no longer
// than `queue`; one beyond is refused.
class CallPool {
 public:
  CallPool(int threads, size_t queue) : queue_limit_(queue) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~CallPool() { Stop(); }

  bool TrySubmit(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_ || tasks_.size() >= idle_ + queue_limit_) return false;
    tasks_.push_back(std::move(task));
    cv_.notify_one();
    return true;
  }

  // Runs what is queued, then joins the threads.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
    }
    cv_.notify_all();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      ++idle_;
      cv_.wait(lock, [this] { return stopped_ || !tasks_.empty(); });
      --idle_;
      if (tasks_.empty()) return;  // stopped, and nothing left to run
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      try {
        task();
      } catch (const std::exception& e) {
        spdlog::error("HTTP port: a call failed: {}", e.what());
      }
      lock.lock();
    }
  }

  const size_t queue_limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  size_t idle_ = 0;
  bool stopped_ = false;
  std::vector<std::thread> threads_;
};

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

// What the sessions share. The I/O context is declared after everything the sessions touch, so
// that it, and the sessions its handlers still hold, go first.
struct HttpServer::Impl {
  Impl(ConnectGateway& g, HttpOptions o, StaticFiles f, MetricsText m, Feeds fe)
      : gateway(g),
        options(std::move(o)),
        files(std::move(f)),
        metrics(std::move(m)),
        feeds(std::move(fe)) {}

  enum class StreamSlot { kTaken, kAllBusy, kTokenBusy };
  StreamSlot TakeStream(const std::string& authorization) {
    if (streams.fetch_add(1) >= options.max_streams) {
      streams.fetch_sub(1);
      return StreamSlot::kAllBusy;
    }
    std::lock_guard<std::mutex> lock(token_mu);
    int& mine = token_streams[authorization];
    if (mine >= PerToken()) {
      if (mine == 0) token_streams.erase(authorization);
      streams.fetch_sub(1);
      return StreamSlot::kTokenBusy;
    }
    ++mine;
    return StreamSlot::kTaken;
  }
  void ReleaseStream(const std::string& authorization) {
    {
      std::lock_guard<std::mutex> lock(token_mu);
      auto it = token_streams.find(authorization);
      if (it != token_streams.end() && --it->second <= 0) token_streams.erase(it);
    }
    streams.fetch_sub(1);
  }
  int PerToken() const {
    return options.max_streams_per_token > 0 ? options.max_streams_per_token
                                             : std::max(1, options.max_streams / 4);
  }

  void Accept();
  void AddCors(const Request& request, bhttp::fields& fields) const {
    auto origin = View(request[bhttp::field::origin]);
    if (origin.empty() || options.cors_origins.empty()) return;
    const auto& allowed = options.cors_origins;
    if (std::find(allowed.begin(), allowed.end(), "*") == allowed.end() &&
        std::find(allowed.begin(), allowed.end(), origin) == allowed.end()) {
      return;
    }
    fields.set(bhttp::field::access_control_allow_origin, std::string(origin));
    fields.set(bhttp::field::vary, "Origin");
    fields.set(bhttp::field::access_control_expose_headers, kExposeHeaders);
  }

  ConnectGateway& gateway;
  const HttpOptions options;
  const StaticFiles files;
  const MetricsText metrics;
  const Feeds feeds;
  std::atomic<bool> stopping{false};
  std::atomic<int> connections{0};
  std::atomic<int> streams{0};
  std::atomic<int64_t> calls{0};
  std::atomic<int64_t> refused{0};
  std::atomic<int> answering{0};  // answers posted by the pool and not yet written
  std::atomic<int64_t> last_warning{0};
  std::mutex token_mu;
  std::map<std::string, int> token_streams;
  std::optional<ssl::context> tls;
  std::unique_ptr<CallPool> pool;
  bool started = false;
  bool stopped = false;

  asio::io_context io{kIoThreads};
  // Keeps the I/O threads running while no connection has an operation under way, until Stop.
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  tcp::acceptor acceptor{asio::make_strand(io)};  // the accept loop and Stop meet on its strand
  asio::steady_timer accept_pause{acceptor.get_executor()};
  std::vector<std::thread> io_threads;
};

namespace {

// One connection: reads a request's head within its deadline, answers what needs no call at
// once, reads a call's body within its own, hands the call to the pool and writes its answer;
// then the next request, or a close.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(HttpServer::Impl& server, Stream stream, std::string peer)
      : server_(server), stream_(std::move(stream)), peer_(std::move(peer)) {}
  ~Session() {
    AnswerWritten();
    server_.connections.fetch_sub(1);
  }

  void Start() {
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(server_.options.head_timeout_seconds));
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->Drop();
                                self->ReadHead();
                              });
    } else {
      ReadHead();
    }
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }
  const HttpOptions& options() const { return server_.options; }
  const Request& request() const { return parser_->get(); }

  void ReadHead() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(options().max_head_bytes));
    // No body limit yet: Beast would refuse a large Content-Length in the middle of the head.
    // The length is checked once the head is whole, and the limit set before a body is read.
    parser_->body_limit(boost::none);
    Lowest().expires_after(std::chrono::seconds(options().head_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
  }

  void OnHead(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return Reply(TextAnswer(431, 11, "the request head is too large\n"), true);
    }
    if (ec) {
      // A malformed request gets a word before the close; a client gone or too slow, nothing.
      if (ec.category() == beast::http::make_error_code(bhttp::error::bad_target).category() &&
          ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        return Reply(TextAnswer(400, 11, "malformed request\n"), true);
      }
      return Drop();
    }
    Route();
  }

  void Route() {
    const Request& req = request();
    absl::string_view target = View(req.target());
    absl::string_view path = target.substr(0, target.find('?'));
    bool body_follows = !parser_->is_done();
    switch (req.method()) {
      case bhttp::verb::post:
        if (RpcShaped(path)) return BeginCall(path);
        [[fallthrough]];
      case bhttp::verb::put:
      case bhttp::verb::patch:
      case bhttp::verb::delete_:
        // A body sent anywhere else is never read.
        return Reply(TextAnswer(404, req.version(), "not found\n"), true);
      case bhttp::verb::options: {
        Answer answer{bhttp::status::no_content, req.version()};
        server_.AddCors(req, answer);
        if (answer.find(bhttp::field::access_control_allow_origin) == answer.end()) {
          answer.result(bhttp::status::forbidden);
        } else {
          answer.set(bhttp::field::access_control_allow_methods, "POST, GET");
          answer.set(bhttp::field::access_control_allow_headers, kAllowHeaders);
          answer.set(bhttp::field::access_control_max_age, "7200");
        }
        return Reply(std::move(answer), body_follows);
      }
      case bhttp::verb::get:
      case bhttp::verb::head:
        if (server_.feeds.matches && server_.feeds.matches(path)) {
          return BeginFeed(path, body_follows, req.method() == bhttp::verb::head);
        }
        return Reply(Get(path), body_follows, req.method() == bhttp::verb::head);
      default: {
        Answer answer = TextAnswer(405, req.version(), "method not allowed\n");
        answer.set(bhttp::field::allow, "GET, HEAD, POST, OPTIONS");
        return Reply(std::move(answer), true);
      }
    }
  }

  Answer Get(absl::string_view path) {
    unsigned version = request().version();
    if (path == "/metrics") {
      if (!server_.metrics) return TextAnswer(404, version, "not found\n");
      Answer answer{bhttp::status::ok, version};
      answer.set(bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      answer.body() = server_.metrics();
      return answer;
    }
    std::optional<StaticFile> file;
    if (server_.files) file = server_.files(path == "/" ? "/index.html" : path);
    if (!file) return TextAnswer(404, version, "not found\n");
    Answer answer{bhttp::status::ok, version};
    answer.set(bhttp::field::content_type, file->content_type);
    answer.set(bhttp::field::cache_control, "no-cache");
    answer.set("X-Content-Type-Options", "nosniff");
    answer.set("Content-Security-Policy", kContentSecurityPolicy);
    answer.body().assign(file->body.data(), file->body.size());
    return answer;
  }

  // A feed is made on the pool (it reads the database); the answer is conditional.
  void BeginFeed(absl::string_view path, bool close, bool head_only) {
    const Request& req = request();
    FeedRequest feed;
    feed.path = std::string(path);
    feed.token = QueryParameter(View(req.target()), "token");
    feed.authorization = std::string(View(req[bhttp::field::authorization]));
    std::string if_none_match(View(req[bhttp::field::if_none_match]));
    std::string if_modified_since(View(req[bhttp::field::if_modified_since]));
    unsigned version = req.version();
    auto self = this->shared_from_this();
    bool queued = server_.pool->TrySubmit([self, feed = std::move(feed), if_none_match,
                                           if_modified_since, version, close, head_only] {
      FeedDocument document = self->server_.feeds.serve(feed);
      if (document.status != 200) {
        Answer refused = TextAnswer(document.status, version, document.message + "\n");
        if (document.status == 401) refused.set(bhttp::field::www_authenticate, "Bearer");
        return self->PostAnswer(std::move(refused), close, head_only);
      }
      std::string etag = EntityTag(document.body);
      bool current = NotModified(if_none_match, if_modified_since, etag, document.last_modified);
      Answer answer{current ? bhttp::status::not_modified : bhttp::status::ok, version};
      answer.set(bhttp::field::etag, etag);
      if (document.last_modified > 0) {
        answer.set(bhttp::field::last_modified, HttpDate(document.last_modified));
      }
      // Fetched with a token: kept by the client only, and checked again before each use.
      answer.set(bhttp::field::cache_control, "private, no-cache");
      if (!current) {
        answer.set(bhttp::field::content_type, document.content_type);
        answer.set(bhttp::field::content_disposition,
                   absl::StrCat("inline; filename=\"", document.file_name, "\""));
        answer.set("X-Content-Type-Options", "nosniff");
        answer.body() = std::move(document.body);
      }
      self->PostAnswer(std::move(answer), close, head_only || current);
    });
    if (!queued) {
      Answer busy = TextAnswer(503, version, "the HTTP port is busy; retry shortly\n");
      busy.set(bhttp::field::retry_after, "1");
      Reply(std::move(busy), close, head_only);
    }
  }

  // Writes `answer`; then reads the next request, or closes when `close` or the client asked.
  void Reply(Answer answer, bool close, bool head_only = false) {
    bool keep = !close && parser_ && request().keep_alive();
    answer.keep_alive(keep);
    if (answer.result() == bhttp::status::not_modified) {
      answer.body().clear();  // no content, and no length: a 304 has none
    } else if (head_only) {
      size_t size = answer.body().size();
      answer.body().clear();
      answer.content_length(size);
    } else {
      answer.prepare_payload();
    }
    auto shared = std::make_shared<Answer>(std::move(answer));
    Lowest().expires_after(std::chrono::seconds(options().write_timeout_seconds));
    bhttp::async_write(
        stream_, *shared,
        [self = this->shared_from_this(), shared, keep](beast::error_code ec, size_t) {
          self->AnswerWritten();
          if (ec) return self->Drop();
          if (!keep || self->server_.stopping.load()) return self->LingerAndClose();
          self->ReadHead();
        });
  }

  // Refuses the call before it is made: a Connect error, or the end of a stream.
  void Refuse(const grpc::Status& status, bool close) {
    LogRefusal(path_, peer_, status);
    unsigned version = request().version();
    if (!stream_form_)
      return Reply(FromUnary(ConnectGateway::Refusal(type_, status), version), close);
    Answer answer{bhttp::status::ok, version};
    answer.set(bhttp::field::content_type, ResponseContentType(type_));
    server_.AddCors(request(), answer);
    answer.body() = ConnectGateway::StreamRefusal(type_, status);
    Reply(std::move(answer), close);
  }

  void BeginCall(absl::string_view path) {
    server_.calls.fetch_add(1);
    const Request& req = request();
    path_ = std::string(path);
    method_ = server_.gateway.FindMethod(path);
    if (method_ == nullptr) {
      grpc::Status refused(grpc::StatusCode::UNIMPLEMENTED, absl::StrCat("no method ", path));
      LogRefusal(path, peer_, refused);
      Answer answer = FromUnary(ConnectGateway::Refusal(ContentType{}, refused), req.version());
      answer.result(bhttp::status::not_found);
      server_.AddCors(req, answer);
      return Reply(std::move(answer), true);
    }
    // A unary method takes the unary protocol; a streaming one the streaming protocol. gRPC-Web
    // frames every call.
    auto type = ParseContentType(View(req[bhttp::field::content_type]));
    if (!type || (!type->grpc_web && type->streaming != method_->server_streaming())) {
      LogRefusal(path, peer_,
                 grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              "415: content type " +
                                  services::CapForLog(View(req[bhttp::field::content_type]), 80)));
      Answer answer = TextAnswer(415, req.version(), "unsupported content type\n");
      answer.set("Accept-Post", kAcceptPost);
      server_.AddCors(req, answer);
      return Reply(std::move(answer), true);
    }
    type_ = *type;
    stream_form_ = type_.streaming || type_.grpc_web;
    if ((type_.streaming || method_->server_streaming()) && req.version() < 11) {
      // A stream's answer is chunked, which HTTP/1.0 has not.
      return Reply(TextAnswer(505, req.version(), "streams need HTTP/1.1\n"), true);
    }

    auto version = View(req["Connect-Protocol-Version"]);
    if (!version.empty() && version != "1") {
      return Refuse(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "Connect-Protocol-Version must be 1 when given"),
                    true);
    }
    // The body's own encoding, then (for streams) the messages'. Only gzip and identity are
    // read; the protocol asks for UNIMPLEMENTED on any other.
    auto body_encoding = ParseCompression(View(req[bhttp::field::content_encoding]));
    const char* message_header = type_.grpc_web ? "Grpc-Encoding" : "Connect-Content-Encoding";
    auto message_encoding = ParseCompression(View(req[message_header]));
    if (!body_encoding) {
      return Refuse(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                 "Content-Encoding: this server reads gzip and identity"),
                    true);
    }
    if (stream_form_ && message_encoding != Compression::kIdentity) {
      return Refuse(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                 absl::StrCat(message_header,
                                              ": this server reads uncompressed messages only")),
                    true);
    }
    gzip_ = *body_encoding == Compression::kGzip;

    authorization_ = std::string(View(req[bhttp::field::authorization]));
    if (!PrintableAscii(authorization_)) {
      return Refuse(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                 "the Authorization header holds characters a token never has"),
                    true);
    }
    timeout_ms_.reset();
    bool bad_timeout = false;
    if (type_.grpc_web && req.find("Grpc-Timeout") != req.end()) {
      timeout_ms_ = ParseGrpcTimeoutMs(View(req["Grpc-Timeout"]));
      bad_timeout = !timeout_ms_;
    } else if (req.find("Connect-Timeout-Ms") != req.end()) {
      timeout_ms_ = ParseTimeoutMs(View(req["Connect-Timeout-Ms"]));
      bad_timeout = !timeout_ms_;
    }
    if (bad_timeout) {
      return Refuse(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "the timeout header is malformed: Connect-Timeout-Ms takes up "
                                 "to ten digits (milliseconds)"),
                    true);
    }
    auto length = parser_->content_length();
    if (length && *length > options().max_body_bytes) {
      // Many clients read no answer before they have sent their whole body: up to a few times
      // the limit, it is read and dropped so that they do read the refusal.
      linger_bytes_ = std::min<uint64_t>(*length, 4 * options().max_body_bytes) + kLingerBytes;
      linger_time_ = std::chrono::seconds(options().body_timeout_seconds);
      return Refuse(TooLarge(), true);
    }
    if (req.version() >= 11 && beast::iequals(req[bhttp::field::expect], "100-continue")) {
      auto proceed = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_,
                                                                          req.version());
      Lowest().expires_after(std::chrono::seconds(options().write_timeout_seconds));
      return bhttp::async_write(
          stream_, *proceed,
          [self = this->shared_from_this(), proceed](beast::error_code ec, size_t) {
            if (ec) return self->Drop();
            self->ReadBody();
          });
    }
    ReadBody();
  }

  grpc::Status TooLarge() const {
    return grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("the request body is larger than ", options().max_body_bytes, " bytes"));
  }

  void ReadBody() {
    parser_->body_limit(options().max_body_bytes);
    Lowest().expires_after(std::chrono::seconds(options().body_timeout_seconds));
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return Refuse(TooLarge(), true);
    if (ec == bhttp::error::buffer_overflow || ec == bhttp::error::bad_chunk ||
        ec == bhttp::error::bad_chunk_extension || ec == bhttp::error::bad_transfer_encoding) {
      return Refuse(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "the request body is not well-formed chunked encoding"),
                    true);
    }
    if (ec) {
      // A body cut short (a stall, a disconnect) is never called with: what was read of it may
      // parse as a message with fields missing.
      LogRefusal(path_, peer_,
                 grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              "the request body could not be read whole"));
      return Drop();
    }
    Dispatch(std::move(parser_->get().body()));
  }

  // Inflates a gzip body, on a pool thread (a small body may inflate to the whole limit); false,
  // with the refusal posted, when it is not one.
  bool Inflate(std::string& body) {
    if (!gzip_) return true;
    auto inflated = Gunzip(body, options().max_body_bytes);
    if (inflated.ok()) {
      body = std::move(*inflated);
      return true;
    }
    grpc::Status refused(inflated.status().code() == absl::StatusCode::kResourceExhausted
                             ? grpc::StatusCode::RESOURCE_EXHAUSTED
                             : grpc::StatusCode::INVALID_ARGUMENT,
                         std::string(inflated.status().message()));
    server_.answering.fetch_add(1);
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), refused] {
      self->answer_counted_ = true;
      self->Refuse(refused, false);
    });
    return false;
  }

  // Posts a whole answer to the connection's strand, from a pool thread; Stop waits for it to be
  // written.
  void PostAnswer(Answer answer, bool close = false, bool head_only = false) {
    server_.answering.fetch_add(1);
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), answer = std::move(answer),
                                        close, head_only]() mutable {
      self->answer_counted_ = true;
      self->server_.AddCors(self->request(), answer);
      self->Reply(std::move(answer), close, head_only);
    });
  }
  void AnswerWritten() {
    if (!answer_counted_) return;
    answer_counted_ = false;
    server_.answering.fetch_sub(1);
  }

  void Dispatch(std::string body) {
    const Request& req = request();
    CallHeaders headers;
    headers.authorization = authorization_;
    headers.peer = peer_;
    headers.user_agent = std::string(View(req[bhttp::field::user_agent]));
    headers.timeout_ms = timeout_ms_;
    auto self = this->shared_from_this();
    grpc::Status busy(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "the HTTP port is making as many calls as it can; retry shortly");
    unsigned version = req.version();
    if (!stream_form_) {
      bool queued = server_.pool->TrySubmit([self, body = std::move(body),
                                             headers = std::move(headers), version]() mutable {
        if (!self->Inflate(body)) return;
        self->PostAnswer(FromUnary(
            self->server_.gateway.CallUnary(*self->method_, self->type_, body, headers), version));
      });
      if (!queued) Refuse(busy, false);
      return;
    }
    if (!method_->server_streaming()) {
      // gRPC-Web frames a unary answer too; it is whole once the call ends, so it is written as
      // one answer, like any unary one, and no thread waits on the client's reading.
      bool queued = server_.pool->TrySubmit([self, body = std::move(body),
                                             headers = std::move(headers), version]() mutable {
        if (!self->Inflate(body)) return;
        auto call = self->server_.gateway.CallStreamed(*self->method_, self->type_, body, headers);
        Answer answer{bhttp::status::ok, version};
        answer.set(bhttp::field::content_type, ResponseContentType(self->type_));
        std::string chunk;
        for (;;) {
          auto step = call->Next(&chunk, absl::Seconds(1));
          if (step == StreamedCall::Step::kEnd) break;
          if (step == StreamedCall::Step::kChunk) answer.body() += chunk;
        }
        self->PostAnswer(std::move(answer));
      });
      if (!queued) Refuse(busy, false);
      return;
    }
    auto slot = server_.TakeStream(authorization_);
    if (slot != HttpServer::Impl::StreamSlot::kTaken) {
      return Refuse(
          grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                       slot == HttpServer::Impl::StreamSlot::kAllBusy
                           ? absl::StrCat("this server holds ", options().max_streams,
                                          " HTTP streams already; use gRPC for more, or retry "
                                          "later")
                           : absl::StrCat("this token holds ", server_.PerToken(),
                                          " HTTP streams already; end one, or use gRPC for more")),
          false);
    }
    bool queued =
        server_.pool->TrySubmit([self, body = std::move(body), headers = std::move(headers),
                                 token = authorization_]() mutable {
          if (self->Inflate(body)) self->RunStream(body, headers);
          // Not authorization_: once a refusal is written, the strand may be reading the next
          // request on this connection into it.
          self->server_.ReleaseStream(token);
        });
    if (!queued) {
      server_.ReleaseStream(authorization_);
      Refuse(busy, false);
    }
  }

  // Waits, on a pool thread, for an operation `start` begins on the connection's strand.
  template <class Start>
  bool Await(Start start) {
    std::promise<bool> done;
    auto future = done.get_future();
    asio::post(stream_.get_executor(), [&] {
      try {
        Lowest().expires_after(std::chrono::seconds(options().write_timeout_seconds));
        start([&done](beast::error_code ec, size_t) { done.set_value(!ec); });
      } catch (...) {
        done.set_value(false);  // never left waiting: Stop joins this thread
      }
    });
    return future.get();
  }

  // Runs on a pool thread for the stream's life: each chunk is written as it comes, with the
  // write deadline; a client gone or not reading ends the call.
  void RunStream(const std::string& body, const CallHeaders& headers) {
    auto call = server_.gateway.CallStreamed(*method_, type_, body, headers);
    bhttp::response<bhttp::empty_body> head{bhttp::status::ok, request().version()};
    head.set(bhttp::field::content_type, ResponseContentType(type_));
    server_.AddCors(request(), head);
    head.keep_alive(false);
    head.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> serializer{head};
    bool alive = Await(
        [&](auto handler) { bhttp::async_write_header(stream_, serializer, std::move(handler)); });
    if (alive) {
      asio::post(stream_.get_executor(),
                 [self = this->shared_from_this()] { self->WatchForClose(); });
    }
    bool ended = false;
    std::string chunk;
    std::optional<std::chrono::steady_clock::time_point> stop_seen;
    while (alive && !ended && !peer_gone_.load()) {
      if (server_.stopping.load()) {
        auto now = std::chrono::steady_clock::now();
        if (!stop_seen) stop_seen = now;
        if (now - *stop_seen > kStreamEndGrace) break;
      }
      switch (call->Next(&chunk, absl::Seconds(1))) {
        case StreamedCall::Step::kChunk: {
          auto framed = bhttp::make_chunk(asio::buffer(chunk));
          alive =
              Await([&](auto handler) { asio::async_write(stream_, framed, std::move(handler)); });
          break;
        }
        case StreamedCall::Step::kEnd: {
          auto last = bhttp::make_chunk_last();
          alive =
              Await([&](auto handler) { asio::async_write(stream_, last, std::move(handler)); });
          ended = true;
          break;
        }
        case StreamedCall::Step::kWaiting:
          break;
      }
    }
    if (!ended) call->Cancel();
    call.reset();
    // The close read has taken whatever the client sent, so the close is clean after the end.
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->Drop(); });
  }

  // While a stream is open, reads (and drops) what the client sends, to learn at once when it
  // leaves rather than at the next write.
  void WatchForClose() {
    Lowest().expires_never();  // only the read's timer: a write under way keeps its deadline
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = this->shared_from_this()](beast::error_code ec, size_t size) {
                              self->lingered_ += size;
                              if (ec || self->lingered_ > kLingerBytes) {
                                self->peer_gone_.store(true);
                                return;
                              }
                              self->WatchForClose();
                            });
  }

  // Stops sending, then reads and drops what the client still sends for a moment, so that it
  // reads the answer before it sees the connection close.
  void LingerAndClose() {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lingered_ = 0;
    Lowest().expires_after(linger_time_);
    Discard();
  }
  void Discard() {
    Lowest().async_read_some(asio::buffer(scratch_),
                             [self = this->shared_from_this()](beast::error_code ec, size_t size) {
                               self->lingered_ += size;
                               if (ec || self->lingered_ > self->linger_bytes_) return self->Drop();
                               self->Discard();
                             });
  }

  void Drop() {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().close();
  }

  HttpServer::Impl& server_;
  Stream stream_;
  const std::string peer_;
  // Bounded: Beast parses chunk-size lines and trailers with no limit of its own, and a trailer
  // field over 64 KiB would throw from inside the parser.
  beast::flat_buffer buffer_{kMaxBuffered};
  std::optional<Parser> parser_;
  // The call being made on this connection.
  std::string path_;
  const google::protobuf::MethodDescriptor* method_ = nullptr;
  ContentType type_;
  bool stream_form_ = false;
  bool gzip_ = false;
  std::string authorization_;
  std::optional<int64_t> timeout_ms_;
  bool answer_counted_ = false;  // the answer being written is one Stop waits for
  std::atomic<bool> peer_gone_{false};
  // Closing.
  size_t lingered_ = 0;
  uint64_t linger_bytes_ = kLingerBytes;
  std::chrono::steady_clock::duration linger_time_ = kLinger;
  char scratch_[4096];
};

void WarnRateLimited(std::atomic<int64_t>& last, const std::string& what) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t before = last.load();
  if (now - before < 10 || !last.compare_exchange_strong(before, now)) return;
  spdlog::warn("HTTP port: {}", what);
}

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping.load() || !acceptor.is_open()) return;
    if (ec) {
      if (ec == asio::error::no_descriptors || ec.value() == ENFILE ||
          ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
        // The connection waits in the backlog until a descriptor is free.
        WarnRateLimited(last_warning, "no file descriptor is free; accepting again shortly");
        accept_pause.expires_after(std::chrono::milliseconds(100));
        accept_pause.async_wait([this](beast::error_code waited) {
          if (!waited) Accept();
        });
        return;
      }
      return Accept();  // a connection reset before it was accepted, and the like
    }
    int fd = socket.native_handle();
    if (connections.load() >= options.max_connections ||
        (options.admit_below_fd > 0 && fd >= options.admit_below_fd)) {
      refused.fetch_add(1);
      WarnRateLimited(last_warning, "connections refused: the connection limit is reached");
      beast::error_code ignored;
      socket.close(ignored);
      return Accept();
    }
    connections.fetch_add(1);
    beast::error_code ignored;
    // Answers and stream chunks go out as soon as they are written, as gRPC's do.
    socket.set_option(tcp::no_delay(true), ignored);
    auto remote = socket.remote_endpoint(ignored);
    std::string peer = absl::StrCat(remote.address().to_string(ignored), ":", remote.port());
    if (tls) {
      using TlsStream = beast::ssl_stream<beast::tcp_stream>;
      std::make_shared<Session<TlsStream>>(
          *this, TlsStream(beast::tcp_stream(std::move(socket)), *tls), std::move(peer))
          ->Start();
    } else {
      std::make_shared<Session<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)),
                                                   std::move(peer))
          ->Start();
    }
    Accept();
  });
}

HttpServer::HttpServer(ConnectGateway& gateway, HttpOptions options, StaticFiles files,
                       MetricsText metrics, Feeds feeds)
    : impl_(std::make_unique<Impl>(gateway, std::move(options), std::move(files),
                                   std::move(metrics), std::move(feeds))) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::open_connections() const { return impl_->connections.load(); }
int HttpServer::open_streams() const { return impl_->streams.load(); }
int64_t HttpServer::calls() const { return impl_->calls.load(); }
int64_t HttpServer::refused_connections() const { return impl_->refused.load(); }

absl::StatusOr<int> HttpServer::Start() {
  Impl& s = *impl_;
  auto address = SplitHostPort(s.options.listen);
  if (!address) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http-listen ", s.options.listen, " is not host:port"));
  }
  if (!s.options.tls_cert.empty()) {
    s.tls.emplace(ssl::context::tls_server);
    boost::system::error_code ec;
    s.tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1,
                       ec);
    if (!ec) s.tls->use_certificate_chain_file(s.options.tls_cert, ec);
    if (!ec) s.tls->use_private_key_file(s.options.tls_key, ssl::context::pem, ec);
    if (!ec && !s.options.tls_client_ca.empty()) {
      s.tls->load_verify_file(s.options.tls_client_ca, ec);
      if (!ec) {
        s.tls->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
      }
    }
    if (ec) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot load the TLS certificate and key for the HTTP port: ", ec.message()));
    }
  }
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  auto ip = asio::ip::make_address(address->first, ec);
  if (!ec) {
    endpoint = tcp::endpoint(ip, static_cast<uint16_t>(address->second));
  } else {
    tcp::resolver resolver(s.io);
    auto found = resolver.resolve(address->first, std::to_string(address->second),
                                  tcp::resolver::passive, ec);
    if (ec || found.empty()) {
      return absl::UnavailableError(absl::StrCat("cannot resolve ", s.options.listen));
    }
    endpoint = found.begin()->endpoint();
  }
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", s.options.listen, ": ", ec.message()));
  }
  int port = s.acceptor.local_endpoint().port();
  s.pool = std::make_unique<CallPool>(s.options.threads, static_cast<size_t>(s.options.threads));
  s.started = true;
  s.Accept();
  for (int i = 0; i < kIoThreads; ++i) {
    s.io_threads.emplace_back([&s] {
      // A handler that throws (memory exhausted, say) costs its connection, not the port.
      for (;;) {
        try {
          s.io.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("HTTP port: a connection failed: {}", e.what());
        }
      }
    });
  }
  return port;
}

void HttpServer::Stop() {
  Impl& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.stopping.store(true);
  asio::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
    s.accept_pause.cancel();
  });
  // Streams end (each within a moment) and calls under way answer; the I/O threads still run
  // until then, so every write a pool thread waits for completes.
  s.pool->Stop();
  // Then the answers just posted are written (a connection closes after its answer once
  // stopping), for a moment at most.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (s.answering.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  s.io.stop();
  for (auto& thread : s.io_threads) thread.join();
}

}  // namespace forum::server::http
