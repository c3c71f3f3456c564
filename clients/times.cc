#include "clients/times.h"

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "forum/v1/event.grpc.pb.h"

namespace forum::client {

google::protobuf::Timestamp ParseMeetingTime(const std::string& text, const std::string& zone_name,
                                             const std::string& option) {
  absl::Time t;
  std::string err;
  bool ok = absl::ParseTime(absl::RFC3339_full, text, &t, &err);
  if (!ok) {
    absl::TimeZone zone;
    absl::LoadTimeZone(zone_name, &zone);
    for (const char* format : {"%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"}) {
      if (absl::ParseTime(format, text, zone, &t, &err)) {
        ok = true;
        break;
      }
    }
  }
  if (!ok) {
    throw CLI::ValidationError(option, "'" + text +
                                           "' is not a time: use 2027-05-10T10:00 (event's "
                                           "local time) or 2027-05-10T14:00:00Z");
  }
  return domain::FromMicros(absl::ToUnixMicros(t));
}

std::string LocalTime(const google::protobuf::Timestamp& ts, const std::string& zone_name) {
  absl::TimeZone zone;
  absl::LoadTimeZone(zone_name, &zone);
  absl::Time t = absl::FromUnixMicros(domain::ToMicros(ts));
  return absl::FormatTime("%Y-%m-%d %H:%M", t, zone);
}

std::string ZoneOf(Context& ctx, const std::string& event_id) {
  auto stub = v1::EventService::NewStub(ctx.Channel());
  v1::GetEventRequest request;
  request.set_name("events/" + event_id);
  v1::Event event;
  auto call = ctx.NewCall();
  return stub->GetEvent(call.get(), request, &event).ok() ? event.time_zone() : "UTC";
}

}  // namespace forum::client
