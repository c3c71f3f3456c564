#include "server/http/conditional_get.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/digest.h"

namespace forum::server::http {

std::string EntityTag(absl::string_view body) {
  return absl::StrFormat("\"%016x-%x\"", domain::StableDigest(body), body.size());
}

std::string HttpDate(int64_t unix_seconds) {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::optional<int64_t> ParseHttpDate(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", std::string(text), absl::UTCTimeZone(), &t,
                       &err)) {
    return std::nullopt;
  }
  return absl::ToUnixSeconds(t);
}

bool NotModified(absl::string_view if_none_match, absl::string_view if_modified_since,
                 absl::string_view etag, int64_t last_modified) {
  if_none_match = absl::StripAsciiWhitespace(if_none_match);
  if (!if_none_match.empty()) {
    if (if_none_match == "*") return true;
    absl::string_view mine = etag;
    absl::ConsumePrefix(&mine, "W/");
    for (absl::string_view tag : absl::StrSplit(if_none_match, ',')) {
      tag = absl::StripAsciiWhitespace(tag);
      absl::ConsumePrefix(&tag, "W/");
      if (tag == mine) return true;
    }
    return false;  // If-Modified-Since is ignored when If-None-Match is sent
  }
  if (if_modified_since.empty() || last_modified <= 0) return false;
  std::optional<int64_t> since = ParseHttpDate(absl::StripAsciiWhitespace(if_modified_since));
  // A date later than now is no date the server gave: it is ignored (RFC 9110, 13.1.3).
  if (!since.has_value() || *since > absl::ToUnixSeconds(absl::Now())) return false;
  return last_modified <= *since;
}

std::string QueryParameter(absl::string_view target, absl::string_view name) {
  size_t q = target.find('?');
  if (q == absl::string_view::npos) return "";
  for (absl::string_view pair : absl::StrSplit(target.substr(q + 1), '&')) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (kv.first != name) continue;
    std::string out;
    absl::string_view v = kv.second;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '+') {
        out += ' ';
      } else if (v[i] == '%') {
        if (i + 2 >= v.size() || !absl::ascii_isxdigit(static_cast<unsigned char>(v[i + 1])) ||
            !absl::ascii_isxdigit(static_cast<unsigned char>(v[i + 2]))) {
          return "";
        }
        auto hex = [](char c) { return absl::ascii_isdigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; };
        out += static_cast<char>(hex(v[i + 1]) * 16 + hex(v[i + 2]));
        i += 2;
      } else {
        out += v[i];
      }
    }
    return out;
  }
  return "";
}

}  // namespace forum::server::http
