// RETURN_IF_ERROR and ASSIGN_OR_RETURN, which the Abseil of Debian 12 lacks.
//
//   RETURN_IF_ERROR(CheckEtag(given, current, "Event", name));
//   ASSIGN_OR_RETURN(auto event, store.Get(name));   // declares `event`
//   ASSIGN_OR_RETURN(existing, store.Get(name));     // assigns to a declared variable
//
// Each evaluates its expression once and returns its status when it is not OK; ASSIGN_OR_RETURN
// moves the value out. RETURN_IF_ERROR is safe under an unbraced `if` (the switch swallows a
// dangling `else`); ASSIGN_OR_RETURN declares a temporary, so it needs a block of its own, and
// its left-hand side must not hold an unparenthesized comma. Both accept an absl::Status or an
// absl::StatusOr<T> and return an absl::Status, which converts to whatever absl::StatusOr the
// function returns.
#ifndef FORUM_DOMAIN_STATUS_MACROS_H_
#define FORUM_DOMAIN_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace forum::domain::status_internal {

inline const absl::Status& AsStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& AsStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace forum::domain::status_internal

#define FORUM_STATUS_CONCAT_IMPL(a, b) a##b
#define FORUM_STATUS_CONCAT(a, b) FORUM_STATUS_CONCAT_IMPL(a, b)

#define RETURN_IF_ERROR(expr)                                 \
  switch (0)                                                  \
  case 0:                                                     \
  default:                                                    \
    if (const ::absl::Status forum_status_macro_status =      \
            ::forum::domain::status_internal::AsStatus(expr); \
        forum_status_macro_status.ok()) {                     \
    } else /* NOLINT */                                       \
      return forum_status_macro_status

#define ASSIGN_OR_RETURN(lhs, rexpr) \
  FORUM_ASSIGN_OR_RETURN_IMPL(FORUM_STATUS_CONCAT(forum_status_macro_or_, __LINE__), lhs, rexpr)

#define FORUM_ASSIGN_OR_RETURN_IMPL(status_or, lhs, rexpr)   \
  auto status_or = (rexpr);                                  \
  if (!status_or.ok()) return std::move(status_or).status(); \
  lhs = std::move(status_or).value()

#endif  // FORUM_DOMAIN_STATUS_MACROS_H_
