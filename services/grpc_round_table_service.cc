// The gRPC adapter of forum.v1.RoundTableService: the secretariat schedules and seats; a focal
// point states its delegation's preferences.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {

Status RoundTableGrpcService::CreateRoundTable(ServerContext* ctx,
                                               const v1::CreateRoundTableRequest* request,
                                               v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Create(tx, *request); });
}

Status RoundTableGrpcService::GetRoundTable(ServerContext* ctx,
                                            const v1::GetRoundTableRequest* request,
                                            v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.Get(tx, *request); });
}

Status RoundTableGrpcService::ListRoundTables(ServerContext* ctx,
                                              const v1::ListRoundTablesRequest* request,
                                              v1::ListRoundTablesResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.List(tx, *request); });
}

Status RoundTableGrpcService::UpdateRoundTable(ServerContext* ctx,
                                               const v1::UpdateRoundTableRequest* request,
                                               v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Update(tx, *request); });
}

Status RoundTableGrpcService::DeleteRoundTable(ServerContext* ctx,
                                               const v1::DeleteRoundTableRequest* request,
                                               v1::DeleteRoundTableResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Delete(tx, *request); });
}

Status RoundTableGrpcService::ScheduleRoundTable(ServerContext* ctx,
                                                 const v1::ScheduleRoundTableRequest* request,
                                                 v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Schedule(tx, *request); });
}

Status RoundTableGrpcService::ListScheduleConflicts(ServerContext* ctx,
                                                    const v1::ListScheduleConflictsRequest* request,
                                                    v1::ListScheduleConflictsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListConflicts(tx, *request); });
}

Status RoundTableGrpcService::AddRoundTableParticipant(
    ServerContext* ctx, const v1::AddRoundTableParticipantRequest* request,
    v1::RoundTableParticipant* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.AddParticipant(tx, *request); });
}

Status RoundTableGrpcService::RemoveRoundTableParticipant(
    ServerContext* ctx, const v1::RemoveRoundTableParticipantRequest* request,
    v1::RemoveRoundTableParticipantResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller&, storage::Tx& tx) { return logic_.RemoveParticipant(tx, *request); });
}

Status RoundTableGrpcService::ListRoundTableParticipants(
    ServerContext* ctx, const v1::ListRoundTableParticipantsRequest* request,
    v1::ListRoundTableParticipantsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AnyCaller,
      [&](const Caller&, storage::Tx& tx) { return logic_.ListParticipants(tx, *request); });
}

Status RoundTableGrpcService::SetRoundTablePreferences(
    ServerContext* ctx, const v1::SetRoundTablePreferencesRequest* request,
    v1::RoundTablePreferences* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) {
        return FocalPointFor(c, request->preferences().delegation(), "preferences.delegation");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& delegation) {
        return logic_.SetPreferences(tx, delegation, *request);
      });
}

Status RoundTableGrpcService::GetRoundTablePreferences(
    ServerContext* ctx, const v1::GetRoundTablePreferencesRequest* request,
    v1::RoundTablePreferences* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointFor(c, request->delegation(), "delegation"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& delegation) {
        return logic_.GetPreferences(tx, delegation, *request);
      });
}

Status RoundTableGrpcService::GetRoundTableRules(ServerContext* ctx,
                                                 const v1::GetRoundTableRulesRequest* request,
                                                 v1::RoundTableRules* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetRules(tx, *request); });
}

Status RoundTableGrpcService::UpdateRoundTableRules(ServerContext* ctx,
                                                    const v1::UpdateRoundTableRulesRequest* request,
                                                    v1::RoundTableRules* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateRules(tx, *request); });
}

Status RoundTableGrpcService::AllocateRoundTables(ServerContext* ctx,
                                                  const v1::AllocateRoundTablesRequest* request,
                                                  v1::AllocationReport* response) {
  // A dry run only reads: it queues with the readers, not behind the writer.
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller&, storage::Tx& tx) { return logic_.Allocate(tx, *request); },
      request->dry_run() ? TxKind::kRead : TxKind::kWrite);
}

Status RoundTableGrpcService::ExportSchedule(ServerContext* ctx,
                                             const v1::ExportScheduleRequest* request,
                                             v1::ExportScheduleResponse* response) {
  // The programme being edited is the secretariat's; releases are for everyone.
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return request->draft() ? AdminOnly(c) : AnyCaller(c); },
      [&](const Caller&, storage::Tx& tx) { return schedules_.Export(tx, *request); });
}

}  // namespace forum::services
