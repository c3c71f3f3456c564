#include "storage/postgresql/database.h"

#include <chrono>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "spdlog/spdlog.h"
#include "storage/migrations/migrations.h"
#include "storage/postgresql/dialect.h"
#include "storage/sql/audit_log.h"
#include "storage/sql/change_log.h"
#include "storage/sql/errors.h"
#include "storage/sql/transaction.h"

namespace forum::storage::postgresql {
namespace {

// Advisory lock keys: every write holds the first for its transaction; migrating holds the
// second. "forum" in ASCII, then 1 and 2.
constexpr int64_t kWriteLock = 0x666f72756d01;
constexpr int64_t kMigrationLock = 0x666f72756d02;
// The migration that made the change feed's log (0018).
constexpr size_t kChangeFeedMigration = 18;
constexpr char kCommitChannel[] = "forum_commits";
constexpr pqxx::oid kByteaOid = 17;

using Kind = sql::Error::Kind;

// Turns the exception being handled, from libpqxx or libpq, into a sql::Error.
[[noreturn]] void Rethrow() {
  try {
    throw;
  } catch (const sql::Error&) {
    throw;
  } catch (const pqxx::in_doubt_error& e) {
    throw sql::Error(Kind::kUnreachable, e.what());
  } catch (const pqxx::broken_connection& e) {
    throw sql::Error(Kind::kUnreachable, e.what());
  } catch (const pqxx::serialization_failure& e) {
    throw sql::Error(Kind::kSerialization, e.what());
  } catch (const pqxx::deadlock_detected& e) {
    throw sql::Error(Kind::kSerialization, e.what());
  } catch (const pqxx::unique_violation& e) {
    throw sql::Error(Kind::kUnique, e.what());
  } catch (const pqxx::foreign_key_violation& e) {
    throw sql::Error(Kind::kForeignKey, e.what());
  } catch (const pqxx::integrity_constraint_violation& e) {
    throw sql::Error(Kind::kConstraint, e.what());
  } catch (const pqxx::disk_full& e) {
    throw sql::Error(Kind::kFull, e.what());
  } catch (const pqxx::sql_error& e) {
    const std::string& state = e.sqlstate();
    Kind kind = Kind::kOther;
    if (state == "25006") {
      kind = Kind::kReadOnly;
    } else if (state == "40001" || state == "40P01") {
      kind = Kind::kSerialization;
    } else if (state == "55P03" || state == "57014") {
      kind = Kind::kBusy;  // a lock or statement timeout
    } else if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P")) {
      kind = Kind::kUnreachable;  // connection failure, shutdown, crash, restart
    }
    throw sql::Error(kind, e.what());
  } catch (const std::exception& e) {
    throw sql::Error(Kind::kOther, e.what());
  }
}

// Whether a statement changes rows (its count of rows is of rows changed, not read).
bool ChangesRows(absl::string_view sql) {
  sql = absl::StripLeadingAsciiWhitespace(sql);
  return absl::StartsWithIgnoreCase(sql, "INSERT") || absl::StartsWithIgnoreCase(sql, "UPDATE") ||
         absl::StartsWithIgnoreCase(sql, "DELETE");
}

std::string HexBytea(absl::string_view bytes) {
  return absl::StrCat("\\x", absl::BytesToHexString(bytes));
}

}  // namespace

bool IsPostgresUri(absl::string_view db) {
  return absl::StartsWith(db, "postgresql://") || absl::StartsWith(db, "postgres://");
}

// sql::Statement over a statement prepared on the server. Parameters travel as text (a blob as
// bytea's hex form); the server infers their types from where they stand. The first Step runs
// the statement and keeps its rows.
class Connection::PgStatement final : public sql::Statement {
 public:
  PgStatement(Connection& c, std::string name) : c_(c), name_(std::move(name)) {}

  void BindInt64(int index, int64_t value) override { Set(index, absl::StrCat(value)); }
  void BindDouble(int index, double value) override { Set(index, absl::StrFormat("%.17g", value)); }
  void BindText(int index, absl::string_view text) override {
    if (text.find('\0') != absl::string_view::npos) {
      throw sql::Error(Kind::kConstraint, "text with a NUL byte, which PostgreSQL cannot store");
    }
    Set(index, std::string(text));
  }
  void BindBlob(int index, absl::string_view bytes) override { Set(index, HexBytea(bytes)); }
  void BindNull(int index) override {
    Grow(index);
    null_[index - 1] = true;
  }

  bool Step() override {
    if (!ran_) Execute();
    ++row_;
    return row_ < static_cast<int64_t>(result_.size());
  }
  int64_t Run() override {
    Execute();
    return c_.last_changes_;
  }
  void Reset() override {
    values_.clear();
    null_.clear();
    result_.clear();
    ran_ = false;
    row_ = -1;
  }

  bool ColumnIsNull(int index) override { return Field(index).is_null(); }
  int64_t ColumnInt64(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return 0;
    absl::string_view text(f.c_str(), f.size());
    if (text == "t") return 1;  // a boolean expression
    if (text == "f") return 0;
    int64_t value = 0;
    if (!absl::SimpleAtoi(text, &value)) {
      // A whole number stored as numeric (sum(), avg() of integers) comes with a point.
      double d = 0;
      if (!absl::SimpleAtod(text, &d)) {
        throw sql::Error(Kind::kCorrupt, absl::StrCat("not an integer: ", text.substr(0, 40)));
      }
      value = static_cast<int64_t>(d);
    }
    return value;
  }
  double ColumnDouble(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return 0;
    double value = 0;
    if (!absl::SimpleAtod(absl::string_view(f.c_str(), f.size()), &value)) {
      throw sql::Error(Kind::kCorrupt, "not a number");
    }
    return value;
  }
  std::string ColumnText(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return std::string();
    return std::string(f.c_str(), f.size());
  }
  std::string ColumnBlob(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return std::string();
    absl::string_view text(f.c_str(), f.size());
    if (result_.column_type(static_cast<pqxx::row::size_type>(index)) != kByteaOid) {
      return std::string(text);
    }
    if (!absl::StartsWith(text, "\\x")) {
      throw sql::Error(Kind::kCorrupt, "bytea not in hex form");
    }
    return absl::HexStringToBytes(text.substr(2));
  }

  void Prepare(const std::string& sql) {
    sql_ = sql;
    changes_ = ChangesRows(sql);
    try {
      try {
        c_.conn_->prepare(name_, NumberParameters(sql, &sources_));
      } catch (...) {
        Rethrow();
      }
    } catch (const sql::Error& e) {
      throw WithStatement(e);
    }
  }

 private:
  // The failure with the statement named, for the log; never its parameters.
  sql::Error WithStatement(const sql::Error& e) const {
    return sql::Error(e.kind(), absl::StrCat(absl::StripTrailingAsciiWhitespace(e.what()),
                                             " (statement: ", sql_.substr(0, 300), ")"));
  }
  void Grow(int index) {
    if (index < 1) throw sql::Error(Kind::kOther, "parameters are numbered from 1");
    if (values_.size() < static_cast<size_t>(index)) {
      values_.resize(index);
      null_.resize(index, true);
    }
  }
  void Set(int index, std::string value) {
    Grow(index);
    values_[index - 1] = std::move(value);
    null_[index - 1] = false;
  }
  void Execute() {
    // Only the parameters the statement uses go, in the order the server numbers them.
    std::vector<const char*> params(sources_.size(), nullptr);
    for (size_t i = 0; i < sources_.size(); ++i) {
      size_t from = static_cast<size_t>(sources_[i]) - 1;
      if (from < values_.size() && !null_[from]) params[i] = values_[from].c_str();
    }
    try {
      try {
        result_ = c_.transaction().exec_prepared(name_, pqxx::prepare::make_dynamic_params(params));
      } catch (...) {
        Rethrow();
      }
    } catch (const sql::Error& e) {
      throw WithStatement(e);
    }
    if (changes_) c_.Count(static_cast<int64_t>(result_.affected_rows()));
    ran_ = true;
    row_ = -1;
  }
  pqxx::field Field(int index) {
    if (row_ < 0 || row_ >= static_cast<int64_t>(result_.size())) {
      throw sql::Error(Kind::kOther, "a column read without a current row");
    }
    return result_[static_cast<pqxx::result::size_type>(row_)]
                  [static_cast<pqxx::row::size_type>(index)];
  }

  Connection& c_;
  const std::string name_;
  std::string sql_;
  std::vector<int> sources_;  // for each $N, the parameter it is
  bool changes_ = false;      // an INSERT, UPDATE or DELETE
  std::vector<std::string> values_;
  std::vector<bool> null_;
  pqxx::result result_;
  bool ran_ = false;
  int64_t row_ = -1;
};

Connection::Connection(const std::string& uri) {
  try {
    conn_ = std::make_unique<pqxx::connection>(uri);
    // A transaction left open by a stalled replica must not hold its locks for long.
    pqxx::nontransaction setup(*conn_);
    setup.exec("SET idle_in_transaction_session_timeout = '60s'");
  } catch (...) {
    Rethrow();
  }
}

Connection::~Connection() = default;

bool Connection::is_open() const { return conn_ != nullptr && conn_->is_open(); }

pqxx::transaction_base& Connection::transaction() {
  if (tx_ == nullptr) throw sql::Error(Kind::kOther, "a statement outside a transaction");
  return *tx_;
}

void Connection::Count(int64_t rows) {
  last_changes_ = rows;
  total_changes_ += rows;
}

sql::Statement& Connection::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto statement = std::make_unique<PgStatement>(*this, absl::StrCat("s", ++next_statement_));
    statement->Prepare(sql);
    it = statements_.emplace(sql, std::move(statement)).first;
  }
  it->second->Reset();
  return *it->second;
}

void Connection::Exec(const std::string& sql) {
  pqxx::result r;
  try {
    r = transaction().exec(sql);
  } catch (...) {
    Rethrow();
  }
  if (ChangesRows(sql)) Count(static_cast<int64_t>(r.affected_rows()));
}

Database::Database(DatabaseOptions options) : options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  if (!IsPostgresUri(options.uri)) {
    return absl::InvalidArgumentError("a PostgreSQL database is named postgresql://...");
  }
  if (options.pool_size < 1) {
    return absl::InvalidArgumentError("the PostgreSQL pool needs at least one connection");
  }
  std::unique_ptr<Database> db(new Database(options));
  absl::Status migrated = db->Migrate();
  if (!migrated.ok()) return migrated;
  db->listener_ = std::thread([d = db.get()] { d->Listen(); });
  return db;
}

Database::~Database() {
  stopping_.store(true);
  if (listener_.joinable()) listener_.join();
}

void Database::SetCommitListener(std::function<void()> listener) {
  absl::MutexLock lock(&listener_mu_);
  commit_listener_ = std::move(listener);
}

void Database::Notify() {
  absl::MutexLock lock(&listener_mu_);
  if (commit_listener_) commit_listener_();
}

absl::Status Database::Migrate() {
  const auto& migrations = Migrations();
  try {
    Connection c(options_.uri);
    reachable_.store(true);
    {
      pqxx::work tx(c.raw());
      tx.exec(absl::StrCat("SELECT pg_advisory_xact_lock(", kMigrationLock, ")"));
      tx.exec(kCompatibilityFunctions);
      tx.exec(
          "CREATE TABLE IF NOT EXISTS forum_schema (id INTEGER PRIMARY KEY CHECK (id = 1), "
          "version INTEGER NOT NULL)");
      tx.exec("INSERT INTO forum_schema (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING");
      tx.commit();
    }
    for (size_t i = 0; i < migrations.size(); ++i) {
      pqxx::work tx(c.raw());
      c.set_transaction(&tx);
      tx.exec(absl::StrCat("SELECT pg_advisory_xact_lock(", kMigrationLock, ")"));
      int version = tx.exec1("SELECT version FROM forum_schema WHERE id = 1")[0].as<int>();
      if (version > static_cast<int>(migrations.size())) {
        c.set_transaction(nullptr);
        return absl::FailedPreconditionError(
            absl::StrCat("the database is at schema version ", version,
                         ", newer than this server's ", migrations.size(), "; run a newer forumd"));
      }
      if (static_cast<size_t>(version) > i) {
        c.set_transaction(nullptr);
        continue;  // applied, by this replica before or by another
      }
      std::string sql;
      if (migrations[i].postgres_sql != nullptr) {
        sql = migrations[i].postgres_sql;
      } else {
        absl::StatusOr<std::string> translated = TranslateMigration(migrations[i].sql);
        if (!translated.ok()) {
          c.set_transaction(nullptr);
          return absl::InternalError(
              absl::StrCat("migration ", migrations[i].name, ": ", translated.status().message()));
        }
        sql = *std::move(translated);
        if (migrations[i].postgres_after != nullptr) {
          absl::StrAppend(&sql, "\n", migrations[i].postgres_after);
        }
      }
      tx.exec(sql);
      tx.exec(absl::StrCat("UPDATE forum_schema SET version = ", i + 1, " WHERE id = 1"));
      // What a migration changes (reference data) reaches the feed as changes of their own.
      if (i + 1 >= kChangeFeedMigration) sql::ChangeLog(c).Close(domain::NowMicros());
      c.set_transaction(nullptr);
      tx.commit();
      spdlog::info("storage: applied migration {} (PostgreSQL)", migrations[i].name);
    }
  } catch (const sql::Error& e) {
    if (e.kind() == Kind::kUnreachable) {
      reachable_.store(false);
      spdlog::error("storage: cannot reach PostgreSQL: {}", e.what());
      return absl::UnavailableError(absl::StrCat("cannot reach the PostgreSQL database: ",
                                                 absl::StripAsciiWhitespace(e.what())));
    }
    spdlog::error("storage: migrating PostgreSQL failed: {}", e.what());
    return absl::InternalError(
        absl::StrCat("migrating the PostgreSQL database failed: ", e.what()));
  } catch (const pqxx::broken_connection& e) {
    reachable_.store(false);
    spdlog::error("storage: cannot reach PostgreSQL: {}", e.what());
    return absl::UnavailableError(absl::StrCat("cannot reach the PostgreSQL database: ",
                                               absl::StripAsciiWhitespace(e.what())));
  } catch (const std::exception& e) {
    spdlog::error("storage: migrating PostgreSQL failed: {}", e.what());
    return absl::InternalError(
        absl::StrCat("migrating the PostgreSQL database failed: ", e.what()));
  }
  return absl::OkStatus();
}

std::unique_ptr<Connection> Database::Acquire() {
  {
    absl::MutexLock lock(&pool_mu_);
    auto can_go = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool_mu_) {
      return !idle_.empty() || open_ < options_.pool_size;
    };
    if (!pool_mu_.AwaitWithTimeout(absl::Condition(&can_go),
                                   absl::Milliseconds(options_.acquire_timeout_ms))) {
      throw sql::Error(Kind::kBusy, "every pooled connection is in use");
    }
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  try {
    auto c = std::make_unique<Connection>(options_.uri);
    c->set_section_orders(&section_orders_);
    reachable_.store(true);
    return c;
  } catch (...) {
    absl::MutexLock lock(&pool_mu_);
    --open_;
    throw;
  }
}

void Database::Release(std::unique_ptr<Connection> c) {
  absl::MutexLock lock(&pool_mu_);
  if (c != nullptr && c->is_open()) {
    idle_.push_back(std::move(c));
  } else {
    --open_;  // a lost connection is dropped; the next call opens a new one
  }
}

absl::Status Database::Transact(bool write, AuditScope* audit,
                                absl::FunctionRef<absl::Status(storage::Tx&)> fn) {
  transactions_.fetch_add(1, std::memory_order_relaxed);
  absl::Duration pause = absl::Milliseconds(20);
  for (int attempt = 1;; ++attempt) {
    bool retry = false;
    absl::Status status = RunOnce(write, audit, fn, retry);
    if (!retry || attempt >= options_.max_attempts) return status;
    retries_.fetch_add(1, std::memory_order_relaxed);
    absl::SleepFor(pause);
    pause *= 2;
  }
}

absl::Status Database::RunOnce(bool write, AuditScope* audit,
                               absl::FunctionRef<absl::Status(storage::Tx&)> fn, bool& retry) {
  const char* what = write ? "write" : "read";
  std::unique_ptr<Connection> c;
  bool committing = false;
  try {
    try {
      c = Acquire();
    } catch (const sql::Error&) {
      throw;
    } catch (...) {
      Rethrow();
    }
    absl::Status status;
    bool changed = false;
    try {
      if (write) {
        pqxx::work tx(c->raw());
        c->set_transaction(&tx);
        // A replica that holds the lock and stops answering must not stop every other one's
        // writes for long: past the timeout the write is answered UNAVAILABLE (busy).
        tx.exec("SET LOCAL lock_timeout = '10s'");
        tx.exec(absl::StrCat("SELECT pg_advisory_xact_lock(", kWriteLock, ")"));
        const int64_t before = c->total_changes();
        sql::Tx handle(*c, /*writes=*/true, audit);
        status = fn(handle);
        changed = status.ok() && c->total_changes() > before;
        if (changed) {
          // A change made on behalf of a caller commits with its audit record, or not at all;
          // the changes the feed reports of it are closed with the call's time.
          int64_t now = domain::NowMicros();
          if (audit != nullptr) sql::AuditLog(*c).Append(audit->entry(), now);
          sql::ChangeLog(*c).Close(now);
          tx.exec(absl::StrCat("SELECT pg_notify('", kCommitChannel, "', '')"));
        }
        c->set_transaction(nullptr);
        if (status.ok()) {
          committing = true;
          tx.commit();
        }
      } else {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c->raw());
        c->set_transaction(&tx);
        sql::Tx handle(*c, /*writes=*/false, nullptr);
        status = fn(handle);
        c->set_transaction(nullptr);
        tx.commit();
      }
    } catch (...) {
      c->set_transaction(nullptr);
      Rethrow();
    }
    Release(std::move(c));
    reachable_.store(true);  // the server answered this whole transaction
    if (changed) Notify();
    return status;
  } catch (const sql::Error& e) {
    if (c != nullptr) Release(std::move(c));
    if (e.kind() == Kind::kUnreachable) {
      reachable_.store(false);
      // The server went away: the idle connections went with it. Dropping them now spares the
      // next calls a failed attempt each.
      absl::MutexLock lock(&pool_mu_);
      open_ -= static_cast<int>(idle_.size());
      idle_.clear();
    }
    // A lost connection or a conflict before the commit left nothing behind: run it again. A
    // commit the connection took with it may or may not have happened: answer, never repeat.
    retry = !committing && (e.kind() == Kind::kUnreachable || e.kind() == Kind::kSerialization);
    if (retry) {
      spdlog::warn("storage: {} will run again: {}", what, e.what());
    } else {
      spdlog::error("storage: {} failed: {}", what, e.what());
    }
    if (committing && e.kind() == Kind::kUnreachable) {
      return absl::UnavailableError(
          "the connection to the database was lost while committing; the change may or may not "
          "have been made: read it back, or retry with the same request id");
    }
    return sql::ErrorStatus(e.kind(), what);
  }
}

absl::StatusOr<int> Database::SchemaVersion() {
  int version = 0;
  absl::Status read = Transact(false, nullptr, [&](storage::Tx& tx) -> absl::Status {
    sql::Statement& s =
        static_cast<sql::Tx&>(tx).connection().Prepare("SELECT version FROM forum_schema");
    if (!s.Step()) return absl::DataLossError("forum_schema is empty");
    version = s.Column(0).Int();
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return version;
}

namespace {

// Wakes the database's watchers when another replica (or this one) commits.
class CommitReceiver final : public pqxx::notification_receiver {
 public:
  CommitReceiver(pqxx::connection& c, std::function<void()> on_commit)
      : pqxx::notification_receiver(c, kCommitChannel), on_commit_(std::move(on_commit)) {}
  void operator()(const std::string&, int) override { on_commit_(); }

 private:
  std::function<void()> on_commit_;
};

}  // namespace

void Database::Listen() {
  while (!stopping_.load()) {
    try {
      pqxx::connection c(options_.uri);
      CommitReceiver receiver(c, [this] { Notify(); });
      c.get_notifs();  // LISTEN goes out with the receiver; this makes sure it went through
      reachable_.store(true);
      // Whatever was committed while this connection was down is read on the next poll.
      Notify();
      while (!stopping_.load()) {
        c.await_notification(0, 200000);
        if (!c.is_open()) throw pqxx::broken_connection("the listening connection closed");
      }
    } catch (const std::exception& e) {
      if (stopping_.load()) break;
      reachable_.store(false);
      spdlog::warn("storage: the PostgreSQL listener lost its connection: {}", e.what());
      for (int i = 0; i < 5 && !stopping_.load(); ++i) absl::SleepFor(absl::Milliseconds(100));
    }
  }
}

}  // namespace forum::storage::postgresql
