// The logic of forum.v1.DelegationService: registration, accreditation and members.
#ifndef FORUM_SERVICES_DELEGATIONS_H_
#define FORUM_SERVICES_DELEGATIONS_H_

#include "absl/status/statusor.h"
#include "domain/names.h"
#include "forum/v1/delegation.pb.h"
#include "storage/database.h"

namespace forum::services {

// A method that takes a name (`target`, `name`, `parent`) takes the request's name already parsed
// by the access rule that checked the caller may act for that delegation.
class Delegations {
 public:
  absl::StatusOr<v1::Delegation> Register(storage::Tx& tx, const domain::EventChild& target,
                                          const v1::RegisterDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Get(storage::Tx& tx, const v1::GetDelegationRequest& request);
  absl::StatusOr<v1::ListDelegationsResponse> List(storage::Tx& tx,
                                                   const v1::ListDelegationsRequest& request);
  absl::StatusOr<v1::Delegation> Update(storage::Tx& tx, const domain::EventChild& name,
                                        const v1::UpdateDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Accredit(storage::Tx& tx,
                                          const v1::AccreditDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Reject(storage::Tx& tx,
                                        const v1::RejectDelegationRequest& request);
  absl::StatusOr<v1::Delegation> Withdraw(storage::Tx& tx, const domain::EventChild& name,
                                          const v1::WithdrawDelegationRequest& request);

  absl::StatusOr<v1::DelegationMember> AddMember(storage::Tx& tx, const domain::EventChild& parent,
                                                 const v1::AddDelegationMemberRequest& request);
  absl::StatusOr<v1::ListDelegationMembersResponse> ListMembers(
      storage::Tx& tx, const v1::ListDelegationMembersRequest& request);
  absl::StatusOr<v1::DelegationMember> UpdateMember(
      storage::Tx& tx, const domain::MemberName& name,
      const v1::UpdateDelegationMemberRequest& request);
  absl::StatusOr<v1::RemoveDelegationMemberResponse> RemoveMember(
      storage::Tx& tx, const domain::MemberName& name,
      const v1::RemoveDelegationMemberRequest& request);

 private:
  // Moves a delegation to `to`, with `reason`, if its etag and state allow.
  absl::StatusOr<v1::Delegation> Transition(storage::Tx& tx, const domain::EventChild& name,
                                            absl::string_view etag, v1::DelegationState to,
                                            absl::string_view reason);
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_DELEGATIONS_H_
