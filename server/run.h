// forumd's lifecycle: open the database, serve until SIGTERM or SIGINT, drain, exit.
#ifndef FORUM_SERVER_RUN_H_
#define FORUM_SERVER_RUN_H_

#include <string>

#include "grpcpp/server_builder.h"
#include "server/config.h"

namespace forum::server {

// Sets forumd's bounds on `builder` (and turns off Abseil's lock-cycle detection): memory quota,
// threads, message and metadata sizes, streams a connection, idle, handshake and age limits. The
// benchmarks' baseline servers use it too, so they run with exactly forumd's gRPC settings.
void ApplyLimits(const Config& config, grpc::ServerBuilder& builder);

// Serves until a termination signal; returns the process exit code.
int Serve(const Config& config);

// Copies the database at `config.db_path` to `destination` with the online backup API; safe
// while a server runs on it. Returns the process exit code.
int Backup(const Config& config, const std::string& destination);

}  // namespace forum::server

#endif  // FORUM_SERVER_RUN_H_
