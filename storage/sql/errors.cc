#include "storage/sql/errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace forum::storage::sql {

absl::Status ErrorStatus(Error::Kind kind, absl::string_view what) {
  using Kind = Error::Kind;
  switch (kind) {
    case Kind::kBusy:
    case Kind::kSerialization:
      return absl::UnavailableError(
          absl::StrCat("the database is busy (", what, "); retry the call"));
    case Kind::kUnreachable:
      return absl::UnavailableError(
          absl::StrCat("the database cannot be reached (", what, "); retry the call"));
    case Kind::kUnique:
    case Kind::kForeignKey:
    case Kind::kConstraint:
      // Every check runs inside the write's transaction, so no race can lose one: a constraint
      // that the engine enforces means the services missed a check. The code says what the
      // constraint means; the log says it is a defect.
      spdlog::error(
          "storage: a constraint refused a change during {}: a check is missing in the services",
          std::string(what));
      if (kind == Kind::kUnique) {
        return absl::AlreadyExistsError(absl::StrCat("the change collides with a stored one (",
                                                     what, "); the server missed this check"));
      }
      if (kind == Kind::kForeignKey) {
        return absl::FailedPreconditionError(
            absl::StrCat("the change refers to something that does not exist or is still in use (",
                         what, "); the server missed this check"));
      }
      return absl::InternalError(
          absl::StrCat("the store refused the change (", what, "); the server missed this check"));
    case Kind::kNulInText:
      // The services refuse control characters in the texts they store; a NUL that reaches the
      // engine came in a value only looked up (a name, a filter), and is the caller's mistake.
      return absl::InvalidArgumentError(
          "a text holds a NUL character (U+0000), which the server cannot store or look up");
    case Kind::kFull:
      return absl::ResourceExhaustedError("the database disk is full");
    case Kind::kReadOnly:
      return absl::FailedPreconditionError("the database is read-only");
    case Kind::kCorrupt:
      return absl::DataLossError(absl::StrCat("a stored value is damaged (", what, ")"));
    case Kind::kOther:
      break;
  }
  return absl::InternalError(absl::StrCat("storage failure during ", what));
}

}  // namespace forum::storage::sql
