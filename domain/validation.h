// Field validation shared by every request: text limits, dates, enums, list sizes.
//
// A Validator collects every violation of a request before answering, so that a caller fixes
// all its mistakes in one round trip; Finish() turns them into one INVALID_ARGUMENT status.
#ifndef FORUM_DOMAIN_VALIDATION_H_
#define FORUM_DOMAIN_VALIDATION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"

namespace forum::domain {

// Limits, in Unicode code points for texts.
inline constexpr size_t kMaxShortText = 200;  // names of people, rooms, titles of persons
inline constexpr size_t kMaxTitle = 500;      // titles of events and meetings, mandates
inline constexpr size_t kMaxLongText = 8000;  // descriptions and notes
inline constexpr size_t kMaxListItems = 100;  // organizers, follow-ups, figures
inline constexpr size_t kMaxRequestId = 128;
inline constexpr int kMaxPageSize = 1000;
inline constexpr int kDefaultPageSize = 50;

// Number of code points in valid UTF-8, or -1 when `text` is not valid UTF-8.
int64_t CodePoints(absl::string_view text);

class Validator {
 public:
  // A text of at most `max_chars` code points, without control characters other than line
  // breaks and tabs (allowed only when `multiline`).
  void Text(absl::string_view field, absl::string_view value, size_t max_chars, bool required,
            bool multiline = false);
  // A calendar date `YYYY-MM-DD`.
  void Date(absl::string_view field, absl::string_view value, bool required);
  // A value of a generated proto enum; `is_valid` is the enum's `_IsValid` function.
  void Enum(absl::string_view field, int value, bool (*is_valid)(int), bool required);
  // An integer in [lo, hi].
  void Range(absl::string_view field, int64_t value, int64_t lo, int64_t hi);
  // A repeated field of at most `max` items.
  void Count(absl::string_view field, size_t count, size_t max);
  // An e-mail address (a light check: one @, text on both sides, no spaces).
  void Email(absl::string_view field, absl::string_view value);
  // An optional request id for idempotent creates.
  void RequestId(absl::string_view field, absl::string_view value);
  // Any other violation.
  void Add(absl::string_view field, std::string description);

  bool ok() const { return violations_.empty(); }
  // OK, or INVALID_ARGUMENT naming every violation.
  absl::Status Finish() const;

 private:
  std::vector<FieldViolation> violations_;
};

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_VALIDATION_H_
