#include "services/forum_server.h"

#include <utility>
#include <vector>

#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "services/call_logger.h"

namespace forum::services {

namespace {

CallRunnerOptions ForDatabase(CallRunnerOptions options, const storage::Database& db) {
  options.inline_reads = options.inline_reads && !db.reads_may_wait();
  return options;
}

}  // namespace

ForumServices::ForumServices(storage::Database& db, FeedOptions feed, std::string public_url,
                             CallRunnerOptions threads, size_t read_cache_bytes)
    : schedules_(std::move(public_url)),
      access_(db),
      reader_(events_, delegations_, round_tables_, schedules_, speakers_, documents_, access_),
      feed_(db, access_, reader_, std::move(feed)),
      runner_(ForDatabase(threads, db)),
      read_cache_(read_cache_bytes, [&db] { return db.data_version(); }),
      entity_service_(entities_, access_, runner_),
      event_service_(events_, access_, runner_),
      delegation_service_(delegations_, access_, runner_, read_cache_),
      round_table_service_(round_tables_, schedules_, access_, runner_),
      schedule_service_(schedules_, access_, runner_),
      speaker_service_(speakers_, access_, runner_, read_cache_),
      document_service_(documents_, access_, runner_),
      access_service_(access_, runner_),
      watch_service_(feed_) {}

void ForumServices::AddTo(grpc::ServerBuilder& builder, CallObserver* observer) {
  builder.RegisterService(&entity_service_);
  builder.RegisterService(&event_service_);
  builder.RegisterService(&delegation_service_);
  builder.RegisterService(&round_table_service_);
  builder.RegisterService(&schedule_service_);
  builder.RegisterService(&speaker_service_);
  builder.RegisterService(&document_service_);
  builder.RegisterService(&access_service_);
  builder.RegisterService(&watch_service_);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<CallLoggerFactory>(observer));
  builder.experimental().SetInterceptorCreators(std::move(factories));
}

std::vector<std::string> ForumServices::ServiceNames() {
  return {v1::EntityService::service_full_name(),     v1::EventService::service_full_name(),
          v1::DelegationService::service_full_name(), v1::RoundTableService::service_full_name(),
          v1::ScheduleService::service_full_name(),   v1::SpeakerService::service_full_name(),
          v1::DocumentService::service_full_name(),   v1::AccessService::service_full_name(),
          v1::WatchService::service_full_name()};
}

void EnableStockServices() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
}

}  // namespace forum::services
