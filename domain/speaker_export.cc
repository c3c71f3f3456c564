#include "domain/speaker_export.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "domain/dates.h"
#include "domain/status_macros.h"
#include "domain/text_formats.h"
#include "google/protobuf/util/json_util.h"

namespace forum::domain {
namespace {

absl::StatusOr<absl::TimeZone> ZoneOf(const std::string& name) {
  if (name.empty()) return absl::UTCTimeZone();
  return LoadZone(name);
}

// "Thursday 14 September 2006, 10:00–13:00" in `zone`; empty when the start is not known.
std::string MeetingWhen(const v1::RollingListMeeting& m, const absl::TimeZone& zone) {
  if (!m.has_start_time()) return "";
  absl::Time start = absl::FromUnixMicros(ToMicros(m.start_time()));
  std::string out =
      absl::StrCat(absl::FormatTime("%A ", start, zone), absl::ToCivilDay(start, zone).day(),
                   absl::FormatTime(" %B %Y, %H:%M", start, zone));
  if (m.has_end_time()) {
    absl::Time end = absl::FromUnixMicros(ToMicros(m.end_time()));
    if (absl::ToCivilDay(end, zone) == absl::ToCivilDay(start, zone)) {
      absl::StrAppend(&out, "\u2013", absl::FormatTime("%H:%M", end, zone));
    }
  }
  return out;
}

std::string PolicyLabel(const v1::RollingList& list) {
  switch (list.policy()) {
    case v1::PRECEDENCE_POLICY_INSCRIPTION_ORDER:
      return "order of inscription";
    case v1::PRECEDENCE_POLICY_DRAW_BY_LOT:
      return "UN protocol, drawn by lot within each level";
    default:
      return "UN protocol";
  }
}

int SpeakerCount(const v1::RollingList& list) {
  int n = 0;
  for (const auto& m : list.meetings()) n += m.speakers_size();
  return n;
}

std::string Plural(int n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// "H.E. Ms. X, Minister for Foreign Affairs", or what is known of it.
std::string WhoSpeaks(const std::string& name, const std::string& title) {
  if (name.empty() && title.empty()) return "(to be announced)";
  if (name.empty()) return title;
  if (title.empty()) return name;
  return absl::StrCat(name, ", ", title);
}

}  // namespace

std::string LevelLabel(v1::ProtocolRank level) {
  switch (level) {
    case v1::PROTOCOL_RANK_HEAD_OF_STATE:
      return "Head of State";
    case v1::PROTOCOL_RANK_VICE_PRESIDENT_OR_CROWN_PRINCE:
      return "Vice-President or Crown Prince";
    case v1::PROTOCOL_RANK_HEAD_OF_GOVERNMENT:
      return "Head of Government";
    case v1::PROTOCOL_RANK_DEPUTY_HEAD_OF_GOVERNMENT:
      return "Deputy Head of Government";
    case v1::PROTOCOL_RANK_MINISTER:
      return "Minister";
    case v1::PROTOCOL_RANK_VICE_MINISTER:
      return "Vice-Minister";
    case v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE:
      return "Permanent Representative";
    default:
      return "Other";
  }
}

std::string StatementKindLabel(v1::StatementKind kind, const std::string& on_behalf_of) {
  switch (kind) {
    case v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP:
      return on_behalf_of.empty() ? "On behalf of a group"
                                  : absl::StrCat("On behalf of ", on_behalf_of);
    case v1::STATEMENT_KIND_JOINT:
      return on_behalf_of.empty() ? "Joint statement"
                                  : absl::StrCat("Joint statement (", on_behalf_of, ")");
    case v1::STATEMENT_KIND_OBSERVER:
      return "Observer State";
    case v1::STATEMENT_KIND_ORGANIZATION:
      return "Organization";
    default:
      return "National statement";
  }
}

std::string SpeakerStateLabel(v1::SpeakerState state) {
  switch (state) {
    case v1::SPEAKER_STATE_INSCRIBED:
      return "Inscribed";
    case v1::SPEAKER_STATE_ASSIGNED:
      return "Assigned";
    case v1::SPEAKER_STATE_SPEAKING:
      return "Speaking";
    case v1::SPEAKER_STATE_SPOKE:
      return "Spoke";
    case v1::SPEAKER_STATE_ABSENT:
      return "Absent";
    case v1::SPEAKER_STATE_WITHDRAWN:
      return "Withdrawn";
    default:
      return "";
  }
}

std::string LanguageLabel(const std::string& code) {
  static const std::pair<const char*, const char*> kLanguages[] = {
      {"ar", "Arabic"}, {"zh", "Chinese"}, {"en", "English"},
      {"fr", "French"}, {"ru", "Russian"}, {"es", "Spanish"}};
  for (const auto& [c, name] : kLanguages) {
    if (code == c) return name;
  }
  return code;
}

std::string MinutesSeconds(int64_t seconds) {
  std::string sign = seconds < 0 ? "-" : "";
  int64_t s = seconds < 0 ? -seconds : seconds;
  return absl::StrFormat("%s%d:%02d", sign, s / 60, s % 60);
}

absl::StatusOr<std::string> RollingListMarkdown(const v1::RollingList& list) {
  ASSIGN_OR_RETURN(auto zone, ZoneOf(list.time_zone()));
  std::string out = absl::StrCat("# List of speakers: ", MarkdownCell(list.title()), "\n\n");
  absl::StrAppend(&out, MarkdownCell(list.event_title()), ". Order: ", PolicyLabel(list), ". ",
                  Plural(SpeakerCount(list), "speaker", "speakers"), ".\n");
  for (const auto& m : list.meetings()) {
    absl::StrAppend(&out, "\n## ", MarkdownCell(m.title()), "\n\n");
    std::string when = MeetingWhen(m, zone);
    if (!when.empty()) absl::StrAppend(&out, when, "\n\n");
    if (m.speakers().empty()) {
      absl::StrAppend(&out, "No speaker.\n");
      continue;
    }
    absl::StrAppend(&out,
                    "| No. | Delegation | Speaker | Level | Statement | Language | Time | State |\n"
                    "| ---: | --- | --- | --- | --- | --- | ---: | --- |\n");
    for (const auto& s : m.speakers()) {
      absl::StrAppend(&out, "| ", s.position(), " | ", MarkdownCell(s.display_name()), " | ",
                      MarkdownCell(WhoSpeaks(s.speaker_name(), s.speaker_title())), " | ",
                      LevelLabel(s.level()), " | ",
                      MarkdownCell(StatementKindLabel(s.kind(), s.on_behalf_of())), " | ",
                      MarkdownCell(LanguageLabel(s.language())), " | ",
                      MinutesSeconds(s.time_limit_seconds()), " | ", SpeakerStateLabel(s.state()),
                      " |\n");
    }
  }
  return out;
}

absl::StatusOr<std::string> RollingListText(const v1::RollingList& list) {
  ASSIGN_OR_RETURN(auto zone, ZoneOf(list.time_zone()));
  std::string heading = absl::StrCat("LIST OF SPEAKERS: ", absl::AsciiStrToUpper(list.title()));
  std::string out =
      absl::StrCat(heading, "\n", list.event_title(), "\n", "Order: ", PolicyLabel(list), ". ",
                   Plural(SpeakerCount(list), "speaker", "speakers"), ".\n");
  int width = 1;
  for (const auto& m : list.meetings()) {
    for (const auto& s : m.speakers()) {
      width = std::max(width, static_cast<int>(absl::StrCat(s.position()).size()));
    }
  }
  std::string indent(width + 4, ' ');
  for (const auto& m : list.meetings()) {
    absl::StrAppend(&out, "\n", m.title(), "\n");
    std::string when = MeetingWhen(m, zone);
    if (!when.empty()) absl::StrAppend(&out, when, "\n");
    absl::StrAppend(&out, std::string(std::max<size_t>(TextWidth(m.title()), TextWidth(when)), '='),
                    "\n");
    if (m.speakers().empty()) {
      absl::StrAppend(&out, "No speaker.\n");
      continue;
    }
    for (const auto& s : m.speakers()) {
      std::string details =
          absl::StrCat(LevelLabel(s.level()), "; ", StatementKindLabel(s.kind(), s.on_behalf_of()));
      if (!s.language().empty()) absl::StrAppend(&details, "; ", LanguageLabel(s.language()));
      absl::StrAppend(&details, "; ", MinutesSeconds(s.time_limit_seconds()), "; ",
                      SpeakerStateLabel(s.state()));
      absl::StrAppend(&out, absl::StrFormat("%*d.  ", width + 1, s.position()), s.display_name(),
                      "\n", indent, WhoSpeaks(s.speaker_name(), s.speaker_title()), "\n", indent,
                      details, "\n");
    }
  }
  return out;
}

absl::StatusOr<std::string> RollingListJson(const v1::RollingList& list) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(list, &out, options);
  if (!status.ok()) return absl::InternalError(absl::StrCat("JSON export: ", status.ToString()));
  return out;
}

// --- Akoma Ntoso -------------------------------------------------------------------------------

namespace {

constexpr char kAknNamespace[] = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

// A name usable in an ontology URI: ASCII letters and digits lower-cased, spaces and
// punctuation as one hyphen, any other character (a name in Arabic, Chinese or Russian) as
// its UTF-8 bytes percent-encoded, so that different names never share a link.
std::string Slug(const std::string& text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u)) {
      out += absl::ascii_tolower(u);
    } else if (u >= 0x80) {
      out += absl::StrFormat("%%%02X", u);
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "unnamed" : out;
}

std::string LastPart(const std::string& name) {
  size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// The references of the record: who spoke (a person, or the delegation when no name was
// given) and under which title; eIds given in order of first appearance.
struct References {
  std::vector<std::pair<std::string, std::string>> delegations;  // code, name
  std::vector<std::pair<std::string, std::string>> persons;      // key, name
  std::vector<std::string> roles;
  std::map<std::string, std::string> delegation_ids, person_ids, role_ids;

  std::string Delegation(const v1::Statement& s) {
    std::string code = LastPart(s.delegation());
    auto [it, added] = delegation_ids.emplace(code, "del_" + code);
    if (added) delegations.emplace_back(code, s.display_name());
    return it->second;
  }
  // The eId `by` refers to.
  std::string Agent(const v1::Statement& s) {
    std::string del = Delegation(s);
    if (s.speaker_name().empty()) return del;
    std::string key = absl::StrCat(LastPart(s.delegation()), "\n", s.speaker_name());
    auto [it, added] = person_ids.emplace(key, absl::StrCat("person_", persons.size() + 1));
    if (added) persons.emplace_back(key, s.speaker_name());
    return it->second;
  }
  // The eId `as` refers to; empty without a title.
  std::string Role(const v1::Statement& s) {
    if (s.speaker_title().empty()) return "";
    auto [it, added] = role_ids.emplace(s.speaker_title(), absl::StrCat("role_", roles.size() + 1));
    if (added) roles.push_back(s.speaker_title());
    return it->second;
  }
};

std::string Attr(const char* name, const std::string& value) {
  return absl::StrCat(" ", name, "=\"", XmlText(value), "\"");
}

std::string Recorded(const google::protobuf::Timestamp& ts, const absl::TimeZone& zone) {
  absl::Time t = absl::FromUnixMicros(ToMicros(ts));
  return absl::StrCat("<recordedTime", Attr("time", FormatInZone(ts, zone)), ">",
                      absl::FormatTime("%H:%M:%S", t, zone), "</recordedTime>");
}

// What the record says of a statement, as the content of a <p>.
std::string Account(const v1::Statement& s, const v1::Speaker* speaker,
                    const absl::TimeZone& zone) {
  std::string what;
  switch (s.turn()) {
    case v1::FLOOR_TURN_POINT_OF_ORDER:
      what = "Point of order";
      break;
    case v1::FLOOR_TURN_RIGHT_OF_REPLY:
      what = s.reply_number() <= 1 ? "Right of reply" : "Second right of reply";
      break;
    default:
      what = StatementKindLabel(s.kind(), speaker != nullptr ? speaker->on_behalf_of() : "");
      if (s.level() != v1::PROTOCOL_RANK_UNSPECIFIED) {
        absl::StrAppend(&what, ", at the level of ", LevelLabel(s.level()));
      }
  }
  std::string out = XmlText(what);
  if (speaker != nullptr && !speaker->language().empty()) {
    absl::StrAppend(&out, ", in ", XmlText(LanguageLabel(speaker->language())));
  }
  if (s.has_start_time()) absl::StrAppend(&out, ", from ", Recorded(s.start_time(), zone));
  if (s.has_end_time()) absl::StrAppend(&out, " to ", Recorded(s.end_time(), zone));
  absl::StrAppend(&out, ": ", MinutesSeconds(s.duration_seconds()), " spoken");
  if (s.limit_seconds() > 0) {
    absl::StrAppend(&out, " of ", MinutesSeconds(s.limit_seconds()), " allowed");
    if (s.overrun_seconds() > 0) {
      absl::StrAppend(&out, " (", MinutesSeconds(s.overrun_seconds()), " over)");
    }
  }
  return out + ".";
}

}  // namespace

absl::StatusOr<std::string> StatementsAkomaNtoso(const StatementRecord& record) {
  ASSIGN_OR_RETURN(auto zone, ZoneOf(record.time_zone));
  // The record's identity does not move as turns are added: the event's first day, and the
  // meeting when the record is of one meeting.
  std::string date = record.event_start_date.empty() ? "0001-01-01" : record.event_start_date;
  std::string event_id = LastPart(record.event), list_id = LastPart(record.list);
  std::string work = absl::StrCat("/akn/un/debate/", date, "/", event_id, "-", list_id);
  if (!record.only_session.empty()) absl::StrAppend(&work, "-", LastPart(record.only_session));

  // The body first: it gives the references their eIds.
  References refs;
  std::string body;
  int section = 0;
  for (const auto& m : record.meetings) {
    std::string sect = absl::StrCat("dbsect_", ++section);
    absl::StrAppend(&body, "      <debateSection", Attr("eId", sect), Attr("name", "meeting"),
                    ">\n        <heading>", XmlText(m.title), "</heading>\n");
    if (m.statements.empty()) {
      absl::StrAppend(&body, "        <p>No statement was made.</p>\n");
    }
    int speeches = 0, points = 0, replies = 0;
    for (const auto& s : m.statements) {
      auto found = record.speakers.find(s.speaker());
      const v1::Speaker* speaker = found != record.speakers.end() ? &found->second : nullptr;
      std::string indent = "        ", eid;
      std::string open, close;
      if (s.turn() == v1::FLOOR_TURN_POINT_OF_ORDER) {
        std::string wrapper = absl::StrCat(sect, "__pointOfOrder_", ++points);
        open = absl::StrCat(indent, "<pointOfOrder", Attr("eId", wrapper), ">\n");
        close = absl::StrCat(indent, "</pointOfOrder>\n");
        eid = wrapper + "__speech_1";
        indent += "  ";
      } else if (s.turn() == v1::FLOOR_TURN_RIGHT_OF_REPLY) {
        std::string wrapper = absl::StrCat(sect, "__dbsect_", ++replies);
        open = absl::StrCat(indent, "<debateSection", Attr("eId", wrapper),
                            Attr("name", "rightOfReply"), ">\n", indent,
                            "  <heading>Right of reply</heading>\n");
        close = absl::StrCat(indent, "</debateSection>\n");
        eid = wrapper + "__speech_1";
        indent += "  ";
      } else {
        eid = absl::StrCat(sect, "__speech_", ++speeches);
      }
      std::string by = refs.Agent(s), as = refs.Role(s);
      std::string from = WhoSpeaks(s.speaker_name(), s.speaker_title());
      if (s.speaker_name().empty() && s.speaker_title().empty()) {
        from = s.display_name();
      } else {
        absl::StrAppend(&from, " (", s.display_name(), ")");
      }
      absl::StrAppend(&body, open, indent, "<speech", Attr("eId", eid), Attr("by", "#" + by));
      if (!as.empty()) absl::StrAppend(&body, Attr("as", "#" + as));
      if (s.has_start_time()) {
        absl::StrAppend(&body, Attr("startTime", FormatInZone(s.start_time(), zone)));
      }
      if (s.has_end_time()) {
        absl::StrAppend(&body, Attr("endTime", FormatInZone(s.end_time(), zone)));
      }
      absl::StrAppend(&body, ">\n", indent, "  <from>", XmlText(from), "</from>\n", indent, "  <p>",
                      Account(s, speaker, zone), "</p>\n", indent, "</speech>\n", close);
    }
    absl::StrAppend(&body, "      </debateSection>\n");
  }
  if (record.meetings.empty()) {
    absl::StrAppend(&body, "      <debateSection eId=\"dbsect_1\" name=\"meeting\">\n",
                    "        <p>No statement was made.</p>\n      </debateSection>\n");
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  absl::StrAppend(&out, "<akomaNtoso", Attr("xmlns", kAknNamespace), ">\n",
                  "  <debate name=\"recordOfStatements\">\n    <meta>\n",
                  "      <identification source=\"#forum\">\n");
  struct Level {
    const char* element;
    std::string this_value, uri, author, extra;
  };
  const Level levels[] = {
      {"FRBRWork", work + "/!main", work, "#secretariat", "<FRBRcountry value=\"un\"/>"},
      {"FRBRExpression", work + "/eng@/!main", work + "/eng@", "#secretariat",
       "<FRBRlanguage language=\"eng\"/>"},
      {"FRBRManifestation", work + "/eng@/!main.xml", work + "/eng@.akn", "#forum", ""},
  };
  for (const auto& l : levels) {
    absl::StrAppend(&out, "        <", l.element, ">\n", "          <FRBRthis",
                    Attr("value", l.this_value), "/>\n", "          <FRBRuri", Attr("value", l.uri),
                    "/>\n", "          <FRBRdate", Attr("date", date), " name=\"debate\"/>\n",
                    "          <FRBRauthor", Attr("href", l.author), "/>\n");
    if (!l.extra.empty()) absl::StrAppend(&out, "          ", l.extra, "\n");
    absl::StrAppend(&out, "        </", l.element, ">\n");
  }
  absl::StrAppend(
      &out, "      </identification>\n      <references source=\"#forum\">\n",
      "        <TLCOrganization eId=\"secretariat\"",
      Attr("href", absl::StrCat("/akn/ontology/organization/un/", event_id, "-secretariat")),
      Attr("showAs", absl::StrCat("Secretariat of ", record.event_title)), "/>\n",
      "        <TLCOrganization eId=\"forum\" "
      "href=\"/akn/ontology/organization/un/forum\" showAs=\"forum\"/>\n");
  for (const auto& [code, name] : refs.delegations) {
    absl::StrAppend(&out, "        <TLCOrganization", Attr("eId", "del_" + code),
                    Attr("href", "/akn/ontology/organization/un/" + code), Attr("showAs", name),
                    "/>\n");
  }
  for (const auto& [key, name] : refs.persons) {
    std::string code = key.substr(0, key.find('\n'));
    absl::StrAppend(&out, "        <TLCPerson", Attr("eId", refs.person_ids[key]),
                    Attr("href", absl::StrCat("/akn/ontology/person/un/", code, "/", Slug(name))),
                    Attr("showAs", name), "/>\n");
  }
  for (const auto& title : refs.roles) {
    absl::StrAppend(&out, "        <TLCRole", Attr("eId", refs.role_ids[title]),
                    Attr("href", "/akn/ontology/role/un/" + Slug(title)), Attr("showAs", title),
                    "/>\n");
  }
  absl::StrAppend(&out, "      </references>\n    </meta>\n    <preface>\n",
                  "      <p><docTitle>Record of statements: ", XmlText(record.list_title),
                  "</docTitle></p>\n      <p>", XmlText(record.event_title), "</p>\n",
                  "    </preface>\n    <debateBody>\n", body,
                  "    </debateBody>\n  </debate>\n</akomaNtoso>\n");
  return out;
}

}  // namespace forum::domain
