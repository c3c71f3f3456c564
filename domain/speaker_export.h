// Exports of a list of speakers: the rolling list a secretariat circulates before and during the
// meetings (Markdown, plain text, JSON), and the record of statements as an Akoma Ntoso debate
// (OASIS LegalDocML 1.0, namespace http://docs.oasis-open.org/legaldocml/ns/akn/3.0).
//
// Each is a pure function of what it is given, so the same list gives the same bytes: a
// paged export can check that its pieces come from one state of the list.
#ifndef FORUM_DOMAIN_SPEAKER_EXPORT_H_
#define FORUM_DOMAIN_SPEAKER_EXPORT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "forum/v1/speaker.pb.h"

namespace forum::domain {

// Words for the values a list shows ("Head of Government", "National statement", "Spanish").
std::string LevelLabel(v1::ProtocolRank level);
std::string StatementKindLabel(v1::StatementKind kind, const std::string& on_behalf_of);
std::string SpeakerStateLabel(v1::SpeakerState state);
// The English name of an official UN language given as its ISO 639-1 code; the code itself
// for any other.
std::string LanguageLabel(const std::string& code);
// Seconds as `m:ss`.
std::string MinutesSeconds(int64_t seconds);

// The rolling list; times in the list's `time_zone`.
absl::StatusOr<std::string> RollingListMarkdown(const v1::RollingList& list);
absl::StatusOr<std::string> RollingListText(const v1::RollingList& list);
// The proto3 JSON form of `list`, indented, every field printed.
absl::StatusOr<std::string> RollingListJson(const v1::RollingList& list);

// One meeting of the record, with the statements delivered in it in the order they began.
struct RecordMeeting {
  std::string session;  // `events/{event}/sessions/{session}`; empty at a round table
  std::string title;
  std::vector<v1::Statement> statements;
};

// The record of a list.
struct StatementRecord {
  std::string list;  // `events/{event}/speakerLists/{list}`
  std::string list_title;
  std::string event;  // `events/{event}`
  std::string event_title;
  std::string time_zone;
  std::string event_start_date;  // `YYYY-MM-DD`: the date in the record's FRBR identity
  std::string only_session;      // the meeting, when the record is of one meeting alone
  std::vector<RecordMeeting> meetings;
  // The speakers of the statements from the list, by resource name: their group
  // (`on_behalf_of`) and language.
  std::map<std::string, v1::Speaker> speakers;
};

// The record as an Akoma Ntoso `debate`: FRBR identification; the delegations, speakers and
// their titles as TLCOrganization, TLCPerson and TLCRole references; a `debateSection` per
// meeting holding a `speech` per statement (a point of order inside a `pointOfOrder`, a right
// of reply inside a `debateSection` named `rightOfReply`), each with its recorded start and end.
absl::StatusOr<std::string> StatementsAkomaNtoso(const StatementRecord& record);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SPEAKER_EXPORT_H_
