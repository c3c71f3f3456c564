#include "tests/support/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <pqxx/pqxx>

#include "SQLiteCpp/Database.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/migrations/migrations.h"
#include "storage/postgresql/database.h"
#include "storage/postgresql/dialect.h"
#include "storage/postgresql/rate_buckets.h"
#include "storage/sqlite/database.h"

namespace forum::testing {
namespace {

// The server's URI from FORUM_TEST_POSTGRES, with its database replaced by `name`.
std::string PostgresUri(const std::string& name) {
  const char* base = std::getenv("FORUM_TEST_POSTGRES");
  if (base == nullptr || *base == '\0') return std::string();
  std::string uri = base;
  size_t authority = uri.find("://");
  authority = authority == std::string::npos ? 0 : authority + 3;
  size_t path = uri.find('/', authority);
  size_t query = uri.find('?', authority);
  if (path == std::string::npos || (query != std::string::npos && path > query)) path = query;
  std::string rest = query == std::string::npos ? std::string() : uri.substr(query);
  return absl::StrCat(uri.substr(0, path == std::string::npos ? uri.size() : path), "/", name,
                      rest);
}

// The template every test's PostgreSQL database is copied from: migrated and seeded once for
// this set of migrations, by whichever test process gets there first.
absl::StatusOr<std::string> PostgresTemplate() {
  std::string texts;
  for (const auto& m : storage::Migrations()) {
    // What PostgreSQL runs: the translation too, which changes with the translator.
    auto translated = storage::postgresql::TranslateMigration(m.sql);
    absl::StrAppend(&texts, m.name, translated.ok() ? *translated : m.sql,
                    m.postgres_sql == nullptr ? "" : m.postgres_sql,
                    m.postgres_after == nullptr ? "" : m.postgres_after,
                    storage::postgresql::kCompatibilityFunctions,
                    storage::postgresql::kRateBucketsSchema);
  }
  const std::string name =
      absl::StrCat("forum_template_", std::hash<std::string>()(texts) % 1000000007);
  try {
    pqxx::connection admin(PostgresUri("postgres"));
    pqxx::nontransaction n(admin);
    // One process builds it; the others wait for the lock, then find it there.
    n.exec("SELECT pg_advisory_lock(4242)");
    bool exists = !n.exec("SELECT 1 FROM pg_database WHERE datname = " + n.quote(name)).empty();
    if (!exists) {
      const std::string building = name + "_building";
      n.exec("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
      n.exec("CREATE DATABASE " + building);
      {
        storage::postgresql::DatabaseOptions options;
        options.uri = PostgresUri(building);
        options.pool_size = 2;
        auto db = storage::postgresql::Database::Open(options);
        if (!db.ok()) {
          n.exec("SELECT pg_advisory_unlock(4242)");
          return db.status();
        }
      }
      n.exec("ALTER DATABASE " + building + " RENAME TO " + name);
    }
    n.exec("SELECT pg_advisory_unlock(4242)");
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("the test PostgreSQL server: ", e.what()));
  }
  return name;
}

}  // namespace

Engine TestEngine() {
  const char* engine = std::getenv("FORUM_TEST_ENGINE");
  return engine != nullptr && std::string(engine) == "postgresql" ? Engine::kPostgres
                                                                  : Engine::kSqlite;
}

absl::StatusOr<std::unique_ptr<storage::Database>> TestDatabase::Open() {
  if (engine_ == Engine::kSqlite) {
    where_ = dir_.File("forum.db");
    return OpenAgain();
  }
  if (PostgresUri("postgres").empty()) {
    return absl::FailedPreconditionError(
        "FORUM_TEST_ENGINE=postgresql needs FORUM_TEST_POSTGRES, the URI of a server to make "
        "databases on: deploy/test.sh starts one, or deploy/postgres.sh start DIR");
  }
  auto tpl = PostgresTemplate();
  if (!tpl.ok()) return tpl.status();
  static std::atomic<int> made{0};
  postgres_name_ = absl::StrCat("forum_test_", getpid(), "_", made.fetch_add(1));
  try {
    pqxx::connection admin(PostgresUri("postgres"));
    pqxx::nontransaction n(admin);
    n.exec("DROP DATABASE IF EXISTS " + postgres_name_ + " WITH (FORCE)");
    n.exec("CREATE DATABASE " + postgres_name_ + " TEMPLATE " + *tpl);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("the test PostgreSQL server: ", e.what()));
  }
  where_ = PostgresUri(postgres_name_);
  return OpenAgain();
}

absl::StatusOr<std::unique_ptr<storage::Database>> TestDatabase::OpenAgain() {
  if (engine_ == Engine::kSqlite) {
    storage::sqlite::DatabaseOptions options;
    options.path = where_;
    options.durability = storage::sqlite::Durability::kProcess;
    auto db = storage::sqlite::Database::Open(options);
    if (!db.ok()) return db.status();
    return std::unique_ptr<storage::Database>(std::move(*db));
  }
  storage::postgresql::DatabaseOptions options;
  options.uri = where_;
  options.pool_size = 4;
  auto db = storage::postgresql::Database::Open(options);
  if (!db.ok()) return db.status();
  return std::unique_ptr<storage::Database>(std::move(*db));
}

TestDatabase::~TestDatabase() {
  if (postgres_name_.empty()) return;
  try {
    pqxx::connection admin(PostgresUri("postgres"));
    pqxx::nontransaction n(admin);
    n.exec("DROP DATABASE IF EXISTS " + postgres_name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "dropping " << postgres_name_ << ": " << e.what();
  }
}

void TestDatabase::ExecSql(const std::string& sql) {
  if (engine_ == Engine::kSqlite) {
    SQLite::Database raw(where_, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA foreign_keys = ON");
    raw.exec(sql);
    return;
  }
  pqxx::connection c(where_);
  pqxx::work w(c);
  w.exec(sql);
  w.commit();
}

int TestDatabase::CountRows(const std::string& table) {
  return static_cast<int>(QueryInt("SELECT count(*) FROM " + table));
}

int64_t TestDatabase::QueryInt(const std::string& sql) {
  if (engine_ == Engine::kSqlite) {
    SQLite::Database raw(where_, SQLite::OPEN_READONLY);
    return raw.execAndGet(sql).getInt64();
  }
  pqxx::connection c(where_);
  pqxx::read_transaction r(c);
  return r.exec1(sql)[0].as<int64_t>();
}

}  // namespace forum::testing
