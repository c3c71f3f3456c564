// forumd's settings: from flags, or from a TOML/INI file named by --config, flags winning.
#ifndef FORUM_SERVER_CONFIG_H_
#define FORUM_SERVER_CONFIG_H_

#include <string>

#include "CLI/CLI.hpp"

namespace forum::server {

struct Config {
  std::string listen = "127.0.0.1:50051";
  std::string db_path = "forum.db";
  std::string durability = "full";  // full | process
  std::string log_level = "info";   // trace | debug | info | warn | error | off
  std::string log_format = "text";  // text | json
  std::string tls_cert;             // PEM certificate chain; TLS when set
  std::string tls_key;              // PEM private key
  std::string tls_client_ca;     // PEM CA bundle; when set, clients must present a cert it signed
  std::string admin_token_file;  // where the first admin token goes; default DefaultTokenFile()
  std::string port_file;         // written with the bound port once serving
  int readers = 8;               // reader connections in the pool
  int shutdown_grace_seconds = 10;  // how long in-flight calls get on SIGTERM
};

// Declares the serve options on `app` (the root command).
void AddServeOptions(CLI::App& app, Config& config);

}  // namespace forum::server

#endif  // FORUM_SERVER_CONFIG_H_
