// Loads and checks shared by the services of events, round tables and documents: the event that
// must still take changes, a theme of the event, and a room free for a meeting or a round table.
#ifndef FORUM_SERVICES_SCHEDULE_CHECKS_H_
#define FORUM_SERVICES_SCHEDULE_CHECKS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/event.pb.h"
#include "storage/database.h"

namespace forum::services {

// The event (its own fields, without its lists: EventStore::GetHeader), which must exist
// (NOT_FOUND naming `field`) and still take changes.
absl::StatusOr<v1::Event> LoadOpenEvent(storage::Tx& tx, absl::string_view event_id,
                                        absl::string_view field = "parent");

// The id of the theme `theme` names (empty when it names none): a theme of `event_id` that
// exists, else INVALID_ARGUMENT or NOT_FOUND naming `field`.
absl::StatusOr<std::string> ThemeOf(storage::Tx& tx, absl::string_view event_id,
                                    absl::string_view theme, absl::string_view field);

// FAILED_PRECONDITION (ROOM_BUSY, naming the clashing meeting or round table) when `room_id`
// hosts anything other than `except_session` or `except_round_table` during [start, end).
absl::Status CheckRoomFree(storage::Tx& tx, absl::string_view event_id, absl::string_view room_id,
                           int64_t start_micros, int64_t end_micros,
                           absl::string_view except_session, absl::string_view except_round_table,
                           absl::string_view field);

}  // namespace forum::services

#endif  // FORUM_SERVICES_SCHEDULE_CHECKS_H_
