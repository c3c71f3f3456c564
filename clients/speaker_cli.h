// What the forumctl speakers commands share (clients/speaker_commands.cc for the lists and
// their entries, clients/speaker_floor_commands.cc for the floor, the record and the exports):
// the command-line arguments, the names they make and the table of speakers.
#ifndef FORUM_CLIENTS_SPEAKER_CLI_H_
#define FORUM_CLIENTS_SPEAKER_CLI_H_

#include <cstdint>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/context.h"
#include "forum/v1/speaker.pb.h"

namespace forum::client::speaker_cli {

inline std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

struct Args {
  std::string event, list = "plenary", speaker, entity, level, kind, on_behalf_of, speaker_name,
                     speaker_title, language, request_id, etag, after, reason, meeting, policy,
                     deadline, absent_policy, format = "markdown", file;
  bool first = false, dry_run = false, all = false, absent = false;
  std::string open, groups_first, allow_multiple;
  int64_t seed = 0;
  int national = 0, group = 0, joint = 0, observer = 0, organization = 0, replies = 0,
      first_reply = 0, second_reply = 0;
};

inline std::string ListName(const Args& a) {
  return absl::StrCat("events/", a.event, "/speakerLists/", a.list);
}
inline std::string SpeakerName(const Args& a) { return ListName(a) + "/speakers/" + a.speaker; }
inline std::string DelegationName(const Args& a) {
  return absl::StrCat("events/", a.event, "/delegations/", a.entity);
}
inline std::string MeetingName(const Args& a, const std::string& id) {
  return absl::StrCat("events/", a.event, "/sessions/", id);
}

// Prints speakers as a table: place, id, delegation, level, kind, meeting, state, time.
void PrintSpeakers(const google::protobuf::RepeatedPtrField<v1::Speaker>& speakers);

// `EVENT [LIST]` of a command on one list.
void ListArgs(CLI::App* cmd, std::shared_ptr<Args> a);

// The chair's table (floor, next, pause, resume, end, point-of-order, reply), the record and
// the exports.
void AddFloorCommands(CLI::App* speakers, Context& ctx, std::shared_ptr<Args> a);
// The floor on a full screen, driven by the change feed (clients/speaker_board.cc).
void AddBoardCommand(CLI::App* speakers, Context& ctx, std::shared_ptr<Args> a);

}  // namespace forum::client::speaker_cli

#endif  // FORUM_CLIENTS_SPEAKER_CLI_H_
