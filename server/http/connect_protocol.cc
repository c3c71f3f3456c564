#include "server/http/connect_protocol.h"

#include <zlib.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "forum/v1/errors.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace forum::server::http {
namespace {

using google::protobuf::Message;

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  return std::unique_ptr<Message>(prototype ? prototype->New() : nullptr);
}

google::protobuf::Value StringValue(absl::string_view text) {
  google::protobuf::Value value;
  value.set_string_value(std::string(text));
  return value;
}

// The error object as a Struct, so that protobuf's JSON printer does the escaping.
google::protobuf::Struct ErrorStruct(const grpc::Status& status) {
  google::protobuf::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"] = StringValue(CodeName(status.error_code()));
  if (!status.error_message().empty()) fields["message"] = StringValue(status.error_message());
  v1::ErrorStatus details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details()) &&
      details.details_size() > 0) {
    auto* list = fields["details"].mutable_list_value();
    for (const auto& any : details.details()) {
      google::protobuf::Struct detail;
      auto& detail_fields = *detail.mutable_fields();
      absl::string_view type = any.type_url();
      type.remove_prefix(type.rfind('/') == absl::string_view::npos ? 0 : type.rfind('/') + 1);
      detail_fields["type"] = StringValue(type);
      // Connect's details are base64 without padding.
      std::string value = absl::Base64Escape(any.value());
      while (!value.empty() && value.back() == '=') value.pop_back();
      detail_fields["value"] = StringValue(value);
      std::string json;
      google::protobuf::Struct debug;
      if (google::protobuf::util::MessageToJsonString(any, &json).ok() &&
          google::protobuf::util::JsonStringToMessage(json, &debug).ok()) {
        debug.mutable_fields()->erase("@type");
        *detail_fields["debug"].mutable_struct_value() = std::move(debug);
      }
      *list->add_values()->mutable_struct_value() = std::move(detail);
    }
  }
  return error;
}

// protobuf's own status type (not absl's in the version Debian ships) as text.
template <typename Status>
std::string StatusText(const Status& status) {
  return std::string(status.message().data(), status.message().size());
}

std::string ToJson(const Message& message) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json).ok()) return "{}";
  return json;
}

}  // namespace

std::optional<ContentType> ParseContentType(absl::string_view header) {
  std::vector<absl::string_view> parts = absl::StrSplit(header, ';');
  std::string type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string parameter = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[i]));
    if (absl::StartsWith(parameter, "charset=") && parameter != "charset=utf-8") {
      return std::nullopt;
    }
  }
  if (type == "application/json") return ContentType{Codec::kJson, false, false};
  if (type == "application/proto") return ContentType{Codec::kProto, false, false};
  if (type == "application/connect+json") return ContentType{Codec::kJson, true, false};
  if (type == "application/connect+proto") return ContentType{Codec::kProto, true, false};
  if (type == "application/grpc-web" || type == "application/grpc-web+proto") {
    return ContentType{Codec::kProto, true, true};
  }
  if (type == "application/grpc-web+json") return ContentType{Codec::kJson, true, true};
  return std::nullopt;
}

std::string ResponseContentType(const ContentType& type) {
  const char* codec = type.codec == Codec::kJson ? "json" : "proto";
  if (type.grpc_web) return absl::StrCat("application/grpc-web+", codec);
  if (type.streaming) return absl::StrCat("application/connect+", codec);
  return absl::StrCat("application/", codec);
}

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "ok";
    case grpc::StatusCode::CANCELLED:
      return "canceled";
    case grpc::StatusCode::UNKNOWN:
      return "unknown";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "invalid_argument";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "deadline_exceeded";
    case grpc::StatusCode::NOT_FOUND:
      return "not_found";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "already_exists";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "permission_denied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "resource_exhausted";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "failed_precondition";
    case grpc::StatusCode::ABORTED:
      return "aborted";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "out_of_range";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "unimplemented";
    case grpc::StatusCode::INTERNAL:
      return "internal";
    case grpc::StatusCode::UNAVAILABLE:
      return "unavailable";
    case grpc::StatusCode::DATA_LOSS:
      return "data_loss";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "unauthenticated";
    default:
      return "unknown";
  }
}

// The table of the current protocol text (older clients used 408/412 for some codes).
int HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    default:
      return 500;
  }
}

std::string EncodeEnvelope(uint8_t flags, absl::string_view data) {
  std::string out(5, '\0');
  out[0] = static_cast<char>(flags);
  uint32_t size = static_cast<uint32_t>(data.size());
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((size >> (24 - 8 * i)) & 0xff);
  out.append(data.data(), data.size());
  return out;
}

absl::StatusOr<std::vector<Envelope>> DecodeEnvelopes(absl::string_view body) {
  std::vector<Envelope> envelopes;
  while (!body.empty()) {
    if (body.size() < 5) {
      return absl::InvalidArgumentError("the request ends inside an envelope's five-byte prefix");
    }
    uint64_t size = 0;
    for (int i = 1; i < 5; ++i) size = size << 8 | static_cast<uint8_t>(body[i]);
    if (body.size() - 5 < size) {
      return absl::InvalidArgumentError(absl::StrCat("an envelope announces ", size,
                                                     " bytes but the request holds ",
                                                     body.size() - 5, " after its prefix"));
    }
    envelopes.push_back({static_cast<uint8_t>(body[0]), std::string(body.substr(5, size))});
    body.remove_prefix(5 + size);
  }
  return envelopes;
}

absl::StatusOr<std::string> RequestToBinary(const google::protobuf::MethodDescriptor& method,
                                            Codec codec, absl::string_view body) {
  std::unique_ptr<Message> message = NewMessage(method.input_type());
  if (!message) return absl::InternalError("no message type for " + method.full_name());
  if (codec == Codec::kProto) {
    if (!message->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      return absl::InvalidArgumentError(
          absl::StrCat("the body is not a binary ", method.input_type()->full_name()));
    }
  } else {
    // An empty body is the empty message, as Connect's clients may send it.
    std::string json = body.empty() ? "{}" : std::string(body);
    auto parsed = google::protobuf::util::JsonStringToMessage(json, message.get());
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the body is not a JSON ", method.input_type()->full_name(), ": ", StatusText(parsed)));
    }
  }
  return message->SerializeAsString();
}

absl::StatusOr<std::string> ResponseFromBinary(const google::protobuf::MethodDescriptor& method,
                                               Codec codec, absl::string_view binary) {
  if (codec == Codec::kProto) return std::string(binary);
  std::unique_ptr<Message> message = NewMessage(method.output_type());
  if (!message || !message->ParseFromArray(binary.data(), static_cast<int>(binary.size()))) {
    return absl::InternalError("the server's answer did not parse as " +
                               method.output_type()->full_name());
  }
  std::string json;
  auto printed = google::protobuf::util::MessageToJsonString(*message, &json);
  if (!printed.ok()) return absl::InternalError(StatusText(printed));
  return json;
}

std::string ErrorJson(const grpc::Status& status) { return ToJson(ErrorStruct(status)); }

std::string EndStreamJson(const grpc::Status& status, const Metadata& trailers) {
  google::protobuf::Struct end;
  auto& fields = *end.mutable_fields();
  if (!status.ok()) *fields["error"].mutable_struct_value() = ErrorStruct(status);
  if (!trailers.empty()) {
    auto& metadata = *fields["metadata"].mutable_struct_value()->mutable_fields();
    for (const auto& [key, value] : trailers) {
      *metadata[key].mutable_list_value()->add_values() = StringValue(value);
    }
  }
  return ToJson(end);
}

std::optional<int64_t> ParseTimeoutMs(absl::string_view header) {
  if (header.empty() || header.size() > 10) return std::nullopt;
  for (char c : header) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(header, &value)) return std::nullopt;
  return value;
}

std::optional<Compression> ParseCompression(absl::string_view header) {
  absl::string_view name = absl::StripAsciiWhitespace(header);
  if (name.empty() || absl::EqualsIgnoreCase(name, "identity")) return Compression::kIdentity;
  if (absl::EqualsIgnoreCase(name, "gzip")) return Compression::kGzip;
  return std::nullopt;
}

absl::StatusOr<std::string> Gunzip(absl::string_view compressed, size_t limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {  // 15: the largest window; +16: gzip only
    return absl::InternalError("cannot start zlib");
  }
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  char chunk[16384];
  int result = Z_OK;
  while (result == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    result = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof(chunk) - zs.avail_out;
    if (out.size() + produced > limit) {
      inflateEnd(&zs);
      return absl::ResourceExhaustedError(
          absl::StrCat("the request body inflates to more than ", limit, " bytes"));
    }
    out.append(chunk, produced);
    if (result == Z_BUF_ERROR && zs.avail_in == 0) break;  // the input ended early
  }
  bool whole = result == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  if (!whole) return absl::InvalidArgumentError("the request body is not whole, valid gzip");
  return out;
}

}  // namespace forum::server::http
