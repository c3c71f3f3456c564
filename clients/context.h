// What every forumctl command shares: the connection, the output format, and how a call and
// its error are reported.
#ifndef FORUM_CLIENTS_CONTEXT_H_
#define FORUM_CLIENTS_CONTEXT_H_

#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace forum::client {

struct Context {
  std::string server = "127.0.0.1:50051";
  std::string output = "table";  // table | json
  int timeout_seconds = 30;
  std::string token;       // from FORUM_TOKEN, else the token file; sent as a bearer token
  std::string token_file;  // read when FORUM_TOKEN is not set
  std::string tls_ca;      // PEM file of the CA; TLS when set
  std::string tls_cert;    // PEM client certificate, for servers that require one (mutual TLS)
  std::string tls_key;     // PEM private key of tls_cert
  int limit = 0;           // --limit of a list command: print at most this many; 0 for all
  int exit_code = 0;

  // The channel to the server, made on first use. Safe from several threads (the board follows
  // the feed on one thread while the main thread calls).
  std::shared_ptr<grpc::Channel> Channel();
  // A client context with the deadline and the token.
  std::unique_ptr<grpc::ClientContext> NewCall() const;
  bool json() const { return output == "json"; }
  // Reads the token file when no token came from the environment.
  void LoadToken();

 private:
  std::mutex channel_mu_;
  std::shared_ptr<grpc::Channel> channel_;
};

// Prints a failed call on stderr: code, message, and the field violations and preconditions
// of the status details. Returns the exit code for it (1).
int ReportError(const grpc::Status& status);

// Prints a message as JSON (proto field names) on stdout.
void PrintJson(const google::protobuf::Message& message);

// Reads an enum value from a command line word: `minister`, `MINISTER` or
// `PROTOCOL_RANK_MINISTER`. Throws CLI::ValidationError naming the choices otherwise.
int ParseEnumWord(const google::protobuf::EnumDescriptor* e, const std::string& word,
                  const std::string& option);
// The value name without the enum's prefix, lower case: PROTOCOL_RANK_MINISTER → minister.
std::string EnumWord(const google::protobuf::EnumDescriptor* e, int value);

}  // namespace forum::client

namespace forum::client {

// Makes one call, `rpc(client_context, &response)`, and prints the answer: JSON when asked,
// `print(response)` otherwise; on error, the error, and a non-zero exit code in `ctx`.
template <typename Response, typename Rpc, typename Print>
void RunCall(Context& ctx, Rpc&& rpc, Print&& print) {
  Response response;
  auto call = ctx.NewCall();
  grpc::Status status = rpc(call.get(), &response);
  if (!status.ok()) {
    ctx.exit_code = ReportError(status);
    return;
  }
  if (ctx.json()) {
    PrintJson(response);
  } else {
    print(response);
  }
}

}  // namespace forum::client

#endif  // FORUM_CLIENTS_CONTEXT_H_
