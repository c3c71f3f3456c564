// Rules for registering and accrediting delegations.
#ifndef FORUM_DOMAIN_DELEGATION_RULES_H_
#define FORUM_DOMAIN_DELEGATION_RULES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/validation.h"
#include "forum/v1/delegation.pb.h"
#include "forum/v1/entity.pb.h"
#include "forum/v1/event.pb.h"

namespace forum::domain {

void ValidatePerson(const v1::Person& person, absl::string_view prefix, bool required,
                    Validator& v);
// The caller-set fields of a delegation: head, credentials, contact, notes.
void ValidateDelegationFields(const v1::Delegation& d, absl::string_view prefix, Validator& v);
void ValidateMember(const v1::DelegationMember& m, absl::string_view prefix, Validator& v);

// Delegations register while the event is open for registration or in session.
absl::Status CheckRegistrationOpen(const v1::Event& event);
// The entity existed, under this name, on the event's first day (South Sudan, admitted in 2011,
// cannot register for a 2006 event).
absl::Status CheckEntityEligible(const v1::Entity& entity, const v1::Event& event);
// pending → accredited | rejected; pending | accredited → withdrawn.
absl::Status CheckDelegationTransition(const v1::Delegation& d, v1::DelegationState to);
// Withdrawn and rejected delegations keep their record as it was.
absl::Status CheckDelegationEditable(const v1::Delegation& d);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_DELEGATION_RULES_H_
