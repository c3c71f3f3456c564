// The gRPC adapter of forum.v1.DelegationService: a delegation acts through its focal point;
// contact details and credentials are shown to it and the secretariat only.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {

namespace {

// `events/{e}/delegations/{x}` for a registration of `entities/{x}` under `events/{e}`; empty
// when either is malformed (the call then refuses it as INVALID_ARGUMENT).
std::string RegistrationTarget(const v1::RegisterDelegationRequest& r) {
  auto event = domain::ParseEventName(r.parent(), "parent");
  auto entity = domain::ParseEntityName(r.delegation().entity(), "delegation.entity");
  if (!event.ok() || !entity.ok()) return std::string();
  return domain::EventChildName(*event, "delegations", *entity);
}

// The name two segments up: a member's delegation.
std::string ParentName(absl::string_view name) {
  for (int i = 0; i < 2; ++i) {
    auto slash = name.rfind('/');
    if (slash == absl::string_view::npos) return std::string();
    name = name.substr(0, slash);
  }
  return std::string(name);
}

// Contact details and credentials are for the secretariat and the delegation's focal point.
void Redact(const Caller& caller, v1::Delegation& d) {
  auto name = domain::ParseEventChildName(d.name(), "delegations", "name");
  if (name.ok() && caller.grants.FocalPointOf(name->event, name->id)) return;
  d.clear_contact_email();
  d.clear_notes();
  d.clear_credentials();
}

}  // namespace

Status DelegationGrpcService::RegisterDelegation(ServerContext* ctx,
                                                 const v1::RegisterDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, RegistrationTarget(*request)); },
      [&](const Caller&, storage::Tx& tx) { return logic_.Register(tx, *request); });
}

Status DelegationGrpcService::GetDelegation(ServerContext* ctx,
                                            const v1::GetDelegationRequest* request,
                                            v1::Delegation* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) {
                 auto d = logic_.Get(tx, *request);
                 if (d.ok()) Redact(c, *d);
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
                   for (auto& d : *list->mutable_delegations()) Redact(c, d);
                 }
                 return list;
               });
}

Status DelegationGrpcService::UpdateDelegation(ServerContext* ctx,
                                               const v1::UpdateDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, request->delegation().name()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.Update(tx, *request); });
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
      [&](const Caller& c) { return FocalPointOf(c, request->name()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.Withdraw(tx, *request); });
}

Status DelegationGrpcService::AddDelegationMember(ServerContext* ctx,
                                                  const v1::AddDelegationMemberRequest* request,
                                                  v1::DelegationMember* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, request->parent()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.AddMember(tx, *request); });
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
      [&](const Caller& c) { return FocalPointOf(c, ParentName(request->member().name())); },
      [&](const Caller&, storage::Tx& tx) { return logic_.UpdateMember(tx, *request); });
}

Status DelegationGrpcService::RemoveDelegationMember(
    ServerContext* ctx, const v1::RemoveDelegationMemberRequest* request,
    v1::RemoveDelegationMemberResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, ParentName(request->name())); },
      [&](const Caller&, storage::Tx& tx) { return logic_.RemoveMember(tx, *request); });
}

}  // namespace forum::services
