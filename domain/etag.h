// Etags (AIP-154): derived from the row version that every update increments.
#ifndef FORUM_DOMAIN_ETAG_H_
#define FORUM_DOMAIN_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"

namespace forum::domain {

inline std::string EtagOf(int64_t version) { return absl::StrCat("W/\"", version, "\""); }

// Whether `etag` has the form this server issues: `W/"{version}"`, the version a positive
// decimal number of at most 18 digits (`W/"0"` for rules never written).
inline bool IsWellFormedEtag(absl::string_view etag) {
  if (etag.size() < 5 || etag.size() > 22 || etag.substr(0, 3) != "W/\"" || etag.back() != '"') {
    return false;
  }
  absl::string_view digits = etag.substr(3, etag.size() - 4);
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return false;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

// OK when the caller sent no etag or the current one. INVALID_ARGUMENT (naming `field`) for a
// value the server could never have issued, ABORTED for one that was current once and is stale.
inline absl::Status CheckEtag(absl::string_view given, absl::string_view current,
                              absl::string_view type, absl::string_view name,
                              absl::string_view field = "etag") {
  if (given.empty() || given == current) return absl::OkStatus();
  if (!IsWellFormedEtag(given)) {
    return InvalidField(field, "is not an etag this server issued; send the etag of the last read");
  }
  return StaleEtag(type, name);
}

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ETAG_H_
