// Assembles the forum's gRPC services, health checking, reflection and call logging on a
// grpc::ServerBuilder. forumd, the service tests and the benchmarks all build the same server.
#ifndef FORUM_SERVICES_FORUM_SERVER_H_
#define FORUM_SERVICES_FORUM_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/server_builder.h"
#include "services/call_logger.h"
#include "services/call_runner.h"
#include "services/change_feed.h"
#include "services/grpc_services.h"
#include "services/resource_reader.h"
#include "storage/database.h"

namespace forum::services {

class ForumServices {
 public:
  // `public_url`: where forumd is published (absolute, ending in `/`), for the addresses in
  // schedule exports.
  // `threads` bounds the calls that run on threads of forumd's own (CallRunner); whether reads
  // may run on gRPC's threads is the database's to say (Database::reads_may_wait).
  explicit ForumServices(storage::Database& db, FeedOptions feed = {},
                         std::string public_url = kDefaultPublicUrl, CallRunnerOptions threads = {},
                         size_t read_cache_bytes = kDefaultReadCacheBytes);

  // The bytes of answers kept for repeated reads (services/read_cache.h) by default.
  static constexpr size_t kDefaultReadCacheBytes = size_t{4} << 20;

  // Registers every service on `builder`, with the call logger. Call before BuildAndStart.
  // Health checking and reflection are process-wide switches: see EnableStockServices.
  // `observer` (may be null, outlives the server) is told of every call as it ends.
  void AddTo(grpc::ServerBuilder& builder, CallObserver* observer = nullptr);

  Entities& entities() { return entities_; }
  Events& events() { return events_; }
  Delegations& delegations() { return delegations_; }
  RoundTables& round_tables() { return round_tables_; }
  Schedules& schedules() { return schedules_; }
  Speakers& speakers() { return speakers_; }
  Documents& documents() { return documents_; }
  Access& access() { return access_; }
  ChangeFeed& feed() { return feed_; }
  CallRunner& runner() { return runner_; }
  ReadCache& read_cache() { return read_cache_; }
  // The full names of the forum's services ("forum.v1.EventService"), as the HTTP port serves.
  static std::vector<std::string> ServiceNames();
  // Ends every open watch (UNAVAILABLE) and refuses new ones: call before the server shuts
  // down, which otherwise waits for streams that never end by themselves.
  void StopStreams() { feed_.Stop(); }

 private:
  Entities entities_;
  Events events_;
  Delegations delegations_;
  RoundTables round_tables_;
  Schedules schedules_;
  Speakers speakers_;
  Documents documents_;
  Access access_;
  ResourceReader reader_;
  ChangeFeed feed_;
  CallRunner runner_;
  ReadCache read_cache_;
  EntityGrpcService entity_service_;
  EventGrpcService event_service_;
  DelegationGrpcService delegation_service_;
  RoundTableGrpcService round_table_service_;
  ScheduleGrpcService schedule_service_;
  SpeakerGrpcService speaker_service_;
  DocumentGrpcService document_service_;
  AccessGrpcService access_service_;
  WatchGrpcService watch_service_;
};

// Turns on the standard health service (grpc.health.v1) and server reflection for every server
// built afterwards in this process, so grpcurl and other stock tools work.
void EnableStockServices();

}  // namespace forum::services

#endif  // FORUM_SERVICES_FORUM_SERVER_H_
