#include "services/call_runner.h"

#include <algorithm>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "spdlog/spdlog.h"

namespace forum::services {

CallRunner::CallRunner(CallRunnerOptions options) : options_(options) {}

CallRunner::~CallRunner() {
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
    work_.SignalAll();
    threads = std::move(live_);
    live_.clear();
  }
  for (std::thread& t : threads) t.join();
}

bool CallRunner::RunsInline(absl::string_view method) const {
  if (!options_.inline_reads) return false;
  // Reads that go over a whole document, every session of an event or every statement of a
  // list can take milliseconds; they go to the pool with the exports and diffs.
  if (method == "GetDocumentContent" || method == "ListScheduleConflicts" ||
      method == "GetParticipation") {
    return false;
  }
  return absl::StartsWith(method, "Get") || absl::StartsWith(method, "List");
}

bool CallRunner::Post(std::function<void()> task) {
  std::vector<std::thread> exited;
  {
    absl::MutexLock lock(&mu_);
    if (stop_ || running_ >= options_.max_threads) {
      refused_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    if (idle_ > static_cast<int>(queue_.size())) {
      work_.Signal();
    } else {
      // A thread that cannot be started (the system's limit on threads) refuses the call
      // before it is queued, so nothing is left for a thread to run later.
      try {
        live_.emplace_back([this] { Work(); });
      } catch (const std::system_error& e) {
        spdlog::error("cannot start a thread to serve a call: {}", e.what());
        refused_.fetch_add(1, std::memory_order_relaxed);
        return false;
      }
      ++threads_;
    }
    ++running_;
    queue_.push_back(std::move(task));
    for (std::thread::id id : exited_) {
      auto it = std::find_if(live_.begin(), live_.end(),
                             [id](const std::thread& t) { return t.get_id() == id; });
      if (it == live_.end()) continue;
      exited.push_back(std::move(*it));
      live_.erase(it);
    }
    exited_.clear();
  }
  for (std::thread& t : exited) t.join();
  return true;
}

void CallRunner::Work() {
  absl::MutexLock lock(&mu_);
  while (true) {
    while (queue_.empty() && !stop_) {
      ++idle_;
      bool timed_out = work_.WaitWithTimeout(&mu_, absl::FromChrono(options_.idle_exit));
      --idle_;
      if (timed_out && queue_.empty() && !stop_ && threads_ > options_.kept_threads) {
        --threads_;
        exited_.push_back(std::this_thread::get_id());
        return;
      }
    }
    if (queue_.empty()) return;  // stopping, nothing left
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    mu_.Unlock();
    try {
      task();  // a call's task answers its own exceptions (Answer); this is the last resort
    } catch (...) {
      spdlog::error("a task of the call pool threw");
    }
    task = nullptr;  // what it held goes before the next wait
    mu_.Lock();
    --running_;
  }
}

grpc::Status CallRunner::Failed(absl::string_view method, const char* what) {
  spdlog::error("{} failed: {}", std::string(method), what);
  return grpc::Status(grpc::StatusCode::INTERNAL, "the server failed to answer this call");
}

int CallRunner::threads() const {
  absl::MutexLock lock(&mu_);
  return threads_;
}

int CallRunner::running() const {
  absl::MutexLock lock(&mu_);
  return running_;
}

}  // namespace forum::services
