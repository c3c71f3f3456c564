// Page tokens and page sizes for List methods (AIP-158).
//
// A token is opaque to callers: it carries the position after the last item returned and a
// digest of the filter, so a token used with another filter is refused rather than silently
// giving a wrong page.
#ifndef FORUM_DOMAIN_PAGE_TOKEN_H_
#define FORUM_DOMAIN_PAGE_TOKEN_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace forum::domain {

// The byte budget of one page: a page stops before the serialized size of its items would pass
// it, and carries a next_page_token, whatever page_size asked for. gRPC clients refuse
// responses over 4 MiB by default; 1 MiB leaves room for the rest of the response, its
// metadata and the largest single item (a paragraph or comment of 8,000 characters is at most
// 32 KB in UTF-8), so that any page of any list reaches any client.
inline constexpr size_t kMaxPageBytes = size_t{1} << 20;

std::string EncodePageToken(absl::string_view query, absl::string_view cursor);
// The cursor in `token` (empty for an empty token). INVALID_ARGUMENT on `page_token` when it was
// not made by this server for the same query.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, absl::string_view query);
// 0 → the default; above the maximum → the maximum; negative → INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int32_t requested);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_PAGE_TOKEN_H_
