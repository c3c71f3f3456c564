// The event's programme exported for calendars and print (ExportSchedule), next to the events it
// lays out.
#include "domain/schedule_export.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/allocation.h"
#include "domain/allocation_plan.h"
#include "domain/dates.h"
#include "domain/delegation_rules.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/event_rules.h"
#include "domain/limits.h"
#include "domain/names.h"
#include "domain/round_table_rules.h"
#include "domain/status_macros.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/round_table_support.h"
#include "services/round_tables.h"
#include "services/schedule_checks.h"

namespace forum::services {

absl::StatusOr<v1::ExportScheduleResponse> RoundTables::Export(
    storage::Tx& tx, const v1::ExportScheduleRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  domain::Validator v;
  v.Enum("format", request.format(), v1::ScheduleFormat_IsValid, true);
  RETURN_IF_ERROR(v.Finish());
  storage::EventStore& events = tx.events();
  ASSIGN_OR_RETURN(auto event, events.Get(event_id, "parent"));
  domain::ScheduleExport schedule;
  schedule.event = event;
  schedule.title = event.title();
  schedule.stamp = absl::Now();
  std::string file = event_id;
  std::vector<std::string> sits;
  bool one_delegation = !request.delegation().empty();
  if (one_delegation) {
    ASSIGN_OR_RETURN(auto d, LoadDelegation(tx, event_id, request.delegation(), "delegation"));
    schedule.title = absl::StrCat(event.title(), ": ", d.display_name());
    file = absl::StrCat(event_id, "-", EntityCode(d));
    sits = tx.round_tables().TablesOf(event_id, EntityCode(d));
  }
  std::map<std::string, std::string> room_names;
  for (const auto& room : events.ListRooms(event_id, "", 100000)) {
    room_names[room.name()] = room.display_name();
  }
  auto to_time = [](const google::protobuf::Timestamp& ts) {
    return absl::FromUnixMicros(domain::ToMicros(ts));
  };
  for (const auto& s : events.ListSessions(event_id, 0, 100000)) {
    domain::ScheduleItem item{
        s.name(),
        "Plenary meeting",
        s.title().empty() ? absl::StrCat("Plenary meeting ", s.number()) : s.title(),
        s.description(),
        room_names[s.room()],
        to_time(s.start_time()),
        to_time(s.end_time()),
        s.times_indicative(),
        {}};
    if (!s.presiding_officer().empty()) item.persons.push_back(s.presiding_officer());
    schedule.items.push_back(std::move(item));
  }
  storage::RoundTableStore& tables = tx.round_tables();
  for (const auto& rt : tables.List(event_id, 0, 100000)) {
    if (!rt.has_start_time() || rt.state() == v1::ROUND_TABLE_STATE_CANCELLED) continue;
    if (one_delegation &&
        std::find(sits.begin(), sits.end(), LastSegment(rt.name())) == sits.end()) {
      continue;
    }
    domain::ScheduleItem item{rt.name(),
                              "Round table",
                              rt.title(),
                              rt.description(),
                              room_names[rt.room()],
                              to_time(rt.start_time()),
                              to_time(rt.end_time()),
                              rt.times_indicative(),
                              {}};
    for (const auto& p : tables.Participants(event_id, LastSegment(rt.name()))) {
      if (p.role() == v1::PARTICIPANT_ROLE_CO_CHAIR) {
        item.persons.push_back(p.display_name() + " (co-chair)");
      }
    }
    schedule.items.push_back(std::move(item));
  }
  std::stable_sort(schedule.items.begin(), schedule.items.end(),
                   [](const auto& a, const auto& b) { return a.start < b.start; });
  v1::ExportScheduleResponse response;
  absl::StatusOr<std::string> content;
  if (request.format() == v1::SCHEDULE_FORMAT_ICALENDAR) {
    content = domain::ToICalendar(schedule);
    response.set_content_type("text/calendar; charset=utf-8");
    response.set_file_name(file + ".ics");
  } else {
    content = domain::ToFrabJson(schedule);
    response.set_content_type("application/json");
    response.set_file_name(file + ".json");
  }
  if (!content.ok()) return content.status();
  response.set_content(*std::move(content));
  return response;
}

}  // namespace forum::services
