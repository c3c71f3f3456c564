// Schedule exports: iCalendar (RFC 5545) and the frab schedule, JSON and XML, that conference
// apps read.
//
// All are pure functions of the event and the entries of a programme, so the same release gives
// the same document byte for byte (but for the iCalendar DTSTAMP, which is the time given).
// Cancelled entries stay in iCalendar, marked cancelled, so that subscribed calendars drop them;
// the frab documents leave them out.
#ifndef FORUM_DOMAIN_SCHEDULE_EXPORT_H_
#define FORUM_DOMAIN_SCHEDULE_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "forum/v1/event.pb.h"
#include "forum/v1/schedule.pb.h"

namespace forum::domain {

struct ScheduleExport {
  v1::Event event;
  std::string title;     // calendar title, e.g. the event's title or a delegation's
  std::string base_url;  // where forumd is published, absolute, ending in `/`
  std::string version;   // the release's version label, or `draft`
  std::vector<v1::ScheduleEntry> entries;  // in start order
  absl::Time stamp;                        // when the export was made
};

// iCalendar with a VTIMEZONE for the event's zone and times in that zone.
absl::StatusOr<std::string> ToICalendar(const ScheduleExport& schedule);
// The frab schedule JSON: conference, tracks, rooms, days with their rooms' events.
absl::StatusOr<std::string> ToFrabJson(const ScheduleExport& schedule);
// The frab schedule XML (`schedule.xml`) of the same model.
absl::StatusOr<std::string> ToFrabXml(const ScheduleExport& schedule);

// The parts of the frab model, exposed for tests.
// A name-based (version 5, SHA-1) UUID of `name` in the URL namespace of RFC 4122.
std::string NameBasedUuid(absl::string_view name);
// The conference acronym for an event id: lower case, `_` for every other character, at least
// four characters (`hld-2006` → `hld_2006`).
std::string FrabAcronym(absl::string_view event_id);
// The slug of an entry: the acronym, then the kind and the id, lower case (`hld_2006-plenary-1`).
std::string FrabSlug(absl::string_view acronym, const v1::ScheduleEntry& entry);
// The entry's public address: `{base_url}#/{name}`, which the web client shows.
std::string EntryUrl(absl::string_view base_url, absl::string_view name);

// Checks a public base URL: absolute http or https, a host, no query or fragment. Returns it
// ending in `/`.
absl::StatusOr<std::string> NormalizeBaseUrl(absl::string_view url);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SCHEDULE_EXPORT_H_
