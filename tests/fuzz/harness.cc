#include "tests/fuzz/harness.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string_view>
#include <utility>

#include "SQLiteCpp/Database.h"
#include "SQLiteCpp/Statement.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "forum/v1/document.grpc.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/impl/client_unary_call.h"
#include "grpcpp/impl/rpc_method.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "services/access.h"
#include "services/forum_server.h"
#include "spdlog/spdlog.h"
#include "storage/sqlite/database.h"
#include "tests/fuzz/dispatch.h"
#include "tests/fuzz/services.h"
#include "tests/fuzz/world.h"

namespace forum::fuzz {
namespace {

// Stops the process with a report that libFuzzer (or the replay test) shows with the input.
[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "\n*** fuzz invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// A folder for the database, `forum-fuzz-{pid}-XXXXXX`: on tmpfs when there is one (nothing here
// needs to survive), else in $TMPDIR or /tmp. A process that aborts (a finding) cannot remove its
// folder, so the folders of processes that are gone are removed first.
std::string MakeTempDir() {
  std::string base = "/tmp";
  if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0') base = tmp;
  if (access("/dev/shm", W_OK) == 0) base = "/dev/shm";
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(base, error)) {
    std::string name = entry.path().filename();
    int pid = 0;
    if (std::sscanf(name.c_str(), "forum-fuzz-%d-", &pid) == 1 && pid > 0 && kill(pid, 0) != 0 &&
        errno == ESRCH) {
      std::filesystem::remove_all(entry.path(), error);
    }
  }
  std::string pattern = absl::StrCat(base, "/forum-fuzz-", getpid(), "-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) Fail("cannot create a temporary folder in " + base);
  return pattern;
}

std::string* temp_dir_to_remove = nullptr;
void RemoveTempDir() {
  if (temp_dir_to_remove == nullptr) return;
  std::error_code ignored;
  std::filesystem::remove_all(*temp_dir_to_remove, ignored);
}

// Whether the answer is the store's word for a constraint that no check caught
// (storage/sqlite/database.cc). Its message starts with one of the store's own openings and ends
// with the marker; an answer that only quotes a caller's input holding the marker does not
// start so (input is quoted, and resource names hold no spaces).
bool MissedCheck(const grpc::Status& status) {
  const std::string& m = status.error_message();
  if (!absl::EndsWith(m, "the server missed this check")) return false;
  for (const char* opening :
       {"the change collides with a stored one (",
        "the change refers to something that does not exist", "the store refused the change ("}) {
    if (absl::StartsWith(m, opening)) return true;
  }
  return false;
}

bool IsBrokenCode(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
    case grpc::StatusCode::UNIMPLEMENTED:
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return true;
    default:
      return false;
  }
}

}  // namespace

const char* CallerKindName(CallerKind kind) {
  switch (kind) {
    case CallerKind::kNone:
      return "no token";
    case CallerKind::kReader:
      return "reader";
    case CallerKind::kFocalPoint:
      return "focal-point";
    case CallerKind::kChair:
      return "chair";
    case CallerKind::kAdmin:
      return "admin";
  }
  return "?";
}

std::vector<FuzzCall> SplitInput(const uint8_t* data, size_t size, int method_count) {
  std::vector<FuzzCall> calls;
  size_t at = 0;
  while (at + 4 <= size && calls.size() < kMaxCalls && method_count > 0) {
    FuzzCall call;
    call.method = data[at] % method_count;
    call.caller = static_cast<CallerKind>(data[at + 1] % kCallerCount);
    size_t length = data[at + 2] | (static_cast<size_t>(data[at + 3]) << 8);
    at += 4;
    length = std::min(length, size - at);
    call.body = absl::string_view(reinterpret_cast<const char*>(data + at), length);
    at += length;
    calls.push_back(call);
  }
  return calls;
}

const google::protobuf::ServiceDescriptor& ServiceNamed(absl::string_view full_name) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(std::string(full_name));
  if (service == nullptr) Fail(absl::StrCat("no service ", full_name));
  return *service;
}

struct Harness::State {
  std::string dir;
  std::unique_ptr<storage::sqlite::Database> db;
  std::unique_ptr<services::ForumServices> services;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::DocumentService::Stub> documents;
  std::unique_ptr<Dispatcher> dispatcher;
  // FORUM_FUZZ_TRANSPORT=1: calls go through the in-process channel rather than straight to
  // the service objects (slower; for checking that both agree).
  bool through_transport = false;
  World world;
  // The harness's own connection to the database file: it watches for commits (PRAGMA
  // data_version changes when another connection commits), checks the database and copies the
  // seed back into it.
  std::unique_ptr<SQLite::Database> watch;
  // The seeded database, in memory.
  std::unique_ptr<SQLite::Database> seed;
  // Each document's revision in the seed, `events/{e}/documents/{d}` → revision.
  std::map<std::string, int64_t> seed_revisions;
  // Token names are random: inputs name the world's tokens by these stand-ins of the same
  // length, which each body has replaced before it is sent.
  std::vector<std::pair<std::string, std::string>> token_stand_ins;

  std::string WithTokenNames(absl::string_view body) {
    std::string out(body);
    for (const auto& [stand_in, name] : token_stand_ins) {
      for (size_t at = out.find(stand_in); at != std::string::npos;
           at = out.find(stand_in, at + name.size())) {
        out.replace(at, stand_in.size(), name);
      }
    }
    return out;
  }

  // The world's role behind a caller (`reader`, `focal-point`, `chair`, `admin`); empty for none.
  static std::string RoleOf(CallerKind kind) {
    return kind == CallerKind::kNone ? std::string() : CallerKindName(kind);
  }
  std::string SecretOf(CallerKind kind) {
    std::string role = RoleOf(kind);
    return role.empty() ? std::string() : world.secrets[role];
  }
  // `tokens/{id}` of a caller, as the audit trail names it; empty for no token.
  std::string TokenNameOf(CallerKind kind) {
    std::string role = RoleOf(kind);
    return role.empty() ? std::string() : world.names[role + "_token"];
  }

  int64_t DataVersion() { return watch->execAndGet("PRAGMA data_version").getInt64(); }
  int64_t LastAuditRecord() {
    return watch->execAndGet("SELECT IFNULL(MAX(record_id), 0) FROM audit_records").getInt64();
  }

  std::map<std::string, int64_t> DocumentRevisions() {
    std::map<std::string, int64_t> out;
    SQLite::Statement s(*watch, "SELECT event_id, document_id, revision FROM documents");
    while (s.executeStep()) {
      out[absl::StrCat("events/", s.getColumn(0).getString(), "/documents/",
                       s.getColumn(1).getString())] = s.getColumn(2).getInt64();
    }
    return out;
  }

  // Copies `from` over `to` with the online backup API.
  static void Copy(SQLite::Database& from, SQLite::Database& to, const char* what) {
    sqlite3_backup* backup = sqlite3_backup_init(to.getHandle(), "main", from.getHandle(), "main");
    if (backup == nullptr) Fail(absl::StrCat(what, ": ", sqlite3_errmsg(to.getHandle())));
    int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) Fail(absl::StrCat(what, ": ", sqlite3_errstr(rc)));
  }

  void CheckDatabase(const std::string& after) {
    std::string integrity = watch->execAndGet("PRAGMA integrity_check").getString();
    if (integrity != "ok") Fail(absl::StrCat("integrity_check after ", after, ": ", integrity));
    SQLite::Statement fk(*watch, "PRAGMA foreign_key_check");
    if (fk.executeStep()) {
      Fail(absl::StrCat("foreign_key_check after ", after, ": a row of ",
                        fk.getColumn(0).getString(), " refers to a missing ",
                        fk.getColumn(2).getString()));
    }
  }

  // A changed document reads back in a dense order (sections 1..n, each one's paragraphs
  // 1..k), holds every section and paragraph that the database has, and no two of its
  // sections, or of a section's paragraphs, share an order key.
  void CheckDocumentOrder(const std::string& name, const std::string& after) {
    v1::GetDocumentContentRequest request;
    request.set_name(name);
    int sections = 0;
    int paragraphs = 0;
    int next_paragraph = 1;  // in the current section
    std::string last_section;
    for (int page = 0; page < 10000; ++page) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      context.AddMetadata("authorization", "Bearer " + world.secrets["admin"]);
      v1::DocumentContent content;
      grpc::Status status = documents->GetDocumentContent(&context, request, &content);
      if (!status.ok()) {
        Fail(absl::StrCat("reading ", name, " after ", after, ": ", status.error_message()));
      }
      for (const auto& sc : content.sections()) {
        // A section continued from the previous page repeats with its remaining paragraphs.
        bool continued = sections > 0 && sc.section().index() == sections;
        if (continued && sc.section().name() != last_section) {
          Fail(absl::StrCat(name, " after ", after, ": section ", sc.section().name(),
                            " comes with the index of ", last_section));
        }
        last_section = sc.section().name();
        if (!continued) {
          ++sections;
          next_paragraph = 1;
          if (sc.section().index() != sections) {
            Fail(absl::StrCat(name, " after ", after, ": section ", sc.section().name(),
                              " has index ", sc.section().index(), ", expected ", sections));
          }
        }
        for (const auto& p : sc.paragraphs()) {
          if (p.index() != next_paragraph || p.section() != sc.section().name()) {
            Fail(absl::StrCat(name, " after ", after, ": paragraph ", p.name(), " has index ",
                              p.index(), " in ", p.section(), ", expected ", next_paragraph, " in ",
                              sc.section().name()));
          }
          ++next_paragraph;
          ++paragraphs;
        }
      }
      if (content.next_page_token().empty()) break;
      request.set_page_token(content.next_page_token());
    }
    auto parts = std::filesystem::path(name);  // events/{e}/documents/{d}
    std::string event = parts.parent_path().parent_path().filename();
    std::string document = parts.filename();
    auto count = [&](const char* sql) {
      SQLite::Statement s(*watch, sql);
      s.bind(1, event);
      s.bind(2, document);
      s.executeStep();
      return s.getColumn(0).getInt64();
    };
    int64_t stored_sections =
        count("SELECT COUNT(*) FROM document_sections WHERE event_id = ? AND document_id = ?");
    int64_t stored_paragraphs =
        count("SELECT COUNT(*) FROM document_paragraphs WHERE event_id = ? AND document_id = ?");
    if (stored_sections != sections || stored_paragraphs != paragraphs) {
      Fail(absl::StrCat(name, " after ", after, ": reads ", sections, " sections and ", paragraphs,
                        " paragraphs; the database holds ", stored_sections, " and ",
                        stored_paragraphs));
    }
    int64_t shared = count(
        "SELECT COUNT(*) FROM (SELECT 1 FROM document_sections WHERE event_id = ?1 AND "
        "document_id = ?2 AND order_key IS NOT NULL GROUP BY order_key HAVING COUNT(*) > 1 "
        "UNION ALL SELECT 1 FROM document_paragraphs WHERE event_id = ?1 AND document_id = ?2 "
        "AND order_key IS NOT NULL GROUP BY section_id, order_key HAVING COUNT(*) > 1)");
    if (shared != 0) Fail(absl::StrCat(name, " after ", after, ": two items share an order key"));
    int64_t miscounted = count(
        "SELECT COUNT(*) FROM document_sections s WHERE event_id = ?1 AND document_id = ?2 AND "
        "paragraph_count != (SELECT COUNT(*) FROM document_paragraphs p WHERE p.event_id = "
        "s.event_id AND p.document_id = s.document_id AND p.section_id = s.section_id)");
    if (miscounted != 0) {
      Fail(absl::StrCat(name, " after ", after, ": ", miscounted,
                        " sections keep a paragraph count that is not their number of paragraphs"));
    }
    int64_t unkeyed = count(
        "SELECT (SELECT COUNT(*) FROM document_sections WHERE event_id = ?1 AND document_id = ?2 "
        "AND order_key IS NULL) + (SELECT COUNT(*) FROM document_paragraphs WHERE event_id = ?1 "
        "AND document_id = ?2 AND order_key IS NULL)");
    if (unkeyed != 0) Fail(absl::StrCat(name, " after ", after, ": an item has no order key"));
  }
};

Harness& Harness::Instance() {
  // Never destroyed: libFuzzer ends the process with exit(), and the server's threads may still
  // be winding down then. The folder goes with an atexit handler.
  static Harness* harness = new Harness();
  return *harness;
}

Harness::~Harness() = default;

Harness::Harness() : state_(std::make_unique<State>()) {
  State& s = *state_;
  spdlog::set_level(spdlog::level::off);
  // Protobuf logs each request that is not valid UTF-8: fuzz inputs are mostly that.
  google::protobuf::SetLogHandler(nullptr);
  s.dir = MakeTempDir();
  temp_dir_to_remove = new std::string(s.dir);
  std::atexit(RemoveTempDir);

  storage::sqlite::DatabaseOptions options;
  options.path = s.dir + "/forum.db";
  options.durability = storage::sqlite::Durability::kProcess;
  options.max_readers = 2;
  auto db = storage::sqlite::Database::Open(options);
  if (!db.ok()) Fail(absl::StrCat("opening the database: ", db.status().ToString()));
  s.db = *std::move(db);
  s.services = std::make_unique<services::ForumServices>(*s.db);
  grpc::ServerBuilder builder;
  builder.SetMaxReceiveMessageSize(1024 * 1024);  // as forumd
  s.services->AddTo(builder);
  s.server = builder.BuildAndStart();
  if (s.server == nullptr) Fail("the in-process server did not start");
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);  // the harness measures each answer itself
  s.channel = s.server->InProcessChannel(args);
  s.documents = v1::DocumentService::NewStub(s.channel);

  absl::Status built = BuildWorld(*s.services, s.channel, s.world);
  if (!built.ok()) Fail(built.ToString());
  s.dispatcher = std::make_unique<Dispatcher>(*s.services);
  for (const auto& fuzzed : kFuzzedServices) {
    absl::Status covered = s.dispatcher->Covers(ServiceNamed(fuzzed.full_name));
    if (!covered.ok()) Fail(covered.ToString());
  }
  const char* transport = std::getenv("FORUM_FUZZ_TRANSPORT");
  s.through_transport = transport != nullptr && std::string(transport) == "1";

  for (const auto& [role, stand_in] : kTokenStandIns) {
    const std::string& name = s.world.names[std::string(role) + "_token"];
    if (name.size() != std::string_view(stand_in).size()) {
      Fail(absl::StrCat("token ", name, " is not as long as its stand-in ", stand_in));
    }
    s.token_stand_ins.emplace_back(stand_in, name);
  }

  s.watch = std::make_unique<SQLite::Database>(options.path, SQLite::OPEN_READWRITE);
  s.watch->exec("PRAGMA synchronous = OFF");
  s.seed = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE);
  State::Copy(*s.watch, *s.seed, "taking the seed");
  s.seed_revisions = s.DocumentRevisions();
  s.CheckDatabase("building the world");
}

std::string Harness::WorldNames() const {
  std::string out;
  for (const auto& [key, name] : state_->world.names) absl::StrAppend(&out, key, "=", name, "\n");
  return out;
}

std::vector<CallResult> Harness::Run(const google::protobuf::ServiceDescriptor& service,
                                     const uint8_t* data, size_t size) {
  State& s = *state_;
  std::vector<CallResult> results;
  bool changed = false;
  std::string last;
  // The last audit record moves only when something commits: read once, then after commits.
  int64_t audit = s.LastAuditRecord();
  for (const FuzzCall& call : SplitInput(data, size, service.method_count())) {
    const google::protobuf::MethodDescriptor& method = *service.method(call.method);
    std::string path = absl::StrCat("/", service.full_name(), "/", method.name());
    std::string what = absl::StrCat("call ", results.size() + 1, " ", path, " as ",
                                    CallerKindName(call.caller), " (", call.body.size(), " bytes)");
    int64_t version = s.DataVersion();

    std::string body = s.WithTokenNames(call.body);
    std::string secret = s.SecretOf(call.caller);
    grpc::Status status;
    size_t response_bytes = 0;
    bool unreadable = false;
    if (s.through_transport) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      if (!secret.empty()) context.AddMetadata("authorization", "Bearer " + secret);
      grpc::Slice slice(body.data(), body.size());
      grpc::ByteBuffer request(&slice, 1);
      grpc::ByteBuffer response;
      status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer,
                                                 grpc::ByteBuffer, grpc::ByteBuffer>(
          s.channel.get(),
          grpc::internal::RpcMethod(path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC), &context,
          request, &response);
      response_bytes = response.Length();
      if (status.ok()) {
        std::unique_ptr<google::protobuf::Message> answer(
            google::protobuf::MessageFactory::generated_factory()
                ->GetPrototype(method.output_type())
                ->New());
        grpc::ProtoBufferReader reader(&response);
        unreadable = !answer->ParseFromZeroCopyStream(&reader);
      }
    } else {
      int64_t transactions = s.db->transactions();
      Answer answer = s.dispatcher->Call(path, secret, body);
      status = answer.status;
      response_bytes = answer.response_bytes;
      unreadable = answer.unreadable;
      // One call, one transaction: the token check, the access facts and the change share it. A
      // call without a plausible token is refused before any, a body that does not parse before
      // any handler.
      int64_t used = s.db->transactions() - transactions;
      bool refused_early =
          !answer.served || status.error_code() == grpc::StatusCode::UNAUTHENTICATED;
      if (used > 1 || (used == 0 && !refused_early)) {
        Fail(absl::StrCat(path, " ran in ", used, " transactions, not one"));
      }
    }
    results.push_back({path, status.error_code(), status.error_message()});

    // With one writer and every check inside the write's transaction there is no race to lose:
    // a constraint that SQLite enforces is a missing check, which the store's answer says.
    if (MissedCheck(status)) {
      Fail(absl::StrCat(
          what, " hit a database constraint that no check caught: ", status.error_message()));
    }
    if (IsBrokenCode(status.error_code())) {
      Fail(
          absl::StrCat(what, " answered code ", status.error_code(), ": ", status.error_message()));
    }
    if (unreadable) Fail(what + " answered OK with a response that does not parse as its type");
    if (status.ok() && response_bytes > kMaxResponseBytes) {
      Fail(absl::StrCat(what, " answered ", response_bytes, " bytes, over the ", kMaxResponseBytes,
                        " a client accepts"));
    }
    if (s.DataVersion() == version) continue;
    results.back().wrote = true;
    changed = true;
    last = what;
    if (!status.ok()) {
      Fail(absl::StrCat(what, " was refused (code ", status.error_code(), ": ",
                        status.error_message(), ") yet changed the database"));
    }
    if (services::IsReadMethod(method.name())) Fail(what + " only reads, yet changed the database");
    SQLite::Statement records(*s.watch,
                              "SELECT method, caller FROM audit_records WHERE record_id > ?");
    records.bind(1, audit);
    int count = 0;
    const std::string caller = s.TokenNameOf(call.caller);
    while (records.executeStep()) {
      ++count;
      if (records.getColumn(0).getString() != path || records.getColumn(1).getString() != caller) {
        Fail(absl::StrCat(what, " left an audit record of ", records.getColumn(0).getString(),
                          " by ", records.getColumn(1).getString(), ", not by ", caller));
      }
    }
    if (count == 0) Fail(what + " changed the database without an audit record");
    audit = s.LastAuditRecord();
  }
  if (changed) {
    s.CheckDatabase(last);
    for (const auto& [name, revision] : s.DocumentRevisions()) {
      auto seeded = s.seed_revisions.find(name);
      if (seeded == s.seed_revisions.end() || seeded->second != revision) {
        s.CheckDocumentOrder(name, last);
      }
    }
    State::Copy(*s.seed, *s.watch, "restoring the seed");
  }
  return results;
}

}  // namespace forum::fuzz
