// Group commit (storage/sqlite/write_queue.h): writes that queue behind a commit share the next
// transaction, each in a savepoint of its own; every caller is answered after the commit. These
// tests hold the writer with a write that waits, queue a batch behind it, and check what a batch
// shares and what it keeps apart, then crash a process in the middle of a batch and under
// sixteen writers and count what survived.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "SQLiteCpp/Database.h"
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

std::unique_ptr<Database> OpenAt(const std::string& path, int busy_timeout_ms = 5000) {
  DatabaseOptions options;
  options.path = path;
  options.durability = Durability::kFull;
  options.busy_timeout_ms = busy_timeout_ms;
  auto db = Database::Open(options);
  return db.ok() ? *std::move(db) : nullptr;
}

absl::Status MakeTable(Database& db) {
  return db.WriteTx([](Connection& c) {
    c.Exec("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    return absl::OkStatus();
  });
}

// Creates the database at `path` with the test table and closes it, for a child to open.
bool CreateWithTable(const std::string& path) {
  auto db = OpenAt(path);
  return db != nullptr && MakeTable(*db).ok();
}

void Insert(storage::Tx& tx, int64_t k) {
  auto& insert = ConnectionOf(tx).Prepare("INSERT INTO t (k, v) VALUES (?, ?)");
  insert.Bind(1, static_cast<int64_t>(k));
  insert.Bind(2, absl::StrCat("row ", k));
  insert.Run();
}

int64_t Count(Database& db, const std::string& sql) {
  int64_t n = -1;
  (void)db.ReadTx([&](Connection& c) {
    n = c.raw().execAndGet(sql).getInt64();
    return absl::OkStatus();
  });
  return n;
}

// Starts a write that holds the writer until `release` is notified; returns once it runs.
std::thread HoldWriter(Database& db, absl::Notification& release) {
  absl::Notification running;
  std::thread holder([&] {
    (void)db.WriteTx([&](Connection&) {
      running.Notify();
      release.WaitForNotification();
      return absl::OkStatus();
    });
  });
  running.WaitForNotification();
  return holder;
}

void WaitForQueued(Database& db, size_t n) {
  for (int i = 0; i < 5000 && db.queued_writes() < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// One batch of eight: a member that refuses after writing, and one whose insert breaks a
// constraint, are undone alone; the six others commit, each with its own audit record.
TEST(GroupCommitTest, ARefusedChangeInABatchLeavesTheOthersCommitted) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(MakeTable(*db).ok());
  ASSERT_TRUE(db->WriteTx([](Connection& c) {
                  c.Exec("INSERT INTO t VALUES (100, 'taken')");
                  return absl::OkStatus();
                }).ok());
  const int64_t records_before = Count(*db, "SELECT count(*) FROM audit_records");

  absl::Notification release;
  std::thread holder = HoldWriter(*db, release);
  const int64_t batches_before = db->write_batches();
  constexpr int kMembers = 8;
  std::vector<absl::Status> status(kMembers);
  std::vector<std::thread> members;
  for (int i = 0; i < kMembers; ++i) {
    members.emplace_back([&, i] {
      std::string caller = absl::StrCat("tokens/member", i);
      AuditScope audit(
          AuditEntry{caller, "Member", "/forum.test/Write", absl::StrCat("t/", i), ""});
      status[i] = db->Write(&audit, [&](storage::Tx& tx) -> absl::Status {
        EXPECT_EQ(tx.caller(), caller) << "each change runs with its own call's context";
        Insert(tx, i);
        if (i == 3) return absl::FailedPreconditionError("refused after writing");
        if (i == 5) Insert(tx, 100);  // the key is taken: SQLite refuses
        return absl::OkStatus();
      });
    });
    // One at a time, so the batch's order is known.
    WaitForQueued(*db, static_cast<size_t>(2 + i));
  }
  ASSERT_EQ(db->queued_writes(), static_cast<size_t>(1 + kMembers));
  release.Notify();
  holder.join();
  for (auto& m : members) m.join();

  EXPECT_EQ(db->write_batches() - batches_before, 2) << "the holder, then all eight in one batch";
  for (int i = 0; i < kMembers; ++i) {
    int64_t rows = Count(*db, absl::StrCat("SELECT count(*) FROM t WHERE k = ", i));
    int64_t records = Count(*db, absl::StrCat("SELECT count(*) FROM audit_records WHERE caller = "
                                              "'tokens/member",
                                              i, "' AND resource = 't/", i, "'"));
    if (i == 3) {
      EXPECT_EQ(status[i].code(), absl::StatusCode::kFailedPrecondition);
    } else if (i == 5) {
      EXPECT_EQ(status[i].code(), absl::StatusCode::kAlreadyExists) << status[i];
    } else {
      EXPECT_TRUE(status[i].ok()) << i << ": " << status[i];
    }
    bool kept = i != 3 && i != 5;
    EXPECT_EQ(rows, kept ? 1 : 0) << "member " << i;
    EXPECT_EQ(records, kept ? 1 : 0) << "member " << i;
  }
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM t WHERE k = 100 AND v = 'taken'"), 1);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM audit_records"), records_before + kMembers - 2);
  EXPECT_TRUE(db->IntegrityCheck().ok());
}

// A batch whose members are all refused writes nothing at all: another connection sees the same
// version of the database before and after (a commit of rolled-back savepoints would still write).
TEST(GroupCommitTest, ABatchOfRefusalsLeavesTheFileAsItWas) {
  TempDir dir;
  const std::string path = dir.File("f.db");
  auto db = OpenAt(path);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(MakeTable(*db).ok());
  SQLite::Database other(path, SQLite::OPEN_READONLY);
  auto version = [&] { return other.execAndGet("PRAGMA data_version").getInt64(); };
  const int64_t before = version();
  absl::Notification release;
  std::thread holder = HoldWriter(*db, release);
  std::vector<absl::Status> status(3);
  std::vector<std::thread> members;
  for (int i = 0; i < 3; ++i) {
    members.emplace_back([&, i] {
      status[i] = db->Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
        Insert(tx, i);
        return absl::NotFoundError("refused after writing");
      });
    });
    WaitForQueued(*db, static_cast<size_t>(2 + i));
  }
  release.Notify();
  holder.join();
  for (auto& m : members) m.join();
  for (const auto& s : status) EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(version(), before);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM t"), 0);
}

// Another process holds the write lock past the busy timeout: every queued write is answered
// UNAVAILABLE with nothing written, and writing works again once the lock is let go.
TEST(GroupCommitTest, AWriteLockHeldElsewhereAnswersEveryQueuedWriteAndPasses) {
  TempDir dir;
  const std::string path = dir.File("f.db");
  auto db = OpenAt(path, /*busy_timeout_ms=*/50);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(MakeTable(*db).ok());
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");

  std::vector<absl::Status> status(4);
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&, i] {
      status[i] = db->Write(nullptr, [&](storage::Tx& tx) {
        Insert(tx, i);
        return absl::OkStatus();
      });
    });
  }
  for (auto& w : writers) w.join();
  for (const auto& s : status) EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_EQ(db->queued_writes(), 0u);

  other.exec("ROLLBACK");
  EXPECT_TRUE(db->Write(nullptr, [&](storage::Tx& tx) {
                  Insert(tx, 9);
                  return absl::OkStatus();
                }).ok());
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM t"), 1);
}

// Lines a child writes to a pipe, read with a timeout so that a child that stalls fails the
// test instead of hanging it.
class PipeLines {
 public:
  explicit PipeLines(int fd) : fd_(fd) {}
  // The next line; nullopt at the end of the pipe or after 30 s without data.
  std::optional<std::string> Next() {
    for (;;) {
      if (size_t end = pending_.find('\n'); end != std::string::npos) {
        std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        return line;
      }
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 30000) <= 0) return std::nullopt;
      char buffer[4096];
      ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n <= 0) return std::nullopt;
      pending_.append(buffer, static_cast<size_t>(n));
    }
  }

 private:
  int fd_;
  std::string pending_;
};

// Every acknowledged key a child wrote to `fd` (lines of digits), until the pipe ends.
std::set<int64_t> ReadAcknowledged(PipeLines& lines) {
  std::set<int64_t> keys;
  while (auto line = lines.Next()) {
    if (!line->empty() && std::isdigit(static_cast<unsigned char>((*line)[0]))) {
      keys.insert(std::stoll(*line));
    }
  }
  return keys;
}

void Acknowledge(int fd, int64_t key) {
  std::string line = absl::StrCat(key, "\n");
  // Short lines on a pipe are written whole (PIPE_BUF), even from several threads.
  (void)!write(fd, line.data(), line.size());
}

// The process dies while a batch is inside its transaction: four members have run, none has
// been answered. Every write acknowledged before survives; the batch leaves nothing behind.
TEST(GroupCommitTest, ACrashInTheMiddleOfABatchLosesNoAcknowledgedChange) {
  TempDir dir;
  const std::string path = dir.File("f.db");
  ASSERT_TRUE(CreateWithTable(path));
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto db = OpenAt(path);
    if (db == nullptr) _exit(2);
    for (int64_t k = 1; k <= 20; ++k) {
      if (!db->Write(nullptr, [&](storage::Tx& tx) {
               Insert(tx, k);
               return absl::OkStatus();
             }).ok()) {
        _exit(2);
      }
      Acknowledge(pipe_fds[1], k);
    }
    absl::Notification release;
    std::thread holder = HoldWriter(*db, release);
    std::vector<std::thread> members;
    for (int64_t i = 0; i < 8; ++i) {
      members.emplace_back([&, i] {
        int64_t k = 1000 + i;
        absl::Status s = db->Write(nullptr, [&](storage::Tx& tx) {
          Insert(tx, k);
          if (i == 4) _exit(3);  // the crash, with members 0 to 3 written and uncommitted
          return absl::OkStatus();
        });
        if (s.ok()) Acknowledge(pipe_fds[1], k);
      });
      WaitForQueued(*db, static_cast<size_t>(2 + i));
    }
    if (db->queued_writes() != 9) _exit(5);  // the holder and a batch of eight behind it
    release.Notify();
    holder.join();
    for (auto& m : members) m.join();
    _exit(4);  // not reached: member 4 ends the process
  }
  close(pipe_fds[1]);
  PipeLines lines(pipe_fds[0]);
  std::set<int64_t> acknowledged = ReadAcknowledged(lines);
  close(pipe_fds[0]);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFEXITED(wait_status));
  ASSERT_EQ(WEXITSTATUS(wait_status), 3) << "the child crashed where the test meant it to";

  auto db = OpenAt(path);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(acknowledged.size(), 20u);
  for (int64_t k : acknowledged) {
    EXPECT_EQ(Count(*db, absl::StrCat("SELECT count(*) FROM t WHERE k = ", k)), 1) << k;
  }
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM t WHERE k >= 1000"), 0)
      << "a batch commits whole or not at all";
  EXPECT_TRUE(db->IntegrityCheck().ok());
}

// Sixteen writers, then SIGKILL: every write a writer saw acknowledged is in the database.
TEST(GroupCommitTest, SigkillUnderSixteenWritersLosesNothing) {
  TempDir dir;
  const std::string path = dir.File("f.db");
  ASSERT_TRUE(CreateWithTable(path));
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto db = OpenAt(path);
    if (db == nullptr) _exit(2);
    std::vector<std::thread> writers;
    for (int64_t w = 0; w < 16; ++w) {
      writers.emplace_back([&, w] {
        for (int64_t n = 0;; ++n) {
          int64_t k = w * 1000000 + n;
          absl::Status s = db->Write(nullptr, [&](storage::Tx& tx) {
            Insert(tx, k);
            return absl::OkStatus();
          });
          if (s.ok()) Acknowledge(pipe_fds[1], k);
        }
      });
    }
    // Now and then: batches committed and writes made, so the parent sees writes share commits.
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::string line = absl::StrCat("B ", db->write_batches(), " ", db->transactions(), "\n");
      (void)!write(pipe_fds[1], line.data(), line.size());
    }
  }
  close(pipe_fds[1]);
  // Let the writers run until a few hundred writes are acknowledged, then kill without warning.
  PipeLines lines(pipe_fds[0]);
  std::set<int64_t> acknowledged;
  int64_t batches = 0, writes = 0;
  while (acknowledged.size() < 300) {
    auto line = lines.Next();
    if (!line) {
      kill(child, SIGKILL);
      waitpid(child, nullptr, 0);
      FAIL() << "the writers stopped before the kill";
    }
    if ((*line)[0] == 'B') {
      std::sscanf(line->c_str(), "B %ld %ld", &batches, &writes);
    } else {
      acknowledged.insert(std::stoll(*line));
    }
  }
  ASSERT_EQ(kill(child, SIGKILL), 0);
  for (int64_t k : ReadAcknowledged(lines)) acknowledged.insert(k);
  close(pipe_fds[0]);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(wait_status));
  EXPECT_GT(writes, batches) << "some commits held more than one write (" << batches
                             << " batches for " << writes << " writes)";

  auto db = OpenAt(path);
  ASSERT_NE(db, nullptr);
  int64_t stored = Count(*db, "SELECT count(*) FROM t");
  EXPECT_GE(stored, static_cast<int64_t>(acknowledged.size()));
  int64_t missing = 0;
  for (int64_t k : acknowledged) {
    if (Count(*db, absl::StrCat("SELECT count(*) FROM t WHERE k = ", k)) != 1) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size() << " acknowledged writes";
  EXPECT_TRUE(db->IntegrityCheck().ok());
}

}  // namespace
}  // namespace forum::storage::sqlite
