// The count limits of domain/limits.h, checked against the store before a create.
#ifndef FORUM_SERVICES_LIMITS_H_
#define FORUM_SERVICES_LIMITS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/limits.h"
#include "domain/names.h"
#include "storage/event_store.h"

namespace forum::services {

// RESOURCE_EXHAUSTED when the event already holds as many of `part` as it may.
inline absl::Status CheckPartCount(storage::EventStore& store, absl::string_view event_id,
                                   storage::EventPart part) {
  struct Rule {
    int64_t limit;
    const char* type;
    const char* what;
  };
  Rule rule{};
  switch (part) {
    case storage::EventPart::kSessions:
      rule = {domain::kMaxSessionsPerEvent, "SESSION_COUNT", "plenary meetings"};
      break;
    case storage::EventPart::kRooms:
      rule = {domain::kMaxRoomsPerEvent, "ROOM_COUNT", "rooms"};
      break;
    case storage::EventPart::kThemes:
      rule = {domain::kMaxThemesPerEvent, "THEME_COUNT", "themes"};
      break;
    case storage::EventPart::kRoundTables:
      rule = {domain::kMaxRoundTablesPerEvent, "ROUND_TABLE_COUNT", "round tables"};
      break;
    case storage::EventPart::kDocuments:
      rule = {domain::kMaxDocumentsPerEvent, "DOCUMENT_COUNT", "documents"};
      break;
  }
  if (store.Count(event_id, part) < rule.limit) return absl::OkStatus();
  return domain::CountLimit(rule.type, domain::EventName(event_id), rule.limit, rule.what);
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_LIMITS_H_
