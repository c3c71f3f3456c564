// The logic of forum.v1.DelegationService: registration, accreditation and members.
#ifndef FORUM_SERVICES_DELEGATIONS_H_
#define FORUM_SERVICES_DELEGATIONS_H_

#include "absl/status/statusor.h"
#include "forum/v1/delegation.pb.h"
#include "storage/database.h"

namespace forum::services {

class Delegations {
 public:
  explicit Delegations(storage::Database& db) : db_(db) {}

  absl::StatusOr<v1::Delegation> Register(const v1::RegisterDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Get(const v1::GetDelegationRequest& request);
  absl::StatusOr<v1::ListDelegationsResponse> List(const v1::ListDelegationsRequest& request);
  absl::StatusOr<v1::Delegation> Update(const v1::UpdateDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Accredit(const v1::AccreditDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Reject(const v1::RejectDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Withdraw(const v1::WithdrawDelegationRequest& request);

  absl::StatusOr<v1::DelegationMember> AddMember(const v1::AddDelegationMemberRequest& request);
  absl::StatusOr<v1::ListDelegationMembersResponse> ListMembers(
      const v1::ListDelegationMembersRequest& request);
  absl::StatusOr<v1::DelegationMember> UpdateMember(
      const v1::UpdateDelegationMemberRequest& request);
  absl::StatusOr<v1::RemoveDelegationMemberResponse> RemoveMember(
      const v1::RemoveDelegationMemberRequest& request);

 private:
  // Moves a delegation to `to`, with `reason`, if its etag and state allow.
  absl::StatusOr<v1::Delegation> Transition(absl::string_view name, absl::string_view etag,
                                            v1::DelegationState to, absl::string_view reason);

  storage::Database& db_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_DELEGATIONS_H_
