#include "domain/validation.h"

#include "absl/strings/str_cat.h"
#include "domain/dates.h"

namespace forum::domain {

int64_t CodePoints(absl::string_view text) {
  int64_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > text.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return -1;
    }
    i += len;
    ++count;
  }
  return count;
}

void Validator::Text(absl::string_view field, absl::string_view value, size_t max_chars,
                     bool required, bool multiline) {
  if (value.empty()) {
    if (required) Add(field, "is required");
    return;
  }
  int64_t chars = CodePoints(value);
  if (chars < 0) {
    Add(field, "is not valid UTF-8");
    return;
  }
  if (static_cast<size_t>(chars) > max_chars) {
    Add(field, absl::StrCat("is ", chars, " characters long; the limit is ", max_chars));
    return;
  }
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    bool control = u < 0x20 || u == 0x7f;
    bool allowed = multiline && (c == '\n' || c == '\t' || c == '\r');
    if (control && !allowed) {
      Add(field, multiline ? "contains a control character"
                           : "must be one line without control characters");
      return;
    }
  }
  bool blank = value.find_first_not_of(" \t\r\n") == absl::string_view::npos;
  if (blank && required) Add(field, "is blank");
}

void Validator::Date(absl::string_view field, absl::string_view value, bool required) {
  if (value.empty()) {
    if (required) Add(field, "is required (YYYY-MM-DD)");
    return;
  }
  if (!ParseDate(value).ok()) Add(field, absl::StrCat(Quote(value), " is not a date YYYY-MM-DD"));
}

void Validator::Enum(absl::string_view field, int value, bool (*is_valid)(int), bool required) {
  if (!is_valid(value)) {
    Add(field, absl::StrCat("unknown value ", value));
  } else if (value == 0 && required) {
    Add(field, "is required");
  }
}

void Validator::Range(absl::string_view field, int64_t value, int64_t lo, int64_t hi) {
  if (value < lo || value > hi) Add(field, absl::StrCat("must be between ", lo, " and ", hi));
}

void Validator::Count(absl::string_view field, size_t count, size_t max) {
  if (count > max) Add(field, absl::StrCat("has ", count, " items; the limit is ", max));
}

void Validator::Email(absl::string_view field, absl::string_view value) {
  if (value.empty()) return;
  size_t at = value.find('@');
  bool ok = value.size() <= 254 && at != absl::string_view::npos && at > 0 &&
            at + 1 < value.size() && value.find('@', at + 1) == absl::string_view::npos &&
            value.find_first_of(" \t\r\n") == absl::string_view::npos && CodePoints(value) > 0;
  if (!ok) Add(field, absl::StrCat(Quote(value), " is not an e-mail address"));
}

void Validator::RequestId(absl::string_view field, absl::string_view value) {
  if (value.empty()) return;
  if (value.size() > kMaxRequestId) {
    Add(field, absl::StrCat("is longer than ", kMaxRequestId, " characters"));
    return;
  }
  for (char c : value) {
    if (c <= 0x20 || c >= 0x7f) {
      Add(field, "must be printable ASCII without spaces (a UUID is best)");
      return;
    }
  }
}

void Validator::Add(absl::string_view field, std::string description) {
  violations_.push_back({std::string(field), std::move(description)});
}

absl::Status Validator::Finish() const {
  return ok() ? absl::OkStatus() : InvalidArgument(violations_);
}

}  // namespace forum::domain
