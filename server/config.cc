#include "server/config.h"

namespace forum::server {

void AddServeOptions(CLI::App& app, Config& c) {
  app.set_config("--config", "", "Read settings from this TOML or INI file (flags win)");
  app.add_option("--listen", c.listen, "Address to serve on, host:port (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--db", c.db_path,
                 "SQLite database file, created and seeded if missing; or a PostgreSQL database, "
                 "postgresql://user@host/dbname, migrated and seeded if empty")
      ->capture_default_str();
  app.add_option("--durability", c.durability,
                 "full: every commit reaches the disk before it is acknowledged; process: a "
                 "commit survives the process being killed, not a power cut")
      ->check(CLI::IsMember({"full", "process"}))
      ->capture_default_str();
  app.add_option("--log-level", c.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--log-format", c.log_format, "text or json (one object a line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--tls-cert", c.tls_cert, "PEM certificate chain; serves TLS when given")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", c.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  app.add_option("--tls-client-ca", c.tls_client_ca,
                 "PEM CA certificates; when given, every client must present a certificate "
                 "signed by one of them (mutual TLS)")
      ->check(CLI::ExistingFile);
  app.add_option("--admin-token-file", c.admin_token_file,
                 "Where to write the admin token created on a database's first start "
                 "(default: $FORUM_TOKEN_FILE, $XDG_CONFIG_HOME/forum/token or "
                 "~/.config/forum/token, where forumctl looks)");
  app.add_option("--port-file", c.port_file, "Write the bound port to this file once serving");
  app.add_option("--readers", c.readers, "SQLite: reader connections to the database")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--db-pool", c.db_pool,
                 "PostgreSQL: connections this replica holds (reads and writes)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--shutdown-grace", c.shutdown_grace_seconds,
                 "Seconds that in-flight calls get to finish on SIGTERM or SIGINT")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
  app.add_flag("--insecure-plaintext-tokens", c.insecure_plaintext_tokens,
               "Serve a non-loopback --listen address without TLS, so that anyone on the network "
               "can read the bearer tokens of every call; refused without this flag");
  auto limit = [&](const char* name, int& value, const char* help, int lowest, int highest) {
    app.add_option(name, value, help)->check(CLI::Range(lowest, highest))->capture_default_str();
  };
  limit("--max-connections", c.max_connections, "Client connections open at once", 1, 1000000);
  limit("--max-streams", c.max_streams, "Concurrent calls on one connection", 1, 1000);
  limit("--max-threads", c.max_threads, "Threads serving calls", 4, 4096);
  limit("--read-cache-mib", c.read_cache_mib,
        "Answers of repeated reads (lists of speakers and delegations) kept until the next "
        "change, MiB (0: none)",
        0, 4096);
  limit("--max-receive-kib", c.max_receive_kib, "Largest request message, KiB", 64, 4096);
  limit("--memory-quota-mib", c.memory_quota_mib, "Memory for connections and calls, MiB", 16,
        65536);
  limit("--write-rate", c.write_rate, "Writes per second per token, sustained (0: no limit)", 0,
        1000000);
  limit("--write-burst", c.write_burst, "Writes a token may make at once", 1, 1000000);
  limit("--read-rate", c.read_rate, "Reads per second per token, sustained (0: no limit)", 0,
        1000000);
  limit("--read-burst", c.read_burst, "Reads a token may make at once", 1, 1000000);
  limit("--watch-heartbeat", c.watch_heartbeat_seconds,
        "Seconds between heartbeats on a watch that has nothing to send", 1, 3600);
  limit("--max-watches", c.max_watches, "Open watches (WatchEvent streams) in all", 1, 100000);
  limit("--max-watches-per-token", c.max_watches_per_token, "Open watches per token", 1, 100000);
  limit("--feed-retention-hours", c.feed_retention_hours,
        "Hours the change log keeps a change for watches that resume", 1, 24 * 366);
  limit("--feed-retention-count", c.feed_retention_count,
        "Changes the log keeps at least, whatever their age", 1, 100000000);
  app.add_option("--http-listen", c.http_listen,
                 "HTTP port for the Connect protocol, the web client and /metrics, host:port "
                 "(port 0: any free port; `off`: no HTTP port). TLS with --tls-cert as for gRPC")
      ->capture_default_str();
  app.add_option("--public-url", c.public_url,
                 "Where users reach forumd, e.g. https://forum.example.org/: the base of the "
                 "addresses in schedule exports and feeds (default: the HTTP port's address)");
  app.add_option("--http-port-file", c.http_port_file,
                 "Write the bound HTTP port to this file once serving");
  app.add_option("--http-cors-origin", c.http_cors_origins,
                 "An origin whose pages may call the HTTP port from a browser, e.g. "
                 "https://forum.example.org (repeatable; `*` for any); none by default");
  limit("--http-threads", c.http_threads,
        "HTTP calls made at once (a stream holds one for its life; more wait briefly)", 4, 4096);
  limit("--max-http-streams", c.max_http_streams,
        "Streamed calls (the change feed) open at once over HTTP; a token may hold a quarter", 1,
        4096);
}

}  // namespace forum::server
