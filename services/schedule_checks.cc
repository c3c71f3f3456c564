#include "services/schedule_checks.h"

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "storage/event_store.h"
#include "storage/round_table_store.h"

namespace forum::services {

absl::Status CheckRoomFree(storage::Tx& tx, absl::string_view event_id, absl::string_view room_id,
                           int64_t start, int64_t end, absl::string_view except_session,
                           absl::string_view except_round_table, absl::string_view field) {
  std::string clash;
  auto sessions =
      tx.events().SessionsInRoomOverlapping(event_id, room_id, start, end, except_session);
  if (!sessions.empty()) clash = sessions.front().name();
  if (clash.empty()) {
    auto tables =
        tx.round_tables().InRoomOverlapping(event_id, room_id, start, end, except_round_table);
    if (!tables.empty()) clash = tables.front().name();
  }
  if (clash.empty()) return absl::OkStatus();
  return domain::FailedPrecondition("ROOM_BUSY", clash,
                                    absl::StrCat(domain::EventChildName(event_id, "rooms", room_id),
                                                 " is taken at an overlapping time by ", clash),
                                    field);
}

}  // namespace forum::services
