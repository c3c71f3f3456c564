#include "services/grpc_services.h"

#include "services/grpc_status.h"

namespace forum::services {

Status EntityGrpcService::ListEntities(ServerContext* ctx, const v1::ListEntitiesRequest* request,
                                       v1::ListEntitiesResponse* response) {
  return Serve(ctx, response, [&] { return logic_.List(*request); });
}

Status EntityGrpcService::GetEntity(ServerContext* ctx, const v1::GetEntityRequest* request,
                                    v1::Entity* response) {
  return Serve(ctx, response, [&] { return logic_.Get(*request); });
}

Status EventGrpcService::CreateEvent(ServerContext* ctx, const v1::CreateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, response, [&] { return logic_.CreateEvent(*request); });
}

Status EventGrpcService::GetEvent(ServerContext* ctx, const v1::GetEventRequest* request,
                                  v1::Event* response) {
  return Serve(ctx, response, [&] { return logic_.GetEvent(*request); });
}

Status EventGrpcService::ListEvents(ServerContext* ctx, const v1::ListEventsRequest* request,
                                    v1::ListEventsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListEvents(*request); });
}

Status EventGrpcService::UpdateEvent(ServerContext* ctx, const v1::UpdateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateEvent(*request); });
}

Status EventGrpcService::CreateSession(ServerContext* ctx, const v1::CreateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, response, [&] { return logic_.CreateSession(*request); });
}

Status EventGrpcService::ListSessions(ServerContext* ctx, const v1::ListSessionsRequest* request,
                                      v1::ListSessionsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListSessions(*request); });
}

Status EventGrpcService::UpdateSession(ServerContext* ctx, const v1::UpdateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateSession(*request); });
}

Status EventGrpcService::CreateRoom(ServerContext* ctx, const v1::CreateRoomRequest* request,
                                    v1::Room* response) {
  return Serve(ctx, response, [&] { return logic_.CreateRoom(*request); });
}

Status EventGrpcService::ListRooms(ServerContext* ctx, const v1::ListRoomsRequest* request,
                                   v1::ListRoomsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListRooms(*request); });
}

Status EventGrpcService::CreateTheme(ServerContext* ctx, const v1::CreateThemeRequest* request,
                                     v1::Theme* response) {
  return Serve(ctx, response, [&] { return logic_.CreateTheme(*request); });
}

Status EventGrpcService::ListThemes(ServerContext* ctx, const v1::ListThemesRequest* request,
                                    v1::ListThemesResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListThemes(*request); });
}

Status DelegationGrpcService::RegisterDelegation(ServerContext* ctx,
                                                 const v1::RegisterDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Register(*request); });
}

Status DelegationGrpcService::GetDelegation(ServerContext* ctx,
                                            const v1::GetDelegationRequest* request,
                                            v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Get(*request); });
}

Status DelegationGrpcService::ListDelegations(ServerContext* ctx,
                                              const v1::ListDelegationsRequest* request,
                                              v1::ListDelegationsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.List(*request); });
}

Status DelegationGrpcService::UpdateDelegation(ServerContext* ctx,
                                               const v1::UpdateDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Update(*request); });
}

Status DelegationGrpcService::AccreditDelegation(ServerContext* ctx,
                                                 const v1::AccreditDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Accredit(*request); });
}

Status DelegationGrpcService::RejectDelegation(ServerContext* ctx,
                                               const v1::RejectDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Reject(*request); });
}

Status DelegationGrpcService::WithdrawDelegation(ServerContext* ctx,
                                                 const v1::WithdrawDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Withdraw(*request); });
}

Status DelegationGrpcService::AddDelegationMember(ServerContext* ctx,
                                                  const v1::AddDelegationMemberRequest* request,
                                                  v1::DelegationMember* response) {
  return Serve(ctx, response, [&] { return logic_.AddMember(*request); });
}

Status DelegationGrpcService::ListDelegationMembers(ServerContext* ctx,
                                                    const v1::ListDelegationMembersRequest* request,
                                                    v1::ListDelegationMembersResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListMembers(*request); });
}

Status DelegationGrpcService::UpdateDelegationMember(
    ServerContext* ctx, const v1::UpdateDelegationMemberRequest* request,
    v1::DelegationMember* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateMember(*request); });
}

Status DelegationGrpcService::RemoveDelegationMember(
    ServerContext* ctx, const v1::RemoveDelegationMemberRequest* request,
    v1::RemoveDelegationMemberResponse* response) {
  return Serve(ctx, response, [&] { return logic_.RemoveMember(*request); });
}

}  // namespace forum::services
