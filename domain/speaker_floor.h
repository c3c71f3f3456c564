// The floor of a meeting as pure arithmetic: the clock of a turn (paused time left out), what
// counts as an overrun, the limit of a delegation's next right of reply, and the participation
// figures a chair's summary quotes, counted from the record of statements.
#ifndef FORUM_DOMAIN_SPEAKER_FLOOR_H_
#define FORUM_DOMAIN_SPEAKER_FLOOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "forum/v1/speaker.pb.h"

namespace forum::domain {

// The clock of one turn, in microseconds: started at `start`, stopped since `paused_since`
// (0: running), `paused` already spent stopped before that.
struct TurnClock {
  int64_t start = 0;
  int64_t paused = 0;
  int64_t paused_since = 0;
};

// Speaking time up to `now` (or to the pause under way), never negative.
int64_t ElapsedMicros(const TurnClock& clock, int64_t now);
// The same clock after a pause or a resumption at `now`.
TurnClock Paused(TurnClock clock, int64_t now);
TurnClock Resumed(TurnClock clock, int64_t now);

// Whole seconds over `limit_seconds` (0 for none, and for a turn without a limit).
int32_t OverrunSeconds(int64_t elapsed_micros, int32_t limit_seconds);

// The limit of a delegation's right of reply when it already had `earlier` in the meeting:
// the list's first limit, then its second; FAILED_PRECONDITION-worthy when none is left, told
// by a return of 0.
int32_t ReplyLimitSeconds(const v1::SpeakerList& list, int earlier);

// One delivered turn, as participation counts it.
struct DeliveredTurn {
  v1::FloorTurn turn = v1::FLOOR_TURN_STATEMENT;
  std::string entity;
  v1::EntityKind entity_kind = v1::ENTITY_KIND_UNSPECIFIED;
  v1::StatementKind kind = v1::STATEMENT_KIND_UNSPECIFIED;
  v1::ProtocolRank level = v1::PROTOCOL_RANK_UNSPECIFIED;
  int64_t seconds = 0;
  bool overran = false;
};

// The figures of a record (name left empty), with the sentence that states them.
v1::Participation CountParticipation(const std::vector<DeliveredTurn>& turns);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SPEAKER_FLOOR_H_
