// replicas_bench: forumd on SQLite, on PostgreSQL with one replica, and on PostgreSQL with two
// replicas over one database, each server a process of its own, driven by the same load
// generator in the same run. Reads (GetDelegation) and durable writes (RegisterDelegation) at 1
// and 16 clients; with two replicas the clients are shared out between them, as a load balancer
// would. PostgreSQL is a server of its own too, started for the run (deploy/postgres.sh) with
// its durable defaults (fsync on, synchronous commit).
//
// The machine's cores are shared by everything measured here: the load generator, the replicas
// and PostgreSQL. A second replica adds serving threads, not cores; what it shows is how much of
// the work a replica does not share (a connection pool, a gRPC server) it takes off the other.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "CLI/CLI.hpp"
#include "bench/forum_requests.h"
#include "bench/harness.h"
#include "bench/load.h"
#include "bench/process.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/entity.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"

namespace forum::bench {
namespace {

struct Options {
  double seconds = 3;
  std::vector<int> clients = {1, 16};
  int pool = 8;
};

// Runs deploy/postgres.sh with `args`; answers what it prints.
std::string PostgresSh(const std::string& args) {
  std::string command = std::string("FORUM_PG_FAST=0 bash ") + POSTGRES_SH + " " + args;
  std::array<char, 512> buffer{};
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// A PostgreSQL server for the run, stopped and removed at the end.
class Postgres {
 public:
  explicit Postgres(const std::string& dir) : dir_(dir) {
    uri_ = PostgresSh("start " + dir_ + " " + std::to_string(20000 + getpid() % 20000));
  }
  ~Postgres() {
    try {
      PostgresSh("stop " + dir_);
    } catch (const std::exception&) {
    }
  }
  const std::string& uri() const { return uri_; }

 private:
  std::string dir_;
  std::string uri_;
};

// One deployment under measurement: forumd processes over one database.
struct Deployment {
  std::string name;
  std::vector<std::unique_ptr<ServerProcess>> servers;
  std::string token;
};

// Where the machine's CPU went since the meter started or last reported, in cores busy: every
// forumd of the deployment, PostgreSQL's processes, this load generator, and the machine.
class CpuMeter {
 public:
  explicit CpuMeter(const Deployment& d) : d_(d) { Start(); }
  void Report() {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    const MachineCpu machine = MachineCpuSeconds();
    const double cores = (machine.all - machine_.all) / wall;
    std::printf(
        "    CPU, cores busy: forumd %.2f, PostgreSQL %.2f, load generator %.2f; "
        "machine %.2f of %.0f\n",
        (Forumd() - forumd_) / wall, (CpuSecondsOfAll("postgres") - postgres_) / wall,
        (CpuSecondsOf(getpid()) - self_) / wall, (machine.busy - machine_.busy) / wall, cores);
    std::fflush(stdout);
    Start();
  }

 private:
  void Start() {
    wall_ = std::chrono::steady_clock::now();
    machine_ = MachineCpuSeconds();
    forumd_ = Forumd();
    postgres_ = CpuSecondsOfAll("postgres");
    self_ = CpuSecondsOf(getpid());
  }
  double Forumd() const {
    double seconds = 0;
    for (const auto& server : d_.servers) seconds += server->CpuSeconds();
    return seconds;
  }
  const Deployment& d_;
  std::chrono::steady_clock::time_point wall_;
  MachineCpu machine_;
  double forumd_ = 0;
  double postgres_ = 0;
  double self_ = 0;
};

class Bench {
 public:
  Bench(const Options& options, const std::string& dir) : options_(options), dir_(dir) {}

  void Run() {
    Postgres postgres(dir_ + "/pg");
    std::printf("PostgreSQL: %s (fsync on, synchronous commit)\n", postgres.uri().c_str());
    Measure(Deploy("SQLite", dir_ + "/forum.db", 1));
    // Each PostgreSQL deployment gets a database of its own, from the same reference data.
    Measure(Deploy("PostgreSQL, 1 replica", DatabaseUri(postgres.uri(), "one"), 1));
    Measure(Deploy("PostgreSQL, 2 replicas", DatabaseUri(postgres.uri(), "two"), 2));
    Summary();
  }

 private:
  static std::string DatabaseUri(const std::string& uri, const std::string& name) {
    // postgresql://forum@localhost:PORT/forum?host=DIR → .../forum_NAME?host=DIR, made with
    // createdb through the same socket.
    size_t slash = uri.find('/', uri.find("://") + 3);
    size_t query = uri.find('?');
    std::string db = "forum_" + name;
    std::string host = uri.substr(query + 6);  // past "?host="
    std::string port =
        uri.substr(uri.find(':', uri.find('@')) + 1, slash - uri.find(':', uri.find('@')) - 1);
    std::string command = "createdb -h " + host + " -p " + port + " -U forum " + db;
    if (std::system(command.c_str()) != 0) {
      throw std::runtime_error("cannot create database " + db);
    }
    return uri.substr(0, slash + 1) + db + uri.substr(query);
  }

  std::unique_ptr<Deployment> Deploy(const std::string& name, const std::string& db, int replicas) {
    auto d = std::make_unique<Deployment>();
    d->name = name;
    const std::string token_file = dir_ + "/token-" + std::to_string(deployments_++);
    for (int i = 0; i < replicas; ++i) {
      d->servers.push_back(std::make_unique<ServerProcess>(
          "forumd-" + std::to_string(deployments_) + "-" + std::to_string(i), FORUMD_PATH,
          std::vector<std::string>{"--db", db, "--listen", "127.0.0.1:0", "--log-level", "error",
                                   "--admin-token-file", token_file, "--write-rate", "0",
                                   "--read-rate", "0", "--http-listen", "off", "--db-pool",
                                   std::to_string(options_.pool)},
          dir_));
    }
    std::ifstream(token_file) >> d->token;
    auto channel = OwnChannel(d->servers[0]->address(), d->token);
    auto events = v1::EventService::NewStub(channel);
    auto delegations = v1::DelegationService::NewStub(channel);
    codes_ = EntityCodes(*v1::EntityService::NewStub(channel));
    CreateOpenEvent(*events, "bench-read");
    for (const auto& code : codes_) {
      v1::Delegation out;
      delegations->RegisterDelegation(Deadline().get(), Registration("bench-read", code), &out);
    }
    for (int i = 0; i < 200; ++i) CreateOpenEvent(*events, "bench-w" + std::to_string(i));
    return d;
  }

  void Measure(std::unique_ptr<Deployment> d) {
    next_write_ = 0;
    Header(("Out of process: " + d->name).c_str());
    const size_t n = codes_.size();
    for (int clients : options_.clients) {
      std::vector<std::unique_ptr<v1::DelegationService::Stub>> stubs(clients);
      auto make = [&](int t) {
        // Clients shared out between the replicas, one connection each.
        const auto& server = d->servers[static_cast<size_t>(t) % d->servers.size()];
        stubs[t] = v1::DelegationService::NewStub(OwnChannel(server->address(), d->token));
        v1::GetDelegationRequest get;
        get.set_name("events/bench-read/delegations/" + codes_[0]);
        v1::Delegation out;
        stubs[t]->GetDelegation(Deadline().get(), get, &out);
      };
      CpuMeter cpu(*d);
      LoadResult reads = RunLoad(clients, options_.seconds, make, [&](int t, long i) {
        v1::GetDelegationRequest request;
        request.set_name("events/bench-read/delegations/" + codes_[(i * 7 + t) % n]);
        v1::Delegation out;
        grpc::ClientContext context;
        return stubs[t]->GetDelegation(&context, request, &out).ok();
      });
      Report(d->name, "GetDelegation", clients, reads);
      cpu.Report();
      // Each write registers a new State in an event of its own: no two collide.
      LoadResult writes = RunLoad(clients, options_.seconds, make, [&](int t, long) {
        long k = next_write_.fetch_add(1);
        v1::Delegation out;
        grpc::ClientContext context;
        return stubs[t]
            ->RegisterDelegation(
                &context,
                Registration("bench-w" + std::to_string((k / static_cast<long>(n)) % 200),
                             codes_[k % n]),
                &out)
            .ok();
      });
      Report(d->name, "RegisterDelegation", clients, writes);
      cpu.Report();
    }
  }

  void Report(const std::string& deployment, const std::string& call, int clients,
              const LoadResult& r) {
    std::printf("%s\n", FormatRow(call, clients, r).c_str());
    std::fflush(stdout);
    results_[{deployment, call, clients}] = r.calls_per_second;
  }

  void Summary() {
    Header("Summary: calls per second, same load generator, same run");
    for (int clients : options_.clients) {
      for (const char* call : {"GetDelegation", "RegisterDelegation"}) {
        double sqlite = results_[{"SQLite", call, clients}];
        double one = results_[{"PostgreSQL, 1 replica", call, clients}];
        double two = results_[{"PostgreSQL, 2 replicas", call, clients}];
        std::printf("%-20s %2d clients: SQLite %8.0f  PG x1 %8.0f  PG x2 %8.0f  (x2 / x1 %.2f)\n",
                    call, clients, sqlite, one, two, one > 0 ? two / one : 0.0);
      }
    }
    double one = results_[{"PostgreSQL, 1 replica", "GetDelegation", options_.clients.back()}];
    double two = results_[{"PostgreSQL, 2 replicas", "GetDelegation", options_.clients.back()}];
    std::printf("\ntwo replicas serve %.2fx the reads of one at %d clients (target >= 1.5x): %s\n",
                one > 0 ? two / one : 0.0, options_.clients.back(),
                one > 0 && two / one >= 1.5 ? "met" : "not met");
  }

  Options options_;
  std::string dir_;
  int deployments_ = 0;
  std::atomic<long> next_write_{0};  // each write's own (event, State), across rounds
  std::vector<std::string> codes_;
  std::map<std::tuple<std::string, std::string, int>, double> results_;
};

}  // namespace
}  // namespace forum::bench

int main(int argc, char** argv) {
  forum::bench::Options options;
  CLI::App app{"replicas_bench: forumd on SQLite and on one and two PostgreSQL replicas"};
  app.add_option("--seconds", options.seconds, "Seconds per measurement");
  app.add_option("--clients", options.clients, "Client counts")->delimiter(',');
  app.add_option("--db-pool", options.pool, "Connections per replica");
  CLI11_PARSE(app, argc, argv);
  std::string dir = forum::bench::MakeTempDir();
  // The PostgreSQL server runs as the postgres user when this runs as root: it must reach it.
  std::system(("chmod 755 " + dir).c_str());
  forum::bench::Bench(options, dir).Run();
  std::system(("rm -rf " + dir).c_str());
  return 0;
}
