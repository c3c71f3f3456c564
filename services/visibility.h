// What a caller may see of the resources it reads: the rules the unary reads apply, in one place
// that the change feed applies too, so a watcher never sees more than a Get would show it.
#ifndef FORUM_SERVICES_VISIBILITY_H_
#define FORUM_SERVICES_VISIBILITY_H_

#include "absl/status/status.h"
#include "domain/access.h"
#include "domain/names.h"
#include "forum/v1/delegation.pb.h"
#include "services/access.h"
#include "storage/database.h"

namespace forum::services {

// Clears a delegation's contact details and credentials unless the caller is its focal point or
// the secretariat.
void RedactDelegation(const Caller& caller, v1::Delegation& d);

// OK when the caller may do what `need` says to the document in its present state (read a
// draft: its authors and the secretariat); PERMISSION_DENIED otherwise. A document that does
// not exist passes: the call then answers NOT_FOUND on its own.
absl::Status CheckDocumentAccess(Access& access, storage::Tx& tx, const Caller& caller,
                                 const domain::DocRef& ref, domain::DocumentNeed need);
inline absl::Status CheckDocumentRead(Access& access, storage::Tx& tx, const Caller& caller,
                                      const domain::DocRef& ref) {
  return CheckDocumentAccess(access, tx, caller, ref, domain::DocumentNeed::kRead);
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_VISIBILITY_H_
