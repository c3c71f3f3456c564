// The distribution of a plenary list of speakers over the event's plenary meetings: speakers
// keep their speaking order across the meetings, and each meeting takes what its length allows
// at the list's time limits. Since protocol puts heads of State and Government first, they
// speak in the first meetings. A pure function, so a dry run and the real run agree.
//
// Redistributing after withdrawals and level changes keeps every speaker who has spoken (or is
// speaking) in its meeting, counts their time there, and gives the others places only from the
// last meeting in which somebody has spoken onwards: a meeting that is over takes nobody new.
#ifndef FORUM_DOMAIN_SPEAKER_DISTRIBUTION_H_
#define FORUM_DOMAIN_SPEAKER_DISTRIBUTION_H_

#include <cstdint>
#include <string>
#include <vector>

namespace forum::domain {

// A plenary meeting, in the order the meetings are held.
struct MeetingSlot {
  std::string id;
  int64_t seconds = 0;  // its length
};

// A speaker, in speaking order: the time its statement may take and, for one who has spoken or
// is speaking, the meeting it spoke in (which does not change).
struct SpeakerSlot {
  int64_t seconds = 0;
  std::string fixed_meeting;
};

struct Distribution {
  // Per speaker: the index of its meeting, or -1 when no meeting has room left.
  std::vector<int> meeting;
  // Per meeting: the seconds its speakers' statements take.
  std::vector<int64_t> planned_seconds;
};

Distribution DistributeSpeakers(const std::vector<SpeakerSlot>& speakers,
                                const std::vector<MeetingSlot>& meetings);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SPEAKER_DISTRIBUTION_H_
