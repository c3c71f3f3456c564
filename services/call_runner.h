// Where a unary call runs. Every forum service is served on gRPC's callback API, so that the
// threads that read requests from the network are the threads that answer them: a server that
// mixes synchronous and callback services polls from both kinds of thread and hands most
// requests from one to the other (a wake and a switch per call, the larger part of a point
// read's cost; docs/benchmarks.md).
//
// gRPC runs callback handlers on a few threads of its own (two on two cores), which must not
// wait. A call that only reads a local SQLite snapshot does not wait for a writer, so a Get* or
// List* call is served right there when the database says its reads do not wait for the network
// (at worst, for one of its reader connections while every one is in use). All other calls
// (writes, which wait for their group commit's fsync; exports, diffs and the few reads that go
// over a whole document, programme or list, which can take milliseconds; every call over
// PostgreSQL, which waits for the network) run on a pool of
// threads: up to `max_threads` at once, a call beyond them answered RESOURCE_EXHAUSTED as the
// synchronous server did. Up to `kept_threads` stay waiting between calls, so that a group
// commit answering sixteen writers at once does not make threads exit and start again; a thread
// beyond them exits after `idle_exit` without a call.
#ifndef FORUM_SERVICES_CALL_RUNNER_H_
#define FORUM_SERVICES_CALL_RUNNER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/status.h"

namespace forum::services {

struct CallRunnerOptions {
  int max_threads = 64;
  int kept_threads = 16;
  std::chrono::milliseconds idle_exit{30000};
  // Whether Get* and List* calls may run on gRPC's own threads (see above).
  bool inline_reads = true;
};

class CallRunner {
 public:
  explicit CallRunner(CallRunnerOptions options);
  ~CallRunner();  // waits for the calls in progress
  CallRunner(const CallRunner&) = delete;
  CallRunner& operator=(const CallRunner&) = delete;

  // Whether `method` (an RPC's short name) is served on the thread that read it.
  bool RunsInline(absl::string_view method) const;

  // Serves one call of `method`: `serve()` returns its status once its response is filled. The
  // call is finished whatever happens: an exception out of `serve` answers INTERNAL.
  template <typename Serve>
  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context, absl::string_view method,
                                   Serve serve) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    if (RunsInline(method)) {
      reactor->Finish(Guarded(serve, method));
    } else if (!Post([reactor, method, serve = std::move(serve)]() mutable {
                 reactor->Finish(Guarded(serve, method));
               })) {
      reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                   "every thread of the server is serving a call; retry shortly"));
    }
    return reactor;
  }

  // Runs `task` on a thread of the pool; false (and `task` dropped, never run) when max_threads
  // calls are running already or no thread could be started.
  bool Post(std::function<void()> task);

  // Threads started and not yet exited; calls queued or running on them; calls refused since
  // the start because every thread was taken.
  int threads() const;
  int running() const;
  int64_t refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  template <typename Serve>
  static grpc::Status Guarded(Serve& serve, absl::string_view method) {
    try {
      return serve();
    } catch (const std::exception& e) {
      return Failed(method, e.what());
    } catch (...) {
      return Failed(method, "an unknown exception");
    }
  }
  // Logs a call that threw and answers it INTERNAL.
  static grpc::Status Failed(absl::string_view method, const char* what);
  void Work();

  const CallRunnerOptions options_;
  mutable absl::Mutex mu_;
  absl::CondVar work_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  int running_ ABSL_GUARDED_BY(mu_) = 0;  // tasks queued or running
  int threads_ ABSL_GUARDED_BY(mu_) = 0;
  int idle_ ABSL_GUARDED_BY(mu_) = 0;  // threads waiting for a task
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int64_t> refused_{0};
  std::vector<std::thread> live_ ABSL_GUARDED_BY(mu_);
  // Threads that exited for idleness, joined by the next Post or at the end.
  std::vector<std::thread::id> exited_ ABSL_GUARDED_BY(mu_);
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_CALL_RUNNER_H_
