// Several forumd replicas over one PostgreSQL database: each test opens the same database twice
// (two storage::postgresql::Database, as two forumd processes would) on the server
// FORUM_TEST_POSTGRES names.
#include <atomic>
#include <memory>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "storage/postgresql/database.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace forum::storage::postgresql {
namespace {

using forum::testing::Engine;

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = database_.Open();
    ASSERT_TRUE(a.ok()) << a.status();
    a_ = std::move(*a);
    auto b = database_.OpenAgain();
    ASSERT_TRUE(b.ok()) << b.status();
    b_ = std::move(*b);
  }

  static v1::Event NewEvent(const std::string& title) {
    v1::Event e;
    e.set_title(title);
    e.set_kind(v1::EVENT_KIND_CONSULTATION);
    e.set_venue("Geneva");
    e.set_time_zone("Europe/Zurich");
    e.set_start_date("2027-01-10");
    e.set_end_date("2027-01-11");
    e.set_state(v1::EVENT_STATE_PLANNED);
    return e;
  }

  absl::StatusOr<v1::Event> Read(storage::Database& db, const std::string& id) {
    return db.Read([&](Tx& tx) { return tx.events().Get(id); });
  }

  forum::testing::TempDir dir_;
  forum::testing::TestDatabase database_{dir_, Engine::kPostgres};
  std::unique_ptr<storage::Database> a_;
  std::unique_ptr<storage::Database> b_;
};

TEST_F(ReplicasTest, AWriteThroughOneIsReadThroughTheOther) {
  ASSERT_TRUE(a_->Write(nullptr, [](Tx& tx) {
                  tx.events().Insert("replica-2027", NewEvent("Written on A"), 1000000);
                  return absl::OkStatus();
                }).ok());
  auto seen = Read(*b_, "replica-2027");
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(seen->title(), "Written on A");
}

TEST_F(ReplicasTest, ACommitOnOneWakesTheWatchersOfTheOther) {
  absl::Notification woken;
  std::atomic<bool> armed{false};
  b_->SetCommitListener([&] {
    if (armed.load() && !woken.HasBeenNotified()) woken.Notify();
  });
  // The listener says hello once when it connects; what counts is the wake after the write.
  absl::SleepFor(absl::Milliseconds(500));
  armed.store(true);
  ASSERT_TRUE(a_->Write(nullptr, [](Tx& tx) {
                  tx.events().Insert("wake-2027", NewEvent("Woken"), 1000000);
                  return absl::OkStatus();
                }).ok());
  EXPECT_TRUE(woken.WaitForNotificationWithTimeout(absl::Seconds(10)))
      << "replica B heard nothing of a commit on replica A";
  // What woke it is there to read, with its place in the change feed.
  auto head = b_->Read([](Tx& tx) -> absl::StatusOr<int64_t> { return tx.changes().Head(); });
  ASSERT_TRUE(head.ok());
  auto since = b_->Read([&](Tx& tx) -> absl::StatusOr<std::vector<ChangeRecord>> {
    return tx.changes().Since("wake-2027", 0, *head, 10);
  });
  ASSERT_TRUE(since.ok());
  ASSERT_FALSE(since->empty());
  EXPECT_EQ(since->front().name, "events/wake-2027");
  EXPECT_EQ(since->front().kind, ChangeKind::kCreated);
}

// Two callers hold the same etag and update through different replicas at once: the check and
// the write of each run in one transaction, and writes serialize across replicas, so exactly
// one of them wins, every time.
TEST_F(ReplicasTest, ConflictingWritesOnTwoReplicasLetExactlyOneWin) {
  ASSERT_TRUE(a_->Write(nullptr, [](Tx& tx) {
                  tx.events().Insert("race-2027", NewEvent("Before"), 1000000);
                  return absl::OkStatus();
                }).ok());
  for (int round = 0; round < 10; ++round) {
    auto before = Read(*a_, "race-2027");
    ASSERT_TRUE(before.ok());
    const std::string etag = before->etag();
    std::atomic<int> won{0};
    std::atomic<int> refused{0};
    auto update = [&](storage::Database& db, const std::string& title) {
      absl::Status s = db.Write(nullptr, [&](Tx& tx) -> absl::Status {
        auto now = tx.events().Get("race-2027");
        if (!now.ok()) return now.status();
        // Both read the event, as a handler does, before either writes.
        absl::SleepFor(absl::Milliseconds(20));
        if (now->etag() != etag) return absl::AbortedError("the etag is stale");
        v1::Event changed = *now;
        changed.set_title(title);
        tx.events().Update("race-2027", changed, 2000000);
        return absl::OkStatus();
      });
      if (s.ok()) {
        ++won;
      } else if (s.code() == absl::StatusCode::kAborted) {
        ++refused;
      }
    };
    std::thread on_a([&] { update(*a_, "A"); });
    std::thread on_b([&] { update(*b_, "B"); });
    on_a.join();
    on_b.join();
    EXPECT_EQ(won.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), 1) << "round " << round;
    auto after = Read(*b_, "race-2027");
    ASSERT_TRUE(after.ok());
    EXPECT_NE(after->etag(), etag);
  }
}

TEST_F(ReplicasTest, ARefusedWriteLeavesNothingBehind) {
  absl::Status s = a_->Write(nullptr, [](Tx& tx) -> absl::Status {
    tx.events().Insert("refused-2027", NewEvent("Refused"), 1000000);
    return absl::FailedPreconditionError("refused after writing");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Read(*b_, "refused-2027").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(database_.CountRows("changes WHERE name = 'events/refused-2027'"), 0);
}

// The server ends every connection of the database (a restart, a failover, an administrator):
// the next call runs on a new connection instead of failing.
TEST_F(ReplicasTest, ALostConnectionIsOpenedAgainNotFatal) {
  ASSERT_TRUE(Read(*a_, "hld-2006").ok());  // a pooled connection, open
  database_.ExecSql(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
      "AND pid <> pg_backend_pid()");
  EXPECT_TRUE(a_->Write(nullptr, [](Tx& tx) {
                  tx.events().Insert("after-2027", NewEvent("After the cut"), 1000000);
                  return absl::OkStatus();
                }).ok());
  EXPECT_TRUE(Read(*a_, "after-2027").ok());
  auto* pg = dynamic_cast<Database*>(a_.get());
  ASSERT_NE(pg, nullptr);
  EXPECT_GT(pg->retries(), 0) << "the write ran again on a new connection";
  // The listener's connection was cut too; it comes back.
  for (int i = 0; i < 50 && !pg->Reachable(); ++i) absl::SleepFor(absl::Milliseconds(100));
  EXPECT_TRUE(pg->Reachable());
}

TEST(PostgresOpenTest, AServerThatDoesNotAnswerIsUnavailable) {
  DatabaseOptions options;
  options.uri = "postgresql://forum@127.0.0.1:1/forum?connect_timeout=2";
  auto db = Database::Open(options);
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
}

TEST(PostgresOpenTest, OnlyAPostgresUriIsTaken) {
  DatabaseOptions options;
  options.uri = "forum.db";
  EXPECT_EQ(Database::Open(options).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsPostgresUri("postgresql://u@h/d"));
  EXPECT_TRUE(IsPostgresUri("postgres://u@h/d"));
  EXPECT_FALSE(IsPostgresUri("/var/lib/forum/forum.db"));
}

}  // namespace
}  // namespace forum::storage::postgresql
