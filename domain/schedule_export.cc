#include "domain/schedule_export.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "domain/dates.h"
#include "domain/digest.h"
#include "domain/text_formats.h"

namespace forum::domain {
namespace {

// --- iCalendar -------------------------------------------------------------------------------

// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11).
std::string IcsText(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Content lines are folded after 75 octets, never inside a UTF-8 sequence, and end in CRLF.
void Line(std::string& out, const std::string& line) {
  size_t start = 0, limit = 75;
  while (line.size() - start > limit) {
    size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, start, cut - start);
    out += "\r\n ";
    start = cut;
    limit = 74;  // the leading space counts
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
}

std::string Offset(int seconds) {
  char sign = seconds < 0 ? '-' : '+';
  seconds = std::abs(seconds);
  return absl::StrFormat("%c%02d%02d", sign, seconds / 3600, (seconds % 3600) / 60);
}

std::string Local(absl::Time t, const absl::TimeZone& zone) {
  return absl::FormatTime("%Y%m%dT%H%M%S", t, zone);
}

// The zone's rules around the event: its transitions from a year before to a year after.
void TimeZoneBlock(std::string& out, const std::string& name, const absl::TimeZone& zone,
                   absl::Time first, absl::Time last) {
  Line(out, "BEGIN:VTIMEZONE");
  Line(out, "TZID:" + name);
  absl::CivilYear year = absl::ToCivilYear(first, zone);
  absl::Time t = absl::FromCivil(absl::CivilSecond(year - 1), zone);
  absl::Time stop = absl::FromCivil(absl::CivilSecond(absl::ToCivilYear(last, zone) + 2), zone);
  int blocks = 0;
  absl::TimeZone::CivilTransition transition;
  while (zone.NextTransition(t, &transition)) {
    int before = zone.At(t).offset;
    absl::Time at = absl::FromCivil(transition.from, absl::FixedTimeZone(before));
    if (at >= stop) break;
    auto info = zone.At(at);
    Line(out, info.is_dst ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
    Line(out, "DTSTART:" + absl::FormatTime("%Y%m%dT%H%M%S", at, absl::FixedTimeZone(before)));
    Line(out, "TZOFFSETFROM:" + Offset(before));
    Line(out, "TZOFFSETTO:" + Offset(info.offset));
    Line(out, absl::StrCat("TZNAME:", info.zone_abbr));
    Line(out, info.is_dst ? "END:DAYLIGHT" : "END:STANDARD");
    ++blocks;
    t = at;
  }
  if (blocks == 0) {
    auto info = zone.At(first);
    Line(out, "BEGIN:STANDARD");
    Line(out, "DTSTART:19700101T000000");
    Line(out, "TZOFFSETFROM:" + Offset(info.offset));
    Line(out, "TZOFFSETTO:" + Offset(info.offset));
    Line(out, absl::StrCat("TZNAME:", info.zone_abbr));
    Line(out, "END:STANDARD");
  }
  Line(out, "END:VTIMEZONE");
}

// --- JSON ------------------------------------------------------------------------------------

// A deterministic UUID-shaped id for a resource name.
std::string Guid(const std::string& name) {
  uint64_t a = StableDigest(name);
  uint64_t b = StableDigest(name + "#");
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", a >> 32, (a >> 16) & 0xffff, a & 0xffff,
                         b >> 48, b & 0xffffffffffffull);
}

std::string Duration(absl::Duration d) {
  int64_t minutes = absl::ToInt64Minutes(d);
  return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
}

}  // namespace

absl::StatusOr<std::string> ToICalendar(const ScheduleExport& s) {
  auto zone = LoadZone(s.event.time_zone());
  if (!zone.ok()) return zone.status();
  std::string out;
  Line(out, "BEGIN:VCALENDAR");
  Line(out, "VERSION:2.0");
  Line(out, "PRODID:-//Forum backend//forumd//EN");
  Line(out, "CALSCALE:GREGORIAN");
  Line(out, "METHOD:PUBLISH");
  Line(out, "X-WR-CALNAME:" + IcsText(s.title));
  Line(out, "X-WR-TIMEZONE:" + s.event.time_zone());
  absl::Time first = s.items.empty() ? s.stamp : s.items.front().start;
  absl::Time last = s.items.empty() ? s.stamp : s.items.back().end;
  TimeZoneBlock(out, s.event.time_zone(), *zone, first, last);
  std::string stamp = absl::FormatTime("%Y%m%dT%H%M%SZ", s.stamp, absl::UTCTimeZone());
  for (const auto& item : s.items) {
    Line(out, "BEGIN:VEVENT");
    Line(out, "UID:" + item.name + "@forum");
    Line(out, "DTSTAMP:" + stamp);
    Line(out, "DTSTART;TZID=" + s.event.time_zone() + ":" + Local(item.start, *zone));
    Line(out, "DTEND;TZID=" + s.event.time_zone() + ":" + Local(item.end, *zone));
    Line(out, "SUMMARY:" + IcsText(item.title));
    if (!item.room.empty()) Line(out, "LOCATION:" + IcsText(item.room));
    std::string description = item.description;
    if (!item.persons.empty()) {
      description += (description.empty() ? "" : "\n") + absl::StrJoin(item.persons, ", ");
    }
    if (!description.empty()) Line(out, "DESCRIPTION:" + IcsText(description));
    Line(out, "CATEGORIES:" + IcsText(item.kind));
    // Hours that are a planning assumption are tentative, not confirmed.
    Line(out, item.indicative ? "STATUS:TENTATIVE" : "STATUS:CONFIRMED");
    Line(out, "END:VEVENT");
  }
  Line(out, "END:VCALENDAR");
  return out;
}

absl::StatusOr<std::string> ToFrabJson(const ScheduleExport& s) {
  auto zone = LoadZone(s.event.time_zone());
  if (!zone.ok()) return zone.status();
  auto first = ParseDate(s.event.start_date());
  auto last = ParseDate(s.event.end_date());
  if (!first.ok()) return first.status();
  if (!last.ok()) return last.status();
  std::set<std::string> rooms;
  for (const auto& item : s.items) rooms.insert(item.room.empty() ? "(no room)" : item.room);

  std::string out = "{\n  \"schedule\": {\n";
  absl::StrAppend(&out, "    \"version\": ", JsonString(s.event.etag()), ",\n");
  absl::StrAppend(&out, "    \"base_url\": \"\",\n    \"conference\": {\n");
  absl::StrAppend(&out, "      \"acronym\": ", JsonString(s.event.name().substr(7)), ",\n");
  absl::StrAppend(&out, "      \"title\": ", JsonString(s.title), ",\n");
  absl::StrAppend(&out, "      \"start\": ", JsonString(s.event.start_date()), ",\n");
  absl::StrAppend(&out, "      \"end\": ", JsonString(s.event.end_date()), ",\n");
  absl::StrAppend(&out, "      \"daysCount\": ", (*last - *first) + 1, ",\n");
  absl::StrAppend(&out, "      \"timeslot_duration\": \"00:15\",\n");
  absl::StrAppend(&out, "      \"time_zone_name\": ", JsonString(s.event.time_zone()), ",\n");
  std::vector<std::string> room_objects;
  for (const auto& room : rooms) room_objects.push_back("{\"name\": " + JsonString(room) + "}");
  absl::StrAppend(&out, "      \"rooms\": [", absl::StrJoin(room_objects, ", "), "],\n");
  absl::StrAppend(&out, "      \"days\": [");
  int index = 0;
  for (absl::CivilDay day = *first; day <= *last; ++day) {
    absl::Time day_start = absl::FromCivil(absl::CivilSecond(day), *zone);
    absl::Time day_end = absl::FromCivil(absl::CivilSecond(day + 1), *zone);
    std::map<std::string, std::vector<std::string>> by_room;
    for (const auto& room : rooms) by_room[room];
    for (size_t i = 0; i < s.items.size(); ++i) {
      const ScheduleItem& item = s.items[i];
      if (item.start < day_start || item.start >= day_end) continue;
      std::vector<std::string> persons;
      for (size_t p = 0; p < item.persons.size(); ++p) {
        persons.push_back(absl::StrCat("{\"id\": ", p + 1,
                                       ", \"public_name\": ", JsonString(item.persons[p]), "}"));
      }
      std::string room = item.room.empty() ? "(no room)" : item.room;
      std::string slug = item.name;
      for (char& c : slug) {
        if (c == '/') c = '-';
      }
      by_room[room].push_back(absl::StrCat(
          "{\"id\": ", i + 1, ", \"guid\": ", JsonString(Guid(item.name)),
          ", \"date\": ", JsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", item.start, *zone)),
          ", \"start\": ", JsonString(absl::FormatTime("%H:%M", item.start, *zone)),
          ", \"duration\": ", JsonString(Duration(item.end - item.start)),
          ", \"room\": ", JsonString(room), ", \"slug\": ", JsonString(slug),
          ", \"url\": \"\", \"title\": ", JsonString(item.title), ", \"subtitle\": \"\"",
          ", \"track\": ", JsonString(item.kind), ", \"type\": ", JsonString(item.kind),
          ", \"language\": \"en\", \"abstract\": ", JsonString(item.description),
          ", \"description\": ", JsonString(item.indicative ? "Hours are indicative." : ""),
          ", \"do_not_record\": false, \"persons\": [", absl::StrJoin(persons, ", "),
          "], \"links\": [], \"attachments\": []}"));
    }
    std::vector<std::string> room_entries;
    for (const auto& [room, entries] : by_room) {
      room_entries.push_back(absl::StrCat("          ", JsonString(room), ": [",
                                          absl::StrJoin(entries, ",\n            "), "]"));
    }
    absl::StrAppend(
        &out, index == 0 ? "\n" : ",\n", "        {\"index\": ", index + 1,
        ", \"date\": ", JsonString(FormatDate(day)),
        ", \"day_start\": ", JsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", day_start, *zone)),
        ", \"day_end\": ", JsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", day_end, *zone)),
        ", \"rooms\": {\n", absl::StrJoin(room_entries, ",\n"), "}}");
    ++index;
  }
  absl::StrAppend(&out, "\n      ]\n    }\n  }\n}\n");
  return out;
}

}  // namespace forum::domain
