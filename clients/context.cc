#include "clients/context.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "domain/access.h"
#include "forum/v1/errors.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace forum::client {
namespace {

const char* CodeName(grpc::StatusCode code) {
  static const char* kNames[] = {"OK",
                                 "CANCELLED",
                                 "UNKNOWN",
                                 "INVALID_ARGUMENT",
                                 "DEADLINE_EXCEEDED",
                                 "NOT_FOUND",
                                 "ALREADY_EXISTS",
                                 "PERMISSION_DENIED",
                                 "RESOURCE_EXHAUSTED",
                                 "FAILED_PRECONDITION",
                                 "ABORTED",
                                 "OUT_OF_RANGE",
                                 "UNIMPLEMENTED",
                                 "INTERNAL",
                                 "UNAVAILABLE",
                                 "DATA_LOSS",
                                 "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : "UNKNOWN";
}

std::string Prefix(const google::protobuf::EnumDescriptor* e) {
  // The prefix of every value but the first, e.g. PROTOCOL_RANK_.
  std::string first = e->value(0)->name();
  auto cut = first.rfind("_UNSPECIFIED");
  return cut == std::string::npos ? "" : first.substr(0, cut + 1);
}

// A call refused for its token's rate is sent again when forumd says it may be (its
// `grpc-retry-pushback-ms`), up to five attempts in all; forumd's other refusals say not to
// retry, and a refused call changed nothing, so sending it again is safe.
grpc::ChannelArguments ChannelArguments() {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(R"({"methodConfig": [{"name": [{}], "retryPolicy": {
      "maxAttempts": 5, "initialBackoff": "0.5s", "maxBackoff": "10s",
      "backoffMultiplier": 2, "retryableStatusCodes": ["RESOURCE_EXHAUSTED"]}}]})");
  return args;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::shared_ptr<grpc::Channel> Context::Channel() {
  std::lock_guard<std::mutex> lock(channel_mu_);
  if (!channel_) {
    std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
    if (!tls_ca.empty()) {
      grpc::SslCredentialsOptions options;
      options.pem_root_certs = ReadFile(tls_ca);
      if (!tls_cert.empty()) {
        options.pem_cert_chain = ReadFile(tls_cert);
        options.pem_private_key = ReadFile(tls_key);
      }
      credentials = grpc::SslCredentials(options);
    }
    if (tls_ca.empty() && !token.empty() && !domain::IsLoopbackAddress(server)) {
      std::cerr
          << "warning: sending a bearer token without TLS to " << server
          << ", which is not this machine: anyone on the network can read it (use --tls-ca)\n";
    }
    channel_ = grpc::CreateCustomChannel(server, credentials, ChannelArguments());
  }
  return channel_;
}

void Context::LoadToken() {
  if (!token.empty() || token_file.empty()) return;
  std::ifstream in(token_file);
  std::string line;
  if (!in || !std::getline(in, line)) return;
  token = std::string(absl::StripAsciiWhitespace(line));
  struct stat info;
  if (::stat(token_file.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    std::cerr << "warning: " << token_file
              << " can be read by other users; it holds a bearer token (chmod 600 it)\n";
  }
}

std::unique_ptr<grpc::ClientContext> Context::NewCall() const {
  auto call = std::make_unique<grpc::ClientContext>();
  call->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(timeout_seconds));
  if (!token.empty()) call->AddMetadata("authorization", "Bearer " + token);
  return call;
}

int ReportError(const grpc::Status& status) {
  std::cerr << "error: " << CodeName(status.error_code()) << ": " << status.error_message() << "\n";
  v1::ErrorStatus details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      v1::BadRequest bad;
      v1::PreconditionFailure precondition;
      if (any.UnpackTo(&bad)) {
        for (const auto& v : bad.field_violations()) {
          std::cerr << "  field " << v.field() << ": " << v.description() << "\n";
        }
      } else if (any.UnpackTo(&precondition)) {
        for (const auto& v : precondition.violations()) {
          std::cerr << "  " << v.type() << " " << v.subject() << ": " << v.description() << "\n";
        }
      }
    }
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    std::cerr << "  is forumd running? (--server, FORUM_SERVER)\n";
  }
  return 1;
}

void PrintJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  std::cout << out;
  if (out.empty() || out.back() != '\n') std::cout << "\n";
}

int ParseEnumWord(const google::protobuf::EnumDescriptor* e, const std::string& word,
                  const std::string& option) {
  std::string upper = absl::AsciiStrToUpper(absl::StrReplaceAll(word, {{"-", "_"}}));
  const auto* v = e->FindValueByName(upper);
  if (v == nullptr) v = e->FindValueByName(Prefix(e) + upper);
  if (v == nullptr || v->number() == 0) {
    std::vector<std::string> words;
    for (int i = 1; i < e->value_count(); ++i) words.push_back(EnumWord(e, e->value(i)->number()));
    throw CLI::ValidationError(option,
                               "'" + word + "' is not one of: " + absl::StrJoin(words, ", "));
  }
  return v->number();
}

std::string EnumWord(const google::protobuf::EnumDescriptor* e, int value) {
  const auto* v = e->FindValueByNumber(value);
  if (v == nullptr) return std::to_string(value);
  std::string name = v->name();
  std::string prefix = Prefix(e);
  if (name.compare(0, prefix.size(), prefix) == 0) name = name.substr(prefix.size());
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

}  // namespace forum::client
