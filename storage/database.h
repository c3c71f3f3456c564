// The SQLite database behind the forum services: connections, transactions and migrations.
//
// One writer connection serializes every change (BEGIN IMMEDIATE under a mutex), so writers
// never meet SQLITE_BUSY among themselves; readers take their own connections from a pool and
// read a consistent snapshot thanks to WAL. The schema is brought up to date on Open() by the
// migrations compiled into the binary, which also seed the reference data on a new database.
//
// Every call runs in exactly one transaction, a Tx: the stores (entity_store.h, ...) take its
// connection, and a write carries the audit record of the call that made it, appended just before
// the commit when the transaction changed rows. SQLite exceptions never leave this layer: they
// become statuses here. The database counts the transactions it begins, so a test can hold every
// call to one.
#ifndef FORUM_STORAGE_DATABASE_H_
#define FORUM_STORAGE_DATABASE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "SQLiteCpp/Database.h"
#include "SQLiteCpp/Statement.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/audit_log.h"

namespace forum::storage {

// How hard a commit works to survive a crash.
enum class Durability {
  // synchronous=NORMAL in WAL: a commit survives the process being killed, not a power cut.
  kProcess,
  // synchronous=FULL: every commit is on disk (fsync) before it is acknowledged.
  kFull,
};

absl::StatusOr<Durability> ParseDurability(absl::string_view text);

struct DatabaseOptions {
  std::string path;  // a file, or ":memory:"-like paths are refused: the store needs WAL.
  Durability durability = Durability::kFull;
  int busy_timeout_ms = 5000;
  int max_readers = 8;
  // SQLite page cache per connection, in KiB.
  int cache_kib = 8192;
};

// One SQLite connection and the statements prepared on it, kept for reuse.
class Connection {
 public:
  Connection(const std::string& path, int flags, const DatabaseOptions& options);

  // A prepared statement for `sql`, reset and with no bindings. Prepared once per connection.
  SQLite::Statement& Prepare(const std::string& sql);
  // Runs SQL without results (DDL, pragmas).
  void Exec(const std::string& sql) { db_.exec(sql); }
  SQLite::Database& raw() { return db_; }
  int64_t Changes() const { return db_.getChanges(); }
  // Resets the statements used since the last call. A statement left mid-result would hold
  // its read snapshot open, so every transaction ends with this.
  void ResetStatements();

 private:
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::vector<SQLite::Statement*> used_;
};

// One transaction: the connection its stores use, whether it may write, and for a write made on
// behalf of a caller the audit record it commits with (null for reads and unattributed writes).
class Tx {
 public:
  Tx(Connection& connection, bool writes, AuditScope* audit)
      : connection_(connection), writes_(writes), audit_(audit) {}
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  Connection& connection() { return connection_; }
  bool writes() const { return writes_; }
  AuditScope* audit() const { return audit_; }
  // The caller the change is made for (`tokens/{id}`, `local/forumd`), or empty.
  absl::string_view caller() const {
    return audit_ != nullptr ? audit_->caller() : absl::string_view();
  }

 private:
  Connection& connection_;
  bool writes_;
  AuditScope* audit_;
};

class Database {
 public:
  // Opens (creating if needed) the database at options.path, sets its pragmas and applies
  // the migrations it lacks, each in its own transaction.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  // Runs `fn` in one transaction: a write (BEGIN IMMEDIATE on the writer, committed when `fn`
  // returns OK and rolled back otherwise) or a read (a snapshot on a pooled reader). A write
  // that changed rows appends `audit`'s record, when given, just before it commits.
  absl::Status Transact(bool write, AuditScope* audit, absl::FunctionRef<absl::Status(Tx&)> fn);

  // The same for functions that return a value, `StatusOr<T> fn(Tx&)`; a write's answer names
  // the resource of its audit record when it names one (a create learns its new name).
  template <typename F>
  auto Run(bool write, AuditScope* audit, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    using Result = decltype(fn(std::declval<Tx&>()));
    std::optional<Result> result;
    absl::Status status = Transact(write, audit, [&](Tx& tx) -> absl::Status {
      result.emplace(fn(tx));
      if (write && audit != nullptr) audit->NoteResult(*result);
      return StatusOf(*result);
    });
    if (!result.has_value() || (!status.ok() && StatusOf(*result).ok())) return Result(status);
    return std::move(*result);
  }
  template <typename F>
  auto Write(AuditScope* audit, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return Run(true, audit, std::forward<F>(fn));
  }
  template <typename F>
  auto Read(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return Run(false, nullptr, std::forward<F>(fn));
  }

  // Unattributed transactions on the bare connection, for storage tests and maintenance.
  absl::Status WriteTx(absl::FunctionRef<absl::Status(Connection&)> fn);
  absl::Status ReadTx(absl::FunctionRef<absl::Status(Connection&)> fn);

  // The number of transactions begun since the database was opened (migrations excluded).
  int64_t transactions() const { return transactions_.load(std::memory_order_relaxed); }

  // PRAGMA user_version: the number of migrations applied.
  int SchemaVersion();
  // Copies the live database to `destination` with the online backup API.
  absl::Status Backup(const std::string& destination);
  // PRAGMA integrity_check: OK when the answer is "ok".
  absl::Status IntegrityCheck();

  const DatabaseOptions& options() const { return options_; }

 private:
  explicit Database(DatabaseOptions options);
  absl::Status Migrate();
  // A pooled reader connection, returned to the pool when the lease ends, however it ends.
  class ReaderLease {
   public:
    explicit ReaderLease(Database& db) : db_(db), reader_(db.AcquireReader()) {}
    ~ReaderLease() { db_.ReleaseReader(std::move(reader_)); }
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    Connection& operator*() { return *reader_; }
    Connection* operator->() { return reader_.get(); }

   private:
    Database& db_;
    std::unique_ptr<Connection> reader_;
  };

  std::unique_ptr<Connection> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> reader);

  static absl::Status StatusOf(const absl::Status& s) { return s; }
  template <typename T>
  static absl::Status StatusOf(const absl::StatusOr<T>& s) {
    return s.status();
  }

  DatabaseOptions options_;
  absl::Mutex write_mu_;
  std::unique_ptr<Connection> writer_ ABSL_GUARDED_BY(write_mu_);
  absl::Mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_ ABSL_GUARDED_BY(readers_mu_);
  int open_readers_ ABSL_GUARDED_BY(readers_mu_) = 0;
  std::atomic<int64_t> transactions_{0};
};

// Turns a SQLite failure into a status. Caller mistakes are caught by the domain before they
// reach SQLite, so what arrives here is the store's own trouble: busy → UNAVAILABLE, a
// constraint → ABORTED (a race the domain check lost), anything else → INTERNAL with a
// message that names no SQL.
absl::Status FromSqliteError(int extended_code, absl::string_view what);

}  // namespace forum::storage

#endif  // FORUM_STORAGE_DATABASE_H_
