#include "tests/support/service_fixture.h"

#include <signal.h>

#include <chrono>
#include <cstdlib>

#include "absl/time/time.h"
#include "domain/access.h"
#include "domain/dates.h"
#include "grpcpp/server_builder.h"
#include "server/http/programme_feeds.h"
#include "spdlog/spdlog.h"

namespace forum::testing {

void ServiceTest::SetUp() {
  // Quiet, unless FORUM_TEST_LOG names a level (error, debug, ...) for looking into a failure.
  const char* log = std::getenv("FORUM_TEST_LOG");
  spdlog::set_level(log != nullptr ? spdlog::level::from_str(log) : spdlog::level::off);
  auto db = database_.Open();
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = *std::move(db);
  services_ = std::make_unique<services::ForumServices>(*db_, feed_options_);
  grpc::ServerBuilder builder;
  services_->AddTo(builder);
  server_ = builder.BuildAndStart();
  ASSERT_NE(server_, nullptr);
  UseChannel(server_->InProcessChannel(grpc::ChannelArguments()));
  admin_secret_ = TokenFor({"admin"}, "Secretariat (tests)");
}

void ServiceTest::UseChannel(std::shared_ptr<grpc::Channel> channel) {
  channel_ = std::move(channel);
  entities_ = v1::EntityService::NewStub(channel_);
  events_ = v1::EventService::NewStub(channel_);
  delegations_ = v1::DelegationService::NewStub(channel_);
  round_tables_ = v1::RoundTableService::NewStub(channel_);
  schedules_ = v1::ScheduleService::NewStub(channel_);
  speakers_ = v1::SpeakerService::NewStub(channel_);
  access_ = v1::AccessService::NewStub(channel_);
  watch_ = v1::WatchService::NewStub(channel_);
}

int ServiceTest::ServeHttp(server::http::HttpOptions options) {
  // cpp-httplib's client writes without MSG_NOSIGNAL: a server that closes while a test still
  // sends must fail that request, not end the test binary.
  signal(SIGPIPE, SIG_IGN);
  gateway_ = std::make_unique<server::http::ConnectGateway>(
      server_->InProcessChannel(grpc::ChannelArguments()), services::ForumServices::ServiceNames());
  options.listen = "127.0.0.1:0";
  // The programme's feeds, wired as forumd wires them.
  feeds_ =
      std::make_unique<services::ScheduleFeeds>(*db_, services_->access(), services_->schedules());
  http_ = std::make_unique<server::http::HttpServer>(
      *gateway_, std::move(options), nullptr, nullptr, server::http::ProgrammeFeeds(*feeds_));
  auto port = http_->Start();
  EXPECT_TRUE(port.ok()) << port.status();
  return port.ok() ? *port : 0;
}

std::string ServiceTest::TokenFor(const std::vector<std::string>& roles, const std::string& name) {
  v1::CreateTokenRequest request;
  request.mutable_token()->set_display_name(name);
  for (const auto& role : roles) {
    auto binding = domain::ParseBinding(role);
    EXPECT_TRUE(binding.ok()) << binding.status();
    if (binding.ok()) *request.mutable_token()->add_bindings() = *binding;
  }
  auto created = services_->access().CreateToken(request, "tests");
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? created->secret() : std::string();
}

void ServiceTest::TearDown() {
  if (services_) services_->StopStreams();
  if (http_) http_->Stop();
  if (server_) server_->Shutdown();
}

std::unique_ptr<grpc::ClientContext> ServiceTest::Call() { return CallAs(admin_secret_); }

std::unique_ptr<grpc::ClientContext> ServiceTest::CallAs(const std::string& secret) {
  ++calls_made_;
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (!secret.empty()) context->AddMetadata("authorization", "Bearer " + secret);
  return context;
}

v1::Event ServiceTest::CreateOpenEvent(const std::string& id) {
  v1::CreateEventRequest request;
  request.set_event_id(id);
  v1::Event* e = request.mutable_event();
  e->set_title("Consultation on labour mobility");
  e->set_kind(v1::EVENT_KIND_CONSULTATION);
  e->set_venue("Palais des Nations, Geneva");
  e->set_time_zone("Europe/Zurich");
  e->set_start_date("2027-05-10");
  e->set_end_date("2027-05-11");
  e->set_state(v1::EVENT_STATE_OPEN_FOR_REGISTRATION);
  e->add_follows_up("events/gfmd-2007");
  v1::Event created;
  grpc::Status status = events_->CreateEvent(Call().get(), request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

v1::Delegation ServiceTest::Register(const std::string& event_id, const std::string& code) {
  v1::RegisterDelegationRequest request;
  request.set_parent("events/" + event_id);
  request.mutable_delegation()->set_entity("entities/" + code);
  request.mutable_delegation()->mutable_head()->set_full_name("Head of " + code);
  request.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
  v1::Delegation created;
  grpc::Status status = delegations_->RegisterDelegation(Call().get(), request, &created);
  EXPECT_TRUE(status.ok()) << code << ": " << status.error_message();
  return created;
}

v1::Delegation ServiceTest::Accredited(const std::string& event_id, const std::string& code) {
  v1::Delegation registered = Register(event_id, code);
  v1::AccreditDelegationRequest request;
  request.set_name(registered.name());
  v1::Delegation accredited;
  grpc::Status status = delegations_->AccreditDelegation(Call().get(), request, &accredited);
  EXPECT_TRUE(status.ok()) << code << ": " << status.error_message();
  return accredited;
}

google::protobuf::Timestamp At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return domain::FromMicros(absl::ToUnixMicros(t));
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  v1::ErrorStatus details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    v1::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
  }
  return fields;
}

std::vector<std::string> PreconditionTypes(const grpc::Status& status) {
  std::vector<std::string> types;
  v1::ErrorStatus details;
  if (!details.ParseFromString(status.error_details())) return types;
  for (const auto& any : details.details()) {
    v1::PreconditionFailure failure;
    if (any.UnpackTo(&failure)) {
      for (const auto& v : failure.violations()) types.push_back(v.type());
    }
  }
  return types;
}

}  // namespace forum::testing
