// The gRPC adapter of forum.v1.ScheduleService: the secretariat publishes and sees the draft;
// everyone signed in reads the releases and their changelogs.
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {

Status ScheduleGrpcService::PublishSchedule(ServerContext* ctx,
                                            const v1::PublishScheduleRequest* request,
                                            v1::ScheduleRelease* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Publish(tx, *request); });
}

Status ScheduleGrpcService::ListScheduleReleases(ServerContext* ctx,
                                                 const v1::ListScheduleReleasesRequest* request,
                                                 v1::ListScheduleReleasesResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.List(tx, *request); });
}

Status ScheduleGrpcService::GetScheduleRelease(ServerContext* ctx,
                                               const v1::GetScheduleReleaseRequest* request,
                                               v1::ScheduleRelease* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.Get(tx, *request); });
}

Status ScheduleGrpcService::DiffScheduleReleases(ServerContext* ctx,
                                                 const v1::DiffScheduleReleasesRequest* request,
                                                 v1::DiffScheduleReleasesResponse* response) {
  // Against the draft (no `to_release`): what the next release would change, the secretariat's.
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return request->to_release().empty() ? AdminOnly(c) : AnyCaller(c); },
      [&](const Caller&, storage::Tx& tx) { return logic_.Diff(tx, *request); });
}

}  // namespace forum::services
