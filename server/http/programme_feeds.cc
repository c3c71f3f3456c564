#include "server/http/programme_feeds.h"

#include <utility>

namespace forum::server::http {

Feeds ProgrammeFeeds(services::ScheduleFeeds& feeds) {
  Feeds out;
  out.matches = [](absl::string_view path) { return services::ScheduleFeeds::IsFeedPath(path); };
  out.serve = [&feeds](const FeedRequest& request) {
    services::FeedResult result = feeds.Serve({request.path, request.token, request.authorization});
    FeedDocument document;
    document.status = result.http_status;
    document.message = std::move(result.message);
    document.content_type = result.document.content_type();
    document.body = std::move(*result.document.mutable_content());
    document.file_name = result.document.file_name();
    document.last_modified = result.document.update_time().seconds();
    return document;
  };
  return out;
}

}  // namespace forum::server::http
