#include "domain/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/digest.h"
#include "domain/errors.h"
#include "domain/validation.h"

namespace forum::domain {
std::string EncodePageToken(absl::string_view query, absl::string_view cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat("1:", StableDigest(query), ":", cursor));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, absl::string_view query) {
  if (token.empty()) return std::string();
  std::string raw;
  absl::Status bad = InvalidField(
      "page_token", "is not a token from a previous call of this list with the same filter");
  if (!absl::WebSafeBase64Unescape(token, &raw)) return bad;
  std::string expected = absl::StrCat("1:", StableDigest(query), ":");
  if (raw.size() <= expected.size() || raw.compare(0, expected.size(), expected) != 0) return bad;
  return raw.substr(expected.size());
}

absl::StatusOr<int> PageSize(int32_t requested) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

}  // namespace forum::domain
