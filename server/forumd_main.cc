// forumd: the forum server. `forumd [options]` serves; `forumd backup DEST` copies the database;
// `forumd tokens create|list|revoke` manages bearer tokens; `forumd migrate --from F --to URI`
// moves a SQLite database to PostgreSQL.
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "CLI/CLI.hpp"
#include "server/config.h"
#include "server/logging.h"
#include "server/migrate.h"
#include "server/run.h"
#include "server/tokens.h"

int main(int argc, char** argv) {
  // The database, its WAL, backups and token files hold credentials' hashes and delegations'
  // contact details: whatever forumd creates is for its owner only.
  ::umask(077);
  // glibc gives threads that allocate at once arenas of their own, up to eight per core, and
  // each arena keeps what its threads freed. forumd serves calls on many threads: capped at two
  // arenas per core, the peak resident memory of rpc_bench's memory scenario fell from 102-108
  // to 85-94 MiB at the same throughput. An operator's MALLOC_ARENA_MAX or
  // glibc.malloc.arena_max tunable still wins.
#ifdef M_ARENA_MAX
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr &&
      (tunables == nullptr || std::strstr(tunables, "arena_max") == nullptr)) {
    ::mallopt(M_ARENA_MAX, 2 * static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN))));
  }
#endif
  CLI::App app{"forumd: gRPC server for intergovernmental meetings and their follow-up"};
  forum::server::Config config;
  forum::server::AddServeOptions(app, config);
  std::string destination;
  CLI::App* backup = app.add_subcommand("backup", "Copy the database online to a file and exit");
  backup->add_option("destination", destination, "File to write")->required();
  backup->fallthrough();  // forumd backup DEST --db forum.db
  std::string migrate_from;
  std::string migrate_to;
  CLI::App* migrate = app.add_subcommand(
      "migrate", "Copy a SQLite database into a new PostgreSQL one, verify the copy and exit");
  migrate->add_option("--from", migrate_from, "The SQLite database file")->required();
  migrate->add_option("--to", migrate_to, "The PostgreSQL database, postgresql://...")->required();
  forum::server::TokenCommand tokens;
  CLI::App* token_commands = forum::server::AddTokenCommands(app, tokens);
  CLI11_PARSE(app, argc, argv);

  forum::server::SetUpLogging(config.log_level, config.log_format);
  if (backup->parsed()) return forum::server::Backup(config, destination);
  if (token_commands->parsed()) return forum::server::RunTokenCommand(config, tokens);
  if (migrate->parsed()) {
    return forum::server::MigrateToPostgres(migrate_from, migrate_to, config.db_pool);
  }
  return forum::server::Serve(config);
}
