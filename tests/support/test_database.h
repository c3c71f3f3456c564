// The database a test runs on, on the engine the test run names: a fresh SQLite file in the
// test's folder, or, when FORUM_TEST_ENGINE=postgresql, a fresh PostgreSQL database on the server
// FORUM_TEST_POSTGRES names (a URI such as postgresql://forum@localhost:55432/postgres?host=...;
// deploy/test.sh starts one with deploy/postgres.sh). A PostgreSQL database is copied from a
// template migrated once per set of migrations, and dropped when the test ends.
#ifndef FORUM_TESTS_SUPPORT_TEST_DATABASE_H_
#define FORUM_TESTS_SUPPORT_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/database.h"
#include "tests/support/temp_dir.h"

namespace forum::testing {

enum class Engine { kSqlite, kPostgres };

// The engine of this test run (FORUM_TEST_ENGINE: sqlite, the default, or postgresql).
Engine TestEngine();

class TestDatabase {
 public:
  explicit TestDatabase(TempDir& dir) : dir_(dir) {}
  TestDatabase(TempDir& dir, Engine engine) : dir_(dir), engine_(engine) {}
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Makes the database and opens it, migrated and seeded.
  absl::StatusOr<std::unique_ptr<storage::Database>> Open();
  // Opens the same database again: a second server over it (a replica, a restart).
  absl::StatusOr<std::unique_ptr<storage::Database>> OpenAgain();
  // Runs SQL on the database from outside the server, as an import or a repair by hand would.
  void ExecSql(const std::string& sql);
  // The number of rows in `table`, read from outside the server.
  int CountRows(const std::string& table);
  // The integer in the first column of the first row `sql` answers, read from outside.
  int64_t QueryInt(const std::string& sql);

  Engine engine() const { return engine_; }
  // The SQLite file, or the PostgreSQL URI.
  const std::string& where() const { return where_; }

 private:
  TempDir& dir_;
  Engine engine_ = TestEngine();
  std::string where_;
  std::string postgres_name_;  // the database to drop at the end
};

}  // namespace forum::testing

#endif  // FORUM_TESTS_SUPPORT_TEST_DATABASE_H_
