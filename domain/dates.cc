#include "domain/dates.h"

#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/errors.h"

namespace forum::domain {
namespace {

bool Digits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Digits(text.substr(0, 4)) ||
      !Digits(text.substr(5, 2)) || !Digits(text.substr(8, 2))) {
    return absl::InvalidArgumentError(absl::StrCat(Quote(text), " is not YYYY-MM-DD"));
  }
  int y = 0, m = 0, d = 0;
  (void)absl::SimpleAtoi(text.substr(0, 4), &y);
  (void)absl::SimpleAtoi(text.substr(5, 2), &m);
  (void)absl::SimpleAtoi(text.substr(8, 2), &d);
  absl::CivilDay day(y, m, d);
  // CivilDay normalizes out-of-range fields; a real date survives unchanged.
  if (y < 1 || day.year() != y || day.month() != m || day.day() != d) {
    return absl::InvalidArgumentError(absl::StrCat(Quote(text), " is not a calendar date"));
  }
  return day;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<absl::TimeZone> LoadZone(absl::string_view name) {
  absl::TimeZone zone;
  // absl accepts some non-IANA spellings (fixed offsets); a zone name must contain a slash or
  // be UTC so that displays follow daylight saving as the venue does.
  bool plausible = name == "UTC" || name.find('/') != absl::string_view::npos;
  if (name.empty() || !plausible || !absl::LoadTimeZone(std::string(name), &zone)) {
    return absl::InvalidArgumentError(absl::StrCat(Quote(name), " is not an IANA time zone"));
  }
  return zone;
}

absl::StatusOr<TimeWindow> DaysWindow(absl::string_view start_date, absl::string_view end_date,
                                      absl::string_view zone_name) {
  auto first = ParseDate(start_date);
  if (!first.ok()) return first.status();
  auto last = ParseDate(end_date);
  if (!last.ok()) return last.status();
  auto zone = LoadZone(zone_name);
  if (!zone.ok()) return zone.status();
  return TimeWindow{absl::FromCivil(absl::CivilSecond(*first), *zone),
                    absl::FromCivil(absl::CivilSecond(*last + 1), *zone)};
}

int64_t ToMicros(const google::protobuf::Timestamp& ts) {
  // Saturates rather than overflow: callers check IsValidTimestamp first, but a time a caller
  // sent must never be able to reach undefined behaviour.
  constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / 1000000 - 1;
  if (ts.seconds() > kLimit) return std::numeric_limits<int64_t>::max();
  if (ts.seconds() < -kLimit) return std::numeric_limits<int64_t>::min();
  return ts.seconds() * 1000000 + ts.nanos() / 1000;
}

google::protobuf::Timestamp FromMicros(int64_t micros) {
  google::protobuf::Timestamp ts;
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rest * 1000));
  return ts;
}

int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

bool IsValidTimestamp(const google::protobuf::Timestamp& ts) {
  // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, as google.protobuf.Timestamp defines them.
  return ts.nanos() >= 0 && ts.nanos() < 1000000000 && ts.seconds() >= -62135596800 &&
         ts.seconds() <= 253402300799;
}

std::string FormatInZone(const google::protobuf::Timestamp& ts, const absl::TimeZone& zone) {
  absl::Time t = absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", t, zone);
}

}  // namespace forum::domain
