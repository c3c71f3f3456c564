#include "domain/schedule_export.h"

#include <openssl/sha.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "domain/dates.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "domain/text_formats.h"

namespace forum::domain {
namespace {

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixMicros(ToMicros(ts));
}

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

// --- frab ------------------------------------------------------------------------------------

std::string Duration(absl::Duration d) {
  int64_t minutes = absl::ToInt64Minutes(d);
  return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
}

std::string Rfc3339(const google::protobuf::Timestamp& ts, const absl::TimeZone& zone) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", ToTime(ts), zone);
}

constexpr char kNoRoom[] = "Room to be announced";

const char* TrackOf(const v1::ScheduleEntry& e) {
  return e.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING ? "Plenary meetings" : "Round tables";
}
const char* TrackSlug(const v1::ScheduleEntry& e) {
  return e.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING ? "plenary-meetings" : "round-tables";
}
const char* TrackColor(const v1::ScheduleEntry& e) {
  return e.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING ? "#1f4e79" : "#8a5a00";
}
// The frab event type: a plenary meeting is a meeting, a round table a discussion.
const char* TypeOf(const v1::ScheduleEntry& e) {
  return e.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING ? "meeting" : "discussion";
}
// A positive id, stable across releases and unique within the event: odd for plenary meetings,
// even for round tables.
int64_t FrabId(const v1::ScheduleEntry& e) {
  int64_t n = std::max<int64_t>(e.number(), 1);
  return e.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING ? 2 * n - 1 : 2 * n;
}
std::string RoomOf(const v1::ScheduleEntry& e) {
  return e.room_display_name().empty() ? kNoRoom : e.room_display_name();
}
std::string RoomKey(const v1::ScheduleEntry& e) { return e.room().empty() ? "rooms/-" : e.room(); }
// What the description adds to the abstract: who speaks, and whether the hours may move.
std::string Notes(const v1::ScheduleEntry& e) {
  std::string notes;
  if (e.speakers_size() > 0) {
    absl::StrAppend(&notes, "Speakers: ", absl::StrJoin(e.speakers(), ", "), ".");
  }
  if (e.times_indicative()) {
    absl::StrAppend(&notes, notes.empty() ? "" : "\n", "Hours are indicative.");
  }
  return notes;
}

// The frab time_zone_name rule: `Region/City` starting with capitals, or `UTC`.
bool FrabZoneName(absl::string_view zone) {
  if (zone == "UTC") return true;
  size_t slash = zone.find('/');
  if (slash == absl::string_view::npos || slash < 2 || slash + 2 >= zone.size()) return false;
  auto word = [](absl::string_view w) {
    if (w.size() < 2 || !absl::ascii_isupper(w[0]) || !absl::ascii_islower(w[1])) return false;
    return true;
  };
  return word(zone.substr(0, slash)) && word(zone.substr(slash + 1));
}

// The rooms in use, by room name, with their display names, in display-name order. Display names
// need not be unique, but frab keys each day's rooms by name: a name two rooms share is told
// apart by the room's id.
struct Room {
  std::string key;
  std::string name;
};
std::vector<Room> RoomsOf(const std::vector<v1::ScheduleEntry>& entries) {
  std::map<std::string, std::string> by_key;
  for (const auto& e : entries) {
    if (!e.cancelled()) by_key[RoomKey(e)] = RoomOf(e);
  }
  std::map<std::string, int> uses;
  for (const auto& [key, name] : by_key) ++uses[name];
  std::vector<Room> rooms;
  for (auto& [key, name] : by_key) {
    rooms.push_back({key, uses[name] > 1 ? absl::StrCat(name, " (", LastSegment(key), ")") : name});
  }
  std::stable_sort(rooms.begin(), rooms.end(),
                   [](const Room& a, const Room& b) { return a.name < b.name; });
  return rooms;
}

struct Day {
  int index;
  absl::CivilDay date;
  absl::Time start;
  absl::Time end;
};
absl::StatusOr<std::vector<Day>> DaysOf(const v1::Event& event, const absl::TimeZone& zone) {
  auto first = ParseDate(event.start_date());
  auto last = ParseDate(event.end_date());
  if (!first.ok()) return first.status();
  if (!last.ok()) return last.status();
  std::vector<Day> days;
  for (absl::CivilDay day = *first; day <= *last; ++day) {
    days.push_back({static_cast<int>(days.size()) + 1, day,
                    absl::FromCivil(absl::CivilSecond(day), zone),
                    absl::FromCivil(absl::CivilSecond(day + 1), zone)});
  }
  return days;
}
bool OnDay(const v1::ScheduleEntry& e, const Day& day) {
  absl::Time start = ToTime(e.start_time());
  return start >= day.start && start < day.end;
}

struct Common {
  absl::TimeZone zone;
  std::string acronym;
  std::vector<Room> rooms;
  std::vector<Day> days;
  std::vector<const v1::ScheduleEntry*> tracks;  // one entry of each kind present
  // The entries not cancelled, by day index and room key, in start order: each is looked up
  // once per document, not once per day and room.
  std::map<std::pair<int, std::string>, std::vector<const v1::ScheduleEntry*>> cells;
  const std::vector<const v1::ScheduleEntry*>& In(const Day& day, const Room& room) const {
    static const std::vector<const v1::ScheduleEntry*> kNone;
    auto it = cells.find({day.index, room.key});
    return it == cells.end() ? kNone : it->second;
  }
};
absl::StatusOr<Common> CommonOf(const ScheduleExport& s) {
  Common c;
  ASSIGN_OR_RETURN(c.zone, LoadZone(s.event.time_zone()));
  ASSIGN_OR_RETURN(c.days, DaysOf(s.event, c.zone));
  c.acronym = FrabAcronym(LastSegment(s.event.name()));
  c.rooms = RoomsOf(s.entries);
  std::set<int> kinds;
  for (const auto& e : s.entries) {
    if (!e.cancelled() && kinds.insert(e.kind()).second) c.tracks.push_back(&e);
  }
  std::sort(c.tracks.begin(), c.tracks.end(),
            [](const auto* a, const auto* b) { return a->kind() < b->kind(); });
  for (const auto& e : s.entries) {
    if (e.cancelled()) continue;
    auto day =
        std::find_if(c.days.begin(), c.days.end(), [&](const Day& d) { return OnDay(e, d); });
    if (day != c.days.end()) c.cells[{day->index, RoomKey(e)}].push_back(&e);
  }
  return c;
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
  absl::Time first = s.entries.empty() ? s.stamp : ToTime(s.entries.front().start_time());
  absl::Time last = s.entries.empty() ? s.stamp : ToTime(s.entries.back().end_time());
  TimeZoneBlock(out, s.event.time_zone(), *zone, first, last);
  auto utc = [](absl::Time t) {
    return absl::FormatTime("%Y%m%dT%H%M%SZ", t, absl::UTCTimeZone());
  };
  std::string stamp = utc(s.stamp);
  for (const auto& e : s.entries) {
    Line(out, "BEGIN:VEVENT");
    Line(out, "UID:" + e.name() + "@forum");
    Line(out, "DTSTAMP:" + stamp);
    // Calendar apps replace an entry they hold by one with a higher SEQUENCE.
    Line(out, "LAST-MODIFIED:" + (e.has_update_time() ? utc(ToTime(e.update_time())) : stamp));
    Line(out, absl::StrCat("SEQUENCE:", e.sequence()));
    Line(out, "DTSTART;TZID=" + s.event.time_zone() + ":" + Local(ToTime(e.start_time()), *zone));
    Line(out, "DTEND;TZID=" + s.event.time_zone() + ":" + Local(ToTime(e.end_time()), *zone));
    Line(out, "SUMMARY:" + IcsText(e.title()));
    if (!e.room_display_name().empty()) Line(out, "LOCATION:" + IcsText(e.room_display_name()));
    std::string description = e.description();
    if (!e.chairs().empty()) {
      description += (description.empty() ? "" : "\n") + absl::StrJoin(e.chairs(), ", ");
    }
    if (!e.speakers().empty()) {
      description += (description.empty() ? "" : "\n") +
                     absl::StrCat("Speakers: ", absl::StrJoin(e.speakers(), ", "));
    }
    if (!description.empty()) Line(out, "DESCRIPTION:" + IcsText(description));
    Line(out,
         absl::StrCat("CATEGORIES:", IcsText(e.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING
                                                 ? "Plenary meeting"
                                                 : "Round table")));
    if (!s.base_url.empty()) Line(out, "URL:" + EntryUrl(s.base_url, e.name()));
    // Hours that are a planning assumption are tentative, not confirmed.
    Line(out, e.cancelled()          ? "STATUS:CANCELLED"
              : e.times_indicative() ? "STATUS:TENTATIVE"
                                     : "STATUS:CONFIRMED");
    Line(out, "END:VEVENT");
  }
  Line(out, "END:VCALENDAR");
  return out;
}

absl::StatusOr<std::string> ToFrabJson(const ScheduleExport& s) {
  ASSIGN_OR_RETURN(Common c, CommonOf(s));
  std::string out = "{\n  \"$schema\": \"https://c3voc.de/schedule/schema.json\",\n";
  absl::StrAppend(&out, "  \"generator\": {\"name\": \"forumd\"},\n  \"schedule\": {\n");
  absl::StrAppend(&out, "    \"version\": ", JsonString(s.version), ",\n");
  absl::StrAppend(&out, "    \"base_url\": ", JsonString(s.base_url), ",\n");
  absl::StrAppend(&out, "    \"conference\": {\n");
  absl::StrAppend(&out, "      \"acronym\": ", JsonString(c.acronym), ",\n");
  absl::StrAppend(&out, "      \"title\": ", JsonString(s.title), ",\n");
  absl::StrAppend(&out, "      \"start\": ", JsonString(s.event.start_date()), ",\n");
  absl::StrAppend(&out, "      \"end\": ", JsonString(s.event.end_date()), ",\n");
  absl::StrAppend(&out, "      \"daysCount\": ", c.days.size(), ",\n");
  absl::StrAppend(&out, "      \"timeslot_duration\": \"00:15\",\n");
  if (FrabZoneName(s.event.time_zone())) {
    absl::StrAppend(&out, "      \"time_zone_name\": ", JsonString(s.event.time_zone()), ",\n");
  }
  absl::StrAppend(&out, "      \"url\": ", JsonString(EntryUrl(s.base_url, s.event.name())), ",\n");
  std::vector<std::string> tracks;
  for (const auto* e : c.tracks) {
    tracks.push_back(absl::StrCat("{\"name\": ", JsonString(TrackOf(*e)), ", \"slug\": \"",
                                  TrackSlug(*e), "\", \"color\": \"", TrackColor(*e), "\"}"));
  }
  absl::StrAppend(&out, "      \"tracks\": [", absl::StrJoin(tracks, ", "), "],\n");
  std::vector<std::string> rooms;
  for (const auto& room : c.rooms) {
    rooms.push_back(absl::StrCat("{\"name\": ", JsonString(room.name), ", \"guid\": \"",
                                 NameBasedUuid(EntryUrl(s.base_url, room.key)), "\"}"));
  }
  absl::StrAppend(&out, "      \"rooms\": [", absl::StrJoin(rooms, ", "), "],\n");
  absl::StrAppend(&out, "      \"days\": [");
  for (const Day& day : c.days) {
    std::vector<std::string> room_entries;
    for (const auto& room : c.rooms) {
      std::vector<std::string> events;
      for (const v1::ScheduleEntry* entry : c.In(day, room)) {
        const v1::ScheduleEntry& e = *entry;
        std::vector<std::string> persons;
        for (const auto& chair : e.chairs()) {
          persons.push_back(absl::StrCat(
              "{\"guid\": \"",
              NameBasedUuid(absl::StrCat(EntryUrl(s.base_url, s.event.name()), "/persons/", chair)),
              "\", \"name\": ", JsonString(chair), ", \"public_name\": ", JsonString(chair), "}"));
        }
        std::string url = EntryUrl(s.base_url, e.name());
        events.push_back(absl::StrCat(
            "{\"id\": ", FrabId(e), ", \"guid\": \"", NameBasedUuid(url), "\"",
            ", \"date\": ", JsonString(Rfc3339(e.start_time(), c.zone)),
            ", \"start\": ", JsonString(absl::FormatTime("%H:%M", ToTime(e.start_time()), c.zone)),
            ", \"end\": ", JsonString(Rfc3339(e.end_time(), c.zone)), ", \"duration\": \"",
            Duration(ToTime(e.end_time()) - ToTime(e.start_time())), "\"", ", \"room\": ",
            JsonString(room.name), ", \"slug\": ", JsonString(FrabSlug(c.acronym, e)),
            ", \"url\": ", JsonString(url), ", \"title\": ", JsonString(e.title()),
            ", \"subtitle\": \"\", \"track\": ", JsonString(TrackOf(e)), ", \"type\": \"",
            TypeOf(e), "\", \"language\": \"en\", \"abstract\": ", JsonString(e.description()),
            ", \"description\": ", JsonString(Notes(e)),
            ", \"do_not_record\": false, \"persons\": [", absl::StrJoin(persons, ", "),
            "], \"links\": [], \"attachments\": []}"));
      }
      room_entries.push_back(absl::StrCat("          ", JsonString(room.name), ": [",
                                          absl::StrJoin(events, ",\n            "), "]"));
    }
    absl::StrAppend(&out, day.index == 1 ? "\n" : ",\n", "        {\"index\": ", day.index,
                    ", \"date\": ", JsonString(FormatDate(day.date)), ", \"day_start\": \"",
                    absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", day.start, c.zone),
                    "\", \"day_end\": \"",
                    absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", day.end, c.zone), "\", \"rooms\": {",
                    room_entries.empty() ? "" : "\n", absl::StrJoin(room_entries, ",\n"), "}}");
  }
  absl::StrAppend(&out, "\n      ]\n    }\n  }\n}\n");
  return out;
}

absl::StatusOr<std::string> ToFrabXml(const ScheduleExport& s) {
  ASSIGN_OR_RETURN(Common c, CommonOf(s));
  auto element = [](absl::string_view name, absl::string_view text) {
    return absl::StrCat("<", name, ">", XmlText(text), "</", name, ">");
  };
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n";
  absl::StrAppend(&out, "  <generator name=\"forumd\"/>\n");
  absl::StrAppend(&out, "  ", element("url", EntryUrl(s.base_url, s.event.name())), "\n");
  absl::StrAppend(&out, "  ", element("version", s.version), "\n  <conference>\n");
  absl::StrAppend(&out, "    ", element("acronym", c.acronym), "\n");
  absl::StrAppend(&out, "    ", element("title", s.title), "\n");
  absl::StrAppend(&out, "    ", element("start", s.event.start_date()), "\n");
  absl::StrAppend(&out, "    ", element("end", s.event.end_date()), "\n");
  absl::StrAppend(&out, "    <days>", c.days.size(), "</days>\n");
  absl::StrAppend(&out, "    <timeslot_duration>00:15</timeslot_duration>\n");
  absl::StrAppend(&out, "    ", element("base_url", s.base_url), "\n");
  absl::StrAppend(&out, "    ", element("url", EntryUrl(s.base_url, s.event.name())), "\n");
  absl::StrAppend(&out, "    ", element("time_zone_name", s.event.time_zone()), "\n");
  for (const auto* e : c.tracks) {
    absl::StrAppend(&out, "    <track name=\"", XmlText(TrackOf(*e)), "\" slug=\"", TrackSlug(*e),
                    "\" color=\"", TrackColor(*e), "\"/>\n");
  }
  absl::StrAppend(&out, "  </conference>\n");
  for (const Day& day : c.days) {
    absl::StrAppend(&out, "  <day index=\"", day.index, "\" date=\"", FormatDate(day.date),
                    "\" start=\"", absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", day.start, c.zone),
                    "\" end=\"", absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", day.end, c.zone),
                    "\">\n");
    for (const auto& room : c.rooms) {
      absl::StrAppend(&out, "    <room name=\"", XmlText(room.name), "\" guid=\"",
                      NameBasedUuid(EntryUrl(s.base_url, room.key)), "\">\n");
      for (const v1::ScheduleEntry* entry : c.In(day, room)) {
        const v1::ScheduleEntry& e = *entry;
        std::string url = EntryUrl(s.base_url, e.name());
        absl::StrAppend(&out, "      <event id=\"", FrabId(e), "\" guid=\"", NameBasedUuid(url),
                        "\">\n");
        const std::string in = "        ";
        absl::StrAppend(&out, in, element("room", room.name), "\n");
        absl::StrAppend(&out, in, element("title", e.title()), "\n");
        absl::StrAppend(&out, in, "<subtitle/>\n");
        absl::StrAppend(&out, in, element("type", TypeOf(e)), "\n");
        absl::StrAppend(&out, in, element("date", Rfc3339(e.start_time(), c.zone)), "\n");
        absl::StrAppend(&out, in,
                        element("start", absl::FormatTime("%H:%M", ToTime(e.start_time()), c.zone)),
                        "\n");
        absl::StrAppend(
            &out, in, element("duration", Duration(ToTime(e.end_time()) - ToTime(e.start_time()))),
            "\n");
        absl::StrAppend(&out, in, element("abstract", e.description()), "\n");
        absl::StrAppend(&out, in, element("slug", FrabSlug(c.acronym, e)), "\n");
        absl::StrAppend(&out, in, element("track", TrackOf(e)), "\n");
        absl::StrAppend(&out, in, "<persons>");
        for (const auto& chair : e.chairs()) {
          absl::StrAppend(
              &out, "\n", in, "  <person guid=\"",
              NameBasedUuid(absl::StrCat(EntryUrl(s.base_url, s.event.name()), "/persons/", chair)),
              "\">", XmlText(chair), "</person>");
        }
        absl::StrAppend(&out, e.chairs().empty() ? "" : "\n" + in, "</persons>\n");
        absl::StrAppend(&out, in, "<language>en</language>\n");
        absl::StrAppend(&out, in, element("description", Notes(e)), "\n");
        absl::StrAppend(&out, in, "<links/>\n", in, "<attachments/>\n");
        absl::StrAppend(&out, in, element("url", url), "\n");
        absl::StrAppend(&out, "      </event>\n");
      }
      absl::StrAppend(&out, "    </room>\n");
    }
    absl::StrAppend(&out, "  </day>\n");
  }
  absl::StrAppend(&out, "</schedule>\n");
  return out;
}

std::string NameBasedUuid(absl::string_view name) {
  // The URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8, then the name (RFC 4122, 4.3).
  static constexpr unsigned char kUrlNamespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                                      0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                                      0x4f, 0xd4, 0x30, 0xc8};
  std::string input(reinterpret_cast<const char*>(kUrlNamespace), sizeof kUrlNamespace);
  input.append(name.data(), name.size());
  unsigned char hash[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), hash);
  hash[6] = static_cast<unsigned char>((hash[6] & 0x0f) | 0x50);  // version 5
  hash[8] = static_cast<unsigned char>((hash[8] & 0x3f) | 0x80);  // the RFC 4122 variant
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    absl::StrAppendFormat(&out, "%02x", hash[i]);
  }
  return out;
}

std::string FrabAcronym(absl::string_view event_id) {
  std::string out;
  for (char ch : event_id) {
    char c = absl::ascii_tolower(static_cast<unsigned char>(ch));
    out += absl::ascii_isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  while (out.size() < 4) out += '_';
  return out;
}

std::string FrabSlug(absl::string_view acronym, const v1::ScheduleEntry& entry) {
  std::string id = LastSegment(entry.name());
  std::string tail;
  for (char ch : id) {
    char c = absl::ascii_tolower(static_cast<unsigned char>(ch));
    tail += absl::ascii_isalnum(static_cast<unsigned char>(c)) ? c : '-';
  }
  if (tail.empty() || !absl::ascii_isalnum(static_cast<unsigned char>(tail.back()))) tail += '0';
  return absl::StrCat(
      acronym,
      entry.kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING ? "-plenary-" : "-round-table-",
      tail);
}

std::string EntryUrl(absl::string_view base_url, absl::string_view name) {
  return absl::StrCat(base_url, "#/", name);
}

absl::StatusOr<std::string> NormalizeBaseUrl(absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "https://") && !absl::ConsumePrefix(&rest, "http://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("public URL '", url, "' must be absolute, starting with https:// or http://"));
  }
  absl::string_view host = rest.substr(0, rest.find('/'));
  if (host.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("public URL '", url, "' names no host"));
  }
  for (char c : url) {
    if (c == '?' || c == '#' || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' ||
        c == '<' || c == '>' || c == '\\' || c == '{' || c == '}' || c == '|' || c == '^' ||
        c == '`') {
      return absl::InvalidArgumentError(
          absl::StrCat("public URL '", url, "' may have no query, fragment, space or quote"));
    }
  }
  std::string out(url);
  if (out.back() != '/') out += '/';
  return out;
}

}  // namespace forum::domain
