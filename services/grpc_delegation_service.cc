// The gRPC adapter of forum.v1.DelegationService: a delegation acts through its focal point;
// contact details and credentials are shown to it and the secretariat only.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"
#include "services/visibility.h"

namespace forum::services {

namespace {

// The delegation a registration would create (the event of `parent`, the entity of
// `delegation.entity`), for its focal point or an admin.
absl::StatusOr<domain::EventChild> RegistrationFor(const Caller& caller,
                                                   const v1::RegisterDelegationRequest& request) {
  ASSIGN_OR_RETURN(auto event, domain::ParseEventName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(auto entity,
                   domain::ParseEntityName(request.delegation().entity(), "delegation.entity"));
  std::string name = domain::EventChildName(event, "delegations", entity);
  if (!caller.grants.FocalPointOf(event, entity)) {
    return domain::Denied(caller.grants, absl::StrCat("act for ", name));
  }
  return domain::EventChild{std::move(event), std::move(entity)};
}

}  // namespace

Status DelegationGrpcService::RegisterDelegation(ServerContext* ctx,
                                                 const v1::RegisterDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return RegistrationFor(c, *request); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& target) {
        return logic_.Register(tx, target, *request);
      });
}

Status DelegationGrpcService::GetDelegation(ServerContext* ctx,
                                            const v1::GetDelegationRequest* request,
                                            v1::Delegation* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) {
                 auto d = logic_.Get(tx, *request);
                 if (d.ok()) RedactDelegation(c, *d);
                 return d;
               });
}

Status DelegationGrpcService::ListDelegations(ServerContext* ctx,
                                              const v1::ListDelegationsRequest* request,
                                              v1::ListDelegationsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) {
                 auto list = logic_.List(tx, *request);
                 if (list.ok()) {
                   for (auto& d : *list->mutable_delegations()) RedactDelegation(c, d);
                 }
                 return list;
               });
}

Status DelegationGrpcService::UpdateDelegation(ServerContext* ctx,
                                               const v1::UpdateDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) {
        return FocalPointFor(c, request->delegation().name(), "delegation.name");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& name) {
        return logic_.Update(tx, name, *request);
      });
}

Status DelegationGrpcService::AccreditDelegation(ServerContext* ctx,
                                                 const v1::AccreditDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Accredit(tx, *request); });
}

Status DelegationGrpcService::RejectDelegation(ServerContext* ctx,
                                               const v1::RejectDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Reject(tx, *request); });
}

Status DelegationGrpcService::WithdrawDelegation(ServerContext* ctx,
                                                 const v1::WithdrawDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointFor(c, request->name(), "name"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& name) {
        return logic_.Withdraw(tx, name, *request);
      });
}

Status DelegationGrpcService::AddDelegationMember(ServerContext* ctx,
                                                  const v1::AddDelegationMemberRequest* request,
                                                  v1::DelegationMember* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointFor(c, request->parent(), "parent"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& parent) {
        return logic_.AddMember(tx, parent, *request);
      });
}

Status DelegationGrpcService::ListDelegationMembers(ServerContext* ctx,
                                                    const v1::ListDelegationMembersRequest* request,
                                                    v1::ListDelegationMembersResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListMembers(tx, *request); });
}

Status DelegationGrpcService::UpdateDelegationMember(
    ServerContext* ctx, const v1::UpdateDelegationMemberRequest* request,
    v1::DelegationMember* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return MemberFor(c, request->member().name(), "member.name"); },
      [&](const Caller&, storage::Tx& tx, const domain::MemberName& name) {
        return logic_.UpdateMember(tx, name, *request);
      });
}

Status DelegationGrpcService::RemoveDelegationMember(
    ServerContext* ctx, const v1::RemoveDelegationMemberRequest* request,
    v1::RemoveDelegationMemberResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return MemberFor(c, request->name(), "name"); },
      [&](const Caller&, storage::Tx& tx, const domain::MemberName& name) {
        return logic_.RemoveMember(tx, name, *request);
      });
}

}  // namespace forum::services
