// Checks shared by everything that occupies a room: plenary meetings and round tables.
#ifndef FORUM_SERVICES_SCHEDULE_CHECKS_H_
#define FORUM_SERVICES_SCHEDULE_CHECKS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/database.h"

namespace forum::services {

// FAILED_PRECONDITION (ROOM_BUSY, naming the clashing meeting or round table) when `room_id`
// hosts anything other than `except_session` or `except_round_table` during [start, end).
absl::Status CheckRoomFree(storage::Tx& tx, absl::string_view event_id, absl::string_view room_id,
                           int64_t start_micros, int64_t end_micros,
                           absl::string_view except_session, absl::string_view except_round_table,
                           absl::string_view field);

}  // namespace forum::services

#endif  // FORUM_SERVICES_SCHEDULE_CHECKS_H_
