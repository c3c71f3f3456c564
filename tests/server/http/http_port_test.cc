// forumd's HTTP port on a real server: Connect unary and streaming calls, gRPC-Web, what is
// refused before any call, CORS, and the bounds on streams. The access matrix runs over this
// port too (tests/services/access_matrix_test.cc).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "forum/v1/event.pb.h"
#include "forum/v1/watch.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "httplib.h"
#include "server/http/connect_protocol.h"
#include "tests/support/raw_http.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

using server::http::DecodeEnvelopes;
using server::http::EncodeEnvelope;

google::protobuf::Struct ParseJson(const std::string& text) {
  google::protobuf::Struct object;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text, &object).ok()) << text;
  return object;
}

std::string CodeIn(const std::string& error_json) {
  auto object = ParseJson(error_json);
  auto it = object.fields().find("code");
  return it == object.fields().end() ? "" : it->second.string_value();
}

class HttpPortTest : public ServiceTest {
 protected:
  void SetUp() override {
    feed_options_.heartbeat = absl::Seconds(1);
    ServiceTest::SetUp();
    port_ = ServeHttp(Options());
  }
  virtual server::http::HttpOptions Options() { return {}; }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    return client;
  }
  httplib::Headers Auth(const std::string& secret) {
    return {{"Authorization", "Bearer " + secret}};
  }
  httplib::Result PostJson(const std::string& path, const std::string& json,
                           const std::string& secret) {
    return Client().Post(path.c_str(), Auth(secret), json, "application/json");
  }

  // GetEvent of the reference event as the administrator, with `extra` headers.
  httplib::Result GetEventWith(const httplib::Headers& extra,
                               const std::string& body = R"({"name":"events/hld-2006"})") {
    httplib::Headers headers = Auth(admin_secret_);
    headers.insert(extra.begin(), extra.end());
    return Client().Post("/forum.v1.EventService/GetEvent", headers, body, "application/json");
  }

  // WatchEvent of the reference event as a Connect stream, read whole.
  httplib::Result PostWatch(const httplib::Headers& headers,
                            const std::string& request = R"({"event":"events/hld-2006"})") {
    return Client().Post("/forum.v1.WatchService/WatchEvent", headers, EncodeEnvelope(0, request),
                         "application/connect+json");
  }

  int port_ = 0;
};

TEST_F(HttpPortTest, UnaryCallsAnswerInJsonOrBinaryAlike) {
  auto json =
      PostJson("/forum.v1.EventService/GetEvent", R"({"name":"events/hld-2006"})", admin_secret_);
  ASSERT_TRUE(json);
  ASSERT_EQ(json->status, 200) << json->body;
  EXPECT_EQ(json->get_header_value("Content-Type"), "application/json");
  v1::Event from_json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json->body, &from_json).ok());

  v1::GetEventRequest request;
  request.set_name("events/hld-2006");
  auto binary = Client().Post("/forum.v1.EventService/GetEvent", Auth(admin_secret_),
                              request.SerializeAsString(), "application/proto");
  ASSERT_TRUE(binary);
  ASSERT_EQ(binary->status, 200);
  EXPECT_EQ(binary->get_header_value("Content-Type"), "application/proto");
  v1::Event from_binary;
  ASSERT_TRUE(from_binary.ParseFromString(binary->body));
  EXPECT_EQ(from_json.SerializeAsString(), from_binary.SerializeAsString());
  EXPECT_EQ(from_binary.title(), "High-level Dialogue on International Migration and Development");
}

TEST_F(HttpPortTest, ErrorsHaveTheirCodeStatusAndDetails) {
  auto missing =
      PostJson("/forum.v1.EventService/GetEvent", R"({"name":"events/none"})", admin_secret_);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto error = ParseJson(missing->body);
  EXPECT_EQ(error.fields().at("code").string_value(), "not_found");
  const auto& detail = error.fields().at("details").list_value().values(0).struct_value();
  EXPECT_EQ(detail.fields().at("type").string_value(), "forum.v1.ResourceInfo");

  auto bad = PostJson("/forum.v1.EventService/GetEvent", R"({"name":"nonsense"})", admin_secret_);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(CodeIn(bad->body), "invalid_argument");

  auto anonymous = Client().Post("/forum.v1.EventService/GetEvent", R"({"name":"events/hld-2006"})",
                                 "application/json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(CodeIn(anonymous->body), "unauthenticated");

  auto reader =
      PostJson("/forum.v1.EventService/CreateEvent", R"({"eventId":"x"})", TokenFor({"reader"}));
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->status, 403);
  EXPECT_EQ(CodeIn(reader->body), "permission_denied");
}

TEST_F(HttpPortTest, RequestsRefusedBeforeAnyCallChangeNothing) {
  int64_t transactions = db_->transactions();
  int rows = CountRows("events");
  auto unknown = PostJson("/forum.v1.EventService/Explode", "{}", admin_secret_);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(CodeIn(unknown->body), "unimplemented");

  auto text =
      Client().Post("/forum.v1.EventService/GetEvent", Auth(admin_secret_), "x", "text/plain");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 415);
  EXPECT_NE(text->get_header_value("Accept-Post").find("application/json"), std::string::npos);

  // The unary protocol on a streaming method and the streaming one on a unary method.
  auto wrong_protocol = Client().Post("/forum.v1.WatchService/WatchEvent", Auth(admin_secret_),
                                      "{}", "application/json");
  ASSERT_TRUE(wrong_protocol);
  EXPECT_EQ(wrong_protocol->status, 415);

  const std::string create =
      R"({"eventId":"late","event":{"title":"T","kind":"EVENT_KIND_CONSULTATION",
      "venue":"Geneva","timeZone":"Europe/Zurich","startDate":"2027-09-01","endDate":"2027-09-01"}})";
  for (const std::string& body :
       {std::string(R"({"eventId":"late","event":{"title":3}})"), std::string("{"),
        absl::StrCat(R"({"eventId":"late","unknownField":1,"event":)", create, "}")}) {
    auto refused = PostJson("/forum.v1.EventService/CreateEvent", body, admin_secret_);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << body;
    EXPECT_EQ(CodeIn(refused->body), "invalid_argument") << body;
  }

  auto version = Client().Post(
      "/forum.v1.EventService/CreateEvent",
      {{"Authorization", "Bearer " + admin_secret_}, {"Connect-Protocol-Version", "2"}}, create,
      "application/json");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->status, 400);

  auto timeout =
      Client().Post("/forum.v1.EventService/CreateEvent",
                    {{"Authorization", "Bearer " + admin_secret_}, {"Connect-Timeout-Ms", "soon"}},
                    create, "application/json");
  ASSERT_TRUE(timeout);
  EXPECT_EQ(timeout->status, 400);
  EXPECT_EQ(CodeIn(timeout->body), "invalid_argument");

  std::string huge =
      absl::StrCat(R"({"eventId":"late","event":{"title":")", std::string(5 << 20, 'a'), R"("}})");
  auto too_large = PostJson("/forum.v1.EventService/CreateEvent", huge, admin_secret_);
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 429);
  EXPECT_EQ(CodeIn(too_large->body), "resource_exhausted");

  EXPECT_EQ(db_->transactions(), transactions);
  EXPECT_EQ(CountRows("events"), rows);
  // And the same call, well formed, is made.
  auto made = PostJson("/forum.v1.EventService/CreateEvent", create, admin_secret_);
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 200) << made->body;
  EXPECT_EQ(CountRows("events"), rows + 1);
}

// The finding: `Authorization: Bearer %FF` reached gRPC as a byte no header may hold, and gRPC
// aborted the process. It is refused, and the server serves the next call.
TEST_F(HttpPortTest, AnAuthorizationNoTokenCouldHoldIsRefusedAndTheServerLives) {
  // %FF is no longer decoded (it is a token that does not exist); bytes above ASCII reach the
  // gateway as they are and are refused there.
  for (const char* value : {"Bearer %FF", "Bearer \xff\xfe", "Bearer \x80"}) {
    auto refused = Client().Post("/forum.v1.EventService/GetEvent", {{"Authorization", value}},
                                 R"({"name":"events/hld-2006"})", "application/json");
    ASSERT_TRUE(refused) << value;
    EXPECT_EQ(refused->status, 401) << value;
    EXPECT_EQ(CodeIn(refused->body), "unauthenticated") << value;
    auto stream = Client().Post("/forum.v1.WatchService/WatchEvent", {{"Authorization", value}},
                                EncodeEnvelope(0, R"({"event":"events/hld-2006"})"),
                                "application/connect+json");
    ASSERT_TRUE(stream) << value;
    EXPECT_NE(stream->body.find("unauthenticated"), std::string::npos) << value;
  }
  // A control character is no header value at all: the HTTP parser refuses the request.
  auto control =
      Client().Post("/forum.v1.EventService/GetEvent", {{"Authorization", "Bearer \x7f"}},
                    R"({"name":"events/hld-2006"})", "application/json");
  ASSERT_TRUE(control);
  EXPECT_EQ(control->status, 400);
  auto fine =
      PostJson("/forum.v1.EventService/GetEvent", R"({"name":"events/hld-2006"})", admin_secret_);
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

TEST_F(HttpPortTest, BodiesSentElsewhereAreNotReadAndTheConnectionCloses) {
  for (const char* path : {"/", "/metrics", "/index.html"}) {
    auto answer = Client().Post(path, std::string(64 << 10, 'x'), "application/octet-stream");
    ASSERT_TRUE(answer) << path;
    EXPECT_EQ(answer->status, 404) << path;
    EXPECT_EQ(answer->get_header_value("Connection"), "close") << path;
  }
  auto put = Client().Put("/forum.v1.EventService/GetEvent", "{}", "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 404);
}

TEST_F(HttpPortTest, ATimeoutOfZeroEndsTheCallAsDeadlineExceeded) {
  auto late = GetEventWith({{"Connect-Timeout-Ms", "0"}});
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 504);
  EXPECT_EQ(CodeIn(late->body), "deadline_exceeded");
}

// Reads a Connect stream on a thread of its own, envelope by envelope.
class StreamReader {
 public:
  StreamReader(int port, const std::string& secret, const std::string& request_json) {
    thread_ = std::thread([this, port, secret, request_json] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(60, 0);
      httplib::Request request;
      request.method = "POST";
      request.path = "/forum.v1.WatchService/WatchEvent";
      request.headers = {{"Authorization", "Bearer " + secret},
                         {"Content-Type", "application/connect+json"}};
      request.body = EncodeEnvelope(0, request_json);
      request.content_receiver = [this](const char* data, size_t size, uint64_t, uint64_t) {
        std::lock_guard<std::mutex> lock(mu_);
        buffer_.append(data, size);
        cv_.notify_all();
        return !stop_;
      };
      auto result = client.send(request);
      std::lock_guard<std::mutex> lock(mu_);
      status_ = result ? result->status : -1;
      finished_ = true;
      cv_.notify_all();
    });
  }
  ~StreamReader() { Join(); }

  // Waits until the stream holds a whole envelope whose text contains `needle`.
  bool WaitFor(const std::string& needle) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] {
      auto envelopes = DecodeEnvelopes(buffer_);
      if (!envelopes.ok()) return false;  // one still arriving
      for (const auto& e : *envelopes) {
        if (e.data.find(needle) != std::string::npos) return true;
      }
      return finished_;
    }) && buffer_.find(needle) != std::string::npos;
  }
  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  int status() {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }
  std::vector<server::http::Envelope> Envelopes() {
    std::lock_guard<std::mutex> lock(mu_);
    auto envelopes = DecodeEnvelopes(buffer_);
    return envelopes.ok() ? *envelopes : std::vector<server::http::Envelope>();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buffer_;
  bool stop_ = false;
  bool finished_ = false;
  int status_ = 0;
  std::thread thread_;
};

TEST_F(HttpPortTest, TheChangeFeedStreamsSnapshotThenChangesThenItsEnd) {
  CreateOpenEvent("http-feed");
  StreamReader stream(port_, admin_secret_,
                      R"({"event":"events/http-feed","prefixes":["rooms/"]})");
  ASSERT_TRUE(stream.WaitFor("KIND_CURRENT"));
  v1::CreateRoomRequest room;
  room.set_parent("events/http-feed");
  room.set_room_id("annex");
  room.mutable_room()->set_display_name("Annex");
  room.mutable_room()->set_capacity(40);
  v1::Room made;
  ASSERT_TRUE(events_->CreateRoom(Call().get(), room, &made).ok());
  ASSERT_TRUE(stream.WaitFor("events/http-feed/rooms/annex"));
  EXPECT_EQ(http_->open_streams(), 1);

  services_->StopStreams();
  stream.Join();
  EXPECT_EQ(stream.status(), 200);
  auto envelopes = stream.Envelopes();
  ASSERT_GE(envelopes.size(), 3u);  // (snapshot), current, the change, the end
  v1::WatchEventResponse change;
  bool found = false;
  for (size_t i = 0; i + 1 < envelopes.size(); ++i) {
    EXPECT_EQ(envelopes[i].flags, 0);
    v1::WatchEventResponse response;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(envelopes[i].data, &response).ok());
    if (response.kind() == v1::WatchEventResponse::KIND_CHANGES) {
      change = response;
      found = true;
    }
  }
  ASSERT_TRUE(found);
  ASSERT_EQ(change.changes_size(), 1);
  EXPECT_EQ(change.changes(0).type(), v1::CHANGE_TYPE_CREATED);
  v1::Room sent;
  ASSERT_TRUE(change.changes(0).resource().UnpackTo(&sent));
  EXPECT_EQ(sent.display_name(), "Annex");
  EXPECT_EQ(envelopes.back().flags, 2);
  auto end = ParseJson(envelopes.back().data);
  EXPECT_EQ(end.fields().at("error").struct_value().fields().at("code").string_value(),
            "unavailable");
  // The server lets go of the stream just after the client has read its end.
  for (int i = 0; i < 100 && http_->open_streams() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(http_->open_streams(), 0);
}

TEST_F(HttpPortTest, AClientThatLeavesEndsItsWatch) {
  StreamReader stream(port_, admin_secret_, R"({"event":"events/hld-2006"})");
  ASSERT_TRUE(stream.WaitFor("KIND_CURRENT"));
  EXPECT_EQ(services_->feed().watchers(), 1);
  stream.Stop();
  // The reader stops at its next chunk, a heartbeat; the server finds it gone at the one after.
  stream.Join();
  for (int i = 0; i < 200 && (services_->feed().watchers() > 0 || http_->open_streams() > 0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(services_->feed().watchers(), 0);
  EXPECT_EQ(http_->open_streams(), 0);
}

TEST_F(HttpPortTest, AStreamedRequestMustBeOneUncompressedMessage) {
  for (const std::string& body :
       {std::string("{}"), EncodeEnvelope(0, "{}") + EncodeEnvelope(0, "{}"),
        EncodeEnvelope(1, "{}"), EncodeEnvelope(0, R"({"event":3})")}) {
    auto result = Client().Post("/forum.v1.WatchService/WatchEvent", Auth(admin_secret_), body,
                                "application/connect+json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    auto envelopes = DecodeEnvelopes(result->body);
    ASSERT_TRUE(envelopes.ok());
    ASSERT_EQ(envelopes->size(), 1u);
    EXPECT_EQ((*envelopes)[0].flags, 2);
    auto end = ParseJson((*envelopes)[0].data);
    std::string code = end.fields().at("error").struct_value().fields().at("code").string_value();
    EXPECT_TRUE(code == "invalid_argument" || code == "unimplemented") << code;
  }
  EXPECT_EQ(services_->feed().watchers(), 0);
}

TEST_F(HttpPortTest, GrpcWebFramesUnaryCallsWithTrailers) {
  v1::GetEventRequest request;
  request.set_name("events/hld-2006");
  auto ok =
      Client().Post("/forum.v1.EventService/GetEvent", Auth(admin_secret_),
                    EncodeEnvelope(0, request.SerializeAsString()), "application/grpc-web+proto");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->get_header_value("Content-Type"), "application/grpc-web+proto");
  auto envelopes = DecodeEnvelopes(ok->body);
  ASSERT_TRUE(envelopes.ok());
  ASSERT_EQ(envelopes->size(), 2u);
  v1::Event event;
  ASSERT_TRUE(event.ParseFromString((*envelopes)[0].data));
  EXPECT_EQ(event.name(), "events/hld-2006");
  EXPECT_EQ((*envelopes)[1].flags, 0x80);
  EXPECT_NE((*envelopes)[1].data.find("grpc-status: 0\r\n"), std::string::npos);

  auto refused =
      Client().Post("/forum.v1.EventService/GetEvent",
                    EncodeEnvelope(0, request.SerializeAsString()), "application/grpc-web+proto");
  ASSERT_TRUE(refused);
  auto trailers = DecodeEnvelopes(refused->body);
  ASSERT_TRUE(trailers.ok());
  ASSERT_EQ(trailers->size(), 1u);
  EXPECT_NE((*trailers)[0].data.find("grpc-status: 16\r\n"), std::string::npos);
}

// Found by a hostile read: cpp-httplib, the port's first HTTP library, kept every header line
// it was sent, so one connection streaming headers grew forumd without bound (reproduced: 110
// MB of headers, 700 MB more resident). The head is now bounded in size.
TEST_F(HttpPortTest, AHeadTooLargeIsRefusedAndItsConnectionClosed) {
  RawConnection flood(port_);
  ASSERT_TRUE(flood.connected());
  std::string line = absl::StrCat("X-Filler: ", std::string(1000, 'a'), "\r\n");
  flood.Send("GET / HTTP/1.1\r\nHost: forum\r\n");
  int sent = 0;
  while (sent < 10000 && flood.Send(line)) ++sent;  // 10 MB, unless the server closes first
  std::string answer = flood.ReadUntilClosed(std::chrono::seconds(10));
  EXPECT_TRUE(absl::StartsWith(answer, "HTTP/1.1 431 ") || answer.empty()) << answer;
  EXPECT_TRUE(flood.ClosedWithin(std::chrono::seconds(5)));
  EXPECT_LT(sent, 10000) << "the server read 10 MB of headers";

  // A head just under the bound is served.
  RawConnection fine(port_);
  ASSERT_TRUE(fine.Send(absl::StrCat("GET /metrics HTTP/1.1\r\nHost: forum\r\n",
                                     "X-Filler: ", std::string(8000, 'a'), "\r\n\r\n")));
  EXPECT_TRUE(
      absl::StartsWith(fine.ReadUntil("\r\n\r\n", std::chrono::seconds(10)), "HTTP/1.1 404 "));
}

TEST_F(HttpPortTest, AnUnknownCompressionIsUnimplementedAndGzipIsRead) {
  auto brotli = GetEventWith({{"Content-Encoding", "br"}});
  ASSERT_TRUE(brotli);
  EXPECT_EQ(brotli->status, 501);
  EXPECT_EQ(CodeIn(brotli->body), "unimplemented");

  auto gzip = GetEventWith({{"Content-Encoding", "gzip"}}, Gzip(R"({"name":"events/hld-2006"})"));
  ASSERT_TRUE(gzip);
  EXPECT_EQ(gzip->status, 200) << gzip->body;
  EXPECT_NE(gzip->body.find("High-level Dialogue"), std::string::npos);

  auto broken = GetEventWith({{"Content-Encoding", "gzip"}});  // not gzip at all
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_EQ(CodeIn(broken->body), "invalid_argument");

  // Compressed messages in a stream are not taken: the stream ends as unimplemented.
  auto stream = Client().Post(
      "/forum.v1.WatchService/WatchEvent",
      {{"Authorization", "Bearer " + admin_secret_}, {"Connect-Content-Encoding", "gzip"}},
      EncodeEnvelope(0, R"({"event":"events/hld-2006"})"), "application/connect+json");
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->status, 200);
  auto envelopes = DecodeEnvelopes(stream->body);
  ASSERT_TRUE(envelopes.ok());
  ASSERT_EQ(envelopes->size(), 1u);
  EXPECT_NE((*envelopes)[0].data.find("unimplemented"), std::string::npos);
  EXPECT_EQ(services_->feed().watchers(), 0);
}

// Found by a review of the Beast port: Beast reads chunk-size lines and trailers without a limit
// of its own, and a trailer field over 64 KiB threw from inside the parser, which would have
// ended forumd. The read buffer is bounded, and such a body is refused.
TEST_F(HttpPortTest, AChunkedBodyWithAHugeTrailerOrExtensionIsRefused) {
  const std::string head = absl::StrCat(
      "POST /forum.v1.EventService/GetEvent HTTP/1.1\r\nHost: forum\r\nAuthorization: Bearer ",
      admin_secret_, "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (const std::string& body :
       {absl::StrCat("1\r\n{\r\n0\r\nX-Trailer: ", std::string(70000, 'a'), "\r\n\r\n"),
        absl::StrCat("1;", std::string(1 << 20, 'e'))}) {
    RawConnection client(port_);
    ASSERT_TRUE(client.Send(head));
    client.Send(body);  // may fail once the server has closed
    std::string answer = client.ReadUntilClosed(std::chrono::seconds(10));
    EXPECT_TRUE(absl::StartsWith(answer, "HTTP/1.1 400 ")) << answer.substr(0, 200);
    EXPECT_NE(answer.find("invalid_argument"), std::string::npos);
  }
  auto fine =
      PostJson("/forum.v1.EventService/GetEvent", R"({"name":"events/hld-2006"})", admin_secret_);
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

// Found in the end-to-end suite: a stream whose client had left kept a call thread waiting for a
// write the stopped I/O threads would never make, and forumd never exited.
TEST_F(HttpPortTest, StopReturnsWhileStreamsAreOpenOrJustLeft) {
  StreamReader staying(port_, admin_secret_, R"({"event":"events/hld-2006"})");
  StreamReader leaving(port_, admin_secret_, R"({"event":"events/hld-2006"})");
  ASSERT_TRUE(staying.WaitFor("KIND_CURRENT"));
  ASSERT_TRUE(leaving.WaitFor("KIND_CURRENT"));
  leaving.Stop();
  leaving.Join();
  auto start = std::chrono::steady_clock::now();
  http_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(http_->open_streams(), 0);
  staying.Join();
}

// A refusal on a streaming method is the end of a stream, as a Connect client reads it, not a
// unary error.
TEST_F(HttpPortTest, AStreamWithABadProtocolVersionEndsAsAStream) {
  auto refused = Client().Post(
      "/forum.v1.WatchService/WatchEvent",
      {{"Authorization", "Bearer " + admin_secret_}, {"Connect-Protocol-Version", "2"}},
      EncodeEnvelope(0, R"({"event":"events/hld-2006"})"), "application/connect+json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 200);
  EXPECT_EQ(refused->get_header_value("Content-Type"), "application/connect+json");
  auto envelopes = DecodeEnvelopes(refused->body);
  ASSERT_TRUE(envelopes.ok());
  ASSERT_EQ(envelopes->size(), 1u);
  EXPECT_EQ((*envelopes)[0].flags, 2);
  EXPECT_NE((*envelopes)[0].data.find("invalid_argument"), std::string::npos);
}

// curl and others ask before they send a large body.
TEST_F(HttpPortTest, AClientThatExpectsContinueIsAskedForItsBody) {
  RawConnection client(port_);
  std::string body = R"({"name":"events/hld-2006"})";
  ASSERT_TRUE(client.Send(absl::StrCat(
      "POST /forum.v1.EventService/GetEvent HTTP/1.1\r\nHost: forum\r\n", "Authorization: Bearer ",
      admin_secret_, "\r\nContent-Type: application/json\r\n", "Content-Length: ", body.size(),
      "\r\nExpect: 100-continue\r\n\r\n")));
  EXPECT_TRUE(absl::StartsWith(client.ReadUntil("\r\n\r\n", std::chrono::seconds(10)),
                               "HTTP/1.1 100 Continue\r\n"));
  ASSERT_TRUE(client.Send(body));
  std::string answer = client.ReadUntil("High-level Dialogue", std::chrono::seconds(10));
  EXPECT_TRUE(absl::StartsWith(answer, "HTTP/1.1 200 OK\r\n")) << answer;
}

class HttpPortBoundsTest : public HttpPortTest {
 protected:
  server::http::HttpOptions Options() override {
    server::http::HttpOptions options;
    options.max_connections = 3;
    options.head_timeout_seconds = 1;
    options.max_streams = 4;  // one per token
    return options;
  }
  // Waits for the server to count `n` connections.
  bool ConnectionsReach(int n) {
    for (int i = 0; i < 200; ++i) {
      if (http_->open_connections() == n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }
};

// A client sending its head a line at a time, each within any per-read timeout, kept a thread
// of cpp-httplib's for as long as it liked. The whole head now has a deadline.
TEST_F(HttpPortBoundsTest, AHeadTricklingInIsDroppedAtItsDeadline) {
  RawConnection slow(port_);
  ASSERT_TRUE(slow.Send("GET / HTTP/1.1\r\n"));
  auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {  // ten seconds at most
    slow.Send("X-Slow: a\r\n");
    closed = slow.ClosedWithin(std::chrono::milliseconds(250));
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(ConnectionsReach(0));
}

// --max-connections bounds the HTTP port too: cpp-httplib's accept() was not covered by forumd's
// guard on accept4().
TEST_F(HttpPortBoundsTest, ConnectionsBeyondTheBoundAreClosedAtAccept) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(ConnectionsReach(i + 1));
  }
  RawConnection over(port_);
  over.Send("GET /metrics HTTP/1.1\r\nHost: forum\r\n\r\n");
  EXPECT_EQ(over.ReadUntilClosed(std::chrono::seconds(5)), "");
  EXPECT_EQ(http_->refused_connections(), 1);
  // The idle ones are dropped at their deadline, and the port serves again.
  EXPECT_TRUE(ConnectionsReach(0));
  RawConnection after(port_);
  after.Send("GET /metrics HTTP/1.1\r\nHost: forum\r\n\r\n");
  EXPECT_TRUE(
      absl::StartsWith(after.ReadUntil("\r\n\r\n", std::chrono::seconds(5)), "HTTP/1.1 404 "));
}

TEST_F(HttpPortBoundsTest, ATokenHoldsAtMostItsShareOfStreams) {
  StreamReader first(port_, admin_secret_, R"({"event":"events/hld-2006"})");
  ASSERT_TRUE(first.WaitFor("KIND_CURRENT"));
  auto second = PostWatch(Auth(admin_secret_));
  ASSERT_TRUE(second);
  EXPECT_NE(second->body.find("resource_exhausted"), std::string::npos);
  EXPECT_NE(second->body.find("this token holds 1"), std::string::npos) << second->body;
  // Another token still has its share.
  StreamReader other(port_, TokenFor({"reader"}, "other"), R"({"event":"events/hld-2006"})");
  EXPECT_TRUE(other.WaitFor("KIND_CURRENT"));
  EXPECT_EQ(http_->open_streams(), 2);
  services_->StopStreams();
}

TEST_F(HttpPortTest, CrossOriginCallsAreRefusedByDefault) {
  auto preflight = Client().Options(
      "/forum.v1.EventService/GetEvent",
      {{"Origin", "https://elsewhere.example"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 403);
  auto call = Client().Post(
      "/forum.v1.EventService/GetEvent",
      {{"Origin", "https://elsewhere.example"}, {"Authorization", "Bearer " + admin_secret_}},
      R"({"name":"events/hld-2006"})", "application/json");
  ASSERT_TRUE(call);
  EXPECT_FALSE(call->has_header("Access-Control-Allow-Origin"));
}

class HttpPortWithCorsTest : public HttpPortTest {
 protected:
  server::http::HttpOptions Options() override {
    server::http::HttpOptions options;
    options.cors_origins = {"https://forum.example.org"};
    options.max_streams = 1;
    return options;
  }
};

TEST_F(HttpPortWithCorsTest, TheConfiguredOriginMayCallAndNoOther) {
  auto preflight = Client().Options(
      "/forum.v1.EventService/GetEvent",
      {{"Origin", "https://forum.example.org"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"),
            "https://forum.example.org");
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);
  auto call = Client().Post(
      "/forum.v1.EventService/GetEvent",
      {{"Origin", "https://forum.example.org"}, {"Authorization", "Bearer " + admin_secret_}},
      R"({"name":"events/hld-2006"})", "application/json");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->get_header_value("Access-Control-Allow-Origin"), "https://forum.example.org");
  auto other = Client().Options("/forum.v1.EventService/GetEvent",
                                {{"Origin", "https://forum.example.org.evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
}

TEST_F(HttpPortWithCorsTest, StreamsBeyondTheBoundAreRefused) {
  StreamReader first(port_, admin_secret_, R"({"event":"events/hld-2006"})");
  ASSERT_TRUE(first.WaitFor("KIND_CURRENT"));
  auto second = PostWatch(Auth(admin_secret_));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  auto envelopes = DecodeEnvelopes(second->body);
  ASSERT_TRUE(envelopes.ok());
  ASSERT_EQ(envelopes->size(), 1u);
  EXPECT_NE((*envelopes)[0].data.find("resource_exhausted"), std::string::npos);
  // Unary calls still pass while the stream holds its place.
  auto unary =
      PostJson("/forum.v1.EventService/GetEvent", R"({"name":"events/hld-2006"})", admin_secret_);
  ASSERT_TRUE(unary);
  EXPECT_EQ(unary->status, 200);
  services_->StopStreams();
}

}  // namespace
}  // namespace forum::testing
