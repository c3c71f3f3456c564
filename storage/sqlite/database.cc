#include "storage/sqlite/database.h"

#include <sqlite3.h>

#include "SQLiteCpp/Backup.h"
#include "SQLiteCpp/Exception.h"
#include "SQLiteCpp/Transaction.h"
#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/order_key.h"
#include "spdlog/spdlog.h"
#include "storage/migrations/migrations.h"
#include "storage/sql/change_log.h"
#include "storage/sql/errors.h"
#include "storage/sql/transaction.h"

namespace forum::storage::sqlite {
namespace {

// The migration that made the change feed's log (0018).
constexpr size_t kChangeFeedMigration = 18;

// Resets a connection's statements when a transaction scope ends, before the transaction's own
// destructor rolls back, so that an exception leaves no statement holding a snapshot.
class StatementReset {
 public:
  explicit StatementReset(Connection& c) : c_(c) {}
  ~StatementReset() { c_.ResetStatements(); }

 private:
  Connection& c_;
};

// A transaction begun and committed with statements prepared once per connection (SQLite's
// exec would parse BEGIN and COMMIT again on every call); rolled back when the scope ends
// without Commit, however it ends.
class PreparedTx {
 public:
  PreparedTx(Connection& c, const char* begin) : c_(c) {
    try {
      c_.Prepare(begin).Run();
    } catch (...) {
      c_.ResetStatements();  // a BEGIN that failed (busy, read-only) holds nothing to undo
      throw;
    }
  }
  ~PreparedTx() {
    if (committed_) return;
    c_.ResetStatements();
    (void)c_.raw().tryExec("ROLLBACK");
  }
  PreparedTx(const PreparedTx&) = delete;
  PreparedTx& operator=(const PreparedTx&) = delete;
  void Commit() {
    c_.ResetStatements();
    c_.Prepare("COMMIT").Run();
    committed_ = true;
    c_.ResetStatements();
  }

 private:
  Connection& c_;
  bool committed_ = false;
};

// Runs `fn`, turning any SQLite exception into a status.
template <typename F>
absl::Status Guard(absl::string_view what, F&& fn) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    spdlog::error("storage: {} failed: {} (code {})", std::string(what), e.what(),
                  e.getExtendedErrorCode());
    return FromSqliteError(e.getExtendedErrorCode(), what);
  } catch (const sql::Error& e) {
    spdlog::error("storage: {} failed: {}", std::string(what), e.what());
    return sql::ErrorStatus(e.kind(), what);
  } catch (const std::exception& e) {
    spdlog::error("storage: {} failed: {}", std::string(what), e.what());
    return absl::InternalError(absl::StrCat("storage failure during ", what));
  } catch (...) {
    spdlog::error("storage: {} failed: an exception of unknown type", std::string(what));
    return absl::InternalError(absl::StrCat("storage failure during ", what));
  }
}

}  // namespace

Connection& ConnectionOf(storage::Tx& tx) {
  return static_cast<Connection&>(static_cast<sql::Tx&>(tx).connection());
}

absl::StatusOr<Durability> ParseDurability(absl::string_view text) {
  if (text == "full") return Durability::kFull;
  if (text == "process") return Durability::kProcess;
  return absl::InvalidArgumentError(
      absl::StrCat("durability '", text, "' is not one of: full, process"));
}

absl::Status FromSqliteError(int extended_code, absl::string_view what) {
  using Kind = sql::Error::Kind;
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return sql::ErrorStatus(Kind::kBusy, what);
    case SQLITE_CONSTRAINT:
      switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
          return sql::ErrorStatus(Kind::kUnique, what);
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          return sql::ErrorStatus(Kind::kForeignKey, what);
        default:
          return sql::ErrorStatus(Kind::kConstraint, what);
      }
    case SQLITE_FULL:
      return sql::ErrorStatus(Kind::kFull, what);
    case SQLITE_READONLY:
      return sql::ErrorStatus(Kind::kReadOnly, what);
    case SQLITE_CORRUPT:
      return sql::ErrorStatus(Kind::kCorrupt, what);
    default:
      return sql::ErrorStatus(Kind::kOther, what);
  }
}

Connection::Connection(const std::string& path, int flags, const DatabaseOptions& options)
    : db_(path, flags, options.busy_timeout_ms) {
  db_.exec("PRAGMA foreign_keys = ON");
  db_.exec(options.durability == Durability::kFull ? "PRAGMA synchronous = FULL"
                                                   : "PRAGMA synchronous = NORMAL");
  db_.exec(absl::StrCat("PRAGMA cache_size = -", options.cache_kib));
  db_.exec("PRAGMA temp_store = MEMORY");
}

// sql::Statement over SQLite's own statement API. (SQLiteCpp's statement hands each column out
// as an object sharing the statement's ownership, an atomic count taken and dropped per column:
// a twentieth of a page of delegations.) Errors are thrown as SQLiteCpp's exceptions, as every
// other call on the connection throws them.
class Connection::SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql) : db_(db.getHandle()) {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt_);
      throw SQLite::Exception(db_, rc);
    }
    if (stmt_ == nullptr) throw SQLite::Exception("no statement in: " + sql);
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void BindInt64(int index, int64_t value) override {
    Check(sqlite3_bind_int64(stmt_, index, value));
  }
  void BindDouble(int index, double value) override {
    Check(sqlite3_bind_double(stmt_, index, value));
  }
  void BindText(int index, absl::string_view text) override {
    // A view may point at nothing: bind an empty text, never NULL.
    Check(sqlite3_bind_text64(stmt_, index, text.empty() ? "" : text.data(), text.size(),
                              SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void BindBlob(int index, absl::string_view bytes) override {
    // As SQLiteCpp bound it: a view that points at nothing binds NULL.
    Check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }
  void BindNull(int index) override { Check(sqlite3_bind_null(stmt_, index)); }

  // A statement that has run to its end (or failed) is not run again until it is reset: SQLite
  // would start it over, and a second Run would repeat its change.
  bool Step() override {
    CheckNotDone();
    int rc = sqlite3_step(stmt_);
    has_row_ = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) return false;
    throw SQLite::Exception(db_, rc);
  }
  int64_t Run() override {
    CheckNotDone();
    int rc = sqlite3_step(stmt_);
    has_row_ = false;
    done_ = true;
    if (rc == SQLITE_ROW) throw SQLite::Exception("a statement run for no rows returned one");
    if (rc != SQLITE_DONE) throw SQLite::Exception(db_, rc);
    return sqlite3_changes64(db_);
  }
  void Reset() override {
    // A statement whose last step failed reports that failure again on reset; it was already
    // reported where it happened, so it is not thrown here.
    TryReset();
    sqlite3_clear_bindings(stmt_);
  }
  // Never throws: this runs from destructors while an exception unwinds.
  void TryReset() {
    sqlite3_reset(stmt_);
    has_row_ = false;
    done_ = false;
  }

  bool ColumnIsNull(int index) override {
    CheckColumn(index);
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
  }
  int64_t ColumnInt64(int index) override {
    CheckColumn(index);
    return sqlite3_column_int64(stmt_, index);
  }
  double ColumnDouble(int index) override {
    CheckColumn(index);
    return sqlite3_column_double(stmt_, index);
  }
  std::string ColumnText(int index) override {
    CheckColumn(index);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    if (text == nullptr) return std::string();  // NULL, or out of memory
    return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
  }
  std::string ColumnBlob(int index) override {
    CheckColumn(index);
    const void* blob = sqlite3_column_blob(stmt_, index);
    if (blob == nullptr) return std::string();
    return std::string(static_cast<const char*>(blob),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
  }

 private:
  void CheckNotDone() {
    if (done_)
      throw SQLite::Exception("the statement must be reset before it runs again", SQLITE_MISUSE);
  }
  void Check(int rc) {
    if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
  }
  void CheckColumn(int index) {
    if (!has_row_) throw SQLite::Exception("a column was read without a row");
    if (index < 0 || index >= sqlite3_column_count(stmt_)) {
      throw SQLite::Exception("no column " + std::to_string(index));
    }
  }

  sqlite3* const db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool has_row_ = false;
  bool done_ = false;
};

Connection::~Connection() = default;

sql::Statement& Connection::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SqliteStatement>(db_, sql)).first;
  } else {
    it->second->Reset();
  }
  used_.push_back(it->second.get());
  return *it->second;
}

void Connection::ResetStatements() {
  // Never throws: this runs from destructors while an exception unwinds, and the statement
  // that failed has already thrown its error.
  for (SqliteStatement* statement : used_) statement->TryReset();
  used_.clear();
}

Database::Database(DatabaseOptions options)
    : options_(std::move(options)), queue_(static_cast<size_t>(std::max(1, options_.max_batch))) {}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  if (options.path.empty() || options.path.front() == ':') {
    return absl::InvalidArgumentError("the database path must name a file");
  }
  std::unique_ptr<Database> db(new Database(options));
  absl::Status status = Guard("open", [&] {
    absl::MutexLock lock(&db->write_mu_);
    db->writer_ = std::make_unique<Connection>(
        options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX,
        options);
    db->writer_->set_section_orders(&db->section_orders_);
    std::string mode = db->writer_->raw().execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal") {
      return absl::FailedPreconditionError(
          absl::StrCat("the database could not switch to WAL mode (got ", mode, ")"));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  status = db->Migrate();
  if (!status.ok()) return status;
  return db;
}

namespace {

// forum_key_from_position(position): the order key of a position stored before order keys
// (domain::KeyFromLegacyPosition), for migration 0013.
void KeyFromPositionSql(sqlite3_context* context, int, sqlite3_value** args) {
  std::string key = domain::KeyFromLegacyPosition(sqlite3_value_double(args[0]));
  sqlite3_result_text(context, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
}

}  // namespace

absl::Status Database::Migrate() {
  absl::MutexLock lock(&write_mu_);
  const auto& migrations = Migrations();
  return Guard("migrate", [&]() -> absl::Status {
    writer_->raw().createFunction("forum_key_from_position", 1, /*abDeterministic=*/true, nullptr,
                                  &KeyFromPositionSql);
    int version = writer_->raw().execAndGet("PRAGMA user_version").getInt();
    if (version > static_cast<int>(migrations.size())) {
      return absl::FailedPreconditionError(absl::StrCat("the database is at schema version ",
                                                        version, ", newer than this server's ",
                                                        migrations.size(), "; run a newer forumd"));
    }
    for (size_t i = version; i < migrations.size(); ++i) {
      SQLite::Transaction tx(writer_->raw(), SQLite::TransactionBehavior::IMMEDIATE);
      writer_->Exec(migrations[i].sql);
      writer_->Exec(absl::StrCat("PRAGMA user_version = ", i + 1));
      // What a migration changes (reference data) reaches the feed as changes of their own.
      if (i + 1 >= kChangeFeedMigration) sql::ChangeLog(*writer_).Close(domain::NowMicros());
      tx.commit();
      spdlog::info("storage: applied migration {}", migrations[i].name);
    }
    return absl::OkStatus();
  });
}

absl::Status Database::Transact(bool write, AuditScope* audit,
                                absl::FunctionRef<absl::Status(storage::Tx&)> fn) {
  transactions_.fetch_add(1, std::memory_order_relaxed);
  if (!write) {
    return Guard("read", [&]() -> absl::Status {
      ReaderLease reader(*this);
      // A deferred transaction gives every query of `fn` the same snapshot.
      PreparedTx tx(*reader, "BEGIN DEFERRED");
      StatementReset reset(*reader);
      sql::Tx handle(*reader, /*writes=*/false, nullptr);
      absl::Status result = fn(handle);
      tx.Commit();
      return result;
    });
  }
  QueuedWrite queued(audit, fn);
  return queue_.Submit(queued,
                       [this](absl::Span<QueuedWrite* const> batch) { CommitBatch(batch); });
}

std::array<int64_t, Database::kBatchSizeBuckets> Database::batch_sizes() const {
  std::array<int64_t, kBatchSizeBuckets> counts{};
  for (size_t i = 0; i < counts.size(); ++i) counts[i] = batch_sizes_[i].load();
  return counts;
}

void Database::CommitBatch(absl::Span<QueuedWrite* const> batch) {
  absl::MutexLock lock(&write_mu_);
  sqlite3* handle = writer_->raw().getHandle();
  size_t next = 0;
  while (next < batch.size()) {
    const size_t first = next;
    absl::Status committed = Guard("write", [&]() -> absl::Status {
      PreparedTx tx(*writer_, "BEGIN IMMEDIATE");
      StatementReset reset(*writer_);
      for (; next < batch.size(); ++next) {
        batch[next]->status = RunChange(*batch[next]);
        // A storage error that ends the whole transaction (SQLite rolls back on its own after
        // some I/O and disk-full errors) takes the members before it along: they fail with it,
        // and the members after it start a new transaction.
        if (sqlite3_get_autocommit(handle) != 0) {
          absl::Status cause = batch[next]->status;
          ++next;
          return cause.ok() ? absl::InternalError("storage failure during write") : cause;
        }
      }
      // A batch whose every member was refused keeps nothing: it is rolled back rather than
      // committed, since a commit would still write the pages its savepoints touched (the same
      // bytes, but a new version of the file that readers and other processes would see).
      bool keeps_something = false;
      for (size_t i = first; i < next; ++i) keeps_something |= batch[i]->status.ok();
      if (keeps_something) {
        tx.Commit();
        if (commit_listener_) commit_listener_();
        size_t bucket = 0;
        while (bucket + 1 < batch_sizes_.size() && (size_t{1} << bucket) < next - first) ++bucket;
        batch_sizes_[bucket].fetch_add(1, std::memory_order_relaxed);
        batched_writes_.fetch_add(static_cast<int64_t>(next - first), std::memory_order_relaxed);
      }
      return absl::OkStatus();
    });
    if (committed.ok()) continue;
    if (next == first) {
      // The transaction could not even begin (another process holds the write lock past the
      // busy timeout, the file is read-only): every member still waiting gets that answer.
      for (size_t i = first; i < batch.size(); ++i) batch[i]->status = committed;
      return;
    }
    // Nothing from first to next committed: the members that had succeeded get the failure.
    for (size_t i = first; i < next; ++i) {
      if (batch[i]->status.ok()) batch[i]->status = committed;
    }
  }
}

absl::Status Database::RunChange(QueuedWrite& write) {
  return Guard("write", [&]() -> absl::Status {
    sqlite3* handle = writer_->raw().getHandle();
    int64_t changes_before = sqlite3_total_changes64(handle);
    writer_->Prepare("SAVEPOINT change").Run();
    bool released = false;
    // Undoes this member's work however its run ends, unless it was released.
    // Should the savepoint itself fail to roll back, the whole transaction is rolled back, so
    // that no part of a refused change can commit with the others (CommitBatch then fails the
    // members before it and starts the rest again).
    auto rollback = [&] {
      writer_->ResetStatements();
      if (released || sqlite3_get_autocommit(handle) != 0) return;
      try {
        writer_->Prepare("ROLLBACK TO change").Run();
        writer_->Prepare("RELEASE change").Run();
      } catch (...) {
        writer_->ResetStatements();
        (void)writer_->raw().tryExec("ROLLBACK");
      }
      writer_->ResetStatements();
    };
    absl::Status status;
    try {
      sql::Tx change(*writer_, /*writes=*/true, write.audit);
      status = write.fn(change);
      writer_->ResetStatements();
      // A change made on behalf of a caller commits with its audit record, or not at all; the
      // changes the feed reports of it are closed with the call's time.
      if (status.ok() && sqlite3_total_changes64(handle) > changes_before) {
        int64_t now = domain::NowMicros();
        if (write.audit != nullptr) sql::AuditLog(*writer_).Append(write.audit->entry(), now);
        sql::ChangeLog(*writer_).Close(now);
        writer_->ResetStatements();
      }
      if (status.ok()) {
        writer_->Prepare("RELEASE change").Run();
        released = true;
        writer_->ResetStatements();
      }
    } catch (...) {
      rollback();
      throw;
    }
    if (!status.ok()) rollback();
    return status;
  });
}

absl::Status Database::WriteTx(absl::FunctionRef<absl::Status(Connection&)> fn) {
  return Transact(true, nullptr, [&](storage::Tx& tx) { return fn(ConnectionOf(tx)); });
}

absl::Status Database::ReadTx(absl::FunctionRef<absl::Status(Connection&)> fn) {
  return Transact(false, nullptr, [&](storage::Tx& tx) { return fn(ConnectionOf(tx)); });
}

std::unique_ptr<Connection> Database::AcquireReader() {
  {
    absl::MutexLock lock(&readers_mu_);
    auto can_go = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(readers_mu_) {
      return !idle_readers_.empty() || open_readers_ < options_.max_readers;
    };
    readers_mu_.Await(absl::Condition(&can_go));
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
    ++open_readers_;
  }
  try {
    auto reader = std::make_unique<Connection>(
        options_.path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, options_);
    reader->set_section_orders(&section_orders_);
    return reader;
  } catch (...) {
    absl::MutexLock lock(&readers_mu_);
    --open_readers_;
    throw;
  }
}

void Database::ReleaseReader(std::unique_ptr<Connection> reader) {
  absl::MutexLock lock(&readers_mu_);
  idle_readers_.push_back(std::move(reader));
}

int Database::SchemaVersion() {
  int version = -1;
  (void)ReadTx([&](Connection& c) {
    version = c.raw().execAndGet("PRAGMA user_version").getInt();
    return absl::OkStatus();
  });
  return version;
}

absl::Status Database::Backup(const std::string& destination) {
  return Guard("backup", [&]() -> absl::Status {
    SQLite::Database target(destination, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ReaderLease reader(*this);
    SQLite::Backup backup(target, reader->raw());
    backup.executeStep(-1);
    return absl::OkStatus();
  });
}

absl::Status Database::IntegrityCheck() {
  return ReadTx([](Connection& c) -> absl::Status {
    std::string answer = c.raw().execAndGet("PRAGMA integrity_check").getString();
    if (answer == "ok") return absl::OkStatus();
    return absl::DataLossError(absl::StrCat("integrity check: ", answer));
  });
}

}  // namespace forum::storage::sqlite
