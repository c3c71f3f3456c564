#include "server/run.h"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/web/web_assets.h"
#include "domain/access.h"
#include "domain/schedule_export.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "server/accept_guard.h"
#include "server/http/connect_gateway.h"
#include "server/http/http_server.h"
#include "server/http/programme_feeds.h"
#include "server/metrics/metrics.h"
#include "server/open_database.h"
#include "services/access.h"
#include "services/forum_server.h"
#include "services/schedule_feeds.h"
#include "spdlog/spdlog.h"
#include "storage/sqlite/database.h"

namespace forum::server {
namespace {

// Where users reach forumd: --public-url, else the HTTP port's own address (a wildcard host read
// as localhost, port 0 as 8080), with https when the port serves TLS.
std::string PublicUrl(const Config& config) {
  if (!config.public_url.empty()) return config.public_url;
  std::string scheme = config.tls_cert.empty() ? "http://" : "https://";
  auto hp = http::SplitHostPort(config.http_listen);
  if (!hp) return scheme + "localhost:8080/";
  std::string host = hp->first;
  if (host == "0.0.0.0" || host == "::" || host == "[::]" || host.empty()) host = "localhost";
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  return absl::StrCat(scheme, host, ":", hp->second == 0 ? 8080 : hp->second, "/");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::shared_ptr<grpc::ServerCredentials> Credentials(const Config& config) {
  if (config.tls_cert.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      config.tls_client_ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                   : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_key_cert_pairs.push_back({ReadFile(config.tls_key), ReadFile(config.tls_cert)});
  if (!config.tls_client_ca.empty()) options.pem_root_certs = ReadFile(config.tls_client_ca);
  return grpc::SslServerCredentials(options);
}

// Health follows the database where it can go away (PostgreSQL): NOT_SERVING while the server
// does not answer, SERVING again once it does, checked a few times a second.
class HealthFollower {
 public:
  HealthFollower(grpc::Server& server, storage::postgresql::Database& db)
      : thread_([this, &server, &db] {
          bool serving = true;
          absl::MutexLock lock(&mu_);
          while (!stop_) {
            bool reachable = db.Reachable();
            if (reachable != serving && server.GetHealthCheckService() != nullptr) {
              server.GetHealthCheckService()->SetServingStatus(reachable);
              spdlog::warn("health: {} (the PostgreSQL server {})",
                           reachable ? "SERVING" : "NOT_SERVING",
                           reachable ? "answers again" : "does not answer");
              serving = reachable;
            }
            mu_.AwaitWithTimeout(absl::Condition(&stop_), absl::Milliseconds(250));
          }
        }) {}
  ~HealthFollower() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    thread_.join();
  }

 private:
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// Blocks until SIGTERM or SIGINT; the signals were blocked in every thread before any started.
int WaitForSignal(const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

// Writes `secret` to `path`, readable by its owner only, creating the directory (owner-only
// too) if needed.
bool WriteSecretFile(const std::string& path, const std::string& secret) {
  std::error_code error;
  std::filesystem::path file(path);
  if (file.has_parent_path() && !std::filesystem::exists(file.parent_path())) {
    std::filesystem::create_directories(file.parent_path(), error);
    if (!error) {
      std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::replace, error);
    }
    if (error) {
      spdlog::error("cannot create {}: {}", file.parent_path().string(), error.message());
      return false;
    }
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    spdlog::error("cannot write {}: {}", path, std::strerror(errno));
    return false;
  }
  // The file may have existed with wider permissions.
  bool ok = ::fchmod(fd, 0600) == 0;
  std::string line = secret + "\n";
  ok = ok && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok) spdlog::error("cannot write {}: {}", path, std::strerror(errno));
  return ok;
}

// On a database without any token, creates an admin token and writes it where forumctl looks.
bool WriteFirstAdminToken(storage::Database& db, const Config& config) {
  services::Access access(db);
  auto created = access.Bootstrap();
  if (!created.ok()) {
    spdlog::error("cannot create the first admin token: {}", created.status().ToString());
    return false;
  }
  if (!created->has_value()) return true;
  std::string path =
      config.admin_token_file.empty() ? domain::DefaultTokenFile() : config.admin_token_file;
  bool replaced = std::filesystem::exists(path);
  if (!WriteSecretFile(path, (*created)->secret())) return false;
  spdlog::info("created admin token {} on this new database; its secret is in {} (owner-only){}",
               (*created)->token().name(), path,
               replaced ? ", replacing a token file of another database" : "");
  return true;
}

// Raises the soft descriptor limit to the hard one: every connection costs a descriptor, and
// the admission limit below is set from what this leaves. Returns the soft limit in force.
int RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur > 1 << 30 ? 1 << 30 : static_cast<int>(limit.rlim_cur);
}

// The lowest descriptor number free now: the descriptors forumd holds before any client.
int LowestFreeDescriptor() {
  int fd = ::dup(0);
  if (fd < 0) fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) ::close(fd);
  return fd < 0 ? 0 : fd;
}

// Gives freed memory back to the system every few seconds. After a flood of large requests the
// allocator would otherwise keep its pages (the finding: 226 MB resident long after), spread
// over the arenas of gRPC's threads; malloc_trim returns what is free in every arena.
class MemoryTrimmer {
 public:
  MemoryTrimmer() : thread_([this] { Run(); }) {}
  ~MemoryTrimmer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::seconds(5), [this] { return stop_; })) {
      malloc_trim(0);
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// The descriptors this process holds now.
int OpenDescriptors() {
  std::error_code error;
  int count = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++count;
  }
  return count;
}

double FileBytes(const std::string& path) {
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<double>(size);
}

// What /metrics reads from the database, the services and the ports at each scrape.
metrics::ScrapeSources MetricSources(OpenedDatabase& opened, services::ForumServices& services,
                                     http::HttpServer& http_server, const std::string& db_path) {
  metrics::ScrapeSources sources;
  sources.readings = [&opened, &services, &http_server, db_path] {
    AcceptGuardStats guard = GetAcceptGuardStats();
    auto& access = services.access();
    storage::Database& db = *opened.db;
    std::vector<metrics::Reading> engine;
    if (opened.sqlite != nullptr) {
      storage::sqlite::Database& sqlite = *opened.sqlite;
      engine = {
          {"forum_write_batches_total",
           "Group commits: transactions holding one or more writes",
           true,
           {},
           static_cast<double>(sqlite.write_batches())},
          {"forum_writer_queue_depth",
           "Writes queued or being committed now",
           false,
           {},
           static_cast<double>(sqlite.queued_writes())},
          {"forum_database_bytes",
           "Size of the database's files",
           false,
           {{"file", "database"}},
           FileBytes(db_path)},
          {"forum_database_bytes",
           "Size of the database's files",
           false,
           {{"file", "wal"}},
           FileBytes(db_path + "-wal")},
      };
    } else if (opened.postgres != nullptr) {
      engine = {
          {"forum_database_retries_total",
           "PostgreSQL transactions run again after a lost connection or a conflict",
           true,
           {},
           static_cast<double>(opened.postgres->retries())},
          {"forum_database_reachable",
           "1 while the PostgreSQL server answers, 0 while it does not",
           false,
           {},
           opened.postgres->Reachable() ? 1.0 : 0.0},
      };
    }
    std::vector<metrics::Reading> readings{
        {"forum_transactions_total",
         "Database transactions run (reads and writes)",
         true,
         {},
         static_cast<double>(db.transactions())},
        {"forum_rate_limited_total",
         "Calls refused by a token's rate limit",
         true,
         {{"kind", "read"}},
         static_cast<double>(access.rate_limited_reads())},
        {"forum_rate_limited_total",
         "Calls refused by a token's rate limit",
         true,
         {{"kind", "write"}},
         static_cast<double>(access.rate_limited_writes())},
        {"forum_rate_limit_shared_failures_total",
         "Permits the rate-limit buckets shared by replicas could not give; the replica "
         "limited those calls on its own",
         true,
         {},
         static_cast<double>(access.shared_rate_failures())},
        {"forum_call_threads",
         "Threads of forumd's call pool (writes, exports; every call on PostgreSQL)",
         false,
         {},
         static_cast<double>(services.runner().threads())},
        {"forum_calls_running",
         "Calls queued or running on forumd's call pool",
         false,
         {},
         static_cast<double>(services.runner().running())},
        {"forum_calls_refused_busy_total",
         "Calls refused RESOURCE_EXHAUSTED because every thread of the pool was taken",
         true,
         {},
         static_cast<double>(services.runner().refused())},
        {"forum_read_cache_hits_total",
         "Reads answered with an answer kept since nothing changed (--read-cache-mib)",
         true,
         {},
         static_cast<double>(services.read_cache().hits())},
        {"forum_read_cache_misses_total",
         "Reads of the kept kinds that had to be read from the database",
         true,
         {},
         static_cast<double>(services.read_cache().misses())},
        {"forum_read_cache_bytes",
         "Bytes of answers kept for repeated reads",
         false,
         {},
         static_cast<double>(services.read_cache().bytes())},
        {"forum_watchers",
         "Open watches of the change feed (gRPC and HTTP)",
         false,
         {},
         static_cast<double>(services.feed().watchers())},
        {"forum_http_connections",
         "HTTP connections being served",
         false,
         {},
         static_cast<double>(http_server.open_connections())},
        {"forum_http_streams",
         "Streamed calls open over HTTP",
         false,
         {},
         static_cast<double>(http_server.open_streams())},
        {"forum_http_refused_total",
         "HTTP requests refused before any call: unknown method, content type, body, headers",
         true,
         {},
         static_cast<double>(http::RefusedBeforeAnyCall())},
        {"forum_open_descriptors",
         "Descriptors forumd holds: connections, database, listeners",
         false,
         {},
         static_cast<double>(OpenDescriptors())},
        {"forum_connections_refused_total",
         "Connections closed at accept: over --max-connections or out of descriptors",
         true,
         {},
         static_cast<double>(guard.refused_over_limit + guard.drained_on_emfile +
                             http_server.refused_connections())},
    };
    readings.insert(readings.end(), engine.begin(), engine.end());
    return readings;
  };
  sources.histograms = [&opened] {
    if (opened.sqlite == nullptr) return std::vector<metrics::HistogramReading>{};
    storage::sqlite::Database& db = *opened.sqlite;
    auto sizes = db.batch_sizes();
    metrics::HistogramReading batches;
    batches.name = "forum_commit_batch_size";
    batches.help = "Writes per group commit";
    batches.upper_bounds = {1, 2, 4, 8, 16, 32, 64};
    batches.counts.assign(sizes.begin(), sizes.end());
    batches.sum = static_cast<double>(db.batched_writes());
    return std::vector<metrics::HistogramReading>{batches};
  };
  return sources;
}

// Threads kept waiting for calls: by forumd's call pool (services::CallRunner) and by the
// synchronous server of the baselines and of reflection (see ApplyLimits).
constexpr int kKeptThreads = 16;

// Descriptors kept free of clients for the database, its WAL and journal, backups and gRPC.
constexpr int kReservedDescriptors = 64;

}  // namespace

void ApplyLimits(const Config& config, grpc::ServerBuilder& builder) {
  // Abseil's mutexes (gRPC's and forumd's) look for lock-order cycles on every acquisition when
  // the library was built with that on, as Debian's is: a debugging aid that measured as several
  // per cent of a served call. The tests keep it; a serving process turns it off.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  grpc::ResourceQuota quota("forumd");
  quota.Resize(static_cast<size_t>(config.memory_quota_mib) << 20);
  // forumd's own calls run on its CallRunner, bounded by --max-threads there; the quota bounds
  // the threads of what is still synchronous (reflection, the baselines).
  quota.SetMaxThreads(config.max_threads);
  builder.SetResourceQuota(quota);
  // The synchronous server keeps this many threads waiting for calls; a thread that finishes a
  // call beyond it exits, and a new one is started for the next call. gRPC's default is two, so
  // when a group commit answered sixteen writers at once, fourteen threads exited and were
  // created again: a profile of UpdateDelegation at 16 clients put an eighth of the serving
  // threads' time in creating and unmapping threads. forumd's own services are on the callback
  // API now, with the same sixteen kept threads in their CallRunner; this setting still governs
  // the baseline servers and the synchronous reflection service.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::min(kKeptThreads, config.max_threads));
  builder.SetMaxReceiveMessageSize(config.max_receive_kib * 1024);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.max_streams);
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  // A connection that sends nothing for ten minutes is closed; clients reconnect on their own.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, 10 * 60 * 1000);
  // A connection that does not finish its TLS and HTTP/2 handshake in 10 s is closed, so that
  // silent sockets cannot hold the connection slots for long.
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, 10 * 1000);
  // Every connection is asked to reconnect after an hour (calls in flight get a minute), so no
  // client holds a slot for good however busy it keeps it.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, 60 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 60 * 1000);
}

int Serve(const Config& config) {
  // A client gone mid-answer is an error on that connection, never a signal to the process.
  signal(SIGPIPE, SIG_IGN);
  if (config.tls_cert.empty() && !domain::IsLoopbackAddress(config.listen) &&
      !config.insecure_plaintext_tokens) {
    spdlog::error(
        "refusing to serve {} without TLS: every call carries a bearer token, and anyone on the "
        "network could read it. Give --tls-cert and --tls-key (see docs/operations.md), listen on "
        "127.0.0.1, or accept the risk with --insecure-plaintext-tokens",
        config.listen);
    return 2;
  }
  if (config.tls_cert.empty() && config.http_listen != "off" &&
      !domain::IsLoopbackAddress(config.http_listen) && !config.insecure_plaintext_tokens) {
    spdlog::error(
        "refusing to serve HTTP on {} without TLS: browsers send a bearer token with every call. "
        "Give --tls-cert and --tls-key, listen on 127.0.0.1, or accept the risk with "
        "--insecure-plaintext-tokens",
        config.http_listen);
    return 2;
  }
  if (config.http_listen != "off" && config.max_http_streams >= config.http_threads) {
    spdlog::error(
        "--max-http-streams ({}) must be below --http-threads ({}): each HTTP stream holds a "
        "thread, and unary calls need threads of their own",
        config.max_http_streams, config.http_threads);
    return 2;
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    spdlog::error("--tls-cert and --tls-key go together");
    return 2;
  }
  auto public_url = domain::NormalizeBaseUrl(PublicUrl(config));
  if (!public_url.ok()) {
    spdlog::error("--public-url: {}", public_url.status().ToString());
    return 2;
  }
  if (!config.tls_client_ca.empty() && config.tls_cert.empty()) {
    spdlog::error("--tls-client-ca needs --tls-cert and --tls-key: mutual TLS is TLS first");
    return 2;
  }
  // Block the termination signals before gRPC starts its threads, so only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto started = std::chrono::steady_clock::now();
  int descriptor_limit = RaiseDescriptorLimit();
  auto opened = OpenDatabase(config);
  if (!opened.ok()) {
    spdlog::error("cannot open database {}: {}", WithoutPassword(config.db_path),
                  opened.status().ToString());
    return 1;
  }
  storage::Database* db = opened->db.get();
  // Databases made before forumd set its umask may be readable by others; SQLite gives the WAL
  // and shared-memory files the database's own mode, so one chmod covers them from now on.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (opened->sqlite == nullptr) break;
    std::error_code ignored;
    std::filesystem::permissions(
        config.db_path + suffix,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
        std::filesystem::perm_options::replace, ignored);
  }
  if (!WriteFirstAdminToken(*db, config)) return 1;
  services::EnableStockServices();
  services::FeedOptions feed;
  feed.heartbeat = absl::Seconds(config.watch_heartbeat_seconds);
  feed.max_watchers = config.max_watches;
  feed.max_watchers_per_token = config.max_watches_per_token;
  feed.retention = absl::Hours(config.feed_retention_hours);
  feed.retention_count = config.feed_retention_count;
  services::CallRunnerOptions threads;
  threads.max_threads = config.max_threads;
  threads.kept_threads = std::min(kKeptThreads, config.max_threads);
  services::ForumServices services(*db, feed, *public_url, threads,
                                   static_cast<size_t>(config.read_cache_mib) << 20);
  services::ScheduleFeeds schedule_feeds(*db, services.access(), services.schedules());
  services.access().SetCallRates(
      {{static_cast<double>(config.write_rate), static_cast<double>(config.write_burst)},
       {static_cast<double>(config.read_rate), static_cast<double>(config.read_burst)}});
  metrics::Metrics metrics;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, Credentials(config), &port);
  ApplyLimits(config, builder);
  services.AddTo(builder, &metrics);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::error("cannot listen on {}", config.listen);
    return 1;
  }
  int admit_below = std::min(descriptor_limit - kReservedDescriptors,
                             LowestFreeDescriptor() + config.max_connections);
  if (admit_below <= LowestFreeDescriptor()) {
    spdlog::error("the descriptor limit ({}) leaves no room for clients; raise it (ulimit -n)",
                  descriptor_limit);
    services.StopStreams();
    server->Shutdown();
    return 1;
  }
  ConfigureAcceptGuard(admit_below);
  std::unique_ptr<HealthFollower> health;
  if (opened->postgres != nullptr) {
    health = std::make_unique<HealthFollower>(*server, *opened->postgres);
  }
  spdlog::info(
      "admitting clients on descriptors below {} (descriptor limit {}, --max-connections {})",
      admit_below, descriptor_limit, config.max_connections);
  // The HTTP port calls the gRPC server in-process: one dispatch path for both.
  std::unique_ptr<http::ConnectGateway> gateway;
  std::unique_ptr<http::HttpServer> http_server;
  int http_port = 0;
  if (config.http_listen != "off") {
    gateway =
        std::make_unique<http::ConnectGateway>(server->InProcessChannel(grpc::ChannelArguments()),
                                               services::ForumServices::ServiceNames());
    http::HttpOptions options;
    options.listen = config.http_listen;
    options.tls_cert = config.tls_cert;
    options.tls_key = config.tls_key;
    options.tls_client_ca = config.tls_client_ca;
    options.threads = config.http_threads;
    options.max_streams = config.max_http_streams;
    // --max-connections bounds both ports, and HTTP connections take no descriptor gRPC's
    // connections could not.
    options.max_connections = config.max_connections;
    options.admit_below_fd = admit_below;
    // JSON spells a message out at length: a body may be a few times the binary limit.
    options.max_body_bytes = static_cast<size_t>(config.max_receive_kib) * 1024 * 4;
    options.cors_origins = config.http_cors_origins;
    auto web_client = [](absl::string_view path) -> std::optional<http::StaticFile> {
      const web::WebAsset* asset = web::FindWebAsset(path);
      if (asset == nullptr) return std::nullopt;
      return http::StaticFile{asset->content_type, asset->body};
    };
    http_server = std::make_unique<http::HttpServer>(
        *gateway, options, web_client, [&metrics] { return metrics.Scrape(); },
        http::ProgrammeFeeds(schedule_feeds));
    metrics.SetSources(MetricSources(*opened, services, *http_server, config.db_path));
    auto bound = http_server->Start();
    if (!bound.ok()) {
      spdlog::error("cannot serve HTTP: {}", bound.status().ToString());
      services.StopStreams();
      server->Shutdown();
      return 1;
    }
    http_port = *bound;
    spdlog::info("HTTP (Connect, gRPC-Web{}) on {} (port {})",
                 config.http_cors_origins.empty() ? "" : ", CORS", config.http_listen, http_port);
    if (!config.http_port_file.empty()) {
      std::ofstream(config.http_port_file) << http_port << "\n";
    }
  }
  auto startup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  spdlog::info(
      "forumd serving on {} (port {}, {}) with database {} at schema version {}, "
      "durability {}; started in {} ms",
      config.listen, port,
      config.tls_cert.empty()        ? "plaintext"
      : config.tls_client_ca.empty() ? "TLS"
                                     : "mutual TLS",
      opened->where, opened->SchemaVersion(),
      opened->sqlite != nullptr ? config.durability : "PostgreSQL's", startup_ms);
  if (!config.port_file.empty()) {
    std::ofstream(config.port_file) << port << "\n";
  }

  MemoryTrimmer trimmer;
  int signal = WaitForSignal(signals);
  spdlog::info("received {}; draining calls for up to {} s",
               signal == SIGTERM ? "SIGTERM" : "SIGINT", config.shutdown_grace_seconds);
  // Watches never end by themselves: they are told to resume elsewhere or later.
  services.StopStreams();
  if (http_server) http_server->Stop();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.shutdown_grace_seconds));
  server->Wait();
  spdlog::info("forumd stopped cleanly");
  return 0;
}

int Backup(const Config& config, const std::string& destination) {
  if (storage::postgresql::IsPostgresUri(config.db_path)) {
    spdlog::error(
        "forumd backup copies a SQLite database; back up PostgreSQL with pg_dump "
        "(docs/operations.md#postgresql)");
    return 2;
  }
  // A backup reads an existing database: opening a mistyped path would create and seed a new
  // one and copy that, with exit status 0.
  std::error_code error;
  if (!std::filesystem::is_regular_file(config.db_path, error)) {
    spdlog::error("no database at {}: give the path of the database to back up with --db",
                  config.db_path);
    return 2;
  }
  std::filesystem::path source = std::filesystem::weakly_canonical(config.db_path, error);
  std::filesystem::path target = std::filesystem::weakly_canonical(destination, error);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (target == std::filesystem::path(source.string() + suffix)) {
      spdlog::error("the backup destination {} is the database itself{}; name another file",
                    destination, *suffix ? " (or one of its own files)" : "");
      return 2;
    }
  }
  auto db = OpenDatabase(config);
  if (!db.ok()) {
    spdlog::error("cannot open database {}: {}", config.db_path, db.status().ToString());
    return 1;
  }
  absl::Status status = db->sqlite->Backup(destination);
  if (!status.ok()) {
    spdlog::error("backup to {} failed: {}", destination, status.ToString());
    return 1;
  }
  spdlog::info("backed up {} to {}", config.db_path, destination);
  return 0;
}

}  // namespace forum::server
