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
using Kind = sql::Error::Kind;

}  // namespace

Database::Database(DatabaseOptions options)
    : options_(std::move(options)), rate_buckets_(options_.uri) {}

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
      tx.exec(kRateBucketsSchema);
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
      RethrowAsSqlError();
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
      RethrowAsSqlError();
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
    } else if (e.kind() == Kind::kNulInText) {
      spdlog::info("storage: {} refused: {}", what, e.what());  // the caller's mistake
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
      pqxx::connection c(WithTimeouts(options_.uri));
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
