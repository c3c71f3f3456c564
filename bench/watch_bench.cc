// watch_bench: the change feed's fan-out, measured from outside. It starts forumd as its own
// process, then for 10, 100 and 1,000 watchers of one event: opens the watches (spread over
// connections of their own, at most 30 streams each), reads forumd's resident memory before and
// after they open (memory per idle watcher), and drives one writer that changes the list of
// speakers in a closed loop. Every change a watcher receives is timed from its commit (the
// change's commit_time) to its arrival: the delivery latency. The writer's rate without any
// watcher, measured in the same run, is the baseline. Prints figures and the targets;
// asserts nothing.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "bench/forum_requests.h"
#include "bench/harness.h"
#include "bench/process.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/speaker.grpc.pb.h"
#include "forum/v1/watch.grpc.pb.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/util/time_util.h"

namespace forum::bench {
namespace {

constexpr char kEvent[] = "events/bench-feed";
constexpr int kStreamsPerConnection = 30;
constexpr size_t kSpeakers = 190;

struct Options {
  double seconds = 4;
  std::string durability = "full";
  std::vector<int> watchers = {10, 100, 1000};
};

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double Percentile(std::vector<int64_t>& v, double q) {
  if (v.empty()) return 0;
  size_t i = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
  return static_cast<double>(v[i]);
}

// One watcher: its own stream, read by gRPC's callback API (no thread of its own, as a client
// following many streams would), timing each change it receives. Each message is parsed into
// an arena that is reset before the next, as a client that follows a busy feed would parse: a
// message parsed on the heap costs a few allocations a change, and the load generator shares
// the two cores with forumd.
class Watcher final : public grpc::ClientReadReactor<v1::WatchEventResponse> {
 public:
  Watcher(v1::WatchService::Stub& stub, const std::string& token)
      : arena_(ArenaOptions(block_)), message_(NewMessage()) {
    context_.AddMetadata("authorization", "Bearer " + token);
    request_.set_event(kEvent);
    request_.add_prefixes("speakerLists/plenary");
    stub.async()->WatchEvent(&context_, &request_, this);
    StartRead(message_);
    StartCall();
  }
  // Cancels the stream and waits until gRPC is done with it.
  ~Watcher() {
    context_.TryCancel();
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [this] { return done_; });
  }
  bool current() const { return current_.load(); }
  bool failed() const { return failed_.load(); }
  // The latencies measured so far, in microseconds; clears them.
  std::vector<int64_t> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::move(latencies_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    if (message_->kind() == v1::WatchEventResponse::KIND_CURRENT) current_ = true;
    if (message_->kind() == v1::WatchEventResponse::KIND_CHANGES) {
      int64_t now = NowMicros();
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& c : message_->changes()) {
        latencies_.push_back(
            now - google::protobuf::util::TimeUtil::TimestampToMicroseconds(c.commit_time()));
      }
    }
    arena_.Reset();
    message_ = NewMessage();
    StartRead(message_);
  }
  void OnDone(const grpc::Status& status) override {
    if (!current_) failed_ = true;
    if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
      std::fprintf(stderr, "watcher: %s\n", status.error_message().c_str());
      failed_ = true;
    }
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    done_cv_.notify_all();
  }

 private:
  static google::protobuf::ArenaOptions ArenaOptions(std::vector<char>& block) {
    block.resize(64 * 1024);
    google::protobuf::ArenaOptions options;
    options.initial_block = block.data();
    options.initial_block_size = block.size();
    return options;
  }
  v1::WatchEventResponse* NewMessage() {
    return google::protobuf::Arena::CreateMessage<v1::WatchEventResponse>(&arena_);
  }

  grpc::ClientContext context_;
  v1::WatchEventRequest request_;
  std::vector<char> block_;  // the arena's first block, kept across resets
  google::protobuf::Arena arena_;
  v1::WatchEventResponse* message_;
  std::atomic<bool> current_{false};
  std::atomic<bool> failed_{false};
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::vector<int64_t> latencies_;
};

class Bench {
 public:
  Bench(const Options& options, const std::string& dir) : options_(options), dir_(dir) {}

  void Run() {
    ServerProcess forumd("forumd", FORUMD_PATH,
                         {"--db",
                          dir_ + "/forum.db",
                          "--listen",
                          "127.0.0.1:0",
                          "--log-level",
                          "warn",
                          "--durability",
                          options_.durability,
                          "--admin-token-file",
                          dir_ + "/token",
                          "--write-rate",
                          "0",
                          "--read-rate",
                          "0",
                          "--max-watches",
                          "5000",
                          "--max-watches-per-token",
                          "5000",
                          "--http-listen",
                          "off"},
                         dir_);
    std::ifstream(dir_ + "/token") >> token_;
    address_ = forumd.address();
    Setup();
    std::printf("forumd %s (pid %d), durability %s, %.1f s a figure\n\n", address_.c_str(),
                forumd.pid(), options_.durability.c_str(), options_.seconds);
    double alone = Write();
    std::printf("%-10s %12s %10s %14s %14s %12s %16s\n", "watchers", "writes/s", "of alone",
                "deliveries", "p50 ms", "p99 ms", "KiB/idle watcher");
    std::printf("%-10d %12.0f %9.0f%% %14s %14s %12s %16s\n", 0, alone, 100.0, "-", "-", "-", "-");
    for (int n : options_.watchers) {
      long before = forumd.StatusKib("VmRSS");
      std::vector<std::unique_ptr<v1::WatchService::Stub>> stubs;
      for (int i = 0; i < (n + kStreamsPerConnection - 1) / kStreamsPerConnection; ++i) {
        stubs.push_back(v1::WatchService::NewStub(OwnChannel(address_)));
      }
      std::vector<std::unique_ptr<Watcher>> watchers;
      for (int i = 0; i < n; ++i) {
        watchers.push_back(std::make_unique<Watcher>(
            *stubs[static_cast<size_t>(i / kStreamsPerConnection)], token_));
      }
      auto all_current = [&] {
        return std::all_of(watchers.begin(), watchers.end(),
                           [](const auto& w) { return w->current() || w->failed(); });
      };
      for (int i = 0; i < 600 && !all_current(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      long after = forumd.StatusKib("VmRSS");
      long failed = std::count_if(watchers.begin(), watchers.end(),
                                  [](const auto& w) { return w->failed(); });
      double rate = Write();
      std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the last deliveries
      std::vector<int64_t> latencies;
      for (auto& w : watchers) {
        auto mine = w->Take();
        latencies.insert(latencies.end(), mine.begin(), mine.end());
      }
      size_t deliveries = latencies.size();
      double p50 = Percentile(latencies, 0.50) / 1000;
      double p99 = Percentile(latencies, 0.99) / 1000;
      double per_watcher = static_cast<double>(after - before) / n;
      std::printf("%-10d %12.0f %9.0f%% %14zu %14.1f %12.1f %16.1f%s\n", n, rate,
                  100 * rate / alone, deliveries, p50, p99, per_watcher,
                  failed > 0 ? " (some watches failed)" : "");
      if (n == options_.watchers.back()) {
        std::printf(
            "\nTargets at %d watchers: p99 delivery < 200 ms: %s; < 20 KiB of server memory per "
            "idle watcher: %s; writer at least 80 %% of its rate alone: %s\n",
            n, p99 < 200 ? "met" : "NOT MET", per_watcher < 20 ? "met" : "NOT MET",
            rate >= 0.8 * alone ? "met" : "NOT MET");
      }
      watchers.clear();
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }

 private:
  // The event and a full plenary list: 190 delegations, each with its speaker. The writer goes
  // round them, so a round of the feed (at most 100 ms, some 100 writes) changes each speaker
  // at most once and every change it carries is one the watchers must receive.
  void Setup() {
    auto channel = OwnChannel(address_, token_);
    auto events = v1::EventService::NewStub(channel);
    auto delegations = v1::DelegationService::NewStub(channel);
    auto speakers = v1::SpeakerService::NewStub(channel);
    if (!CreateOpenEvent(*events, "bench-feed")) throw std::runtime_error("cannot create event");
    std::vector<std::string> codes = EntityCodes(*v1::EntityService::NewStub(channel));
    for (size_t i = 0; i < kSpeakers && i < codes.size(); ++i) {
      v1::Delegation d;
      if (!delegations
               ->RegisterDelegation(Deadline().get(), Registration("bench-feed", codes[i]), &d)
               .ok()) {
        throw std::runtime_error("cannot register");
      }
      v1::InscribeSpeakerRequest inscribe;
      inscribe.set_parent(std::string(kEvent) + "/speakerLists/plenary");
      inscribe.mutable_speaker()->set_delegation(d.name());
      inscribe.mutable_speaker()->set_level(v1::PROTOCOL_RANK_MINISTER);
      v1::Speaker s;
      grpc::Status status = speakers->InscribeSpeaker(Deadline().get(), inscribe, &s);
      if (!status.ok()) throw std::runtime_error("cannot inscribe: " + status.error_message());
      speakers_.push_back(s.name());
    }
  }

  // One writer changing speakers' titles in a closed loop for the figure's time; writes/s.
  double Write() {
    auto stub = v1::SpeakerService::NewStub(OwnChannel(address_, token_));
    auto start = std::chrono::steady_clock::now();
    auto until = start + std::chrono::duration<double>(options_.seconds);
    long writes = 0;
    while (std::chrono::steady_clock::now() < until) {
      v1::UpdateSpeakerRequest update;
      update.mutable_speaker()->set_name(speakers_[static_cast<size_t>(writes) % speakers_.size()]);
      update.mutable_speaker()->set_speaker_title("Minister, change " + std::to_string(writes));
      update.mutable_update_mask()->add_paths("speaker_title");
      v1::Speaker out;
      if (stub->UpdateSpeaker(Deadline().get(), update, &out).ok()) ++writes;
    }
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return static_cast<double>(writes) / elapsed;
  }

  Options options_;
  std::string dir_;
  std::string address_;
  std::string token_;
  std::vector<std::string> speakers_;
};

}  // namespace
}  // namespace forum::bench

int main(int argc, char** argv) {
  forum::bench::Options options;
  CLI::App app{"watch_bench: the change feed's fan-out, forumd as its own process"};
  app.add_option("--seconds", options.seconds, "Seconds the writer runs per figure")
      ->capture_default_str();
  app.add_option("--durability", options.durability, "full or process")
      ->check(CLI::IsMember({"full", "process"}))
      ->capture_default_str();
  app.add_option("--watchers", options.watchers, "Numbers of watchers to try")->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  std::string dir = forum::bench::MakeTempDir();
  std::printf("watch_bench: %u cores\n", std::thread::hardware_concurrency());
  try {
    forum::bench::Bench(options, dir).Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "watch_bench: %s\n", e.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
