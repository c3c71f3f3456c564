// The fuzz harness: the real forum services on an in-process gRPC channel over a seeded SQLite
// database, driven by a fuzz input read as a sequence of calls, with the server's invariants
// checked after every call and every input.
//
// An input is a sequence of records, each `method caller length-lo length-hi body...`: the
// method byte picks an RPC of the service under test (modulo its number of methods, in the
// order of the .proto), the caller byte one of the callers below, and the body (the length is
// clamped to what is left) is sent as the request's serialized bytes, which the server parses as
// it would any client's (with the stand-ins of the world's token names replaced, below). At
// most kMaxCalls records are read.
//
// The database holds the reference data and the fuzz world (world.h), seeded once per process
// and copied back after every input that changed it, so each input starts from the same state.
#ifndef FORUM_TESTS_FUZZ_HARNESS_H_
#define FORUM_TESTS_FUZZ_HARNESS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/status.h"

namespace forum::fuzz {

inline constexpr size_t kMaxCalls = 12;
// What a default gRPC client accepts: no answer may be larger.
inline constexpr size_t kMaxResponseBytes = 4 * 1024 * 1024;

// The world's tokens, by role and by the stand-in name that inputs use for them.
inline constexpr std::pair<const char*, const char*> kTokenStandIns[] = {
    {"admin", "tokens/fuzz-admin00"},
    {"reader", "tokens/fuzz-reader0"},
    {"focal-point", "tokens/fuzz-focalpt"},
    {"chair", "tokens/fuzz-chair00"},
};

// Who makes a call; the caller byte picks one modulo kCallerCount.
enum class CallerKind { kNone, kReader, kFocalPoint, kChair, kAdmin };
inline constexpr int kCallerCount = 5;
const char* CallerKindName(CallerKind kind);

struct FuzzCall {
  int method = 0;  // index among the service's methods
  CallerKind caller = CallerKind::kAdmin;
  absl::string_view body;
};

// Splits an input into its calls (see above).
std::vector<FuzzCall> SplitInput(const uint8_t* data, size_t size, int method_count);

// The answer to one call, for replays that check their seeds.
struct CallResult {
  std::string method;  // full gRPC path
  grpc::StatusCode code;
  std::string message;
  bool wrote = false;  // whether it committed anything
};

class Harness {
 public:
  // The process's harness, created on first use. Aborts if the world cannot be built.
  static Harness& Instance();
  ~Harness();

  // Runs one input against `service`. Aborts with a report on stderr when an invariant breaks,
  // which libFuzzer records as a crash with its input.
  std::vector<CallResult> Run(const google::protobuf::ServiceDescriptor& service,
                              const uint8_t* data, size_t size);

  // The fuzz world's resource names, `key=name` a line, for the seed generator.
  std::string WorldNames() const;

  struct State;

 private:
  Harness();
  std::unique_ptr<State> state_;
};

// The service named `full_name` (`forum.v1.EventService`); aborts if there is none.
const google::protobuf::ServiceDescriptor& ServiceNamed(absl::string_view full_name);

}  // namespace forum::fuzz

#endif  // FORUM_TESTS_FUZZ_HARNESS_H_
