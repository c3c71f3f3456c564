// What the calls on lists of speakers share (services/speakers.cc for the lists and their
// entries, services/speaker_floor.cc for running the meeting): loading a list, its order, and
// writing the positions back.
#ifndef FORUM_SERVICES_SPEAKER_SUPPORT_H_
#define FORUM_SERVICES_SPEAKER_SUPPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/names.h"
#include "forum/v1/delegation.pb.h"
#include "forum/v1/event.pb.h"
#include "forum/v1/speaker.pb.h"
#include "storage/database.h"

namespace forum::services {

inline constexpr char kPlenaryList[] = "plenary";

// The list named, with its title and (unless `count` is false) its count: `plenary` for any
// event, else a round table's id. NOT_FOUND naming `field` when there is no such list.
absl::StatusOr<v1::SpeakerList> LoadSpeakerList(storage::Tx& tx, const domain::EventChild& ref,
                                                absl::string_view field = "name",
                                                bool count = true);

// Every speaker of the list in speaking order (those off the list where they would stand).
std::vector<v1::Speaker> SpeakersInOrder(storage::Tx& tx, absl::string_view event_id,
                                         absl::string_view list_id,
                                         const v1::SpeakerList& settings);

// Recomputes the list's order and writes the positions that changed; a withdrawn or dropped
// speaker has none.
void ReorderSpeakers(storage::Tx& tx, absl::string_view event_id, absl::string_view list_id,
                     const v1::SpeakerList& settings);

// Before `moving` leaves its place (a move, a level change, a call it missed): the speakers
// placed by hand right after it are placed after the one before it instead, so that they stay
// where they are and no placement ever leads in a circle.
void ReleaseFollowers(storage::Tx& tx, const domain::SpeakerRef& moving,
                      const v1::SpeakerList& settings);

// The plenary meetings of the event in the order they start.
std::vector<v1::Session> MeetingsInOrder(storage::Tx& tx, absl::string_view event_id);

// The delegation named `name` (in `field`): of the list's event (INVALID_ARGUMENT), registered
// (NOT_FOUND) and still taking part, neither rejected nor withdrawn (FAILED_PRECONDITION,
// DELEGATION_NOT_TAKING_PART).
absl::StatusOr<v1::Delegation> DelegationTakingPart(storage::Tx& tx, const domain::EventChild& ref,
                                                    absl::string_view name,
                                                    absl::string_view field);

// The turns delivered on the list (all of them: the caps keep them under 6,000), of
// one plenary meeting when `session_id` is given, in the order they began.
std::vector<v1::Statement> DeliveredStatements(storage::Tx& tx, const domain::EventChild& ref,
                                               absl::string_view session_id);

// RESOURCE_EXHAUSTED (STATEMENT_COUNT) when the list holds as many turns as it may.
absl::Status CheckStatementRoom(storage::Tx& tx, const domain::EventChild& ref);

// Whether a speaker in this state is off the list (withdrawn, or dropped when absent).
bool OffTheList(v1::SpeakerState state);

}  // namespace forum::services

#endif  // FORUM_SERVICES_SPEAKER_SUPPORT_H_
