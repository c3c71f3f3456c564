// forum_bench: throughput and latency of the delegation RPCs beside baselines measured in the
// same run (an empty unary RPC on the same server: the transport's ceiling; raw SQLite
// single-row transactions with the same durability: the store's ceiling; and an RPC that runs
// one such transaction: the two together), then forumd's peak memory with 10,000 delegations
// stored. Prints figures; asserts nothing.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "SQLiteCpp/Database.h"
#include "SQLiteCpp/Statement.h"
#include "SQLiteCpp/Transaction.h"
#include "bench/forum_requests.h"
#include "bench/harness.h"
#include "bench/load.h"
#include "domain/names.h"
#include "forum/bench/baseline.grpc.pb.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/entity.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "services/forum_server.h"
#include "spdlog/spdlog.h"
#include "storage/sqlite/database.h"

namespace forum::bench {
namespace {

// The delegation a registration request creates, as the access rule hands it to the logic.
domain::EventChild TargetOf(const v1::RegisterDelegationRequest& request) {
  return domain::EventChild{domain::LastSegment(request.parent()),
                            domain::LastSegment(request.delegation().entity())};
}

struct Options {
  double seconds = 3;
  std::string durability = "full";
  std::vector<int> clients = {1, 4, 16};
  int memory_delegations = 10000;
  std::string log_level = "error";
};

struct Figures {
  double empty16 = 0, get16 = 0, register1 = 0, raw1 = 0, raw_rpc1 = 0, direct1 = 0;
  double empty1 = 0, auth1 = 0, auth16 = 0, check1 = 0;
};

Figures Throughput(const Options& options, const std::string& dir) {
  storage::sqlite::DatabaseOptions db_options;
  db_options.path = dir + "/forum.db";
  db_options.durability = *storage::sqlite::ParseDurability(options.durability);
  auto db = storage::sqlite::Database::Open(db_options);
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  services::ForumServices services(**db);
  RawStore raw_store(dir + "/raw.db", options.durability);
  BaselineServiceImpl baseline(raw_store, services.access());
  const std::string token = AdminToken(**db);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  services.AddTo(builder);
  builder.RegisterService(&baseline);
  auto server = builder.BuildAndStart();
  std::string address = "127.0.0.1:" + std::to_string(port);

  auto setup = OwnChannel(address, token);
  auto events = v1::EventService::NewStub(setup);
  auto delegations = v1::DelegationService::NewStub(setup);
  auto codes = EntityCodes(*v1::EntityService::NewStub(setup));
  CreateOpenEvent(*events, "bench-read");
  for (const auto& code : codes) {
    v1::Delegation out;
    delegations->RegisterDelegation(Deadline().get(), Registration("bench-read", code), &out);
  }
  // Events enough for every registration the run can make: each takes one per State.
  const int kWriteEvents = 400;
  for (int i = 0; i < kWriteEvents; ++i) CreateOpenEvent(*events, "bench-w" + std::to_string(i));
  std::atomic<long> next_registration{0};
  auto next_request = [&] {
    long n = next_registration++;
    return Registration("bench-w" + std::to_string(n / codes.size()), codes[n % codes.size()]);
  };

  Figures figures;
  Header("Delegation RPCs (in-process server on loopback TCP, one connection a client)");
  for (int clients : options.clients) {
    std::vector<std::unique_ptr<BaselineService::Stub>> baselines(clients);
    std::vector<std::unique_ptr<v1::DelegationService::Stub>> stubs(clients);
    auto make = [&](int t) {
      auto channel = OwnChannel(address, token);
      baselines[t] = BaselineService::NewStub(channel);
      stubs[t] = v1::DelegationService::NewStub(channel);
      Empty in, out;
      baselines[t]->Ping(Deadline().get(), in, &out);  // connect before the clock starts
    };
    auto r_empty = RunLoad(clients, options.seconds, make, [&](int t, long) {
      Empty in, out;
      grpc::ClientContext c;
      return baselines[t]->Ping(&c, in, &out).ok();
    });
    auto r_auth = RunLoad(clients, options.seconds, make, [&](int t, long) {
      Empty in, out;
      grpc::ClientContext c;
      return baselines[t]->PingAuthenticated(&c, in, &out).ok();
    });
    auto r_get = RunLoad(clients, options.seconds, make, [&](int t, long i) {
      v1::GetDelegationRequest request;
      request.set_name("events/bench-read/delegations/" + codes[(i * 7 + t) % codes.size()]);
      v1::Delegation out;
      grpc::ClientContext c;
      return stubs[t]->GetDelegation(&c, request, &out).ok();
    });
    auto r_list = RunLoad(clients, options.seconds, make, [&](int t, long i) {
      v1::ListDelegationsRequest request;
      request.set_parent("events/bench-read");
      request.set_page_size(50);
      v1::ListDelegationsResponse out;
      grpc::ClientContext c;
      return stubs[t]->ListDelegations(&c, request, &out).ok() && out.delegations_size() == 50;
    });
    auto r_raw_rpc = RunLoad(clients, options.seconds, make, [&](int t, long) {
      Empty in, out;
      grpc::ClientContext c;
      return baselines[t]->InsertOne(&c, in, &out).ok();
    });
    auto r_register = RunLoad(clients, options.seconds, make, [&](int t, long) {
      v1::Delegation out;
      grpc::ClientContext c;
      return stubs[t]->RegisterDelegation(&c, next_request(), &out).ok();
    });
    std::cout << FormatRow("baseline: empty unary RPC", clients, r_empty) << "\n"
              << FormatRow("empty RPC + token check", clients, r_auth) << "\n"
              << FormatRow("GetDelegation", clients, r_get) << "\n"
              << FormatRow("ListDelegations (page of 50)", clients, r_list) << "\n"
              << FormatRow("baseline: RPC running one raw tx", clients, r_raw_rpc) << "\n"
              << FormatRow("RegisterDelegation", clients, r_register) << "\n";
    if (clients == 1) {
      figures.empty1 = r_empty.calls_per_second;
      figures.auth1 = r_auth.calls_per_second;
    }
    if (clients == 16) {
      figures.auth16 = r_auth.calls_per_second;
      figures.empty16 = r_empty.calls_per_second;
      figures.get16 = r_get.calls_per_second;
    }
    if (clients == 1) {
      figures.register1 = r_register.calls_per_second;
      figures.raw_rpc1 = r_raw_rpc.calls_per_second;
    }
  }
  server->Shutdown();

  Header("Store (no transport): raw SQLite beside the registration logic, one at a time");
  auto raw = RunLoad(
      1, options.seconds, [](int) {}, [&](int, long) { return raw_store.InsertOne(); });
  auto direct = RunLoad(
      1, options.seconds, [](int) {},
      [&](int, long) {
        auto request = next_request();
        auto target = TargetOf(request);
        return (*db)
            ->Write(nullptr,
                    [&](storage::Tx& tx) {
                      return services.delegations().Register(tx, target, request);
                    })
            .ok();
      });
  auto audited = RunLoad(
      1, options.seconds, [](int) {},
      [&](int, long) {
        storage::AuditScope audit({"tokens/bench", "Benchmark",
                                   "/forum.v1.DelegationService/RegisterDelegation", "", ""});
        auto request = next_request();
        auto target = TargetOf(request);
        return (*db)
            ->Write(&audit,
                    [&](storage::Tx& tx) {
                      return services.delegations().Register(tx, target, request);
                    })
            .ok();
      });
  services::Access& access = services.access();
  auto check = RunLoad(
      1, options.seconds, [](int) {},
      [&](int, long) { return access.AuthenticateSecret(token).ok(); });
  std::cout << FormatRow("baseline: raw SQLite insert tx", 1, raw) << "\n"
            << FormatRow("RegisterDelegation, logic only", 1, direct) << "\n"
            << FormatRow("RegisterDelegation, logic + audit", 1, audited) << "\n"
            << FormatRow("token check alone (hash + lookup)", 1, check) << "\n";
  figures.check1 = check.calls_per_second;
  figures.raw1 = raw.calls_per_second;
  figures.direct1 = direct.calls_per_second;
  return figures;
}

long StatusKib(pid_t pid, const std::string& key) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  return -1;
}

// Starts the real forumd, stores `count` delegations, reads them under load, and reports its
// peak resident memory (VmHWM) beside the peak right after start.
void Memory(const Options& options, const std::string& dir) {
  std::string port_file = dir + "/port";
  std::string token_file = dir + "/token";
  pid_t pid = fork();
  if (pid == 0) {
    // The write path is not what is measured here; process durability keeps the fill short.
    execl(FORUMD_PATH, "forumd", "--db", (dir + "/memory.db").c_str(), "--listen", "127.0.0.1:0",
          "--port-file", port_file.c_str(), "--log-level", "warn", "--durability", "process",
          "--admin-token-file", token_file.c_str(), "--write-rate", "0", "--read-rate", "0",
          "--http-listen", "off", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string port;
  for (int i = 0; i < 300 && port.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::ifstream(port_file) >> port;
  }
  std::string address = "127.0.0.1:" + port;
  std::string token;
  std::ifstream(token_file) >> token;
  long start_kib = StatusKib(pid, "VmHWM");
  auto channel = OwnChannel(address, token);
  auto events = v1::EventService::NewStub(channel);
  auto codes = EntityCodes(*v1::EntityService::NewStub(channel));
  int per_event = static_cast<int>(codes.size());
  int event_count = (options.memory_delegations + per_event - 1) / per_event;
  for (int e = 0; e < event_count; ++e) CreateOpenEvent(*events, "mem-" + std::to_string(e));
  std::atomic<int> stored{0};
  std::atomic<int> accepted{0};
  std::vector<std::thread> fillers;
  for (int t = 0; t < 4; ++t) {
    fillers.emplace_back([&] {
      auto stub = v1::DelegationService::NewStub(OwnChannel(address, token));
      for (int n = stored++; n < options.memory_delegations; n = stored++) {
        v1::Delegation out;
        if (stub->RegisterDelegation(
                    Deadline().get(),
                    Registration("mem-" + std::to_string(n / per_event), codes[n % per_event]),
                    &out)
                .ok()) {
          ++accepted;
        }
      }
    });
  }
  for (auto& f : fillers) f.join();
  Header("forumd memory (real binary, separate process)");
  auto reads = RunLoad(
      16, options.seconds, [](int) {},
      [&](int t, long i) {
        thread_local auto stub = v1::DelegationService::NewStub(OwnChannel(address, token));
        v1::ListDelegationsRequest request;
        request.set_parent("events/mem-" + std::to_string((i + t) % event_count));
        request.set_page_size(200);
        v1::ListDelegationsResponse out;
        return stub->ListDelegations(Deadline().get(), request, &out).ok();
      });
  std::cout << FormatRow("ListDelegations (page of 200)", 16, reads) << "\n";
  long peak_kib = StatusKib(pid, "VmHWM");
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  std::printf(
      "delegations stored: %d; forumd peak RSS: %.1f MiB at start, %.1f MiB after fill "
      "and reads (target < 100 MiB)\n",
      accepted.load(), start_kib / 1024.0, peak_kib / 1024.0);
}

}  // namespace
}  // namespace forum::bench

int main(int argc, char** argv) {
  using forum::bench::Options;
  Options options;
  CLI::App app{"forum_bench: delegation RPCs against their baselines, and forumd's memory"};
  app.add_option("--seconds", options.seconds, "Seconds per scenario")->capture_default_str();
  app.add_option("--durability", options.durability, "full or process")
      ->check(CLI::IsMember({"full", "process"}))
      ->capture_default_str();
  app.add_option("--clients", options.clients, "Concurrent clients to try")->delimiter(',');
  app.add_option("--memory-delegations", options.memory_delegations,
                 "Delegations stored before measuring forumd's memory (0: skip)")
      ->capture_default_str();
  app.add_option("--log-level", options.log_level, "Server log level during the run")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  forum::services::EnableStockServices();

  std::string dir = forum::bench::MakeTempDir();
  std::printf("forum_bench: %.1f s a scenario, durability %s, %u cores\n", options.seconds,
              options.durability.c_str(), std::thread::hardware_concurrency());
  auto figures = forum::bench::Throughput(options, dir);
  std::printf("\nRatios (targets from the foundation issue)\n");
  if (figures.empty16 > 0) {
    std::printf("GetDelegation at 16 clients / empty RPC at 16 clients: %.0f%% (target >= 60%%)\n",
                100.0 * figures.get16 / figures.empty16);
  }
  if (figures.raw1 > 0) {
    std::printf("RegisterDelegation at 1 client / raw SQLite tx: %.0f%% (target >= 60%%)\n",
                100.0 * figures.register1 / figures.raw1);
    std::printf("RegisterDelegation at 1 client / RPC running one raw tx: %.0f%%\n",
                100.0 * figures.register1 / figures.raw_rpc1);
    std::printf("RegisterDelegation logic without transport / raw SQLite tx: %.0f%%\n",
                100.0 * figures.direct1 / figures.raw1);
  }
  if (figures.empty1 > 0 && figures.empty16 > 0) {
    std::printf(
        "Empty RPC with token check / without, at 1 client: %.0f%%; at 16 clients: %.0f%%\n",
        100.0 * figures.auth1 / figures.empty1, 100.0 * figures.auth16 / figures.empty16);
    std::printf("Token check alone: %.1f us a call (%.0f checks/s on one core)\n",
                1e6 / figures.check1, figures.check1);
  }
  if (options.memory_delegations > 0) forum::bench::Memory(options, dir);
  std::filesystem::remove_all(dir);
  return 0;
}
