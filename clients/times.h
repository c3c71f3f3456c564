// Times on forumctl's command line and in its tables: read in an event's time zone, shown in it.
#ifndef FORUM_CLIENTS_TIMES_H_
#define FORUM_CLIENTS_TIMES_H_

#include <string>

#include "clients/context.h"
#include "google/protobuf/timestamp.pb.h"

namespace forum::client {

// Reads a meeting time: RFC 3339 with an offset, or a local time in the event's zone
// (`2027-05-10T10:00`). Throws CLI::ValidationError naming `option` otherwise.
google::protobuf::Timestamp ParseMeetingTime(const std::string& text, const std::string& zone_name,
                                             const std::string& option);
// `2027-05-10 10:00` in the zone.
std::string LocalTime(const google::protobuf::Timestamp& ts, const std::string& zone_name);
// The event's time zone, or UTC when it cannot be read (the later call then reports why).
std::string ZoneOf(Context& ctx, const std::string& event_id);

}  // namespace forum::client

#endif  // FORUM_CLIENTS_TIMES_H_
