// The Connect protocol's wire rules, apart from any server.
#include "server/http/connect_protocol.h"

#include "absl/strings/escaping.h"
#include "forum/v1/errors.pb.h"
#include "forum/v1/event.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/connect_channel.h"
#include "tests/support/raw_http.h"

namespace forum::server::http {
namespace {

TEST(ConnectProtocol, ContentTypesNameTheCodecAndTheProtocol) {
  struct Case {
    const char* header;
    bool known;
    Codec codec;
    bool streaming;
    bool grpc_web;
  };
  for (const Case& c : std::vector<Case>{
           {"application/json", true, Codec::kJson, false, false},
           {"application/json; charset=utf-8", true, Codec::kJson, false, false},
           {"Application/JSON", true, Codec::kJson, false, false},
           {"application/json; charset=latin1", false, Codec::kJson, false, false},
           {"application/proto", true, Codec::kProto, false, false},
           {"application/connect+json", true, Codec::kJson, true, false},
           {"application/connect+proto", true, Codec::kProto, true, false},
           {"application/grpc-web", true, Codec::kProto, true, true},
           {"application/grpc-web+proto", true, Codec::kProto, true, true},
           {"application/grpc-web+json", true, Codec::kJson, true, true},
           {"application/grpc", false, Codec::kJson, false, false},
           {"text/plain", false, Codec::kJson, false, false},
           {"", false, Codec::kJson, false, false},
       }) {
    auto type = ParseContentType(c.header);
    ASSERT_EQ(type.has_value(), c.known) << c.header;
    if (!type) continue;
    EXPECT_EQ(type->codec, c.codec) << c.header;
    EXPECT_EQ(type->streaming, c.streaming) << c.header;
    EXPECT_EQ(type->grpc_web, c.grpc_web) << c.header;
  }
}

TEST(ConnectProtocol, EveryCodeHasItsNameAndHttpStatus) {
  const std::vector<std::pair<grpc::StatusCode, const char*>> names = {
      {grpc::StatusCode::CANCELLED, "canceled"},
      {grpc::StatusCode::UNKNOWN, "unknown"},
      {grpc::StatusCode::INVALID_ARGUMENT, "invalid_argument"},
      {grpc::StatusCode::DEADLINE_EXCEEDED, "deadline_exceeded"},
      {grpc::StatusCode::NOT_FOUND, "not_found"},
      {grpc::StatusCode::ALREADY_EXISTS, "already_exists"},
      {grpc::StatusCode::PERMISSION_DENIED, "permission_denied"},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, "resource_exhausted"},
      {grpc::StatusCode::FAILED_PRECONDITION, "failed_precondition"},
      {grpc::StatusCode::ABORTED, "aborted"},
      {grpc::StatusCode::OUT_OF_RANGE, "out_of_range"},
      {grpc::StatusCode::UNIMPLEMENTED, "unimplemented"},
      {grpc::StatusCode::INTERNAL, "internal"},
      {grpc::StatusCode::UNAVAILABLE, "unavailable"},
      {grpc::StatusCode::DATA_LOSS, "data_loss"},
      {grpc::StatusCode::UNAUTHENTICATED, "unauthenticated"},
  };
  for (const auto& [code, name] : names) {
    EXPECT_STREQ(CodeName(code), name);
    EXPECT_EQ(HttpStatusFor(code), testing::ExpectedHttpStatus(code)) << name;
  }
}

TEST(ConnectProtocol, EnvelopesRoundTripAndRefuseWhatDoesNotAddUp) {
  std::string body = EncodeEnvelope(0, "first") + EncodeEnvelope(2, "") +
                     EncodeEnvelope(0, std::string(70000, 'x'));
  auto envelopes = DecodeEnvelopes(body);
  ASSERT_TRUE(envelopes.ok()) << envelopes.status();
  ASSERT_EQ(envelopes->size(), 3u);
  EXPECT_EQ((*envelopes)[0].data, "first");
  EXPECT_EQ((*envelopes)[1].flags, 2);
  EXPECT_EQ((*envelopes)[2].data.size(), 70000u);
  EXPECT_EQ(body.substr(0, 5), std::string("\0\0\0\0\5", 5));

  EXPECT_EQ(DecodeEnvelopes(std::string("\0\0\0", 3)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeEnvelopes(std::string("\0\0\0\0\7abc", 8)).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A length near 4 GiB is refused, not allocated.
  EXPECT_EQ(DecodeEnvelopes(std::string("\0\xff\xff\xff\xff", 5)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ConnectProtocol, RequestsConvertFromJsonAndRefuseWhatIsNot) {
  const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
      "forum.v1.EventService.GetEvent");
  ASSERT_NE(method, nullptr);
  auto binary = RequestToBinary(*method, Codec::kJson, R"({"name": "events/hld-2006"})");
  ASSERT_TRUE(binary.ok()) << binary.status();
  v1::GetEventRequest request;
  ASSERT_TRUE(request.ParseFromString(*binary));
  EXPECT_EQ(request.name(), "events/hld-2006");
  // Empty is the empty message, as Connect's clients may send it.
  EXPECT_TRUE(RequestToBinary(*method, Codec::kJson, "").ok());
  for (const char* bad : {R"({"nmae": "x"})", R"({"name": 3})", "[1]", "{", "null x"}) {
    EXPECT_EQ(RequestToBinary(*method, Codec::kJson, bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(RequestToBinary(*method, Codec::kProto, "\xff\xff").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ConnectProtocol, ErrorsCarryTheirDetailsAsBase64AndAsJson) {
  v1::ErrorStatus details;
  details.set_code(5);
  details.set_message("events/x does not exist");
  v1::ResourceInfo info;
  info.set_resource_type("forum.v1.Event");
  info.set_resource_name("events/x");
  details.add_details()->PackFrom(info);
  grpc::Status status(grpc::StatusCode::NOT_FOUND, "events/x does not \"exist\"",
                      details.SerializeAsString());
  google::protobuf::Struct error;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ErrorJson(status), &error).ok());
  EXPECT_EQ(error.fields().at("code").string_value(), "not_found");
  EXPECT_EQ(error.fields().at("message").string_value(), "events/x does not \"exist\"");
  const auto& detail = error.fields().at("details").list_value().values(0).struct_value();
  EXPECT_EQ(detail.fields().at("type").string_value(), "forum.v1.ResourceInfo");
  std::string value = detail.fields().at("value").string_value();
  EXPECT_EQ(value.find('='), std::string::npos) << "Connect's base64 has no padding";
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(value, &bytes));
  v1::ResourceInfo back;
  ASSERT_TRUE(back.ParseFromString(bytes));
  EXPECT_EQ(back.resource_name(), "events/x");
  EXPECT_EQ(detail.fields().at("debug").struct_value().fields().at("resourceName").string_value(),
            "events/x");

  google::protobuf::Struct end;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  EndStreamJson(grpc::Status::OK, {{"x-note", "a"}, {"x-note", "b"}}), &end)
                  .ok());
  EXPECT_EQ(end.fields().count("error"), 0u);
  EXPECT_EQ(
      end.fields().at("metadata").struct_value().fields().at("x-note").list_value().values_size(),
      2);
}

TEST(ConnectProtocol, TimeoutsAreUpToTenDigits) {
  EXPECT_EQ(ParseTimeoutMs("0"), 0);
  EXPECT_EQ(ParseTimeoutMs("1500"), 1500);
  EXPECT_EQ(ParseTimeoutMs("9999999999"), 9999999999);
  for (const char* bad : {"", "-1", "1.5", "12345678901", "1s", " 1"}) {
    EXPECT_FALSE(ParseTimeoutMs(bad).has_value()) << bad;
  }
}

TEST(ConnectProtocol, CompressionIsGzipOrNone) {
  EXPECT_EQ(ParseCompression(""), Compression::kIdentity);
  EXPECT_EQ(ParseCompression("identity"), Compression::kIdentity);
  EXPECT_EQ(ParseCompression("GZIP"), Compression::kGzip);
  EXPECT_FALSE(ParseCompression("br").has_value());
  EXPECT_FALSE(ParseCompression("gzip, br").has_value());
}

TEST(ConnectProtocol, GunzipIsBoundedAndWhole) {
  std::string text(100000, 'a');
  auto back = Gunzip(testing::Gzip(text), text.size());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, text);
  // A small body that inflates past the bound stops there.
  auto bomb = Gunzip(testing::Gzip(std::string(10 << 20, 'a')), 1 << 20);
  EXPECT_EQ(bomb.status().code(), absl::StatusCode::kResourceExhausted);
  std::string whole = testing::Gzip("hello");
  EXPECT_EQ(Gunzip(whole.substr(0, whole.size() - 3), 100).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gunzip(whole + "trailing", 100).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gunzip("not gzip at all", 100).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gunzip("", 100).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace forum::server::http
