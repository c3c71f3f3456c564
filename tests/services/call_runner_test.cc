// The pool that runs forumd's calls that may wait (services/call_runner.h): its bound, its
// kept threads, and what it does with calls at the end.
#include "services/call_runner.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace forum::services {
namespace {

using std::chrono::milliseconds;

// Waits up to five seconds for `done()`.
template <typename F>
bool Eventually(F done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return done();
}

TEST(CallRunnerTest, ReadsRunInlineOnlyWhenTheDatabaseSaysTheyNeverWait) {
  CallRunner local({.inline_reads = true});
  EXPECT_TRUE(local.RunsInline("GetDelegation"));
  EXPECT_TRUE(local.RunsInline("ListSpeakers"));
  EXPECT_FALSE(local.RunsInline("UpdateDelegation"));
  EXPECT_FALSE(local.RunsInline("RegisterDelegation"));
  EXPECT_FALSE(local.RunsInline("ExportSpeakerList"));
  EXPECT_FALSE(local.RunsInline("DiffRevisions"));
  EXPECT_FALSE(local.RunsInline("GetDocumentContent"));
  EXPECT_FALSE(local.RunsInline("ListScheduleConflicts"));
  EXPECT_FALSE(local.RunsInline("GetParticipation"));
  CallRunner remote({.inline_reads = false});
  EXPECT_FALSE(remote.RunsInline("GetDelegation"));
  EXPECT_FALSE(remote.RunsInline("ListSpeakers"));
}

TEST(CallRunnerTest, ACallBeyondTheThreadsIsRefusedAndTheNextAfterOneEndsIsRun) {
  CallRunner runner({.max_threads = 3, .kept_threads = 3});
  absl::Notification release;
  std::atomic<int> started{0};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(runner.Post([&] {
      ++started;
      release.WaitForNotification();
    }));
  }
  ASSERT_TRUE(Eventually([&] { return started.load() == 3; }));
  EXPECT_EQ(runner.running(), 3);
  bool ran = false;
  EXPECT_FALSE(runner.Post([&] { ran = true; })) << "a fourth call with three threads busy";
  EXPECT_EQ(runner.refused(), 1);
  release.Notify();
  ASSERT_TRUE(Eventually([&] { return runner.running() == 0; }));
  std::atomic<bool> later{false};
  EXPECT_TRUE(runner.Post([&] { later = true; }));
  EXPECT_TRUE(Eventually([&] { return later.load(); }));
  EXPECT_FALSE(ran);
  EXPECT_EQ(runner.threads(), 3) << "no thread beyond the three was started";
}

TEST(CallRunnerTest, ThreadsBeyondTheKeptOnesExitWhenIdle) {
  CallRunner runner({.max_threads = 6, .kept_threads = 2, .idle_exit = milliseconds(50)});
  absl::Notification release;
  std::atomic<int> started{0};
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(runner.Post([&] {
      ++started;
      release.WaitForNotification();
    }));
  }
  ASSERT_TRUE(Eventually([&] { return started.load() == 6; }));
  EXPECT_EQ(runner.threads(), 6);
  release.Notify();
  EXPECT_TRUE(Eventually([&] { return runner.threads() == 2; })) << runner.threads();
  // The kept threads still serve, and an exited thread was joined along the way.
  std::atomic<int> after{0};
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(runner.Post([&] { ++after; }));
  EXPECT_TRUE(Eventually([&] { return after.load() == 2; }));
  EXPECT_EQ(runner.threads(), 2);
}

TEST(CallRunnerTest, ATaskThatThrowsLeavesThePoolServing) {
  CallRunner runner({.max_threads = 1, .kept_threads = 1});
  ASSERT_TRUE(runner.Post([] { throw std::runtime_error("a handler's bug"); }));
  ASSERT_TRUE(Eventually([&] { return runner.running() == 0; }));
  std::atomic<bool> ran{false};
  EXPECT_TRUE(runner.Post([&] { ran = true; }));
  EXPECT_TRUE(Eventually([&] { return ran.load(); }));
  EXPECT_EQ(runner.threads(), 1);
}

TEST(CallRunnerTest, TheEndWaitsForEveryCallPosted) {
  std::atomic<int> done{0};
  {
    CallRunner runner({.max_threads = 2, .kept_threads = 1});
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(runner.Post([&] {
        std::this_thread::sleep_for(milliseconds(50));
        ++done;
      }));
    }
  }
  EXPECT_EQ(done.load(), 2);
}

}  // namespace
}  // namespace forum::services
