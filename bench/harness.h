// What the benchmarks share: a temporary directory, client channels of their own, the
// baselines (an empty RPC and raw SQLite transactions), and report headers.
#ifndef FORUM_BENCH_HARNESS_H_
#define FORUM_BENCH_HARNESS_H_

#include <memory>
#include <mutex>
#include <string>

#include "SQLiteCpp/Database.h"
#include "SQLiteCpp/Statement.h"
#include "forum/bench/baseline.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "services/access.h"
#include "storage/sqlite/database.h"

namespace forum::bench {

std::string MakeTempDir();
// A channel of its own (its own TCP connection), as a separate client process would have. Every
// call on it carries `token` as a bearer token when it is not empty.
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address,
                                          const std::string& token = "");
// Makes an admin token directly in `db` and returns its secret, for in-process servers.
std::string AdminToken(storage::Database& db);
std::unique_ptr<grpc::ClientContext> Deadline();
// Prints a table title and the column headings of FormatRow.
void Header(const char* title);

// Raw SQLite: single-row insert transactions into a table shaped like the delegations, with the
// store's pragmas; the ceiling of one durable write.
class RawStore {
 public:
  RawStore(const std::string& path, const std::string& durability);
  bool InsertOne();

 private:
  std::mutex mu_;
  SQLite::Database db_;
  std::unique_ptr<SQLite::Statement> insert_;
  int64_t n_ = 0;
};

// The baselines served by the same server as the forum services.
class BaselineServiceImpl final : public BaselineService::Service {
 public:
  BaselineServiceImpl(RawStore& store, services::Access& access) : store_(store), access_(access) {}
  grpc::Status Ping(grpc::ServerContext*, const Empty*, Empty*) override;
  grpc::Status PingAuthenticated(grpc::ServerContext*, const Empty*, Empty*) override;
  grpc::Status InsertOne(grpc::ServerContext*, const Empty*, Empty*) override;

 private:
  RawStore& store_;
  services::Access& access_;
};

}  // namespace forum::bench

#endif  // FORUM_BENCH_HARNESS_H_
