// The exports of a list of speakers: the rolling list in Markdown, text and JSON, and the
// record as Akoma Ntoso, validated with libxml2 against the part of the OASIS schema it uses
// (tests/domain/akn_debate_subset.xsd), its references resolved.
#include "domain/speaker_export.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <cstdarg>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "domain/dates.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/xml_schema.h"

namespace forum::domain {
namespace {

google::protobuf::Timestamp At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return FromMicros(absl::ToUnixMicros(t));
}

v1::Speaker SpeakerOf(int position, const std::string& code, const std::string& country,
                      const std::string& name, const std::string& title, v1::ProtocolRank level,
                      v1::StatementKind kind, const std::string& session) {
  v1::Speaker s;
  s.set_name("events/hld-2006/speakerLists/plenary/speakers/" + code);
  s.set_delegation("events/hld-2006/delegations/" + code);
  s.set_display_name(country);
  s.set_speaker_name(name);
  s.set_speaker_title(title);
  s.set_level(level);
  s.set_kind(kind);
  s.set_position(position);
  s.set_session(session);
  s.set_time_limit_seconds(kind == v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP ? 420 : 300);
  s.set_state(session.empty() ? v1::SPEAKER_STATE_INSCRIBED : v1::SPEAKER_STATE_ASSIGNED);
  return s;
}

v1::RollingList Dialogue() {
  v1::RollingList list;
  list.set_list("events/hld-2006/speakerLists/plenary");
  list.set_title("Plenary");
  list.set_event("events/hld-2006");
  list.set_event_title("High-level Dialogue on International Migration and Development");
  list.set_time_zone("America/New_York");
  list.set_policy(v1::PRECEDENCE_POLICY_PROTOCOL);
  v1::RollingListMeeting* first = list.add_meetings();
  first->set_session("events/hld-2006/sessions/meeting-1");
  first->set_title("1st plenary meeting");
  *first->mutable_start_time() = At("2006-09-14T14:00:00Z");
  *first->mutable_end_time() = At("2006-09-14T17:00:00Z");
  v1::Speaker g77 = SpeakerOf(1, "zaf", "South Africa", "Ms. A | B",
                              "Minister *of* Foreign Affairs", v1::PROTOCOL_RANK_MINISTER,
                              v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP, first->session());
  g77.set_on_behalf_of("the Group of 77 and China");
  g77.set_language("en");
  *first->add_speakers() = g77;
  *first->add_speakers() = SpeakerOf(2, "mex", "Mexico", "", "", v1::PROTOCOL_RANK_HEAD_OF_STATE,
                                     v1::STATEMENT_KIND_NATIONAL, first->session());
  v1::RollingListMeeting* second = list.add_meetings();
  second->set_session("events/hld-2006/sessions/meeting-2");
  second->set_title("2nd plenary meeting");
  *second->mutable_start_time() = At("2006-09-14T19:00:00Z");
  *second->mutable_end_time() = At("2006-09-14T22:00:00Z");
  v1::RollingListMeeting* rest = list.add_meetings();
  rest->set_title("Not yet given a meeting");
  *rest->add_speakers() =
      SpeakerOf(10, "iom", "International Organization for Migration", "Mr. C", "Director General",
                v1::PROTOCOL_RANK_OTHER, v1::STATEMENT_KIND_ORGANIZATION, "");
  return list;
}

TEST(RollingListTest, MarkdownHasAHeadingAndATablePerMeetingWithCellsEscaped) {
  auto md = RollingListMarkdown(Dialogue());
  ASSERT_TRUE(md.ok()) << md.status();
  EXPECT_EQ(*md,
            "# List of speakers: Plenary\n\n"
            "High-level Dialogue on International Migration and Development. Order: UN protocol. "
            "3 speakers.\n\n"
            "## 1st plenary meeting\n\n"
            "Thursday 14 September 2006, 10:00\u201313:00\n\n"
            "| No. | Delegation | Speaker | Level | Statement | Language | Time | State |\n"
            "| ---: | --- | --- | --- | --- | --- | ---: | --- |\n"
            "| 1 | South Africa | Ms. A \\| B, Minister \\*of\\* Foreign Affairs | Minister | On "
            "behalf of the Group of 77 and China | English | 7:00 | Assigned |\n"
            "| 2 | Mexico | (to be announced) | Head of State | National statement |  | 5:00 | "
            "Assigned |\n\n"
            "## 2nd plenary meeting\n\n"
            "Thursday 14 September 2006, 15:00\u201318:00\n\n"
            "No speaker.\n\n"
            "## Not yet given a meeting\n\n"
            "| No. | Delegation | Speaker | Level | Statement | Language | Time | State |\n"
            "| ---: | --- | --- | --- | --- | --- | ---: | --- |\n"
            "| 10 | International Organization for Migration | Mr. C, Director General | Other | "
            "Organization |  | 5:00 | Inscribed |\n");
}

TEST(RollingListTest, TextAlignsTheNumbersAndSaysEachSpeakerOnThreeLines) {
  auto text = RollingListText(Dialogue());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_TRUE(absl::StartsWith(*text,
                               "LIST OF SPEAKERS: PLENARY\n"
                               "High-level Dialogue on International Migration and Development\n"
                               "Order: UN protocol. 3 speakers.\n\n"
                               "1st plenary meeting\n"
                               "Thursday 14 September 2006, 10:00\u201313:00\n"
                               "=======================================\n"
                               "  1.  South Africa\n"
                               "      Ms. A | B, Minister *of* Foreign Affairs\n"
                               "      Minister; On behalf of the Group of 77 and China; English; "
                               "7:00; Assigned\n"))
      << *text;
  EXPECT_TRUE(absl::StrContains(*text, "\n 10.  International Organization for Migration\n"))
      << *text;
  EXPECT_TRUE(absl::StrContains(*text,
                                "2nd plenary meeting\n"
                                "Thursday 14 September 2006, 15:00\u201318:00\n"
                                "=======================================\n"
                                "No speaker.\n"));
}

TEST(RollingListTest, JsonReadsBackAsTheSameMessageAndIsStable) {
  v1::RollingList list = Dialogue();
  auto json = RollingListJson(list);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_TRUE(absl::StrContains(*json, "\"policy\": \"PRECEDENCE_POLICY_PROTOCOL\""));
  EXPECT_TRUE(absl::StrContains(*json, "\"speakerName\": \"\""));  // every field printed
  v1::RollingList back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &back).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, list));
  EXPECT_EQ(*RollingListJson(list), *json);
}

TEST(RollingListTest, AnUnknownZoneIsRefused) {
  v1::RollingList list = Dialogue();
  list.set_time_zone("Mars/Olympus_Mons");
  EXPECT_FALSE(RollingListMarkdown(list).ok());
  EXPECT_FALSE(RollingListText(list).ok());
}

// --- Akoma Ntoso -----------------------------------------------------------------------------

v1::Statement StatementOf(int number, v1::FloorTurn turn, const std::string& code,
                          const std::string& country, const std::string& name,
                          const std::string& title, const char* start, const char* end, int limit,
                          int duration) {
  v1::Statement s;
  s.set_name("events/hld-2006/speakerLists/plenary/statements/" + std::to_string(number));
  s.set_turn(turn);
  if (turn == v1::FLOOR_TURN_STATEMENT) {
    s.set_speaker("events/hld-2006/speakerLists/plenary/speakers/" + code);
    s.set_kind(v1::STATEMENT_KIND_NATIONAL);
    s.set_level(v1::PROTOCOL_RANK_MINISTER);
  }
  s.set_delegation("events/hld-2006/delegations/" + code);
  s.set_display_name(country);
  s.set_speaker_name(name);
  s.set_speaker_title(title);
  s.set_session("events/hld-2006/sessions/meeting-1");
  *s.mutable_start_time() = At(start);
  *s.mutable_end_time() = At(end);
  s.set_limit_seconds(limit);
  s.set_duration_seconds(duration);
  s.set_overrun_seconds(duration > limit && limit > 0 ? duration - limit : 0);
  if (turn == v1::FLOOR_TURN_RIGHT_OF_REPLY) s.set_reply_number(1);
  return s;
}

StatementRecord Record() {
  StatementRecord r;
  r.list = "events/hld-2006/speakerLists/plenary";
  r.list_title = "Plenary";
  r.event = "events/hld-2006";
  r.event_title = "High-level Dialogue on International Migration & Development";
  r.time_zone = "America/New_York";
  r.event_start_date = "2006-09-14";
  RecordMeeting m{"events/hld-2006/sessions/meeting-1", "1st plenary meeting", {}};
  m.statements.push_back(StatementOf(1, v1::FLOOR_TURN_STATEMENT, "mex", "Mexico",
                                     "Mr. <Luis> \"Ernesto\"", "Secretary for Foreign Affairs",
                                     "2006-09-14T14:05:00Z", "2006-09-14T14:12:03Z", 300, 423));
  m.statements.push_back(StatementOf(2, v1::FLOOR_TURN_POINT_OF_ORDER, "che", "Switzerland", "", "",
                                     "2006-09-14T14:12:10Z", "2006-09-14T14:13:00Z", 0, 50));
  m.statements.push_back(StatementOf(3, v1::FLOOR_TURN_STATEMENT, "phl", "Philippines", "Ms. Ana",
                                     "Secretary for Foreign Affairs", "2006-09-14T14:13:05Z",
                                     "2006-09-14T14:17:00Z", 300, 235));
  m.statements.push_back(StatementOf(4, v1::FLOOR_TURN_RIGHT_OF_REPLY, "mex", "Mexico",
                                     "Mr. <Luis> \"Ernesto\"", "Secretary for Foreign Affairs",
                                     "2006-09-14T16:50:00Z", "2006-09-14T16:55:00Z", 600, 300));
  r.meetings.push_back(m);
  v1::Speaker mex;
  mex.set_language("es");
  r.speakers["events/hld-2006/speakerLists/plenary/speakers/mex"] = mex;
  return r;
}

std::string SchemaErrors(const std::string& xml) {
  return forum::testing::SchemaErrors(FORUM_AKN_SCHEMA, xml);
}

// The values of an XPath over the document (namespace prefix `a`).
std::vector<std::string> Values(const std::string& xml, const char* xpath) {
  std::vector<std::string> out;
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "record.xml", "UTF-8",
                                XML_PARSE_NONET);
  if (doc == nullptr) return out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(ctx, BAD_CAST "a",
                     BAD_CAST "http://docs.oasis-open.org/legaldocml/ns/akn/3.0");
  xmlXPathObjectPtr result = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
  if (result != nullptr && result->nodesetval != nullptr) {
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      out.emplace_back(reinterpret_cast<const char*>(text));
      xmlFree(text);
    }
  }
  xmlXPathFreeObject(result);
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  return out;
}

TEST(AkomaNtosoTest, TheRecordIsValidAgainstTheSchemaStructure) {
  auto xml = StatementsAkomaNtoso(Record());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_EQ(SchemaErrors(*xml), "") << *xml;
}

TEST(AkomaNtosoTest, TheSchemaCheckRefusesWhatTheStandardRefuses) {
  std::string xml = *StatementsAkomaNtoso(Record());
  // A speech without its speaker, a work without its country, a time that is no time.
  std::string no_by = xml;
  size_t at = no_by.find(" by=\"");
  no_by.erase(at, no_by.find('"', at + 5) + 1 - at);
  EXPECT_NE(SchemaErrors(no_by), "");
  std::string no_country = xml;
  no_country.erase(no_country.find("<FRBRcountry value=\"un\"/>"), 25);
  EXPECT_NE(SchemaErrors(no_country), "");
  EXPECT_EQ(no_country.find("FRBRcountry"), std::string::npos);
  std::string bad_time = xml;
  bad_time.replace(bad_time.find("startTime=\"") + 11, 4, "1 PM");
  EXPECT_NE(SchemaErrors(bad_time), "");
}

TEST(AkomaNtosoTest, EverySpeechNamesAReferenceAndEveryTurnIsThere) {
  std::string xml = *StatementsAkomaNtoso(Record());
  std::set<std::string> agents, roles;
  for (const auto& id : Values(xml, "//a:references/a:TLCPerson/@eId")) agents.insert("#" + id);
  for (const auto& id : Values(xml, "//a:references/a:TLCOrganization/@eId")) {
    agents.insert("#" + id);
  }
  for (const auto& id : Values(xml, "//a:references/a:TLCRole/@eId")) roles.insert("#" + id);
  std::vector<std::string> by = Values(xml, "//a:speech/@by");
  ASSERT_EQ(by.size(), 4u);
  for (const auto& ref : by) EXPECT_TRUE(agents.count(ref)) << ref;
  for (const auto& ref : Values(xml, "//a:speech/@as")) EXPECT_TRUE(roles.count(ref)) << ref;
  for (const auto& ref : Values(xml, "//a:identification/@source | //a:references/@source")) {
    EXPECT_TRUE(agents.count(ref)) << ref;
  }
  // One person for Mexico's two turns; Switzerland, which gave no name, speaks as a delegation.
  EXPECT_EQ(by[0], by[3]);
  EXPECT_EQ(Values(xml, "//a:pointOfOrder/a:speech/@by"), std::vector<std::string>{"#del_che"});
  EXPECT_EQ(Values(xml, "//a:debateSection[@name='rightOfReply']/a:speech/@by"),
            std::vector<std::string>{by[0]});
  EXPECT_EQ(Values(xml, "//a:TLCPerson/@showAs")[0], "Mr. <Luis> \"Ernesto\"");
  EXPECT_EQ(Values(xml, "//a:speech/a:from")[0],
            "Mr. <Luis> \"Ernesto\", Secretary for Foreign Affairs (Mexico)");
  EXPECT_EQ(Values(xml, "//a:speech/@startTime")[0], "2006-09-14T10:05:00-04:00");
  EXPECT_EQ(Values(xml, "//a:speech/a:p")[0],
            "National statement, at the level of Minister, in Spanish, from 10:05:00 to "
            "10:12:03: 7:03 spoken of 5:00 allowed (2:03 over).");
  EXPECT_EQ(Values(xml, "//a:FRBRWork/a:FRBRthis/@value"),
            std::vector<std::string>{"/akn/un/debate/2006-09-14/hld-2006-plenary/!main"});
  EXPECT_EQ(Values(xml, "//a:preface/a:p/a:docTitle"),
            std::vector<std::string>{"Record of statements: Plenary"});
  EXPECT_EQ(*StatementsAkomaNtoso(Record()), xml);  // the same record, the same bytes
}

TEST(AkomaNtosoTest, NamesInAnyScriptStayApartAndWhatXmlCannotCarryIsLeftOut) {
  StatementRecord r = Record();
  // Two speakers whose names and titles have no ASCII letter, and a title holding U+FFFF and a
  // control character, which XML 1.0 may not carry.
  r.meetings[0].statements[0].set_speaker_name("\u738b\u6bc5");
  r.meetings[0].statements[0].set_speaker_title("\u5916\u4ea4\u90e8\u957f\uffff\x01");
  r.meetings[0].statements[2].set_speaker_name("\u0410\u043d\u043d\u0430");
  r.meetings[0].statements[2].set_speaker_title("\u041c\u0438\u043d\u0438\u0441\u0442\u0440");
  r.only_session = "events/hld-2006/sessions/meeting-1";
  std::string xml = *StatementsAkomaNtoso(r);
  EXPECT_EQ(SchemaErrors(xml), "") << xml;
  std::vector<std::string> persons = Values(xml, "//a:TLCPerson/@href");
  std::vector<std::string> roles = Values(xml, "//a:TLCRole/@href");
  EXPECT_EQ(std::set<std::string>(persons.begin(), persons.end()).size(), persons.size());
  EXPECT_EQ(std::set<std::string>(roles.begin(), roles.end()).size(), roles.size());
  EXPECT_EQ(persons[0], "/akn/ontology/person/un/mex/%E7%8E%8B%E6%AF%85");
  EXPECT_EQ(Values(xml, "//a:TLCRole/@showAs")[0], "\u5916\u4ea4\u90e8\u957f");
  // One meeting's record is a document of its own.
  EXPECT_EQ(Values(xml, "//a:FRBRWork/a:FRBRthis/@value"),
            std::vector<std::string>{"/akn/un/debate/2006-09-14/hld-2006-plenary-meeting-1/!main"});
}

TEST(AkomaNtosoTest, AnEmptyRecordIsStillAValidDebate) {
  StatementRecord r = Record();
  r.meetings.clear();
  auto xml = StatementsAkomaNtoso(r);
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(SchemaErrors(*xml), "") << *xml;
  EXPECT_EQ(Values(*xml, "//a:debateSection/a:p"),
            std::vector<std::string>{"No statement was made."});
  r.meetings.push_back({"", "1st plenary meeting", {}});
  EXPECT_EQ(SchemaErrors(*StatementsAkomaNtoso(r)), "");
}

}  // namespace
}  // namespace forum::domain
