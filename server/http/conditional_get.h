// Conditional GETs (RFC 9110, 13.1) for the documents the port serves whole, such as the
// programme's feeds: entity tags, HTTP dates, and whether a client's copy is still current, so
// that calendar apps that poll every few minutes get a 304 and no body when nothing changed.
#ifndef FORUM_SERVER_HTTP_CONDITIONAL_GET_H_
#define FORUM_SERVER_HTTP_CONDITIONAL_GET_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace forum::server::http {

// A strong entity tag for `body`, quoted: the same bytes give the same tag in every process.
std::string EntityTag(absl::string_view body);
// An IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
std::string HttpDate(int64_t unix_seconds);
// Reads an IMF-fixdate (the two obsolete forms are not sent by any client still in use).
std::optional<int64_t> ParseHttpDate(absl::string_view text);

// Whether the client's copy is current: If-None-Match when sent (a list of tags, weak ones
// compared weakly, or `*`), else If-Modified-Since against `last_modified` (seconds; 0: unknown;
// a date in the future is ignored).
bool NotModified(absl::string_view if_none_match, absl::string_view if_modified_since,
                 absl::string_view etag, int64_t last_modified);

// The value of `name` in a request target's query (`/path?a=1&token=x`), percent-decoded; empty
// when absent or malformed.
std::string QueryParameter(absl::string_view target, absl::string_view name);

}  // namespace forum::server::http

#endif  // FORUM_SERVER_HTTP_CONDITIONAL_GET_H_
