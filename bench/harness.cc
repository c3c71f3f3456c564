#include "bench/harness.h"

#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "SQLiteCpp/Transaction.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/client_interceptor.h"

namespace forum::bench {

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "forum-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

namespace {

// Adds the bearer token to every call, as forumctl does.
class BearerInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(const std::string& header) : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  const std::string& header_;
};

class BearerFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerFactory(std::string token) : header_("Bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerInterceptor(header_);
  }

 private:
  std::string header_;
};

}  // namespace

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address, const std::string& token) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (token.empty()) {
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<BearerFactory>(token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), args, std::move(factories));
}

std::string AdminToken(storage::Database& db) {
  services::Access access(db);
  v1::CreateTokenRequest request;
  request.mutable_token()->set_display_name("Benchmark");
  request.mutable_token()->add_bindings()->set_role(v1::ROLE_ADMIN);
  auto created = access.CreateToken(request, "bench");
  if (!created.ok()) throw std::runtime_error(created.status().ToString());
  return created->secret();
}

std::unique_ptr<grpc::ClientContext> Deadline() {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return c;
}

void Header(const char* title) {
  std::printf("\n%s\n%-34s %7s %12s %10s %10s %8s\n", title, "scenario", "clients", "calls/s",
              "p50 us", "p99 us", "errors");
}

RawStore::RawStore(const std::string& path, const std::string& durability)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec(durability == "full" ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  db_.exec("PRAGMA foreign_keys = ON");
  db_.exec(
      "CREATE TABLE rows (event TEXT NOT NULL, entity TEXT NOT NULL, head TEXT NOT NULL, "
      "time INTEGER NOT NULL, PRIMARY KEY (event, entity)) STRICT");
  insert_ = std::make_unique<SQLite::Statement>(db_, "INSERT INTO rows VALUES (?, ?, ?, ?)");
}

bool RawStore::InsertOne() {
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  insert_->reset();
  insert_->bind(1, "event-" + std::to_string(n_ / 216));
  insert_->bind(2, "entity-" + std::to_string(n_));
  insert_->bind(3, "Head of delegation");
  insert_->bind(4, n_++);
  insert_->exec();
  tx.commit();
  return true;
}

grpc::Status BaselineServiceImpl::Ping(grpc::ServerContext*, const Empty*, Empty*) {
  return grpc::Status::OK;
}

// The empty RPC plus the token check that every forum RPC makes: the cost of authentication.
grpc::Status BaselineServiceImpl::PingAuthenticated(grpc::ServerContext* context, const Empty*,
                                                    Empty*) {
  auto caller = access_.Authenticate(*context);
  if (!caller.ok()) return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no");
  return grpc::Status::OK;
}

grpc::Status BaselineServiceImpl::InsertOne(grpc::ServerContext*, const Empty*, Empty*) {
  store_.InsertOne();
  return grpc::Status::OK;
}

}  // namespace forum::bench
