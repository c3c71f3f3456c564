#include "domain/speaker_distribution.h"

#include <algorithm>
#include <map>

namespace forum::domain {

Distribution DistributeSpeakers(const std::vector<SpeakerSlot>& speakers,
                                const std::vector<MeetingSlot>& meetings) {
  Distribution d;
  d.meeting.assign(speakers.size(), -1);
  d.planned_seconds.assign(meetings.size(), 0);
  std::map<std::string, int> index_of;
  for (size_t m = 0; m < meetings.size(); ++m) index_of.emplace(meetings[m].id, m);

  // Those who have spoken stay where they spoke; new places start at the last such meeting.
  size_t first_open = 0;
  for (size_t s = 0; s < speakers.size(); ++s) {
    if (speakers[s].fixed_meeting.empty()) continue;
    auto m = index_of.find(speakers[s].fixed_meeting);
    if (m == index_of.end()) continue;  // a meeting since deleted: it holds nobody's time
    d.meeting[s] = m->second;
    d.planned_seconds[m->second] += speakers[s].seconds;
    first_open = std::max(first_open, static_cast<size_t>(m->second));
  }

  size_t at = first_open;
  for (size_t s = 0; s < speakers.size(); ++s) {
    if (!speakers[s].fixed_meeting.empty()) continue;
    // A statement longer than every meeting still to come is left out alone: waiting for it
    // would leave out everyone after it too.
    bool fits_somewhere = false;
    for (size_t m = at; m < meetings.size() && !fits_somewhere; ++m) {
      fits_somewhere = speakers[s].seconds <= meetings[m].seconds;
    }
    if (!fits_somewhere) continue;
    while (at < meetings.size() &&
           d.planned_seconds[at] + speakers[s].seconds > meetings[at].seconds) {
      ++at;
    }
    if (at == meetings.size()) continue;  // full up to the last meeting
    d.meeting[s] = static_cast<int>(at);
    d.planned_seconds[at] += speakers[s].seconds;
  }
  return d;
}

}  // namespace forum::domain
