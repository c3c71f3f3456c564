// Publishing the programme: the draft read from the meetings, releases appended with their
// changelog, diffs, and exports of a release or of the draft.
#include "services/schedules.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/limits.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "domain/schedule_export.h"
#include "domain/schedule_release.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "services/idempotency.h"
#include "services/round_table_support.h"

namespace forum::services {
namespace {

constexpr char kType[] = "forum.v1.ScheduleRelease";
constexpr size_t kMaxVersion = 40;
constexpr size_t kMaxComment = 2000;
constexpr int kAll = 100000;

struct ReleaseRef {
  std::string event;
  int number = 0;  // 0: the latest
};

// `events/{event}/scheduleReleases/{number}` or `.../latest`.
absl::StatusOr<ReleaseRef> ParseReleaseName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  auto bad = [&]() {
    return domain::InvalidField(
        field, absl::StrCat(domain::Quote(name),
                            " is not events/{event}/scheduleReleases/{number} or .../latest"));
  };
  if (parts.size() != 4 || parts[0] != "events" || parts[2] != "scheduleReleases") return bad();
  if (!domain::IsValidId(parts[1])) return bad();
  ReleaseRef ref{std::string(parts[1]), 0};
  if (parts[3] == "latest") return ref;
  if (parts[3].empty() || parts[3].size() > 9 || parts[3][0] == '0' ||
      !std::all_of(parts[3].begin(), parts[3].end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(parts[3], &ref.number)) {
    return bad();
  }
  return ref;
}

std::string ReleaseName(absl::string_view event_id, int number) {
  return absl::StrCat("events/", event_id, "/scheduleReleases/", number);
}

// The number `ref` stands for: NOT_FOUND when there is no such release.
absl::StatusOr<int> Resolve(storage::Tx& tx, const ReleaseRef& ref, absl::string_view field) {
  storage::ScheduleStore& store = tx.schedules();
  int number = ref.number == 0 ? store.LatestNumber(ref.event) : ref.number;
  if (number == 0 || (ref.number != 0 && !store.Get(ref.event, number).has_value())) {
    return domain::NotFound(kType,
                            ref.number == 0
                                ? absl::StrCat("events/", ref.event, "/scheduleReleases/latest")
                                : ReleaseName(ref.event, ref.number),
                            field);
  }
  return number;
}

bool ValidVersion(absl::string_view v) {
  if (v.empty() || v.size() > kMaxVersion) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
           c == '+';
  });
}

// The entries of a release, in start order (none for release 0, before the first).
std::vector<v1::ScheduleEntry> EntriesOf(storage::ScheduleStore& store, absl::string_view event_id,
                                         int number) {
  v1::ScheduleEntries contents = store.Contents(event_id, number);
  return {contents.entries().begin(), contents.entries().end()};
}

bool SameEntries(const std::vector<v1::ScheduleEntry>& a, const std::vector<v1::ScheduleEntry>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].SerializeAsString() != b[i].SerializeAsString()) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<v1::ScheduleEntry>> DraftEntries(storage::Tx& tx,
                                                            absl::string_view event_id) {
  storage::EventStore& events = tx.events();
  std::map<std::string, std::string> room_names;
  for (const auto& room : events.ListRooms(event_id, "", kAll)) {
    room_names[room.name()] = room.display_name();
  }
  std::vector<v1::ScheduleEntry> entries;
  for (const auto& s : events.ListSessions(event_id, 0, kAll)) {
    v1::ScheduleEntry e;
    e.set_name(s.name());
    e.set_kind(v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING);
    e.set_number(s.number());
    e.set_title(s.title().empty() ? absl::StrCat("Plenary meeting ", s.number()) : s.title());
    e.set_description(s.description());
    e.set_room(s.room());
    if (!s.room().empty()) e.set_room_display_name(room_names[s.room()]);
    *e.mutable_start_time() = s.start_time();
    *e.mutable_end_time() = s.end_time();
    e.set_times_indicative(s.times_indicative());
    if (!s.presiding_officer().empty()) e.add_chairs(s.presiding_officer());
    storage::SpeakerStore::Query q;
    q.session_id = domain::LastSegment(s.name());
    q.limit = kAll;
    std::set<std::string> delegations;
    for (const auto& speaker : tx.speakers().List(event_id, "plenary", q)) {
      e.add_speakers(speaker.display_name());
      delegations.insert(speaker.delegation());
    }
    for (const auto& d : delegations) e.add_delegations(d);
    entries.push_back(std::move(e));
  }
  storage::RoundTableStore& tables = tx.round_tables();
  for (const auto& rt : tables.List(event_id, 0, kAll)) {
    if (!rt.has_start_time()) continue;
    v1::ScheduleEntry e;
    e.set_name(rt.name());
    e.set_kind(v1::SCHEDULE_ENTRY_KIND_ROUND_TABLE);
    e.set_number(rt.number());
    e.set_title(rt.title());
    e.set_description(rt.description());
    e.set_room(rt.room());
    if (!rt.room().empty()) e.set_room_display_name(room_names[rt.room()]);
    *e.mutable_start_time() = rt.start_time();
    *e.mutable_end_time() = rt.end_time();
    e.set_times_indicative(rt.times_indicative());
    e.set_cancelled(rt.state() == v1::ROUND_TABLE_STATE_CANCELLED);
    std::set<std::string> delegations;
    for (const auto& p : tables.Participants(event_id, domain::LastSegment(rt.name()))) {
      if (p.role() == v1::PARTICIPANT_ROLE_CO_CHAIR) e.add_chairs(p.display_name());
      delegations.insert(p.delegation());
    }
    for (const auto& d : delegations) e.add_delegations(d);
    entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return domain::ToMicros(a.start_time()) < domain::ToMicros(b.start_time());
  });
  return entries;
}

absl::StatusOr<v1::ScheduleRelease> Schedules::Publish(storage::Tx& tx,
                                                       const v1::PublishScheduleRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  domain::Validator v;
  if (!ValidVersion(request.version())) {
    v.Add("version", "must be 1 to 40 letters, digits, '.', '-', '_' or '+'");
  }
  v.Text("comment", request.comment(), kMaxComment, false, true);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::ScheduleRelease>(
      tx, "PublishSchedule", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::ScheduleRelease> {
        ASSIGN_OR_RETURN(auto event, tx.events().Get(event_id, "parent"));
        storage::ScheduleStore& store = tx.schedules();
        if (store.HasVersion(event_id, request.version())) {
          return domain::AlreadyExists(
              kType, request.parent(),
              absl::StrCat("version ", domain::Quote(request.version()),
                           " is already published; give the release a new version"));
        }
        int latest = store.LatestNumber(event_id);
        if (latest >= domain::kMaxScheduleReleasesPerEvent) {
          return domain::CountLimit("SCHEDULE_RELEASE_COUNT", request.parent(),
                                    domain::kMaxScheduleReleasesPerEvent, "schedule releases");
        }
        std::vector<v1::ScheduleEntry> previous = EntriesOf(store, event_id, latest);
        ASSIGN_OR_RETURN(auto draft, DraftEntries(tx, event_id));
        google::protobuf::Timestamp now = domain::FromMicros(domain::NowMicros());
        std::vector<v1::ScheduleEntry> next = domain::NextEntries(previous, draft, now);
        if (latest > 0 && SameEntries(previous, next)) {
          return domain::FailedPrecondition(
              kType, request.parent(),
              absl::StrCat("nothing changed since ", ReleaseName(event_id, latest),
                           "; there is nothing to publish"));
        }
        domain::ScheduleDiff diff = domain::DiffEntries(previous, next);
        v1::ScheduleRelease release;
        release.set_name(ReleaseName(event_id, latest + 1));
        release.set_number(latest + 1);
        release.set_version(request.version());
        release.set_comment(request.comment());
        *release.mutable_create_time() = now;
        release.set_creator(std::string(tx.caller()));
        release.set_entry_count(static_cast<int>(next.size()));
        for (auto& c : diff.changes) *release.add_changes() = std::move(c);
        for (auto& d : diff.delegations) release.add_delegations(std::move(d));
        store.Insert(event_id, release, next, event);
        return release;
      });
}

absl::StatusOr<v1::ListScheduleReleasesResponse> Schedules::List(
    storage::Tx& tx, const v1::ListScheduleReleasesRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(int size, domain::PageSize(request.page_size()));
  ASSIGN_OR_RETURN(auto cursor, domain::DecodePageToken(request.page_token(), request.parent()));
  int before = 0;
  if (!cursor.empty() && (!absl::SimpleAtoi(cursor, &before) || before <= 0)) {
    return domain::InvalidField("page_token", "is not a token this method gave");
  }
  RETURN_IF_ERROR(tx.events().Get(event_id, "parent").status());
  auto rows = tx.schedules().List(event_id, before, size + 1);
  v1::ListScheduleReleasesResponse response;
  if (static_cast<int>(rows.size()) > size) {
    rows.resize(size);
    response.set_next_page_token(
        domain::EncodePageToken(request.parent(), absl::StrCat(rows.back().number())));
  }
  for (auto& r : rows) *response.add_releases() = std::move(r);
  return response;
}

absl::StatusOr<v1::ScheduleRelease> Schedules::Get(storage::Tx& tx,
                                                   const v1::GetScheduleReleaseRequest& request) {
  ASSIGN_OR_RETURN(auto ref, ParseReleaseName(request.name(), "name"));
  RETURN_IF_ERROR(tx.events().Get(ref.event, "name").status());
  ASSIGN_OR_RETURN(int number, Resolve(tx, ref, "name"));
  return *tx.schedules().Get(ref.event, number);
}

absl::StatusOr<v1::DiffScheduleReleasesResponse> Schedules::Diff(
    storage::Tx& tx, const v1::DiffScheduleReleasesRequest& request) {
  ASSIGN_OR_RETURN(auto from, ParseReleaseName(request.from_release(), "from_release"));
  ReleaseRef to{from.event, 0};
  if (!request.to_release().empty()) {
    ASSIGN_OR_RETURN(to, ParseReleaseName(request.to_release(), "to_release"));
    if (to.event != from.event) {
      return domain::InvalidField("to_release", "must be a release of the same event");
    }
  }
  std::string delegation;
  if (!request.delegation().empty()) {
    ASSIGN_OR_RETURN(
        auto d, domain::ParseEventChildName(request.delegation(), "delegations", "delegation"));
    if (d.event != from.event) {
      return domain::InvalidField("delegation", "must be a delegation of the releases' event");
    }
    delegation = request.delegation();
  }
  RETURN_IF_ERROR(tx.events().Get(from.event, "from_release").status());
  ASSIGN_OR_RETURN(int from_number, Resolve(tx, from, "from_release"));
  std::vector<v1::ScheduleEntry> older = EntriesOf(tx.schedules(), from.event, from_number);
  std::vector<v1::ScheduleEntry> newer;
  if (request.to_release().empty()) {
    ASSIGN_OR_RETURN(newer, DraftEntries(tx, from.event));
  } else {
    ASSIGN_OR_RETURN(int to_number, Resolve(tx, to, "to_release"));
    newer = EntriesOf(tx.schedules(), to.event, to_number);
  }
  domain::ScheduleDiff diff = domain::DiffEntries(older, newer, delegation);
  v1::DiffScheduleReleasesResponse response;
  for (auto& c : diff.changes) *response.add_changes() = std::move(c);
  for (auto& d : diff.delegations) response.add_delegations(std::move(d));
  return response;
}

absl::StatusOr<v1::ExportScheduleResponse> Schedules::Export(
    storage::Tx& tx, const v1::ExportScheduleRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  domain::Validator v;
  v.Enum("format", request.format(), v1::ScheduleFormat_IsValid, true);
  if (request.draft() && !request.release().empty()) {
    v.Add("release", "names a release, while `draft` asks for the programme being edited");
  }
  RETURN_IF_ERROR(v.Finish());
  ReleaseRef ref{event_id, 0};
  if (!request.release().empty()) {
    ASSIGN_OR_RETURN(ref, ParseReleaseName(request.release(), "release"));
    if (ref.event != event_id) return domain::InvalidField("release", "must be of `parent`");
  }
  ASSIGN_OR_RETURN(auto event, tx.events().Get(event_id, "parent"));
  domain::ScheduleExport schedule;
  schedule.event = event;
  schedule.title = event.title();
  schedule.base_url = base_url_;
  schedule.stamp = absl::Now();
  google::protobuf::Timestamp now = domain::FromMicros(absl::ToUnixMicros(schedule.stamp));
  v1::ExportScheduleResponse response;
  storage::ScheduleStore& store = tx.schedules();
  int latest = store.LatestNumber(event_id);
  if (request.draft()) {
    ASSIGN_OR_RETURN(auto draft, DraftEntries(tx, event_id));
    schedule.entries = domain::NextEntries(EntriesOf(store, event_id, latest), draft, now);
    schedule.version = "draft";
    *response.mutable_update_time() = now;
  } else {
    if (latest == 0) {
      return domain::FailedPrecondition(
          "forum.v1.Event", request.parent(),
          "has no published programme yet; the secretariat publishes one with PublishSchedule "
          "(forumctl schedule release)",
          request.release().empty() ? "parent" : "release");
    }
    ASSIGN_OR_RETURN(int number, Resolve(tx, ref, "release"));
    v1::ScheduleRelease release = *store.Get(event_id, number);
    v1::ScheduleEntries contents = store.Contents(event_id, number);
    schedule.entries.assign(contents.entries().begin(), contents.entries().end());
    schedule.version = release.version();
    // A release exports as it was published: with the event's title, dates and zone of then,
    // and stamped with its publication, so the same release gives the same bytes (and ETag).
    if (!contents.event().name().empty()) schedule.event = contents.event();
    schedule.title = schedule.event.title();
    schedule.stamp = absl::FromUnixMicros(domain::ToMicros(release.create_time()));
    response.set_release(release.name());
    *response.mutable_update_time() = release.create_time();
  }
  std::string file = event_id;
  if (!request.delegation().empty()) {
    ASSIGN_OR_RETURN(auto d, LoadDelegation(tx, event_id, request.delegation(), "delegation"));
    schedule.title = absl::StrCat(schedule.event.title(), ": ", d.display_name());
    file = absl::StrCat(event_id, "-", EntityCode(d));
    // A delegation's calendar: every plenary meeting, and the round tables it sits at.
    std::vector<v1::ScheduleEntry> mine;
    for (auto& e : schedule.entries) {
      bool sits = std::find(e.delegations().begin(), e.delegations().end(), d.name()) !=
                  e.delegations().end();
      if (e.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING || sits) mine.push_back(std::move(e));
    }
    schedule.entries = std::move(mine);
  }
  absl::StatusOr<std::string> content;
  switch (request.format()) {
    case v1::SCHEDULE_FORMAT_ICALENDAR:
      content = domain::ToICalendar(schedule);
      response.set_content_type("text/calendar; charset=utf-8");
      response.set_file_name(file + ".ics");
      break;
    case v1::SCHEDULE_FORMAT_FRAB_XML:
      content = domain::ToFrabXml(schedule);
      response.set_content_type("application/xml; charset=utf-8");
      response.set_file_name(file + ".xml");
      break;
    default:
      content = domain::ToFrabJson(schedule);
      response.set_content_type("application/json");
      response.set_file_name(file + ".json");
  }
  if (!content.ok()) return content.status();
  response.set_content(*std::move(content));
  return response;
}

}  // namespace forum::services
