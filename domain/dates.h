// Dates and times: ISO dates, IANA time zones, protobuf timestamps, and the span of an event.
//
// Event dates are calendar days in the venue's time zone; meeting times are instants (UTC).
// An event's window runs from midnight of its first day to midnight after its last day, local
// time, so a meeting in New York at 18:00 on the last day is inside it.
#ifndef FORUM_DOMAIN_DATES_H_
#define FORUM_DOMAIN_DATES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace forum::domain {

// Parses exactly `YYYY-MM-DD` with a real calendar day (no 2007-02-30).
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text);
std::string FormatDate(absl::CivilDay day);

// Loads an IANA zone such as `America/New_York` from the system's zoneinfo.
absl::StatusOr<absl::TimeZone> LoadZone(absl::string_view name);

// [begin, end) of the days `start_date`..`end_date` in `zone`.
struct TimeWindow {
  absl::Time begin;
  absl::Time end;
};
absl::StatusOr<TimeWindow> DaysWindow(absl::string_view start_date, absl::string_view end_date,
                                      absl::string_view zone);

// Microseconds since the Unix epoch, as the store keeps instants.
int64_t ToMicros(const google::protobuf::Timestamp& ts);
google::protobuf::Timestamp FromMicros(int64_t micros);
int64_t NowMicros();
// A timestamp is valid when its nanos are in range and it lies in years 1..9999.
bool IsValidTimestamp(const google::protobuf::Timestamp& ts);
// RFC 3339 in `zone`, e.g. `2006-09-14T10:00:00-04:00`.
std::string FormatInZone(const google::protobuf::Timestamp& ts, const absl::TimeZone& zone);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_DATES_H_
