// A fresh, migrated SQLite database in a temporary folder, and a way to run store code in one
// write transaction that must commit: the fixture of the store tests.
#ifndef FORUM_TESTS_STORAGE_STORE_FIXTURE_H_
#define FORUM_TESTS_STORAGE_STORE_FIXTURE_H_

#include <memory>
#include <utility>

#include "gtest/gtest.h"
#include "storage/sqlite/database.h"
#include "tests/support/temp_dir.h"

namespace forum::storage::sqlite {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.path = dir_.File("f.db");
    options.durability = Durability::kProcess;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  // Runs `fn(connection)` in a write transaction that must succeed.
  template <typename F>
  void InTx(F&& fn) {
    ASSERT_TRUE(db_->WriteTx([&](Connection& c) {
                     fn(c);
                     return absl::OkStatus();
                   })
                    .ok());
  }

  forum::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

}  // namespace forum::storage::sqlite

#endif  // FORUM_TESTS_STORAGE_STORE_FIXTURE_H_
