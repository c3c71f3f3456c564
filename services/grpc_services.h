// The gRPC adapters: each RPC checks for cancellation, calls the plain logic class and maps
// its status. No rule lives here.
#ifndef FORUM_SERVICES_GRPC_SERVICES_H_
#define FORUM_SERVICES_GRPC_SERVICES_H_

#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/entity.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"
#include "services/delegations.h"
#include "services/entities.h"
#include "services/events.h"

namespace forum::services {

using grpc::ServerContext;
using grpc::Status;

class EntityGrpcService final : public v1::EntityService::Service {
 public:
  explicit EntityGrpcService(Entities& logic) : logic_(logic) {}
  Status ListEntities(ServerContext* ctx, const v1::ListEntitiesRequest* request,
                      v1::ListEntitiesResponse* response) override;
  Status GetEntity(ServerContext* ctx, const v1::GetEntityRequest* request,
                   v1::Entity* response) override;

 private:
  Entities& logic_;
};

class EventGrpcService final : public v1::EventService::Service {
 public:
  explicit EventGrpcService(Events& logic) : logic_(logic) {}
  Status CreateEvent(ServerContext* ctx, const v1::CreateEventRequest* request,
                     v1::Event* response) override;
  Status GetEvent(ServerContext* ctx, const v1::GetEventRequest* request,
                  v1::Event* response) override;
  Status ListEvents(ServerContext* ctx, const v1::ListEventsRequest* request,
                    v1::ListEventsResponse* response) override;
  Status UpdateEvent(ServerContext* ctx, const v1::UpdateEventRequest* request,
                     v1::Event* response) override;
  Status CreateSession(ServerContext* ctx, const v1::CreateSessionRequest* request,
                       v1::Session* response) override;
  Status ListSessions(ServerContext* ctx, const v1::ListSessionsRequest* request,
                      v1::ListSessionsResponse* response) override;
  Status UpdateSession(ServerContext* ctx, const v1::UpdateSessionRequest* request,
                       v1::Session* response) override;
  Status CreateRoom(ServerContext* ctx, const v1::CreateRoomRequest* request,
                    v1::Room* response) override;
  Status ListRooms(ServerContext* ctx, const v1::ListRoomsRequest* request,
                   v1::ListRoomsResponse* response) override;
  Status CreateTheme(ServerContext* ctx, const v1::CreateThemeRequest* request,
                     v1::Theme* response) override;
  Status ListThemes(ServerContext* ctx, const v1::ListThemesRequest* request,
                    v1::ListThemesResponse* response) override;

 private:
  Events& logic_;
};

class DelegationGrpcService final : public v1::DelegationService::Service {
 public:
  explicit DelegationGrpcService(Delegations& logic) : logic_(logic) {}
  Status RegisterDelegation(ServerContext* ctx, const v1::RegisterDelegationRequest* request,
                            v1::Delegation* response) override;
  Status GetDelegation(ServerContext* ctx, const v1::GetDelegationRequest* request,
                       v1::Delegation* response) override;
  Status ListDelegations(ServerContext* ctx, const v1::ListDelegationsRequest* request,
                         v1::ListDelegationsResponse* response) override;
  Status UpdateDelegation(ServerContext* ctx, const v1::UpdateDelegationRequest* request,
                          v1::Delegation* response) override;
  Status AccreditDelegation(ServerContext* ctx, const v1::AccreditDelegationRequest* request,
                            v1::Delegation* response) override;
  Status RejectDelegation(ServerContext* ctx, const v1::RejectDelegationRequest* request,
                          v1::Delegation* response) override;
  Status WithdrawDelegation(ServerContext* ctx, const v1::WithdrawDelegationRequest* request,
                            v1::Delegation* response) override;
  Status AddDelegationMember(ServerContext* ctx, const v1::AddDelegationMemberRequest* request,
                             v1::DelegationMember* response) override;
  Status ListDelegationMembers(ServerContext* ctx, const v1::ListDelegationMembersRequest* request,
                               v1::ListDelegationMembersResponse* response) override;
  Status UpdateDelegationMember(ServerContext* ctx,
                                const v1::UpdateDelegationMemberRequest* request,
                                v1::DelegationMember* response) override;
  Status RemoveDelegationMember(ServerContext* ctx,
                                const v1::RemoveDelegationMemberRequest* request,
                                v1::RemoveDelegationMemberResponse* response) override;

 private:
  Delegations& logic_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_GRPC_SERVICES_H_
