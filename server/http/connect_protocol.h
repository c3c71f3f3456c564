// The Connect protocol's wire rules (connectrpc.com/docs/protocol), apart from any HTTP server:
// codecs named by content types, the five-byte envelope of streamed messages, the code names
// and HTTP statuses of errors, and the error and end-of-stream JSON with our status details.
//
// Messages convert with protobuf's own JSON mapping (the proto3 canonical form, lowerCamelCase
// names) against the generated descriptor pool; nothing here parses JSON by hand.
#ifndef FORUM_SERVER_HTTP_CONNECT_PROTOCOL_H_
#define FORUM_SERVER_HTTP_CONNECT_PROTOCOL_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/status.h"

namespace forum::server::http {

enum class Codec { kJson, kProto };

// How a request's Content-Type asks to be served.
struct ContentType {
  Codec codec = Codec::kJson;
  bool streaming = false;  // application/connect+json or +proto
  bool grpc_web = false;   // application/grpc-web, +proto or +json
};

// Parses a Content-Type header (parameters such as charset ignored; utf-8 is the only charset
// JSON may name). nullopt: not a type this server speaks (415).
std::optional<ContentType> ParseContentType(absl::string_view header);
// The response Content-Type for a request of type `type`.
std::string ResponseContentType(const ContentType& type);

// The Connect code name of `code` ("not_found") and the HTTP status a unary error gets.
const char* CodeName(grpc::StatusCode code);
int HttpStatusFor(grpc::StatusCode code);

// A streamed message: flags (0x01 compressed, 0x02 end of stream) and its bytes.
struct Envelope {
  uint8_t flags = 0;
  std::string data;
};
std::string EncodeEnvelope(uint8_t flags, absl::string_view data);
// Splits `body` into envelopes; INVALID_ARGUMENT if a prefix or a length does not add up.
absl::StatusOr<std::vector<Envelope>> DecodeEnvelopes(absl::string_view body);

// The request message of `method` from `body` in `codec`, as protobuf's binary encoding.
// INVALID_ARGUMENT, with the parser's words, when the body is not such a message.
absl::StatusOr<std::string> RequestToBinary(const google::protobuf::MethodDescriptor& method,
                                            Codec codec, absl::string_view body);
// The response message of `method` from its binary encoding, in `codec`.
absl::StatusOr<std::string> ResponseFromBinary(const google::protobuf::MethodDescriptor& method,
                                               Codec codec, absl::string_view binary);

// Metadata as Connect carries it: header names to their values.
using Metadata = std::multimap<std::string, std::string>;

// The error object: {"code", "message", "details": [{"type", "value", "debug"}]}. The details
// come from the status's binary details (a google.rpc.Status); "debug" shows each in JSON.
std::string ErrorJson(const grpc::Status& status);
// The end-of-stream object: {"error": ..., "metadata": {...}}; no "error" on success.
std::string EndStreamJson(const grpc::Status& status, const Metadata& trailers);

// The compression a request body or envelope is sent with, from Content-Encoding,
// Connect-Content-Encoding or grpc-encoding: "" and "identity" are none; gzip is the one other
// this server reads. nullopt for any other (UNIMPLEMENTED, as the protocol asks).
enum class Compression { kIdentity, kGzip };
std::optional<Compression> ParseCompression(absl::string_view header);

// Inflates a gzip stream (zlib). RESOURCE_EXHAUSTED once the result would pass `limit` bytes,
// INVALID_ARGUMENT when it is not whole, well-formed gzip.
absl::StatusOr<std::string> Gunzip(absl::string_view compressed, size_t limit);

// A Connect-Timeout-Ms value: at most ten ASCII digits. nullopt when malformed.
std::optional<int64_t> ParseTimeoutMs(absl::string_view header);

}  // namespace forum::server::http

#endif  // FORUM_SERVER_HTTP_CONNECT_PROTOCOL_H_
