#include "services/schedule_checks.h"

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/event_rules.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "storage/event_store.h"
#include "storage/round_table_store.h"

namespace forum::services {

absl::StatusOr<v1::Event> LoadOpenEvent(storage::Tx& tx, absl::string_view event_id,
                                        absl::string_view field) {
  ASSIGN_OR_RETURN(auto event, tx.events().GetHeader(event_id, field));
  RETURN_IF_ERROR(domain::CheckEventOpenForChanges(event));
  return event;
}

absl::StatusOr<std::string> ThemeOf(storage::Tx& tx, absl::string_view event_id,
                                    absl::string_view theme, absl::string_view field) {
  if (theme.empty()) return std::string();
  ASSIGN_OR_RETURN(auto parsed, domain::ParseEventChildName(theme, "themes", field));
  if (parsed.event != event_id) return domain::InvalidField(field, "must be a theme of the event");
  if (!tx.events().ThemeExists(event_id, parsed.id)) {
    return domain::NotFound("forum.v1.Theme", theme, field);
  }
  return parsed.id;
}

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
