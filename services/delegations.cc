#include "services/delegations.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/delegation_rules.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/event_rules.h"
#include "domain/filter.h"
#include "domain/limits.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "domain/status_macros.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/paging.h"
#include "services/speakers.h"
#include "storage/delegation_store.h"
#include "storage/entity_store.h"
#include "storage/event_store.h"
#include "storage/round_table_store.h"

namespace forum::services {
namespace {

using storage::DelegationStore;
using storage::EventStore;

constexpr char kType[] = "forum.v1.Delegation";

// The delegation named, loaded for a change: it must exist with the etag given (if any), and its
// event must still take changes. State changes check the lifecycle themselves; every other
// change (`record_change`) also needs a delegation that is neither rejected nor withdrawn.
absl::StatusOr<v1::Delegation> LoadForChange(storage::Tx& tx, const domain::EventChild& name,
                                             absl::string_view etag, bool record_change,
                                             absl::string_view etag_field = "etag") {
  ASSIGN_OR_RETURN(auto event, tx.events().GetHeader(name.event));
  ASSIGN_OR_RETURN(auto delegation, tx.delegations().Get(name.event, name.id));
  auto fresh = domain::CheckEtag(etag, delegation.etag(), kType, delegation.name(), etag_field);
  if (!fresh.ok()) return fresh;
  RETURN_IF_ERROR(domain::CheckEventOpenForChanges(event));
  if (record_change) {
    RETURN_IF_ERROR(domain::CheckDelegationEditable(delegation));
  }
  return delegation;
}

// A member loaded for a change: its delegation as for LoadForChange, the member with `etag`.
absl::StatusOr<v1::DelegationMember> LoadMemberForChange(storage::Tx& tx,
                                                         const domain::MemberName& name,
                                                         absl::string_view etag,
                                                         absl::string_view etag_field = "etag") {
  RETURN_IF_ERROR(LoadForChange(tx, {name.event, name.entity}, "", true));
  ASSIGN_OR_RETURN(auto member, tx.delegations().GetMember(name.event, name.entity, name.member));
  auto fresh = domain::CheckEtag(etag, member.etag(), "forum.v1.DelegationMember", member.name(),
                                 etag_field);
  if (!fresh.ok()) return fresh;
  return member;
}

absl::StatusOr<domain::EventChild> ParseDelegationName(absl::string_view name,
                                                       absl::string_view field) {
  return domain::ParseEventChildName(name, "delegations", field);
}

}  // namespace

absl::StatusOr<v1::Delegation> Delegations::Register(storage::Tx& tx,
                                                     const domain::EventChild& target,
                                                     const v1::RegisterDelegationRequest& request) {
  const std::string& event_id = target.event;
  const std::string& code = target.id;
  const v1::Delegation& d = request.delegation();
  domain::Validator v;
  domain::ValidateDelegationFields(d, "delegation", v);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());

  return Idempotent<v1::Delegation>(
      tx, "RegisterDelegation", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::Delegation> {
        ASSIGN_OR_RETURN(auto event, tx.events().GetHeader(event_id, "parent"));
        ASSIGN_OR_RETURN(auto entity, tx.entities().Get(code, "delegation.entity"));
        RETURN_IF_ERROR(domain::CheckRegistrationOpen(event));
        RETURN_IF_ERROR(domain::CheckEntityEligible(entity, event));
        storage::DelegationStore& store = tx.delegations();
        if (store.Exists(event_id, code)) {
          return domain::AlreadyExists(
              kType, domain::EventChildName(event_id, "delegations", code),
              absl::StrCat("an entity has one delegation per event; update the existing one"));
        }
        v1::Delegation fresh = d;
        fresh.set_state(v1::DELEGATION_STATE_PENDING);
        fresh.clear_state_reason();
        store.Insert(event_id, code, fresh, domain::NowMicros());
        return store.Get(event_id, code);
      });
}

absl::StatusOr<v1::Delegation> Delegations::Get(storage::Tx& tx,
                                                const v1::GetDelegationRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseDelegationName(request.name(), "name"));
  return tx.delegations().Get(name.event, name.id);
}

absl::StatusOr<v1::ListDelegationsResponse> Delegations::List(
    storage::Tx& tx, const v1::ListDelegationsRequest& request) {
  static const domain::FilterSchema kSchema = {
      {"state", v1::DelegationState_descriptor()},
      {"entity_kind", v1::EntityKind_descriptor()},
      {"regional_group", v1::RegionalGroup_descriptor()},
  };
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  std::string query = absl::StrCat(request.parent(), "\n", request.filter());
  ASSIGN_OR_RETURN(auto list, ReadListQuery(request.filter(), kSchema, request.page_size(),
                                            request.page_token(), query));
  int size = list.page_size;
  DelegationStore::Query q{list.filter["state"], list.filter["entity_kind"],
                           list.filter["regional_group"], list.cursor, size + 1};

  if (!tx.events().Exists(event_id)) {
    return domain::NotFound("forum.v1.Event", request.parent(), "parent");
  }
  storage::DelegationStore& store = tx.delegations();
  auto rows = store.List(event_id, q);
  v1::ListDelegationsResponse response;
  response.set_next_page_token(
      TrimPage(rows, size, query, [](const v1::Delegation& d) { return LastSegment(d.name()); }));
  // When the first page holds every match its size is the count; otherwise count them.
  response.set_total_size(request.page_token().empty() && response.next_page_token().empty()
                              ? static_cast<int>(rows.size())
                              : store.Count(event_id, q));
  for (auto& d : rows) *response.add_delegations() = std::move(d);
  return response;
}

absl::StatusOr<v1::Delegation> Delegations::Update(storage::Tx& tx, const domain::EventChild& name,
                                                   const v1::UpdateDelegationRequest& request) {
  static const std::set<std::string> kUpdatable = {"head", "credentials", "contact_email", "notes"};
  ASSIGN_OR_RETURN(auto loaded,
                   LoadForChange(tx, name, request.delegation().etag(), true, "delegation.etag"));
  v1::Delegation updated = loaded;
  auto applied = ApplyUpdateMask(request.delegation(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  domain::ValidateDelegationFields(updated, "delegation", v);
  RETURN_IF_ERROR(v.Finish());
  storage::DelegationStore& store = tx.delegations();
  store.UpdateFields(name.event, name.id, updated, domain::NowMicros());
  return store.Get(name.event, name.id);
}

absl::StatusOr<v1::Delegation> Delegations::Transition(storage::Tx& tx,
                                                       const domain::EventChild& name,
                                                       absl::string_view etag,
                                                       v1::DelegationState to,
                                                       absl::string_view reason) {
  ASSIGN_OR_RETURN(auto loaded, LoadForChange(tx, name, etag, false));
  RETURN_IF_ERROR(domain::CheckDelegationTransition(loaded, to));
  v1::Delegation updated = loaded;
  updated.set_state(to);
  updated.set_state_reason(std::string(reason));
  storage::DelegationStore& store = tx.delegations();
  store.Update(name.event, name.id, updated, domain::NowMicros());
  // A delegation that no longer takes part leaves its round-table seats to others, and its
  // ranking no longer counts in an allocation.
  if (to == v1::DELEGATION_STATE_WITHDRAWN || to == v1::DELEGATION_STATE_REJECTED) {
    tx.round_tables().ReleaseDelegation(name.event, name.id);
    Speakers::WithdrawDelegation(tx, name.event, name.id);
  }
  return store.Get(name.event, name.id);
}

absl::StatusOr<v1::Delegation> Delegations::Accredit(storage::Tx& tx,
                                                     const v1::AccreditDelegationRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseDelegationName(request.name(), "name"));
  return Transition(tx, name, request.etag(), v1::DELEGATION_STATE_ACCREDITED, "");
}

absl::StatusOr<v1::Delegation> Delegations::Reject(storage::Tx& tx,
                                                   const v1::RejectDelegationRequest& request) {
  domain::Validator v;
  v.Text("reason", request.reason(), domain::kMaxLongText, true, true);
  ASSIGN_OR_RETURN(auto name, ParseDelegationName(request.name(), "name"));
  RETURN_IF_ERROR(v.Finish());
  return Transition(tx, name, request.etag(), v1::DELEGATION_STATE_REJECTED, request.reason());
}

absl::StatusOr<v1::Delegation> Delegations::Withdraw(storage::Tx& tx,
                                                     const domain::EventChild& name,
                                                     const v1::WithdrawDelegationRequest& request) {
  domain::Validator v;
  v.Text("reason", request.reason(), domain::kMaxLongText, false, true);
  RETURN_IF_ERROR(v.Finish());
  return Transition(tx, name, request.etag(), v1::DELEGATION_STATE_WITHDRAWN, request.reason());
}

absl::StatusOr<v1::DelegationMember> Delegations::AddMember(
    storage::Tx& tx, const domain::EventChild& parent,
    const v1::AddDelegationMemberRequest& request) {
  domain::Validator v;
  domain::ValidateMember(request.member(), "member", v);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::DelegationMember>(
      tx, "AddDelegationMember", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::DelegationMember> {
        ASSIGN_OR_RETURN(auto loaded, LoadForChange(tx, parent, "", true));
        if (loaded.member_count() >= domain::kMaxMembersPerDelegation) {
          return domain::FailedPrecondition(
              "DELEGATION_FULL", loaded.name(),
              absl::StrCat("a delegation has at most ", domain::kMaxMembersPerDelegation,
                           " members"));
        }
        storage::DelegationStore& store = tx.delegations();
        int64_t id = store.AddMember(parent.event, parent.id, request.member());
        return store.GetMember(parent.event, parent.id, id);
      });
}

absl::StatusOr<v1::ListDelegationMembersResponse> Delegations::ListMembers(
    storage::Tx& tx, const v1::ListDelegationMembersRequest& request) {
  ASSIGN_OR_RETURN(auto parent, ParseDelegationName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(auto size, domain::PageSize(request.page_size()));
  ASSIGN_OR_RETURN(auto after, NumericCursor(request.page_token(), request.parent()));
  storage::DelegationStore& store = tx.delegations();
  if (!store.Exists(parent.event, parent.id)) {
    return domain::NotFound(kType, request.parent(), "parent");
  }
  auto rows = store.ListMembers(parent.event, parent.id, after, size + 1);
  v1::ListDelegationMembersResponse response;
  response.set_next_page_token(
      TrimPage(rows, size, request.parent(),
               [](const v1::DelegationMember& m) { return LastSegment(m.name()); }));
  for (auto& m : rows) *response.add_members() = std::move(m);
  return response;
}

absl::StatusOr<v1::DelegationMember> Delegations::UpdateMember(
    storage::Tx& tx, const domain::MemberName& name,
    const v1::UpdateDelegationMemberRequest& request) {
  static const std::set<std::string> kUpdatable = {"person", "role"};
  ASSIGN_OR_RETURN(auto current,
                   LoadMemberForChange(tx, name, request.member().etag(), "member.etag"));
  storage::DelegationStore& store = tx.delegations();
  v1::DelegationMember updated = current;
  auto applied = ApplyUpdateMask(request.member(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  domain::ValidateMember(updated, "member", v);
  RETURN_IF_ERROR(v.Finish());
  store.UpdateMember(name.event, name.entity, name.member, updated);
  return store.GetMember(name.event, name.entity, name.member);
}

absl::StatusOr<v1::RemoveDelegationMemberResponse> Delegations::RemoveMember(
    storage::Tx& tx, const domain::MemberName& name,
    const v1::RemoveDelegationMemberRequest& request) {
  RETURN_IF_ERROR(LoadMemberForChange(tx, name, request.etag()));
  tx.delegations().RemoveMember(name.event, name.entity, name.member);
  return v1::RemoveDelegationMemberResponse();
}

}  // namespace forum::services
