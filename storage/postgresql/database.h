// The PostgreSQL database behind the forum services, for deployments that outgrow one machine:
// several forumd replicas share one database, each with a pool of connections.
//
// Writes serialize across every replica, as SQLite's single writer serializes them in one
// process: a write transaction takes one transaction-scoped advisory lock before its first read,
// then reads committed data, so its checks (etags, request ids, allocation, the order of a list)
// see every write committed before it, and the change feed's revisions follow commit order.
// Reads run on a snapshot (REPEATABLE READ, READ ONLY) and never wait for writes: they are what
// replicas multiply. A transaction whose connection is lost before it commits, or that the server
// ends for a conflict, runs again on another connection, a bounded number of times; a commit
// whose outcome the connection took with it is answered UNAVAILABLE, never as done.
//
// Every commit that changed something notifies the channel `forum_commits`; each replica listens
// on a connection of its own and wakes its watchers, so a watcher on one replica sees a change
// made through another. While that connection is down, Reachable() is false (health answers
// NOT_SERVING) and it is opened again.
//
// The schema is migrated on Open() by the shared numbered migrations (storage/migrations/), under
// an advisory lock so that replicas starting together migrate once; the version is kept in the
// table forum_schema.
#ifndef FORUM_STORAGE_POSTGRESQL_DATABASE_H_
#define FORUM_STORAGE_POSTGRESQL_DATABASE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/database.h"
#include "storage/postgresql/connection.h"
#include "storage/postgresql/rate_buckets.h"
#include "storage/sql/section_orders.h"

namespace forum::storage::postgresql {

struct DatabaseOptions {
  std::string uri;  // a libpq connection URI: postgresql://user@host:port/dbname?...
  // Connections a replica holds at most; a call waits for one up to acquire_timeout_ms.
  int pool_size = 8;
  int acquire_timeout_ms = 5000;
  // Runs of one transaction at most, when its connection is lost or the server ends it for a
  // conflict; the pause between runs doubles from 20 ms.
  int max_attempts = 5;
};

class Database final : public storage::Database {
 public:
  // Connects, migrates the schema and starts listening for other replicas' commits.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database() override;

  absl::Status Transact(bool write, AuditScope* audit,
                        absl::FunctionRef<absl::Status(storage::Tx&)> fn) override;
  int64_t transactions() const override { return transactions_.load(std::memory_order_relaxed); }
  void SetCommitListener(std::function<void()> listener) override;
  // Rate limits hold across every replica: their buckets are in the database.
  storage::RateBuckets* shared_rate_buckets() override { return &rate_buckets_; }

  // Whether the server answered the last time a replica's connection tried it.
  bool Reachable() const { return reachable_.load(std::memory_order_relaxed); }
  // Transactions run again after a lost connection or a conflict, since Open.
  int64_t retries() const { return retries_.load(std::memory_order_relaxed); }
  // The number of migrations applied.
  absl::StatusOr<int> SchemaVersion();
  const DatabaseOptions& options() const { return options_; }
  sql::SectionOrders& section_orders() { return section_orders_; }

 private:
  explicit Database(DatabaseOptions options);
  absl::Status Migrate();
  absl::Status RunOnce(bool write, AuditScope* audit,
                       absl::FunctionRef<absl::Status(storage::Tx&)> fn, bool& retry);
  std::unique_ptr<Connection> Acquire();
  void Release(std::unique_ptr<Connection> c);
  void Listen();
  void Notify();

  DatabaseOptions options_;
  sql::SectionOrders section_orders_;
  RateBuckets rate_buckets_;
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(pool_mu_);
  int open_ ABSL_GUARDED_BY(pool_mu_) = 0;
  std::atomic<int64_t> transactions_{0};
  std::atomic<int64_t> retries_{0};
  std::atomic<bool> reachable_{true};
  std::atomic<bool> stopping_{false};
  absl::Mutex listener_mu_;
  std::function<void()> commit_listener_ ABSL_GUARDED_BY(listener_mu_);
  std::thread listener_;
};

}  // namespace forum::storage::postgresql

#endif  // FORUM_STORAGE_POSTGRESQL_DATABASE_H_
