// forumctl: the command-line client of forumd. `forumctl --help` lists the commands.
#include <cstdlib>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/commands.h"
#include "clients/context.h"
#include "domain/access.h"

int main(int argc, char** argv) {
  CLI::App app{"forumctl: run intergovernmental meetings from the command line"};
  app.require_subcommand(1);
  forum::client::Context ctx;
  if (const char* server = std::getenv("FORUM_SERVER")) ctx.server = server;
  if (const char* token = std::getenv("FORUM_TOKEN")) ctx.token = token;
  app.add_option("--server", ctx.server, "forumd address, host:port (env FORUM_SERVER)")
      ->capture_default_str();
  app.add_option("-o,--output", ctx.output, "table (for people) or json (for scripts)")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  app.add_option("--timeout", ctx.timeout_seconds, "Seconds before a call gives up")
      ->capture_default_str();
  app.add_option("--tls-ca", ctx.tls_ca, "PEM file of the CA that signed forumd's certificate")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", ctx.tls_cert,
                 "PEM client certificate, for a forumd that requires one (mutual TLS)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", ctx.tls_key, "PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  ctx.token_file = forum::domain::DefaultTokenFile();
  app.add_option("--token-file", ctx.token_file,
                 "File holding the token, read when FORUM_TOKEN is not set "
                 "(forumd writes its first admin token there)")
      ->capture_default_str();
  // Options are parsed before any command's callback runs; read the token then.
  app.parse_complete_callback([&ctx] { ctx.LoadToken(); });
  forum::client::AddEntityCommands(app, ctx);
  forum::client::AddEventCommands(app, ctx);
  forum::client::AddDelegationCommands(app, ctx);
  forum::client::AddRoundTableCommands(app, ctx);
  forum::client::AddSpeakerCommands(app, ctx);
  forum::client::AddDocumentCommands(app, ctx);
  forum::client::AddAccessCommands(app, ctx);
  forum::client::AddWatchCommands(app, ctx);
  forum::client::AddScheduleCommands(app, ctx);
  CLI11_PARSE(app, argc, argv);
  return ctx.exit_code;
}
