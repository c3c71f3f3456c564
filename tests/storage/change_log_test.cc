// The change feed's log (storage/change_log.h, migration 0018): a change per resource per call,
// in the call's own transaction, with revisions that increase without gaps even when refused
// members of a group-committed batch roll back; pruning keeps the newest change.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "storage/sql/transaction.h"
#include "storage/sqlite/database.h"
#include "tests/support/temp_dir.h"

namespace forum::storage::sqlite {
namespace {

using forum::testing::TempDir;

std::unique_ptr<Database> OpenAt(const std::string& path) {
  DatabaseOptions options;
  options.path = path;
  options.durability = Durability::kProcess;
  auto db = Database::Open(options);
  return db.ok() ? *std::move(db) : nullptr;
}

void Exec(storage::Tx& tx, const std::string& sql) { ConnectionOf(tx).Exec(sql); }

std::string AddRoom(int i) {
  return absl::StrCat(
      "INSERT INTO rooms (event_id, room_id, display_name, capacity, description) VALUES "
      "('hld-2006', 'room-",
      i, "', 'Room ", i, "', 40, '')");
}

std::vector<ChangeRecord> All(Database& db) {
  std::vector<ChangeRecord> records;
  EXPECT_TRUE(db.Read([&](storage::Tx& tx) -> absl::Status {
                  records = tx.changes().Since("hld-2006", 0, INT64_MAX, 100000);
                  return absl::OkStatus();
                }).ok());
  return records;
}

TEST(ChangeLogTest, OneCallLeavesOneChangePerResourceMerged) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(All(*db).empty()) << "the reference data is there, not in the log";
  ASSERT_TRUE(db->Write(nullptr, [](storage::Tx& tx) -> absl::Status {
                  Exec(tx, AddRoom(1));
                  Exec(tx, "UPDATE rooms SET capacity = 50 WHERE room_id = 'room-1'");
                  Exec(tx, "UPDATE rooms SET capacity = 60 WHERE room_id = 'room-1'");
                  return absl::OkStatus();
                }).ok());
  ASSERT_TRUE(db->Write(nullptr, [](storage::Tx& tx) -> absl::Status {
                  Exec(tx, "UPDATE rooms SET capacity = 70 WHERE room_id = 'room-1'");
                  return absl::OkStatus();
                }).ok());
  ASSERT_TRUE(db->Write(nullptr, [](storage::Tx& tx) -> absl::Status {
                  Exec(tx, "UPDATE rooms SET capacity = 80 WHERE room_id = 'room-1'");
                  Exec(tx, "DELETE FROM rooms WHERE room_id = 'room-1'");
                  return absl::OkStatus();
                }).ok());
  std::vector<ChangeRecord> records = All(*db);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].kind, ChangeKind::kCreated) << "created, then updated: created";
  EXPECT_EQ(records[1].kind, ChangeKind::kUpdated);
  EXPECT_EQ(records[2].kind, ChangeKind::kDeleted) << "updated, then deleted: deleted";
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].name, "events/hld-2006/rooms/room-1");
    EXPECT_EQ(records[i].revision, records[0].revision + static_cast<int64_t>(i));
    EXPECT_GT(records[i].commit_micros, 0);
  }
  // A part of a resource (an organizer of the event) changes the resource.
  ASSERT_TRUE(db->Write(nullptr, [](storage::Tx& tx) -> absl::Status {
                  Exec(tx,
                       "UPDATE event_organizers SET organizer = organizer || '' WHERE event_id = "
                       "'hld-2006'");
                  return absl::OkStatus();
                }).ok());
  records = All(*db);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[3].name, "events/hld-2006");
  EXPECT_EQ(records[3].kind, ChangeKind::kUpdated);
}

// A batch of six in which two are refused: the four others' changes take consecutive revisions.
TEST(ChangeLogTest, RefusedMembersOfABatchLeaveNoChangeAndNoGap) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  ASSERT_NE(db, nullptr);
  absl::Notification release, running;
  std::thread holder([&] {
    (void)db->WriteTx([&](Connection&) {
      running.Notify();
      release.WaitForNotification();
      return absl::OkStatus();
    });
  });
  running.WaitForNotification();
  constexpr int kMembers = 6;
  std::vector<absl::Status> status(kMembers);
  std::vector<std::thread> members;
  for (int i = 0; i < kMembers; ++i) {
    members.emplace_back([&, i] {
      status[i] = db->Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
        Exec(tx, AddRoom(i));
        if (i == 1 || i == 4) return absl::FailedPreconditionError("refused after writing");
        return absl::OkStatus();
      });
    });
    for (int k = 0; k < 5000 && db->queued_writes() < static_cast<size_t>(2 + i); ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  release.Notify();
  holder.join();
  for (auto& m : members) m.join();
  std::vector<ChangeRecord> records = All(*db);
  std::vector<std::string> names;
  for (const auto& r : records) names.push_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "events/hld-2006/rooms/room-0", "events/hld-2006/rooms/room-2",
                       "events/hld-2006/rooms/room-3", "events/hld-2006/rooms/room-5"}));
  for (size_t i = 1; i < records.size(); ++i) {
    EXPECT_EQ(records[i].revision, records[i - 1].revision + 1) << "no gap at " << i;
  }
}

TEST(ChangeLogTest, PruningKeepsTheNewestAndRemembersWhereItCut) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  ASSERT_NE(db, nullptr);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db->Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
                    Exec(tx, AddRoom(i));
                    return absl::OkStatus();
                  }).ok());
  }
  int64_t head = 0, dropped = 0;
  ASSERT_TRUE(db->Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
                  head = tx.changes().Head();
                  // Young changes stay, however many.
                  EXPECT_EQ(tx.changes().Prune(0, 2), 0);
                  // Old ones go, but for the newest two.
                  dropped = tx.changes().Prune(INT64_MAX, 2);
                  return absl::OkStatus();
                }).ok());
  EXPECT_EQ(dropped, 3);
  ASSERT_TRUE(db->Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
                  EXPECT_EQ(tx.changes().Compacted(), head - 2);
                  EXPECT_EQ(tx.changes().Prune(INT64_MAX, 1000), 0) << "within the count";
                  // Everything old and a count of none: the newest still stays.
                  EXPECT_EQ(tx.changes().Prune(INT64_MAX, 0), 1);
                  EXPECT_EQ(tx.changes().Compacted(), head - 1);
                  EXPECT_EQ(tx.changes().Head(), head);
                  return absl::OkStatus();
                }).ok());
  // The next change follows the head, never reusing a revision.
  ASSERT_TRUE(db->Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
                  Exec(tx, AddRoom(9));
                  return absl::OkStatus();
                }).ok());
  std::vector<ChangeRecord> records = All(*db);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].revision, head + 1);
}

}  // namespace
}  // namespace forum::storage::sqlite
