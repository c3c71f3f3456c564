// forumd: the forum server. `forumd [options]` serves; `forumd backup DEST` copies the database.
#include <string>

#include "CLI/CLI.hpp"
#include "server/config.h"
#include "server/logging.h"
#include "server/run.h"

int main(int argc, char** argv) {
  CLI::App app{"forumd: gRPC server for intergovernmental meetings and their follow-up"};
  forum::server::Config config;
  forum::server::AddServeOptions(app, config);
  std::string destination;
  CLI::App* backup = app.add_subcommand("backup", "Copy the database online to a file and exit");
  backup->add_option("destination", destination, "File to write")->required();
  backup->fallthrough();  // forumd backup DEST --db forum.db
  CLI11_PARSE(app, argc, argv);

  forum::server::SetUpLogging(config.log_level, config.log_format);
  if (backup->parsed()) return forum::server::Backup(config, destination);
  return forum::server::Serve(config);
}
