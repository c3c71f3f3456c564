// Schedule exports: iCalendar (RFC 5545) and the frab schedule JSON read by conference apps.
//
// Both are pure functions of the event and its items, so the same schedule gives the same
// document byte for byte (but for the iCalendar DTSTAMP, which is the time given).
#ifndef FORUM_DOMAIN_SCHEDULE_EXPORT_H_
#define FORUM_DOMAIN_SCHEDULE_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "forum/v1/event.pb.h"

namespace forum::domain {

// One entry of a schedule: a plenary meeting or a round table.
struct ScheduleItem {
  std::string name;  // resource name, unique: the UID
  std::string kind;  // "Plenary meeting" or "Round table"
  std::string title;
  std::string description;
  std::string room;  // display name of the room, or empty
  absl::Time start;
  absl::Time end;
  bool indicative = false;
  std::vector<std::string> persons;  // presiding officer, co-chairs
};

struct ScheduleExport {
  v1::Event event;
  std::string title;                // calendar title, e.g. the event's title or a delegation's
  std::vector<ScheduleItem> items;  // in start order
  absl::Time stamp;                 // when the export was made
};

// iCalendar with a VTIMEZONE for the event's zone and times in that zone.
absl::StatusOr<std::string> ToICalendar(const ScheduleExport& schedule);
// frab schedule JSON (conference, days, rooms, events with start, duration, room, persons).
absl::StatusOr<std::string> ToFrabJson(const ScheduleExport& schedule);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SCHEDULE_EXPORT_H_
