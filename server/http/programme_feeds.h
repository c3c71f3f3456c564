// The programme's feeds (services::ScheduleFeeds) as the HTTP port serves them.
#ifndef FORUM_SERVER_HTTP_PROGRAMME_FEEDS_H_
#define FORUM_SERVER_HTTP_PROGRAMME_FEEDS_H_

#include "server/http/http_server.h"
#include "services/schedule_feeds.h"

namespace forum::server::http {

// `feeds` must outlive the port.
Feeds ProgrammeFeeds(services::ScheduleFeeds& feeds);

}  // namespace forum::server::http

#endif  // FORUM_SERVER_HTTP_PROGRAMME_FEEDS_H_
