// The schedule exports: every rule the frab schedule format states for its JSON (read here from
// the format's documentation and checked field by field), the XML validated with libxml2 against
// the structure the format documents (tests/domain/frab_schedule_subset.xsd), and iCalendar's
// SEQUENCE, LAST-MODIFIED and cancellations.
#include "domain/schedule_export.h"

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "domain/dates.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/xml_schema.h"

namespace forum::domain {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

google::protobuf::Timestamp At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return FromMicros(absl::ToUnixMicros(t));
}

v1::ScheduleEntry Entry(const std::string& name, v1::ScheduleEntryKind kind, int number,
                        const std::string& title, const std::string& room, const char* start,
                        const char* end) {
  v1::ScheduleEntry e;
  e.set_name(name);
  e.set_kind(kind);
  e.set_number(number);
  e.set_title(title);
  if (!room.empty()) {
    e.set_room("events/hld-2006/rooms/" + room);
    e.set_room_display_name(room == "hall" ? "General Assembly Hall" : "Conference Room 4");
  }
  *e.mutable_start_time() = At(start);
  *e.mutable_end_time() = At(end);
  return e;
}

ScheduleExport Dialogue() {
  ScheduleExport s;
  s.event.set_name("events/hld-2006");
  s.event.set_title("High-level Dialogue on International Migration and Development");
  s.event.set_time_zone("America/New_York");
  s.event.set_start_date("2006-09-14");
  s.event.set_end_date("2006-09-15");
  s.title = s.event.title();
  s.base_url = "https://forum.example.org/";
  s.version = "1.0";
  s.stamp = absl::FromUnixSeconds(1800000000);
  auto plenary = Entry("events/hld-2006/sessions/meeting-1",
                       v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING, 1, "1st plenary meeting", "hall",
                       "2006-09-14T10:00:00-04:00", "2006-09-14T13:00:00-04:00");
  plenary.add_chairs("President of the General Assembly");
  plenary.add_speakers("Mexico");
  plenary.add_speakers("Philippines");
  plenary.set_times_indicative(true);
  plenary.set_description("Opening & general debate <first part>");
  s.entries.push_back(plenary);
  auto table = Entry("events/hld-2006/roundTables/round-table-1",
                     v1::SCHEDULE_ENTRY_KIND_ROUND_TABLE, 1, "Round table 1: \"effects\" & <costs>",
                     "room-4", "2006-09-14T15:00:00-04:00", "2006-09-14T18:00:00-04:00");
  table.add_chairs("Belgium");
  table.add_chairs("Ghana");
  table.set_sequence(2);
  *table.mutable_update_time() = At("2026-11-20T09:30:00Z");
  s.entries.push_back(table);
  s.entries.push_back(Entry("events/hld-2006/roundTables/round-table-2",
                            v1::SCHEDULE_ENTRY_KIND_ROUND_TABLE, 2, "Round table 2", "",
                            "2006-09-15T10:00:00-04:00", "2006-09-15T11:30:00-04:00"));
  auto cancelled =
      Entry("events/hld-2006/roundTables/round-table-9", v1::SCHEDULE_ENTRY_KIND_ROUND_TABLE, 9,
            "Round table 9", "hall", "2006-09-15T15:00:00-04:00", "2006-09-15T18:00:00-04:00");
  cancelled.set_cancelled(true);
  cancelled.set_sequence(1);
  s.entries.push_back(cancelled);
  return s;
}

Struct ParseJson(const std::string& json) {
  Struct parsed;
  auto status = google::protobuf::util::JsonStringToMessage(json, &parsed);
  EXPECT_TRUE(status.ok()) << status << "\n" << json;
  return parsed;
}

// The format's rules, from its documentation.
const std::regex kAcronym("^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$");
const std::regex kSlug("^[a-z0-9_-]+[a-z0-9]$");
const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
const std::regex kDate("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
const std::regex kDateTime(
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$");
const std::regex kClock("^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$");
const std::regex kDuration("^[0-9]+:[0-9]{2}$");
const std::regex kAbsoluteUrl("^https?://[^/\\s]+/[^\\s]*$");
const std::regex kZoneName("^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$");
const std::regex kLanguage("^[a-z]{2}$");

// Every key of `object` is one of `allowed`, and every one of `required` is there.
void KeysAre(const Struct& object, const std::set<std::string>& allowed,
             const std::set<std::string>& required, const std::string& where) {
  for (const auto& [key, value] : object.fields()) {
    EXPECT_TRUE(allowed.count(key)) << where << " has a key the format does not allow: " << key;
  }
  for (const auto& key : required) {
    EXPECT_TRUE(object.fields().count(key)) << where << " lacks " << key;
  }
}

const std::string& Str(const Struct& o, const std::string& key) {
  return o.fields().at(key).string_value();
}

bool IsInteger(const Value& v) {
  return v.kind_case() == Value::kNumberValue &&
         v.number_value() == static_cast<int64_t>(v.number_value());
}

TEST(FrabJsonTest, KeepsEveryRuleOfTheFormat) {
  auto json = ToFrabJson(Dialogue());
  ASSERT_TRUE(json.ok()) << json.status();
  Struct root = ParseJson(*json);
  KeysAre(root, {"schedule", "$schema", "generator"}, {"schedule"}, "the document");
  const Struct& schedule = root.fields().at("schedule").struct_value();
  EXPECT_FALSE(schedule.fields().count("rooms")) << "rooms belong to the conference";
  EXPECT_EQ(Str(schedule, "version"), "1.0");
  EXPECT_TRUE(std::regex_match(Str(schedule, "base_url"), kAbsoluteUrl));
  const Struct& conference = schedule.fields().at("conference").struct_value();
  KeysAre(
      conference,
      {"acronym", "title", "description", "start", "end", "daysCount", "timeslot_duration",
       "time_zone_name", "logo", "colors", "keywords", "url", "tracks", "rooms", "meta", "days"},
      {"title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"}, "conference");
  EXPECT_EQ(Str(conference, "acronym"), "hld_2006");
  EXPECT_TRUE(std::regex_match(Str(conference, "acronym"), kAcronym));
  EXPECT_TRUE(std::regex_match(Str(conference, "start"), kDate));
  EXPECT_TRUE(std::regex_match(Str(conference, "end"), kDate));
  EXPECT_TRUE(IsInteger(conference.fields().at("daysCount")));
  EXPECT_EQ(conference.fields().at("daysCount").number_value(), 2);
  EXPECT_TRUE(std::regex_search(Str(conference, "time_zone_name"), kZoneName));
  EXPECT_EQ(Str(conference, "url"), "https://forum.example.org/#/events/hld-2006");

  const auto& tracks = conference.fields().at("tracks").list_value().values();
  ASSERT_EQ(tracks.size(), 2);
  for (const auto& t : tracks) {
    EXPECT_TRUE(std::regex_match(Str(t.struct_value(), "slug"), kSlug));
    EXPECT_FALSE(Str(t.struct_value(), "name").empty());
  }

  std::set<std::string> room_names, room_guids;
  for (const auto& r : conference.fields().at("rooms").list_value().values()) {
    KeysAre(r.struct_value(),
            {"name", "slug", "type", "guid", "stream_id", "description", "capacity", "url",
             "features", "assembly"},
            {"name", "guid"}, "a room");
    EXPECT_TRUE(std::regex_match(Str(r.struct_value(), "guid"), kUuid));
    room_names.insert(Str(r.struct_value(), "name"));
    room_guids.insert(Str(r.struct_value(), "guid"));
  }
  EXPECT_EQ(room_names, (std::set<std::string>{"Conference Room 4", "General Assembly Hall",
                                               "Room to be announced"}));
  EXPECT_EQ(room_guids.size(), 3u);

  const std::set<std::string> event_keys = {"guid",
                                            "code",
                                            "id",
                                            "logo",
                                            "date",
                                            "start",
                                            "end",
                                            "duration",
                                            "room",
                                            "slug",
                                            "url",
                                            "title",
                                            "subtitle",
                                            "track",
                                            "type",
                                            "language",
                                            "abstract",
                                            "description",
                                            "recording_license",
                                            "do_not_record",
                                            "do_not_stream",
                                            "persons",
                                            "links",
                                            "feedback_url",
                                            "origin_url",
                                            "attachments"};
  const std::set<std::string> event_required = {
      "abstract", "date", "duration", "guid",     "id",    "language", "links", "persons",
      "room",     "slug", "start",    "subtitle", "title", "track",    "type",  "url"};
  std::set<int64_t> ids;
  std::set<std::string> guids, slugs, titles;
  const auto& days = conference.fields().at("days").list_value().values();
  ASSERT_EQ(days.size(), 2);
  for (int d = 0; d < days.size(); ++d) {
    const Struct& day = days[d].struct_value();
    KeysAre(day, {"index", "date", "day_start", "day_end", "rooms"},
            {"index", "date", "day_start", "day_end", "rooms"}, "a day");
    EXPECT_EQ(day.fields().at("index").number_value(), d + 1);
    EXPECT_TRUE(std::regex_match(Str(day, "date"), kDate));
    EXPECT_TRUE(std::regex_match(Str(day, "day_start"), kDateTime));
    EXPECT_TRUE(std::regex_match(Str(day, "day_end"), kDateTime));
    for (const auto& [room, events] : day.fields().at("rooms").struct_value().fields()) {
      EXPECT_TRUE(room_names.count(room)) << room << " is not among the conference's rooms";
      for (const auto& ev : events.list_value().values()) {
        const Struct& e = ev.struct_value();
        KeysAre(e, event_keys, event_required, "an event");
        ASSERT_TRUE(IsInteger(e.fields().at("id")));
        EXPECT_GE(e.fields().at("id").number_value(), 1);
        EXPECT_TRUE(ids.insert(static_cast<int64_t>(e.fields().at("id").number_value())).second);
        EXPECT_TRUE(std::regex_match(Str(e, "guid"), kUuid));
        EXPECT_TRUE(guids.insert(Str(e, "guid")).second);
        EXPECT_TRUE(std::regex_match(Str(e, "date"), kDateTime));
        EXPECT_TRUE(std::regex_match(Str(e, "end"), kDateTime));
        EXPECT_TRUE(std::regex_match(Str(e, "start"), kClock));
        EXPECT_TRUE(std::regex_match(Str(e, "duration"), kDuration));
        EXPECT_EQ(Str(e, "room"), room);
        EXPECT_TRUE(std::regex_match(Str(e, "slug"), kSlug)) << Str(e, "slug");
        EXPECT_TRUE(slugs.insert(Str(e, "slug")).second);
        EXPECT_TRUE(std::regex_match(Str(e, "url"), kAbsoluteUrl));
        EXPECT_TRUE(std::regex_match(Str(e, "language"), kLanguage));
        EXPECT_TRUE(Str(e, "type") == "meeting" || Str(e, "type") == "discussion");
        EXPECT_EQ(e.fields().at("do_not_record").kind_case(), Value::kBoolValue);
        for (const auto& p : e.fields().at("persons").list_value().values()) {
          // A person is a frab person (id and public_name) or a pretalx one (name), not both.
          const Struct& person = p.struct_value();
          EXPECT_TRUE(person.fields().count("name"));
          EXPECT_FALSE(person.fields().count("id"));
          EXPECT_TRUE(std::regex_match(Str(person, "guid"), kUuid));
        }
        titles.insert(Str(e, "title"));
      }
    }
  }
  EXPECT_EQ(titles,
            (std::set<std::string>{"1st plenary meeting", "Round table 1: \"effects\" & <costs>",
                                   "Round table 2"}))
      << "cancelled meetings are left out";
}

TEST(FrabJsonTest, StartsAndDurationsAreInTheEventsZone) {
  auto json = ToFrabJson(Dialogue());
  ASSERT_TRUE(json.ok());
  Struct root = ParseJson(*json);
  const auto& day1 = root.fields()
                         .at("schedule")
                         .struct_value()
                         .fields()
                         .at("conference")
                         .struct_value()
                         .fields()
                         .at("days")
                         .list_value()
                         .values(0)
                         .struct_value();
  const auto& hall =
      day1.fields().at("rooms").struct_value().fields().at("General Assembly Hall").list_value();
  ASSERT_EQ(hall.values_size(), 1);
  const Struct& e = hall.values(0).struct_value();
  EXPECT_EQ(Str(e, "start"), "10:00");
  EXPECT_EQ(Str(e, "date"), "2006-09-14T10:00:00-04:00");
  EXPECT_EQ(Str(e, "duration"), "03:00");
  EXPECT_EQ(Str(e, "slug"), "hld_2006-plenary-meeting-1");
  EXPECT_EQ(Str(e, "guid"), "813868db-6fcb-5df3-abaf-164058088359");
  EXPECT_EQ(e.fields().at("id").number_value(), 1);
  EXPECT_EQ(Str(e, "abstract"), "Opening & general debate <first part>");
  EXPECT_EQ(Str(e, "description"), "Speakers: Mexico, Philippines.\nHours are indicative.");
}

TEST(FrabXmlTest, ValidatesAgainstTheDocumentedStructure) {
  auto xml = ToFrabXml(Dialogue());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_EQ(testing::SchemaErrors(FORUM_FRAB_SCHEMA, *xml), "") << *xml;
  EXPECT_NE(xml->find("<title>Round table 1: &quot;effects&quot; &amp; &lt;costs&gt;</title>"),
            std::string::npos);
  EXPECT_NE(xml->find("<slug>hld_2006-round-table-round-table-1</slug>"), std::string::npos);
  EXPECT_EQ(xml->find("Round table 9"), std::string::npos) << "cancelled meetings are left out";
  EXPECT_NE(xml->find("<event id=\"1\" guid=\"813868db-6fcb-5df3-abaf-164058088359\">"),
            std::string::npos);
}

TEST(FrabJsonTest, RoomsThatShareANameAreToldApart) {
  ScheduleExport s = Dialogue();
  s.entries[2].set_room("events/hld-2006/rooms/annex");
  s.entries[2].set_room_display_name("General Assembly Hall");
  auto json = ToFrabJson(s);
  ASSERT_TRUE(json.ok());
  Struct root = ParseJson(*json);
  const Struct& conference =
      root.fields().at("schedule").struct_value().fields().at("conference").struct_value();
  std::set<std::string> names;
  for (const auto& r : conference.fields().at("rooms").list_value().values()) {
    EXPECT_TRUE(names.insert(Str(r.struct_value(), "name")).second);
  }
  EXPECT_TRUE(names.count("General Assembly Hall (annex)"));
  EXPECT_TRUE(names.count("General Assembly Hall (hall)"));
  const Struct& day2 = conference.fields().at("days").list_value().values(1).struct_value();
  const auto& annex =
      day2.fields().at("rooms").struct_value().fields().at("General Assembly Hall (annex)");
  ASSERT_EQ(annex.list_value().values_size(), 1);
  EXPECT_EQ(Str(annex.list_value().values(0).struct_value(), "room"),
            "General Assembly Hall (annex)");
  auto xml = ToFrabXml(s);
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(testing::SchemaErrors(FORUM_FRAB_SCHEMA, *xml), "");
}

TEST(FrabXmlTest, AnEventWithoutMeetingsStillValidates) {
  ScheduleExport s = Dialogue();
  s.entries.clear();
  auto xml = ToFrabXml(s);
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(testing::SchemaErrors(FORUM_FRAB_SCHEMA, *xml), "") << *xml;
}

TEST(FrabXmlTest, TheSchemaRefusesWhatTheFormatForbids) {
  // The test schema is no rubber stamp: an upper-case slug and a relative address are refused.
  auto xml = ToFrabXml(Dialogue());
  ASSERT_TRUE(xml.ok());
  std::string upper = *xml;
  upper.replace(upper.find("hld_2006-plenary"), 8, "HLD_2006");
  EXPECT_NE(testing::SchemaErrors(FORUM_FRAB_SCHEMA, upper), "");
  std::string relative = *xml;
  const std::string absolute = "<base_url>https://forum.example.org/";
  relative.replace(relative.find(absolute), absolute.size(), "<base_url>/forum/");
  EXPECT_NE(testing::SchemaErrors(FORUM_FRAB_SCHEMA, relative), "");
}

TEST(ICalendarTest, CarriesSequenceLastModifiedAndCancellations) {
  auto ics = ToICalendar(Dialogue());
  ASSERT_TRUE(ics.ok()) << ics.status();
  const std::string& text = *ics;
  auto block = [&](const std::string& uid) {
    size_t at = text.find("UID:" + uid);
    EXPECT_NE(at, std::string::npos) << uid;
    return text.substr(at, text.find("END:VEVENT", at) - at);
  };
  std::string table = block("events/hld-2006/roundTables/round-table-1@forum");
  EXPECT_TRUE(absl::StrContains(table, "SEQUENCE:2\r\n"));
  EXPECT_TRUE(absl::StrContains(table, "LAST-MODIFIED:20261120T093000Z\r\n"));
  EXPECT_TRUE(absl::StrContains(table, "STATUS:CONFIRMED\r\n"));
  EXPECT_TRUE(absl::StrContains(
      table, "URL:https://forum.example.org/#/events/hld-2006/roundTables/round-table-1\r\n"));
  std::string plenary = block("events/hld-2006/sessions/meeting-1@forum");
  EXPECT_TRUE(absl::StrContains(plenary, "SEQUENCE:0\r\n"));
  EXPECT_TRUE(absl::StrContains(plenary, "STATUS:TENTATIVE\r\n"));
  // With no update time of its own, an entry was last modified when the export was made.
  EXPECT_TRUE(absl::StrContains(plenary, "LAST-MODIFIED:20270115T080000Z\r\n"));
  std::string cancelled = block("events/hld-2006/roundTables/round-table-9@forum");
  EXPECT_TRUE(absl::StrContains(cancelled, "STATUS:CANCELLED\r\n"));
  EXPECT_TRUE(absl::StrContains(cancelled, "SEQUENCE:1\r\n"));
}

TEST(FrabModelTest, NameBasedUuidsAreRfc4122Version5) {
  // Vectors computed with Python's uuid.uuid5(uuid.NAMESPACE_URL, ...).
  EXPECT_EQ(NameBasedUuid("http://www.python.org/"), "c2a8cbf8-d0f1-5ef4-9740-c3faec8ab1a0");
  EXPECT_EQ(NameBasedUuid("https://forum.example.org/#/events/hld-2006/sessions/meeting-1"),
            "813868db-6fcb-5df3-abaf-164058088359");
}

TEST(FrabModelTest, AcronymsAndSlugsConform) {
  EXPECT_EQ(FrabAcronym("hld-2006"), "hld_2006");
  EXPECT_EQ(FrabAcronym("gfmd-2007-brussels"), "gfmd_2007_brussels");
  EXPECT_EQ(FrabAcronym("ab"), "ab__");
  for (const char* id : {"hld-2006", "a", "x-1", "gfmd-2027", "abcd"}) {
    EXPECT_TRUE(std::regex_match(FrabAcronym(id), kAcronym)) << id;
  }
  v1::ScheduleEntry e;
  e.set_kind(v1::SCHEDULE_ENTRY_KIND_ROUND_TABLE);
  e.set_name("events/gfmd-2027/roundTables/rt-");
  EXPECT_EQ(FrabSlug("gfmd_2027", e), "gfmd_2027-round-table-rt-0");
  EXPECT_TRUE(std::regex_match(FrabSlug("gfmd_2027", e), kSlug));
}

TEST(FrabModelTest, PublicUrlsMustBeAbsoluteWebAddresses) {
  EXPECT_EQ(*NormalizeBaseUrl("https://forum.example.org"), "https://forum.example.org/");
  EXPECT_EQ(*NormalizeBaseUrl("http://127.0.0.1:8080/forum/"), "http://127.0.0.1:8080/forum/");
  for (const char* bad : {"", "forum.example.org", "/forum", "ftp://x/", "https://",
                          "https:///path", "https://x/?a=1", "https://x/#f", "https://x y/"}) {
    EXPECT_FALSE(NormalizeBaseUrl(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace forum::domain
