// The gRPC adapter of forum.v1.EventService: reads for every caller, changes for the secretariat.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {

Status EventGrpcService::CreateEvent(ServerContext* ctx, const v1::CreateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateEvent(tx, *request); });
}

Status EventGrpcService::GetEvent(ServerContext* ctx, const v1::GetEventRequest* request,
                                  v1::Event* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetEvent(tx, *request); });
}

Status EventGrpcService::ListEvents(ServerContext* ctx, const v1::ListEventsRequest* request,
                                    v1::ListEventsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListEvents(tx, *request); });
}

Status EventGrpcService::UpdateEvent(ServerContext* ctx, const v1::UpdateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateEvent(tx, *request); });
}

Status EventGrpcService::CreateSession(ServerContext* ctx, const v1::CreateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateSession(tx, *request); });
}

Status EventGrpcService::GetSession(ServerContext* ctx, const v1::GetSessionRequest* request,
                                    v1::Session* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetSession(tx, *request); });
}

Status EventGrpcService::ListSessions(ServerContext* ctx, const v1::ListSessionsRequest* request,
                                      v1::ListSessionsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListSessions(tx, *request); });
}

Status EventGrpcService::UpdateSession(ServerContext* ctx, const v1::UpdateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateSession(tx, *request); });
}

Status EventGrpcService::CreateRoom(ServerContext* ctx, const v1::CreateRoomRequest* request,
                                    v1::Room* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateRoom(tx, *request); });
}

Status EventGrpcService::GetRoom(ServerContext* ctx, const v1::GetRoomRequest* request,
                                 v1::Room* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetRoom(tx, *request); });
}

Status EventGrpcService::UpdateRoom(ServerContext* ctx, const v1::UpdateRoomRequest* request,
                                    v1::Room* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateRoom(tx, *request); });
}

Status EventGrpcService::ListRooms(ServerContext* ctx, const v1::ListRoomsRequest* request,
                                   v1::ListRoomsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListRooms(tx, *request); });
}

Status EventGrpcService::CreateTheme(ServerContext* ctx, const v1::CreateThemeRequest* request,
                                     v1::Theme* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateTheme(tx, *request); });
}

Status EventGrpcService::GetTheme(ServerContext* ctx, const v1::GetThemeRequest* request,
                                  v1::Theme* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetTheme(tx, *request); });
}

Status EventGrpcService::UpdateTheme(ServerContext* ctx, const v1::UpdateThemeRequest* request,
                                     v1::Theme* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateTheme(tx, *request); });
}

Status EventGrpcService::ListThemes(ServerContext* ctx, const v1::ListThemesRequest* request,
                                    v1::ListThemesResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListThemes(tx, *request); });
}

}  // namespace forum::services
