// The fuzz world: an event built through the API as the secretariat, so that fuzz inputs start
// where the deep states are one call away: an open event with a plenary meeting, a room and a
// theme; registered, accredited and unaccredited delegations with a member; a scheduled round
// table with a participant and a planned one; a plenary list of speakers whose first speaker
// has the floor; a draft chair's summary, a circulated outcome
// document and an issued round-table summary; and tokens of every role.
#ifndef FORUM_TESTS_FUZZ_WORLD_H_
#define FORUM_TESTS_FUZZ_WORLD_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/channel.h"
#include "services/forum_server.h"

namespace forum::fuzz {

struct World {
  // Resource names by key (`event`, `bel`, `rt1`, `summary`, `paragraph`, ...).
  std::map<std::string, std::string> names;
  // Token secrets by role: `admin`, `reader`, `focal-point` (of bel), `chair` (of the event).
  std::map<std::string, std::string> secrets;
};

// Builds the world on a database that holds only the reference data.
absl::Status BuildWorld(services::ForumServices& services,
                        const std::shared_ptr<grpc::Channel>& channel, World& world);

}  // namespace forum::fuzz

#endif  // FORUM_TESTS_FUZZ_WORLD_H_
