// The status a storage failure is answered with, the same on both engines.
#ifndef FORUM_STORAGE_SQL_ERRORS_H_
#define FORUM_STORAGE_SQL_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

// Caller mistakes are caught by the services before they reach the engine, so what arrives here
// is the store's own trouble: busy or a conflict → UNAVAILABLE, unreachable → UNAVAILABLE, disk
// full → RESOURCE_EXHAUSTED; a constraint is a check the services missed, logged as such and
// answered for what it means (unique → ALREADY_EXISTS, foreign key → FAILED_PRECONDITION, any
// other → INTERNAL) with a message that names no SQL and ends "the server missed this check".
// `what` names the work that failed ("write", "read", "migrate").
absl::Status ErrorStatus(Error::Kind kind, absl::string_view what);

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_ERRORS_H_
