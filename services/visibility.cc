#include "services/visibility.h"

#include "domain/access.h"

namespace forum::services {

void RedactDelegation(const Caller& caller, v1::Delegation& d) {
  auto name = domain::ParseEventChildName(d.name(), "delegations", "name");
  if (name.ok() && caller.grants.FocalPointOf(name->event, name->id)) return;
  d.clear_contact_email();
  d.clear_notes();
  d.clear_credentials();
}

absl::Status CheckDocumentAccess(Access& access, storage::Tx& tx, const Caller& caller,
                                 const domain::DocRef& ref, domain::DocumentNeed need) {
  if (caller.grants.Admin()) return absl::OkStatus();
  auto facts = access.DocumentFacts(tx, ref.event, ref.doc);
  if (!facts) return absl::OkStatus();
  return domain::CheckDocumentAccess(caller.grants, *facts, need);
}

}  // namespace forum::services
