// Page tokens for reads that pin a revision (document content, exports): signed with a key
// that only this process knows, so that a caller cannot forge a token to read a revision it was
// never shown. Earlier revisions are drafts, for authors only; a reader who started on the
// latest revision may finish reading it after the drafters moved on, and nobody may start on
// an older one through a token.
//
// The key is made at start: tokens do not survive a restart of forumd, and a caller whose
// token is refused reads again from the first page.
#ifndef FORUM_SERVICES_SIGNED_PAGE_TOKEN_H_
#define FORUM_SERVICES_SIGNED_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace forum::services {

// A token carrying `cursor`, bound to `query` (what the request asked for).
std::string SignPageToken(absl::string_view query, absl::string_view cursor);
// The cursor in `token`; empty for an empty token. INVALID_ARGUMENT on `page_token` when this
// process did not make it for the same query.
absl::StatusOr<std::string> OpenPageToken(absl::string_view token, absl::string_view query);

}  // namespace forum::services

#endif  // FORUM_SERVICES_SIGNED_PAGE_TOKEN_H_
