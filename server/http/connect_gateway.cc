#include "server/http/connect_gateway.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "services/call_logger.h"
#include "spdlog/spdlog.h"

namespace forum::server::http {
namespace {

// The header forumd's call logger reads, on in-process calls only, for the HTTP client's address.
constexpr char kPeerHeader[] = "forum-http-peer";
// A unary call with no timeout of its own still ends: an HTTP worker is not held forever.
constexpr int64_t kMaxUnaryMs = 5 * 60 * 1000;
constexpr int64_t kMaxStreamMs = int64_t{365} * 24 * 3600 * 1000;

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  out.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

bool Reserved(absl::string_view key) {
  return absl::StartsWith(key, "grpc-status") || key == "grpc-message" ||
         absl::EndsWith(key, "-bin") || key == "content-type";
}

// Text metadata the server sent, for the HTTP client.
Metadata TextMetadata(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  Metadata out;
  for (const auto& [key, value] : metadata) {
    absl::string_view k(key.data(), key.size());
    if (!Reserved(k)) out.emplace(std::string(k), std::string(value.data(), value.size()));
  }
  return out;
}

// gRPC-Web ends with a trailers frame: header lines with the status.
std::string GrpcWebTrailers(const grpc::Status& status, const Metadata& trailers) {
  std::string block = absl::StrCat("grpc-status: ", static_cast<int>(status.error_code()), "\r\n");
  if (!status.error_message().empty()) {
    // The message is percent-encoded (gRPC over HTTP/2), so any text fits on one line.
    std::string encoded;
    for (unsigned char c : status.error_message()) {
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        encoded.push_back(static_cast<char>(c));
      } else {
        absl::StrAppend(&encoded, "%",
                        absl::AsciiStrToUpper(absl::BytesToHexString(
                            absl::string_view(reinterpret_cast<char*>(&c), 1))));
      }
    }
    absl::StrAppend(&block, "grpc-message: ", encoded, "\r\n");
  }
  if (!status.error_details().empty()) {
    absl::StrAppend(&block, "grpc-status-details-bin: ", absl::Base64Escape(status.error_details()),
                    "\r\n");
  }
  for (const auto& [key, value] : trailers) absl::StrAppend(&block, key, ": ", value, "\r\n");
  return EncodeEnvelope(0x80, block);
}

std::string EndOfStream(const ContentType& type, const grpc::Status& status,
                        const Metadata& trailers) {
  if (type.grpc_web) return GrpcWebTrailers(status, trailers);
  return EncodeEnvelope(0x02, EndStreamJson(status, trailers));
}

// A streamed call on gRPC's callback API. The gRPC side reads one message ahead at most: the
// next is asked for only once the HTTP side took the last, so a slow HTTP client slows the
// stream (and the change feed resets it) instead of growing a queue here. A hold keeps OnDone
// back until the read side has ended, so no read is ever started after it.
class GrpcStream final : public StreamedCall,
                         public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  GrpcStream(const google::protobuf::MethodDescriptor& method, ContentType type,
             std::unique_ptr<grpc::ClientContext> context)
      : method_(method), type_(type), context_(std::move(context)) {}

  ~GrpcStream() override { Cancel(); }

  void Start(grpc::GenericStub& stub, const std::string& path, const std::string& request) {
    request_ = ToByteBuffer(request);
    stub.PrepareBidiStreamingCall(context_.get(), path, grpc::StubOptions(), this);
    AddHold();
    StartWriteLast(&request_, grpc::WriteOptions());
    reading_ = true;
    StartRead(&incoming_);
    StartCall();
  }

  Step Next(std::string* chunk, absl::Duration wait) override {
    std::string message;
    bool read_on = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, absl::ToChronoMilliseconds(wait),
                   [this] { return pending_.has_value() || done_; });
      if (ended_) return Step::kEnd;
      if (!pending_) {
        if (!done_) return Step::kWaiting;
        ended_ = true;
        *chunk = EndOfStream(type_, status_, trailers_);
        return Step::kChunk;
      }
      message = std::move(*pending_);
      pending_.reset();
      if (!read_ended_) read_on = reading_ = true;
    }
    if (read_on) StartRead(&incoming_);
    auto encoded = ResponseFromBinary(method_, type_.codec, message);
    if (!encoded.ok()) {
      // Not reached with a well-behaved server; the client learns of it rather than a cut.
      context_->TryCancel();
      return Next(chunk, wait);
    }
    *chunk = EncodeEnvelope(0, *encoded);
    return Step::kChunk;
  }

  void Cancel() override {
    bool release = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (done_) return;
      cancelled_ = true;
      // With no read outstanding, nothing else would end the read side and release the hold.
      if (!reading_ && !read_ended_) release = read_ended_ = true;
    }
    context_->TryCancel();
    if (release) RemoveHold();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_; });
  }

  void OnReadDone(bool ok) override {
    bool ended = !ok;
    {
      std::lock_guard<std::mutex> lock(mu_);
      reading_ = false;
      // A message that arrives after Cancel has nobody to take it and start the next read:
      // the read side ends here, so that the hold is released and OnDone can come.
      if (ok && cancelled_ && !read_ended_) ended = true;
      if (ended) {
        read_ended_ = true;
      } else {
        pending_ = FromByteBuffer(incoming_);
      }
      cv_.notify_all();
    }
    if (ended) RemoveHold();  // the end of the stream: OnDone follows
  }

  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    trailers_ = TextMetadata(context_->GetServerTrailingMetadata());
    done_ = true;
    cv_.notify_all();
  }

 private:
  const google::protobuf::MethodDescriptor& method_;
  const ContentType type_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer incoming_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::string> pending_;
  bool cancelled_ = false;   // the HTTP side left: messages still arriving are dropped
  bool reading_ = false;     // a read is outstanding
  bool read_ended_ = false;  // no read will be started again
  bool done_ = false;
  bool ended_ = false;  // the end-of-stream chunk was given
  grpc::Status status_;
  Metadata trailers_;
};

// A stream that is only its end: a request refused before any call.
class RefusedStream final : public StreamedCall {
 public:
  explicit RefusedStream(std::string chunk) : chunk_(std::move(chunk)) {}
  Step Next(std::string* chunk, absl::Duration) override {
    if (given_) return Step::kEnd;
    given_ = true;
    *chunk = chunk_;
    return Step::kChunk;
  }
  void Cancel() override {}

 private:
  std::string chunk_;
  bool given_ = false;
};

// gRPC-Web's unary call, answered as a stream of one message and the trailers.
class UnaryAsStream final : public StreamedCall {
 public:
  explicit UnaryAsStream(std::vector<std::string> chunks) : chunks_(std::move(chunks)) {}
  Step Next(std::string* chunk, absl::Duration) override {
    if (next_ == chunks_.size()) return Step::kEnd;
    *chunk = std::move(chunks_[next_++]);
    return Step::kChunk;
  }
  void Cancel() override {}

 private:
  std::vector<std::string> chunks_;
  size_t next_ = 0;
};

std::atomic<int64_t> refused_before_any_call{0};

}  // namespace

void LogRefusal(absl::string_view path, absl::string_view peer, const grpc::Status& status) {
  refused_before_any_call.fetch_add(1, std::memory_order_relaxed);
  spdlog::warn("http method={} code={} peer=http:{} message={}", services::CapForLog(path, 120),
               CodeName(status.error_code()), services::CapForLog(peer, 120),
               services::CapForLog(status.error_message(), 300));
}

int64_t RefusedBeforeAnyCall() { return refused_before_any_call.load(); }

ConnectGateway::ConnectGateway(std::shared_ptr<grpc::Channel> channel,
                               const std::vector<std::string>& services)
    : stub_(std::move(channel)) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const auto* service = pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      // Connect and gRPC-Web over HTTP/1.1 carry unary and server-streaming calls only.
      if (method->client_streaming()) continue;
      methods_[absl::StrCat("/", service->full_name(), "/", method->name())] = method;
    }
  }
}

const google::protobuf::MethodDescriptor* ConnectGateway::FindMethod(absl::string_view path) const {
  auto it = methods_.find(path);
  return it == methods_.end() ? nullptr : it->second;
}

std::unique_ptr<grpc::ClientContext> ConnectGateway::NewContext(const CallHeaders& headers,
                                                                bool streaming) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!headers.authorization.empty()) context->AddMetadata("authorization", headers.authorization);
  if (!headers.peer.empty()) context->AddMetadata(kPeerHeader, headers.peer);
  int64_t timeout_ms = headers.timeout_ms.value_or(streaming ? -1 : kMaxUnaryMs);
  // A stream may be followed for weeks, but no deadline may overflow the clock.
  timeout_ms = std::min(timeout_ms, streaming ? kMaxStreamMs : kMaxUnaryMs);
  if (timeout_ms >= 0) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
  }
  return context;
}

UnaryAnswer ConnectGateway::Refusal(const ContentType& type, const grpc::Status& status) {
  UnaryAnswer answer;
  answer.http_status = HttpStatusFor(status.error_code());
  answer.content_type = "application/json";
  answer.body = ErrorJson(status);
  return answer;
}

std::string ConnectGateway::StreamRefusal(const ContentType& type, const grpc::Status& status) {
  return EndOfStream(type, status, {});
}

grpc::Status ConnectGateway::Invoke(const google::protobuf::MethodDescriptor& method,
                                    const std::string& request, grpc::ClientContext& context,
                                    std::string* response) {
  grpc::ByteBuffer request_buffer = ToByteBuffer(request);
  grpc::ByteBuffer response_buffer;
  std::promise<grpc::Status> finished;
  stub_.UnaryCall(&context, absl::StrCat("/", method.service()->full_name(), "/", method.name()),
                  grpc::StubOptions(), &request_buffer, &response_buffer,
                  [&finished](grpc::Status status) { finished.set_value(std::move(status)); });
  grpc::Status status = finished.get_future().get();
  if (status.ok()) *response = FromByteBuffer(response_buffer);
  return status;
}

UnaryAnswer ConnectGateway::CallUnary(const google::protobuf::MethodDescriptor& method,
                                      const ContentType& type, absl::string_view body,
                                      const CallHeaders& headers) {
  auto request = RequestToBinary(method, type.codec, body);
  if (!request.ok()) {
    grpc::Status refused(grpc::StatusCode::INVALID_ARGUMENT,
                         std::string(request.status().message()));
    LogRefusal(method.full_name(), headers.peer, refused);
    return Refusal(type, refused);
  }
  auto context = NewContext(headers, false);
  std::string response;
  grpc::Status status = Invoke(method, *request, *context, &response);
  UnaryAnswer answer;
  if (status.ok()) {
    auto encoded = ResponseFromBinary(method, type.codec, response);
    if (!encoded.ok()) {
      return Refusal(
          type, grpc::Status(grpc::StatusCode::INTERNAL, std::string(encoded.status().message())));
    }
    answer.content_type = ResponseContentType(type);
    answer.body = std::move(*encoded);
  } else {
    answer = Refusal(type, status);
  }
  answer.headers = TextMetadata(context->GetServerInitialMetadata());
  for (auto& [key, value] : TextMetadata(context->GetServerTrailingMetadata())) {
    answer.headers.emplace("trailer-" + key, value);
  }
  return answer;
}

std::unique_ptr<StreamedCall> ConnectGateway::CallStreamed(
    const google::protobuf::MethodDescriptor& method, const ContentType& type,
    absl::string_view body, const CallHeaders& headers) {
  auto refuse = [&](grpc::StatusCode code, std::string message) {
    grpc::Status refused(code, std::move(message));
    LogRefusal(method.full_name(), headers.peer, refused);
    return std::make_unique<RefusedStream>(StreamRefusal(type, refused));
  };
  auto envelopes = DecodeEnvelopes(body);
  if (!envelopes.ok()) {
    return refuse(grpc::StatusCode::INVALID_ARGUMENT, std::string(envelopes.status().message()));
  }
  if (envelopes->size() != 1) {
    return refuse(grpc::StatusCode::INVALID_ARGUMENT,
                  absl::StrCat("a call takes exactly one request message; the body holds ",
                               envelopes->size()));
  }
  if ((*envelopes)[0].flags != 0) {
    return refuse(grpc::StatusCode::UNIMPLEMENTED,
                  "compressed or flagged request messages are not accepted: send the message "
                  "uncompressed (flags 0)");
  }
  auto request = RequestToBinary(method, type.codec, (*envelopes)[0].data);
  if (!request.ok()) {
    return refuse(grpc::StatusCode::INVALID_ARGUMENT, std::string(request.status().message()));
  }
  std::string path = absl::StrCat("/", method.service()->full_name(), "/", method.name());
  if (!method.server_streaming()) {
    // gRPC-Web's unary call: the same unary call, its answer framed.
    ContentType unary{type.codec, false, false};
    auto context = NewContext(headers, false);
    std::string response;
    grpc::Status status = Invoke(method, *request, *context, &response);
    std::vector<std::string> chunks;
    if (status.ok()) {
      auto encoded = ResponseFromBinary(method, unary.codec, response);
      if (encoded.ok()) {
        chunks.push_back(EncodeEnvelope(0, *encoded));
      } else {
        status = grpc::Status(grpc::StatusCode::INTERNAL, std::string(encoded.status().message()));
      }
    }
    chunks.push_back(EndOfStream(type, status, TextMetadata(context->GetServerTrailingMetadata())));
    return std::make_unique<UnaryAsStream>(std::move(chunks));
  }
  auto stream = std::make_unique<GrpcStream>(method, type, NewContext(headers, true));
  stream->Start(stub_, path, *request);
  return stream;
}

}  // namespace forum::server::http
