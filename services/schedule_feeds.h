// The programme's feeds, read at the HTTP port's addresses by calendar apps and conference apps:
//   /events/{event}/schedule.{ics,json,xml}                         the event's programme
//   /events/{event}/delegations/{entity}/schedule.{ics,json,xml}    one delegation's calendar
// Each serves the latest release (iCalendar, frab JSON, frab XML). A calendar app sends no
// Authorization header, so a feed address carries a feed token (`?token=`, ROLE_FEED, scoped to
// the event or to the delegation); an API token is taken in the Authorization header only, never
// in an address, where it would end up in logs and calendar settings.
#ifndef FORUM_SERVICES_SCHEDULE_FEEDS_H_
#define FORUM_SERVICES_SCHEDULE_FEEDS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "forum/v1/round_table.pb.h"
#include "services/access.h"
#include "services/schedules.h"
#include "storage/database.h"

namespace forum::services {

struct FeedQuery {
  std::string path;           // the address's path, e.g. `/events/hld-2006/schedule.ics`
  std::string token;          // the `token` parameter of the address, decoded; may be empty
  std::string authorization;  // the Authorization header; may be empty
};

struct FeedResult {
  int http_status = 200;                // 200, or the refusal's: 400, 401, 403, 404, 429, 500, 503
  std::string message;                  // why, for a refusal
  v1::ExportScheduleResponse document;  // for 200
};

class ScheduleFeeds {
 public:
  ScheduleFeeds(storage::Database& db, Access& access, Schedules& schedules)
      : db_(db), access_(access), schedules_(schedules) {}

  // Whether `path` is a feed's address (its answer may still be a refusal).
  static bool IsFeedPath(absl::string_view path);
  // Reads the feed at `query.path` in one read transaction.
  FeedResult Serve(const FeedQuery& query);

 private:
  storage::Database& db_;
  Access& access_;
  Schedules& schedules_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_SCHEDULE_FEEDS_H_
