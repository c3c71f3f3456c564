#include "tests/support/connect_channel.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "forum/v1/errors.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/support/client_interceptor.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace forum::testing {
namespace {

using grpc::experimental::InterceptionHookPoints;

grpc::StatusCode CodeOf(const std::string& name) {
  static const std::map<std::string, grpc::StatusCode> codes = {
      {"canceled", grpc::StatusCode::CANCELLED},
      {"unknown", grpc::StatusCode::UNKNOWN},
      {"invalid_argument", grpc::StatusCode::INVALID_ARGUMENT},
      {"deadline_exceeded", grpc::StatusCode::DEADLINE_EXCEEDED},
      {"not_found", grpc::StatusCode::NOT_FOUND},
      {"already_exists", grpc::StatusCode::ALREADY_EXISTS},
      {"permission_denied", grpc::StatusCode::PERMISSION_DENIED},
      {"resource_exhausted", grpc::StatusCode::RESOURCE_EXHAUSTED},
      {"failed_precondition", grpc::StatusCode::FAILED_PRECONDITION},
      {"aborted", grpc::StatusCode::ABORTED},
      {"out_of_range", grpc::StatusCode::OUT_OF_RANGE},
      {"unimplemented", grpc::StatusCode::UNIMPLEMENTED},
      {"internal", grpc::StatusCode::INTERNAL},
      {"unavailable", grpc::StatusCode::UNAVAILABLE},
      {"data_loss", grpc::StatusCode::DATA_LOSS},
      {"unauthenticated", grpc::StatusCode::UNAUTHENTICATED}};
  auto it = codes.find(name);
  return it == codes.end() ? grpc::StatusCode::UNKNOWN : it->second;
}

std::string Field(const google::protobuf::Struct& object, const std::string& name) {
  auto it = object.fields().find(name);
  return it == object.fields().end() ? std::string() : it->second.string_value();
}

// A Connect error body back into a gRPC status with its binary details.
grpc::Status StatusFromError(int http_status, const std::string& body) {
  google::protobuf::Struct error;
  if (!google::protobuf::util::JsonStringToMessage(body, &error).ok()) {
    ADD_FAILURE() << "HTTP " << http_status << " with a body that is not JSON: " << body;
    return grpc::Status(grpc::StatusCode::UNKNOWN, body);
  }
  grpc::StatusCode code = CodeOf(Field(error, "code"));
  EXPECT_EQ(http_status, ExpectedHttpStatus(code)) << body;
  v1::ErrorStatus details;
  details.set_code(static_cast<int>(code));
  details.set_message(Field(error, "message"));
  auto list = error.fields().find("details");
  if (list != error.fields().end()) {
    for (const auto& value : list->second.list_value().values()) {
      const auto& detail = value.struct_value();
      std::string bytes;
      EXPECT_TRUE(absl::Base64Unescape(Field(detail, "value"), &bytes)) << body;
      auto* any = details.add_details();
      any->set_type_url("type.googleapis.com/" + Field(detail, "type"));
      any->set_value(bytes);
    }
  }
  return grpc::Status(code, details.message(),
                      details.details_size() > 0 ? details.SerializeAsString() : "");
}

class ConnectInterceptor final : public grpc::experimental::Interceptor {
 public:
  ConnectInterceptor(grpc::experimental::ClientRpcInfo* info, int port)
      : method_(info->method()), port_(port) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    bool hijack = false;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      auto* metadata = methods->GetSendInitialMetadata();
      auto it = metadata->find("authorization");
      if (it != metadata->end()) authorization_ = it->second;
      hijack = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      const auto* request =
          static_cast<const google::protobuf::Message*>(methods->GetSendMessage());
      Post(*request);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_MESSAGE)) {
      if (status_.ok()) {
        auto* response = static_cast<google::protobuf::Message*>(methods->GetRecvMessage());
        auto parsed = google::protobuf::util::JsonStringToMessage(body_, response);
        EXPECT_TRUE(parsed.ok()) << method_ << ": " << body_;
      } else {
        methods->FailHijackedRecvMessage();
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_STATUS)) {
      *methods->GetRecvStatus() = status_;
    }
    if (hijack) {
      methods->Hijack();
    } else {
      methods->Proceed();
    }
  }

 private:
  void Post(const google::protobuf::Message& request) {
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    httplib::Headers headers = {{"Connect-Protocol-Version", "1"}};
    if (!authorization_.empty()) headers.emplace("Authorization", authorization_);
    auto result = client.Post(method_, headers, json, "application/json");
    if (!result) {
      status_ = grpc::Status(grpc::StatusCode::UNAVAILABLE, "no HTTP answer");
      return;
    }
    if (result->status == 200) {
      EXPECT_EQ(result->get_header_value("Content-Type"), "application/json") << method_;
      body_ = result->body;
      status_ = grpc::Status::OK;
    } else {
      status_ = StatusFromError(result->status, result->body);
    }
  }

  std::string method_;
  int port_;
  std::string authorization_;
  std::string body_;
  grpc::Status status_;
};

class ConnectInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit ConnectInterceptorFactory(int port) : port_(port) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new ConnectInterceptor(info, port_);
  }

 private:
  int port_;
};

}  // namespace

std::shared_ptr<grpc::Channel> ConnectChannel(grpc::Server& server, int http_port) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<ConnectInterceptorFactory>(http_port));
  return server.experimental().InProcessChannelWithInterceptors(grpc::ChannelArguments(),
                                                                std::move(factories));
}

int ExpectedHttpStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 400;
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::OK:
      return 200;
    default:
      return 500;
  }
}

}  // namespace forum::testing
