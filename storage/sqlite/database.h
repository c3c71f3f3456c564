// The SQLite database behind the forum services: connections, transactions and migrations.
//
// One writer connection serializes every change (BEGIN IMMEDIATE under a mutex), so writers
// never meet SQLITE_BUSY among themselves. Writes are group-committed (write_queue.h): the
// writes that queue while a commit syncs share the next transaction, each in a savepoint of its
// own, and every caller is answered only once that transaction is committed. Readers take their
// own connections from a pool and read a consistent snapshot thanks to WAL. The schema is brought
// up to date on Open() by the migrations compiled into the binary, which also seed the reference
// data on a new database.
//
// It implements storage::Database: each transaction is a sql::Tx whose stores (storage/sql/) share
// its connection. SQLite exceptions never leave this folder: they become statuses here.
#ifndef FORUM_STORAGE_SQLITE_DATABASE_H_
#define FORUM_STORAGE_SQLITE_DATABASE_H_

#include <array>
#include <atomic>
#include <functional>
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
#include "storage/database.h"
#include "storage/sql/connection.h"
#include "storage/sql/section_orders.h"
#include "storage/sqlite/write_queue.h"

namespace forum::storage::sqlite {

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
  // Group commit: at most this many queued writes share one transaction and its sync.
  int max_batch = 64;
};

// One SQLite connection and the statements prepared on it, kept for reuse.
class Connection final : public sql::Connection {
 public:
  Connection(const std::string& path, int flags, const DatabaseOptions& options);
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  sql::Statement& Prepare(const std::string& sql) override;
  int64_t Changes() override { return db_.getChanges(); }
  void Exec(const std::string& sql) override { db_.exec(sql); }
  SQLite::Database& raw() { return db_; }
  // Resets the statements used since the last call. A statement left mid-result would hold
  // its read snapshot open, so every transaction ends with this.
  void ResetStatements();

 private:
  class SqliteStatement;
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
  std::vector<SqliteStatement*> used_;
};

class Database final : public storage::Database {
 public:
  ~Database() override;
  // Opens (creating if needed) the database at options.path, sets its pragmas and applies
  // the migrations it lacks, each in its own transaction.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  absl::Status Transact(bool write, AuditScope* audit,
                        absl::FunctionRef<absl::Status(storage::Tx&)> fn) override;
  int64_t transactions() const override { return transactions_.load(std::memory_order_relaxed); }
  void SetCommitListener(std::function<void()> listener) override {
    absl::MutexLock lock(&write_mu_);
    commit_listener_ = std::move(listener);
  }
  // A read is a snapshot of the local WAL: it never waits for a writer or the network.
  bool reads_may_wait() const override { return false; }
  // SQLite's PRAGMA data_version on a connection of its own that never writes, so that every
  // commit, the writer's and other processes', moves it.
  int64_t data_version() override;
  // Batches committed (each one SQLite transaction holding one or more writes), and the writes
  // queued or being committed now.
  int64_t write_batches() const { return queue_.batches(); }
  size_t queued_writes() const { return queue_.queued(); }
  // Committed batches by how many writes they held: [i] counts batches of at most 2^i writes
  // (and more than 2^(i-1)); the last counts every larger one.
  static constexpr int kBatchSizeBuckets = 8;
  std::array<int64_t, kBatchSizeBuckets> batch_sizes() const;
  // Writes kept by those batches, together.
  int64_t batched_writes() const { return batched_writes_.load(std::memory_order_relaxed); }

  // Unattributed transactions on the bare connection, for storage tests and maintenance.
  absl::Status WriteTx(absl::FunctionRef<absl::Status(Connection&)> fn);
  absl::Status ReadTx(absl::FunctionRef<absl::Status(Connection&)> fn);

  // PRAGMA user_version: the number of migrations applied.
  int SchemaVersion();
  // Copies the live database to `destination` with the online backup API.
  absl::Status Backup(const std::string& destination);
  // PRAGMA integrity_check: OK when the answer is "ok".
  absl::Status IntegrityCheck();

  const DatabaseOptions& options() const { return options_; }
  sql::SectionOrders& section_orders() { return section_orders_; }

 private:
  explicit Database(DatabaseOptions options);
  absl::Status Migrate();
  // Commits a batch of queued writes in one transaction, each in a savepoint of its own; sets
  // every member's status. Runs on the leader's thread.
  void CommitBatch(absl::Span<QueuedWrite* const> batch);
  // One member of a batch, in its savepoint: released with its audit record when it succeeds,
  // rolled back to when it fails (a refusal or a storage error), so the others never see it.
  absl::Status RunChange(QueuedWrite& write) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
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

  DatabaseOptions options_;
  sql::SectionOrders section_orders_;
  WriteQueue queue_;
  absl::Mutex write_mu_;
  std::unique_ptr<Connection> writer_ ABSL_GUARDED_BY(write_mu_);
  absl::Mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_ ABSL_GUARDED_BY(readers_mu_);
  int open_readers_ ABSL_GUARDED_BY(readers_mu_) = 0;
  std::atomic<int64_t> transactions_{0};
  absl::Mutex version_mu_;
  std::unique_ptr<Connection> version_ ABSL_GUARDED_BY(version_mu_);
  sqlite3_stmt* version_statement_ ABSL_GUARDED_BY(version_mu_) = nullptr;
  bool version_failed_ ABSL_GUARDED_BY(version_mu_) = false;
  std::array<std::atomic<int64_t>, kBatchSizeBuckets> batch_sizes_{};
  std::atomic<int64_t> batched_writes_{0};
  std::function<void()> commit_listener_ ABSL_GUARDED_BY(write_mu_);
};

// The SQLite connection of a transaction this database began, for what only SQLite does
// (pragmas in tests and tools).
Connection& ConnectionOf(storage::Tx& tx);

// Turns a SQLite failure into the status storage/sql/errors.h gives its kind.
absl::Status FromSqliteError(int extended_code, absl::string_view what);

}  // namespace forum::storage::sqlite

#endif  // FORUM_STORAGE_SQLITE_DATABASE_H_
