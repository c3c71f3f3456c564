#include "server/run.h"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>

#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "services/forum_server.h"
#include "spdlog/spdlog.h"
#include "storage/database.h"

namespace forum::server {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::shared_ptr<grpc::ServerCredentials> Credentials(const Config& config) {
  if (config.tls_cert.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({ReadFile(config.tls_key), ReadFile(config.tls_cert)});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::unique_ptr<storage::Database>> OpenDatabase(const Config& config) {
  auto durability = storage::ParseDurability(config.durability);
  if (!durability.ok()) return durability.status();
  storage::DatabaseOptions options;
  options.path = config.db_path;
  options.durability = *durability;
  options.max_readers = config.readers;
  return storage::Database::Open(options);
}

// Blocks until SIGTERM or SIGINT; the signals were blocked in every thread before any started.
int WaitForSignal(const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

}  // namespace

int Serve(const Config& config) {
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    spdlog::error("--tls-cert and --tls-key go together");
    return 2;
  }
  // Block the termination signals before gRPC starts its threads, so only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto started = std::chrono::steady_clock::now();
  auto db = OpenDatabase(config);
  if (!db.ok()) {
    spdlog::error("cannot open database {}: {}", config.db_path, db.status().ToString());
    return 1;
  }
  services::EnableStockServices();
  services::ForumServices services(**db);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, Credentials(config), &port);
  services.AddTo(builder);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::error("cannot listen on {}", config.listen);
    return 1;
  }
  auto startup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  spdlog::info(
      "forumd serving on {} (port {}, {}) with database {} at schema version {}, "
      "durability {}; started in {} ms",
      config.listen, port, config.tls_cert.empty() ? "plaintext" : "TLS", config.db_path,
      (*db)->SchemaVersion(), config.durability, startup_ms);
  if (!config.port_file.empty()) {
    std::ofstream(config.port_file) << port << "\n";
  }

  int signal = WaitForSignal(signals);
  spdlog::info("received {}; draining calls for up to {} s",
               signal == SIGTERM ? "SIGTERM" : "SIGINT", config.shutdown_grace_seconds);
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.shutdown_grace_seconds));
  server->Wait();
  spdlog::info("forumd stopped cleanly");
  return 0;
}

int Backup(const Config& config, const std::string& destination) {
  auto db = OpenDatabase(config);
  if (!db.ok()) {
    spdlog::error("cannot open database {}: {}", config.db_path, db.status().ToString());
    return 1;
  }
  absl::Status status = (*db)->Backup(destination);
  if (!status.ok()) {
    spdlog::error("backup to {} failed: {}", destination, status.ToString());
    return 1;
  }
  spdlog::info("backed up {} to {}", config.db_path, destination);
  return 0;
}

}  // namespace forum::server
