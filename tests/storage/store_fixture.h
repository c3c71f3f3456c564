// A fresh, migrated database on the engine of the test run (tests/support/test_database.h), and
// ways to run store code in one transaction: the fixture of the store tests, which run on both
// engines.
#ifndef FORUM_TESTS_STORAGE_STORE_FIXTURE_H_
#define FORUM_TESTS_STORAGE_STORE_FIXTURE_H_

#include <memory>
#include <utility>

#include "gtest/gtest.h"
#include "storage/postgresql/database.h"
#include "storage/sql/transaction.h"
#include "storage/sqlite/database.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace forum::storage::sql {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = database_.Open();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  // Runs `fn(connection)` in a write transaction that must succeed.
  template <typename F>
  void InTx(F&& fn) {
    ASSERT_TRUE(WriteTx([&](Connection& c) {
                  fn(c);
                  return absl::OkStatus();
                }).ok());
  }
  // Runs `fn(connection)` in a write or a read transaction; answers what it answers.
  template <typename F>
  absl::Status WriteTx(F&& fn) {
    return db_->Transact(
        true, nullptr, [&](storage::Tx& tx) { return fn(static_cast<sql::Tx&>(tx).connection()); });
  }
  template <typename F>
  absl::Status ReadTx(F&& fn) {
    return db_->Transact(false, nullptr, [&](storage::Tx& tx) {
      return fn(static_cast<sql::Tx&>(tx).connection());
    });
  }
  // The orders of long sections the database keeps in memory.
  SectionOrders& section_orders() {
    if (auto* sqlite = dynamic_cast<sqlite::Database*>(db_.get())) return sqlite->section_orders();
    return dynamic_cast<postgresql::Database&>(*db_).section_orders();
  }

  forum::testing::TempDir dir_;
  forum::testing::TestDatabase database_{dir_};
  std::unique_ptr<storage::Database> db_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_TESTS_STORAGE_STORE_FIXTURE_H_
