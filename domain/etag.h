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

// OK when the caller sent no etag or the current one; ABORTED otherwise, naming the resource.
inline absl::Status CheckEtag(absl::string_view given, absl::string_view current,
                              absl::string_view type, absl::string_view name) {
  if (given.empty() || given == current) return absl::OkStatus();
  return StaleEtag(type, name);
}

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ETAG_H_
