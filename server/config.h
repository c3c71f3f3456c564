// forumd's settings: from flags, or from a TOML/INI file named by --config, flags winning.
#ifndef FORUM_SERVER_CONFIG_H_
#define FORUM_SERVER_CONFIG_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"

namespace forum::server {

struct Config {
  std::string listen = "127.0.0.1:50051";
  std::string db_path = "forum.db";  // a SQLite file, or postgresql://...
  std::string durability = "full";   // full | process
  std::string log_level = "info";    // trace | debug | info | warn | error | off
  std::string log_format = "text";   // text | json
  std::string tls_cert;              // PEM certificate chain; TLS when set
  std::string tls_key;               // PEM private key
  std::string tls_client_ca;     // PEM CA bundle; when set, clients must present a cert it signed
  std::string admin_token_file;  // where the first admin token goes; default DefaultTokenFile()
  std::string port_file;         // written with the bound port once serving
  int readers = 8;               // SQLite: reader connections in the pool
  int db_pool = 8;               // PostgreSQL: connections this replica holds
  int shutdown_grace_seconds = 10;  // how long in-flight calls get on SIGTERM
  // Tokens travel in the clear without TLS: a listen address off this machine needs TLS, or
  // this flag, whose name says what it risks.
  bool insecure_plaintext_tokens = false;

  // Bounds on what clients may hold (docs/operations.md#limits says why each is what it is).
  int max_connections = 1000;  // open client connections at once
  int max_streams = 32;        // concurrent calls on one connection
  int max_threads = 64;        // threads serving calls; more calls wait or are refused
  int read_cache_mib = 4;      // answers of repeated reads kept while nothing changes; 0: none
  int max_receive_kib = 1024;  // largest request message
  int memory_quota_mib = 256;  // memory gRPC may use for connections and calls
  int write_rate = 10;         // writes a token may make per second, sustained (0: no limit)
  int write_burst = 200;       // writes a token may make at once
  int read_rate = 100;         // reads a token may make per second, sustained (0: no limit)
  int read_burst = 1000;       // reads a token may make at once

  // The change feed (WatchEvent).
  int watch_heartbeat_seconds = 15;   // a quiet watch gets a heartbeat this often
  int max_watches = 2000;             // open watches in all
  int max_watches_per_token = 100;    // open watches per token
  int feed_retention_hours = 168;     // changes kept this long...
  int feed_retention_count = 100000;  // ...and at least the newest this many

  // The HTTP port: Connect and gRPC-Web, the web client, /metrics.
  std::string http_listen = "127.0.0.1:8080";  // `off`: none
  std::string http_port_file;                  // written with the bound HTTP port once serving
  std::vector<std::string> http_cors_origins;  // browser origins allowed to call; "*": any
  int http_threads = 64;                       // HTTP calls made at once
  int max_http_streams = 32;                   // streamed calls open at once over HTTP
  // Where users reach forumd, for the addresses in schedule exports and feeds; empty: the HTTP
  // port's own address.
  std::string public_url;
};

// Declares the serve options on `app` (the root command).
void AddServeOptions(CLI::App& app, Config& config);

}  // namespace forum::server

#endif  // FORUM_SERVER_CONFIG_H_
