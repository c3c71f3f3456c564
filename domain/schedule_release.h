// Releases of a programme: what the next release lists, and what changed from one to another.
//
// Pure functions of entries (forum.v1.ScheduleEntry), keyed by the meeting's resource name. A
// meeting that leaves the programme, cancelled or deleted, stays in every later release marked
// cancelled, so calendars that hold it learn that it is off.
#ifndef FORUM_DOMAIN_SCHEDULE_RELEASE_H_
#define FORUM_DOMAIN_SCHEDULE_RELEASE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "forum/v1/schedule.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace forum::domain {

// The entries of the release that follows `previous` when the programme being edited is
// `draft` (meetings with hours; cancelled ones included), in start order. Each entry keeps its
// sequence and update time from `previous` when nothing published about it changed, and gets the
// next sequence and `now` when something did. A cancelled meeting that was never published is
// left out.
std::vector<v1::ScheduleEntry> NextEntries(const std::vector<v1::ScheduleEntry>& previous,
                                           const std::vector<v1::ScheduleEntry>& draft,
                                           const google::protobuf::Timestamp& now);

struct ScheduleDiff {
  std::vector<v1::ScheduleChange> changes;  // in start order, then by meeting and kind
  std::vector<std::string> delegations;     // concerned by any change, in name order
};

// What changed from `older` to `newer`: new, moved, cancelled, retitled, chairs, speakers,
// details or participants changed; every change of what a release publishes has its line. With
// `delegation` (a delegation's resource name), only the changes that concern it: those of its
// round tables and of every plenary meeting.
ScheduleDiff DiffEntries(const std::vector<v1::ScheduleEntry>& older,
                         const std::vector<v1::ScheduleEntry>& newer,
                         absl::string_view delegation = "");

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SCHEDULE_RELEASE_H_
