// Several forumd replicas over one PostgreSQL database: each test opens the same database twice
// (two storage::postgresql::Database, as two forumd processes would) on the server
// FORUM_TEST_POSTGRES names.
#include <atomic>
#include <memory>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/test/server_context_test_spouse.h"
#include "gtest/gtest.h"
#include "services/access.h"
#include "services/call_limits.h"
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

// PostgreSQL cannot hold a NUL character in a text: a value that carries one (a name looked up,
// a filter) is the caller's mistake, answered INVALID_ARGUMENT, never a server failure.
TEST_F(ReplicasTest, ATextWithANulIsRefusedAsInvalid) {
  const std::string with_nul("hld\0-2006", 9);
  const int events = database_.CountRows("events");
  EXPECT_EQ(Read(*a_, with_nul).status().code(), absl::StatusCode::kInvalidArgument);
  absl::Status s = a_->Write(nullptr, [&](Tx& tx) {
    tx.events().Insert(with_nul, NewEvent("Nul"), 1000000);
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(database_.CountRows("events"), events);
}

// A caller's rate holds across replicas: its calls spread over two replicas are admitted no more
// than its burst and rate allow in all, as on one server.
TEST_F(ReplicasTest, ACallersRateHoldsAcrossReplicas) {
  services::Access on_a(*a_);
  services::Access on_b(*b_);
  // Reads: 2 a second, 40 at once (leases of one permit: every permit is the database's).
  on_a.SetCallRates({{1, 5}, {2, 40}});
  on_b.SetCallRates({{1, 5}, {2, 40}});
  services::Caller caller;
  caller.token = "tokens/0123456789abcdef";
  const absl::Time start = absl::Now();
  int admitted = 0;
  for (int i = 0; i < 100; ++i) {
    absl::Status s = (i % 2 == 0 ? on_a : on_b).Admit(caller, "GetEvent");
    if (s.ok()) {
      ++admitted;
    } else {
      EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  EXPECT_GE(admitted, 40);
  EXPECT_LE(admitted, 40 + static_cast<int>(2 * seconds) + 1)
      << "each replica kept a bucket of its own (" << seconds << " s)";
  // Another token has a bucket of its own, and writes have theirs.
  services::Caller other;
  other.token = "tokens/fedcba9876543210";
  EXPECT_TRUE(on_b.Admit(other, "GetEvent").ok());
  EXPECT_TRUE(on_b.Admit(caller, "UpdateEvent").ok());
}

// Leases: a replica asks the database once for a tenth of a second's permits, and every permit
// it hands out came from the shared bucket.
TEST_F(ReplicasTest, ReplicasTakeSharedPermitsInLeases) {
  storage::RateBuckets* shared = a_->shared_rate_buckets();
  ASSERT_NE(shared, nullptr);
  // 100 a second, 60 at once: leases of 10.
  services::CallLimiter a(domain::RateLimit{100, 60}, "reads", shared);
  services::CallLimiter b(domain::RateLimit{100, 60}, "reads", b_->shared_rate_buckets());
  EXPECT_EQ(a.lease_size(), 10);
  const int64_t now = 1000000000;  // the leases' clock; the bucket's is the server's
  const absl::Time start = absl::Now();
  int admitted = 0;
  for (int i = 0; i < 40; ++i) admitted += a.Take("tokens/lease", now) == 0 ? 1 : 0;
  EXPECT_EQ(admitted, 40);
  EXPECT_EQ(a.shared_takes(), 4) << "one round trip per lease";
  // B finds what A leased gone from the bucket: 20 left, plus what 100 a second refilled.
  int on_b = 0;
  int64_t wait = 0;
  for (int i = 0; i < 200; ++i) {
    int64_t w = b.Take("tokens/lease", now);
    if (w == 0) {
      ++on_b;
    } else {
      wait = w;
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  EXPECT_GE(on_b, 20);
  EXPECT_LE(on_b, 20 + static_cast<int>(100 * seconds) + 10) << seconds << " s";
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 10000) << "a permit comes back within 10 ms at 100 a second";
  // A refusal is remembered: B does not ask the database again before the wait is over.
  const int64_t takes = b.shared_takes();
  if (wait > 1) EXPECT_GT(b.Take("tokens/lease", now), 0);
  EXPECT_EQ(b.shared_takes(), takes);
  // An expired lease is not used.
  EXPECT_EQ(a.Take("tokens/other", now), 0);  // leases 10, uses 1
  const int64_t before = a.shared_takes();
  EXPECT_EQ(a.Take("tokens/other", now + services::CallLimiter::kLeaseMicros), 0);
  EXPECT_EQ(a.shared_takes(), before + 1);
}

// A call whose connection is lost runs again on a new one, and still counts as one call.
TEST_F(ReplicasTest, ACallRunAgainAfterALostConnectionTakesOnePermit) {
  services::Access access(*a_);
  v1::CreateTokenRequest create;
  create.mutable_token()->set_display_name("rate once");
  auto* binding = create.mutable_token()->add_bindings();
  binding->set_role(v1::ROLE_ADMIN);
  auto token = access.CreateToken(create, "tests");
  ASSERT_TRUE(token.ok()) << token.status();
  access.SetCallRates({{0, 1}, {0.01, 1}});  // one read, then one every 100 s
  grpc::ServerContext context;
  grpc::testing::ServerContextTestSpouse spouse(&context);
  spouse.AddClientMetadata("authorization", "Bearer " + token->secret());
  v1::GetEventRequest request;
  request.set_name("events/hld-2006");
  v1::Event response;
  int runs = 0;
  grpc::Status status = services::Serve(
      &context, access, "EventService", "GetEvent", request, &response,
      [](const services::Caller& caller) { return services::AnyCaller(caller); },
      [&](const services::Caller&, storage::Tx& tx) -> absl::StatusOr<v1::Event> {
        if (++runs == 1) {
          // The server ends this replica's connections in the middle of the call.
          database_.ExecSql(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
              "current_database() AND pid <> pg_backend_pid()");
        }
        return tx.events().Get("hld-2006");
      });
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(runs, 2) << "the call ran again on a new connection";
  EXPECT_EQ(response.name(), "events/hld-2006");
}

// When the shared buckets cannot be asked, a replica limits each caller on its own: never
// unlimited.
TEST(SharedRateLimitsTest, AReplicaThatCannotReachTheBucketsLimitsOnItsOwn) {
  RateBuckets unreachable("postgresql://forum@127.0.0.1:1/forum?connect_timeout=1");
  services::CallLimiter limiter(domain::RateLimit{0.01, 3}, "writes", &unreachable);
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += limiter.Take("tokens/cut-off", 1000000 + i) == 0;
  EXPECT_EQ(admitted, 3);
  EXPECT_GE(limiter.shared_failures(), 1);
  EXPECT_LE(limiter.shared_takes(), 10);
}

TEST(SharedRateLimitsTest, ConnectionsGetTimeoutsUnlessTheUriSetsThem) {
  EXPECT_EQ(WithTimeouts("postgresql://u@h/d"),
            "postgresql://u@h/d?connect_timeout=5&tcp_user_timeout=30000");
  EXPECT_EQ(WithTimeouts("postgresql://u@h/d?host=/tmp/pg&connect_timeout=2"),
            "postgresql://u@h/d?host=/tmp/pg&connect_timeout=2&tcp_user_timeout=30000");
  EXPECT_EQ(WithTimeouts("postgresql://u@h/d?tcp_user_timeout=1&connect_timeout=1"),
            "postgresql://u@h/d?tcp_user_timeout=1&connect_timeout=1");
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
