#include "services/schedule_feeds.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/names.h"
#include "domain/status_macros.h"

namespace forum::services {
namespace {

struct FeedPath {
  std::string event;
  std::string entity;  // empty: the event's programme
  v1::ScheduleFormat format = v1::SCHEDULE_FORMAT_UNSPECIFIED;
};

std::optional<FeedPath> ParseFeedPath(absl::string_view path) {
  std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  // "", "events", event, [delegations, entity,] file
  if (parts.size() != 4 && parts.size() != 6) return std::nullopt;
  if (!parts[0].empty() || parts[1] != "events" || !domain::IsValidId(parts[2])) {
    return std::nullopt;
  }
  FeedPath feed;
  feed.event = std::string(parts[2]);
  if (parts.size() == 6) {
    if (parts[3] != "delegations" || parts[4].empty() || parts[4].size() > 63) return std::nullopt;
    for (char c : parts[4]) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') return std::nullopt;
    }
    feed.entity = std::string(parts[4]);
  }
  absl::string_view file = parts.back();
  if (file == "schedule.ics") {
    feed.format = v1::SCHEDULE_FORMAT_ICALENDAR;
  } else if (file == "schedule.json") {
    feed.format = v1::SCHEDULE_FORMAT_FRAB_JSON;
  } else if (file == "schedule.xml") {
    feed.format = v1::SCHEDULE_FORMAT_FRAB_XML;
  } else {
    return std::nullopt;
  }
  return feed;
}

int HttpStatusOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
      return 404;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return 503;
    default:
      return 500;
  }
}

absl::Status Unauthenticated(absl::string_view why) { return absl::UnauthenticatedError(why); }

}  // namespace

bool ScheduleFeeds::IsFeedPath(absl::string_view path) { return ParseFeedPath(path).has_value(); }

FeedResult ScheduleFeeds::Serve(const FeedQuery& query) {
  FeedResult result;
  std::optional<FeedPath> feed = ParseFeedPath(query.path);
  if (!feed) {
    result.http_status = 404;
    result.message = "not found";
    return result;
  }
  absl::string_view bearer = query.authorization;
  bool has_header = !bearer.empty();
  if (has_header && !absl::ConsumePrefix(&bearer, "Bearer ") &&
      !absl::ConsumePrefix(&bearer, "bearer ")) {
    result.http_status = 401;
    result.message = "the Authorization header must be `Bearer <token>`";
    return result;
  }
  if (!has_header && query.token.empty()) {
    result.http_status = 401;
    result.message =
        "a feed address needs a feed token (`?token=`, forumctl schedule feed) or an "
        "Authorization header";
    return result;
  }
  bool admitted = false;
  auto answer = db_.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ExportScheduleResponse> {
    // The address's token first: a calendar app sends nothing else.
    std::string secret = query.token.empty() ? std::string(bearer) : query.token;
    ASSIGN_OR_RETURN(Caller caller, access_.AuthenticateForFeed(tx, secret));
    bool feed_token = caller.grants.Feed();
    if (!query.token.empty() && !feed_token) {
      return Unauthenticated(
          "the token in a feed address must be a feed token; an API token goes in the "
          "Authorization header, never in an address");
    }
    if (feed_token && !caller.grants.FeedOf(feed->event, feed->entity)) {
      return absl::PermissionDeniedError(
          absl::StrCat("this feed token reads ", caller.grants.Describe(), ", not ", query.path));
    }
    if (!admitted) {  // once, however often the read runs
      RETURN_IF_ERROR(access_.Admit(caller, "GetScheduleFeed"));
      admitted = true;
    }
    v1::ExportScheduleRequest request;
    request.set_parent(domain::EventName(feed->event));
    request.set_format(feed->format);
    if (!feed->entity.empty()) {
      request.set_delegation(domain::EventChildName(feed->event, "delegations", feed->entity));
    }
    return schedules_.Export(tx, request);
  });
  if (!answer.ok()) {
    result.http_status = HttpStatusOf(answer.status());
    result.message = std::string(answer.status().message());
    return result;
  }
  result.document = *std::move(answer);
  return result;
}

}  // namespace forum::services
