// A fixture that runs the real forum services on an in-process gRPC channel over a fresh,
// seeded database, with real stubs, so service tests exercise the same path as forumd.
#ifndef FORUM_TESTS_SUPPORT_SERVICE_FIXTURE_H_
#define FORUM_TESTS_SUPPORT_SERVICE_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "forum/v1/access.grpc.pb.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/document.grpc.pb.h"
#include "forum/v1/entity.grpc.pb.h"
#include "forum/v1/errors.pb.h"
#include "forum/v1/event.grpc.pb.h"
#include "forum/v1/round_table.grpc.pb.h"
#include "forum/v1/schedule.grpc.pb.h"
#include "forum/v1/speaker.grpc.pb.h"
#include "forum/v1/watch.grpc.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "server/http/connect_gateway.h"
#include "server/http/http_server.h"
#include "services/forum_server.h"
#include "services/schedule_feeds.h"
#include "storage/database.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace forum::testing {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Rebuilds the stubs on `channel` (a test that runs its calls over HTTP, say).
  void UseChannel(std::shared_ptr<grpc::Channel> channel);
  // Starts forumd's HTTP port on the test's server, on a free port of 127.0.0.1; returns it.
  int ServeHttp(server::http::HttpOptions options = {});

  // A client context with a deadline and the admin token, for one call.
  std::unique_ptr<grpc::ClientContext> Call();
  // The same with another token's secret; an empty secret sends no token at all.
  std::unique_ptr<grpc::ClientContext> CallAs(const std::string& secret);
  // How many client contexts Call and CallAs have made: the calls a test has made.
  int calls_made() const { return calls_made_; }
  // Creates a token holding `roles` (command-line form: `reader`, `focal-point=events/...`)
  // directly through the access logic, and returns its secret.
  std::string TokenFor(const std::vector<std::string>& roles, const std::string& name = "test");

  // Creates `events/{id}` open for registration, 2027-05-10..11 in Europe/Zurich.
  v1::Event CreateOpenEvent(const std::string& id);
  // Registers `entities/{code}` for `event_id` with a minister as head; fails the test if refused.
  v1::Delegation Register(const std::string& event_id, const std::string& code);
  // Registers and accredits `entities/{code}` for `event_id`.
  v1::Delegation Accredited(const std::string& event_id, const std::string& code);
  // The number of rows in `table`, read directly from the database.
  int CountRows(const std::string& table) { return database_.CountRows(table); }
  // The integer the query answers first, read directly from the database.
  int64_t QueryInt(const std::string& sql) { return database_.QueryInt(sql); }
  // Runs SQL directly on the database, as an import or a repair by hand would.
  void ExecSql(const std::string& sql) { database_.ExecSql(sql); }

  TempDir dir_;
  // The test's database, on the engine of the test run (test_database.h).
  TestDatabase database_{dir_};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<services::ForumServices> services_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;  // the stubs' channel
  std::unique_ptr<server::http::ConnectGateway> gateway_;
  std::unique_ptr<server::http::HttpServer> http_;
  std::unique_ptr<services::ScheduleFeeds> feeds_;
  std::unique_ptr<v1::EntityService::Stub> entities_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::DelegationService::Stub> delegations_;
  std::unique_ptr<v1::RoundTableService::Stub> round_tables_;
  std::unique_ptr<v1::ScheduleService::Stub> schedules_;
  std::unique_ptr<v1::SpeakerService::Stub> speakers_;
  std::unique_ptr<v1::AccessService::Stub> access_;
  std::unique_ptr<v1::WatchService::Stub> watch_;
  std::string admin_secret_;
  // The change feed's settings for the server SetUp starts (a fixture may change them first).
  services::FeedOptions feed_options_;

 private:
  int calls_made_ = 0;
};

// The UTC time written in RFC 3339 (`2027-05-10T13:00:00Z`); fails the test if malformed.
google::protobuf::Timestamp At(const char* rfc3339);
// The field paths named in a status's BadRequest details.
std::vector<std::string> ViolatedFields(const grpc::Status& status);
// The types of the PreconditionFailure violations in a status's details.
std::vector<std::string> PreconditionTypes(const grpc::Status& status);

}  // namespace forum::testing

#endif  // FORUM_TESTS_SUPPORT_SERVICE_FIXTURE_H_
