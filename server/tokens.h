// `forumd tokens create|list|revoke`: token management on the database file, with or without a
// server running on it. Changes are audited as made by `local/forumd`.
#ifndef FORUM_SERVER_TOKENS_H_
#define FORUM_SERVER_TOKENS_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "server/config.h"

namespace forum::server {

struct TokenCommand {
  std::vector<std::string> roles;  // admin, reader, focal-point=..., chair=...
  std::string scope;               // for roles given without =SCOPE
  std::string name;                // display name
  std::string expires_in;          // e.g. 90d, 12h; empty for never
  bool all = false;                // list: also revoked and expired
  std::string token;               // revoke: tokens/{id} or the id
  CLI::App* create = nullptr;
  CLI::App* list = nullptr;
  CLI::App* revoke = nullptr;
};

// Declares `tokens` and its subcommands on `app`.
CLI::App* AddTokenCommands(CLI::App& app, TokenCommand& command);
// Runs whichever subcommand was parsed; returns the process exit code.
int RunTokenCommand(const Config& config, const TokenCommand& command);

}  // namespace forum::server

#endif  // FORUM_SERVER_TOKENS_H_
