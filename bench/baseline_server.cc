// baseline_server: the ceilings forumd is measured against, as a process of its own with
// forumd's gRPC settings (server::ApplyLimits, the same synchronous server). Without --db it
// answers Ping, an RPC that does nothing: the transport's ceiling. With --db it also answers
// InsertOne, which commits one single-row transaction in raw SQLite with the store's pragmas and
// the given durability before it answers: one durable row per call, the ceiling of a server that
// commits every call on its own.
#include <signal.h>

#include <fstream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "bench/harness.h"
#include "forum/bench/baseline.grpc.pb.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "server/config.h"
#include "server/run.h"

namespace forum::bench {
namespace {

class Baselines final : public BaselineService::Service {
 public:
  explicit Baselines(RawStore* store) : store_(store) {}
  grpc::Status Ping(grpc::ServerContext*, const Empty*, Empty*) override {
    return grpc::Status::OK;
  }
  grpc::Status InsertOne(grpc::ServerContext*, const Empty*, Empty*) override {
    if (store_ == nullptr) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no --db");
    if (!store_->InsertOne()) return grpc::Status(grpc::StatusCode::INTERNAL, "insert failed");
    return grpc::Status::OK;
  }

 private:
  RawStore* store_;
};

// The same empty RPC on gRPC's callback API, where the handler runs on the thread that read the
// request: a measure of what that server model would give forumd's transport ceiling.
class CallbackPing final : public BaselineService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Ping(grpc::CallbackServerContext* context, const Empty*,
                                 Empty*) override {
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace
}  // namespace forum::bench

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  std::string port_file;
  std::string db;
  std::string durability = "full";
  bool callback = false;
  CLI::App app{
      "baseline_server: the empty RPC and the one-durable-row RPC, with forumd's settings"};
  app.add_option("--listen", listen)->capture_default_str();
  app.add_option("--port-file", port_file, "Written with the bound port once serving");
  app.add_option("--db", db, "SQLite file for InsertOne (a new file); without it, Ping only");
  app.add_option("--durability", durability)->check(CLI::IsMember({"full", "process"}));
  app.add_flag("--callback", callback, "Serve Ping on the callback API (no InsertOne)");
  CLI11_PARSE(app, argc, argv);

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<forum::bench::RawStore> store;
  if (!db.empty()) store = std::make_unique<forum::bench::RawStore>(db, durability);
  forum::bench::Baselines service(store.get());
  forum::bench::CallbackPing callback_service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  forum::server::ApplyLimits(forum::server::Config{}, builder);
  if (callback) {
    builder.RegisterService(&callback_service);
  } else {
    builder.RegisterService(&service);
  }
  auto server = builder.BuildAndStart();
  if (!server || port == 0) return 1;
  if (!port_file.empty()) std::ofstream(port_file) << port << "\n";
  int signal = 0;
  sigwait(&signals, &signal);
  server->Shutdown();
  return 0;
}
