// Calls the forum's gRPC service objects, the same adapters that forumd registers, directly by
// method path: each call gets a real grpc::ServerContext with the caller's metadata, its bytes
// are parsed as the method's request message, and the adapter authenticates, applies the access
// rule and runs the logic over the store. Only the transport is skipped (it is gRPC's, fuzzed by
// gRPC; the end-to-end suites drive forumd's), which makes a call several times cheaper.
#ifndef FORUM_TESTS_FUZZ_DISPATCH_H_
#define FORUM_TESTS_FUZZ_DISPATCH_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/server_context.h"
#include "services/forum_server.h"
#include "services/grpc_services.h"

namespace forum::fuzz {

struct Answer {
  grpc::Status status;
  size_t response_bytes = 0;  // the serialized response, when OK
  bool unreadable = false;    // it did not parse back as its type
  bool served = true;         // false when the body did not parse, so no handler ran
};

class Dispatcher {
 public:
  explicit Dispatcher(services::ForumServices& services);

  // OK when every method of `service` can be called; else names the first that cannot, so
  // that a new RPC fails the replay tests until it is added here.
  absl::Status Covers(const google::protobuf::ServiceDescriptor& service) const;

  // Calls the method at `path` (`/forum.v1.EventService/CreateEvent`) with `body`, sending
  // `secret` as the bearer token (none when empty).
  Answer Call(const std::string& path, const std::string& secret, absl::string_view body);

  using Invoker = std::function<Answer(grpc::ServerContext*, absl::string_view)>;

 private:
  services::EntityGrpcService entity_;
  services::EventGrpcService event_;
  services::DelegationGrpcService delegation_;
  services::RoundTableGrpcService round_table_;
  services::DocumentGrpcService document_;
  services::AccessGrpcService access_;
  services::SpeakerGrpcService speaker_;
  services::ScheduleGrpcService schedule_;
  std::map<std::string, Invoker, std::less<>> invokers_;
};

}  // namespace forum::fuzz

#endif  // FORUM_TESTS_FUZZ_DISPATCH_H_
