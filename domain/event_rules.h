// Rules for events and their plenary meetings, rooms and themes.
#ifndef FORUM_DOMAIN_EVENT_RULES_H_
#define FORUM_DOMAIN_EVENT_RULES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/validation.h"
#include "forum/v1/event.pb.h"

namespace forum::domain {

// Checks the fields of an event as given on create (all of them) into `v`; `prefix` is the path
// of the event in the request, e.g. `event`.
void ValidateEvent(const v1::Event& event, absl::string_view prefix, Validator& v);
// OK when an event may move from `from` to `to`: forward through planned, open for
// registration, in session, concluded; cancelled from any state before concluded.
absl::Status CheckEventTransition(const v1::Event& event, v1::EventState to);
// OK while the event's records may change (not concluded, not cancelled).
absl::Status CheckEventOpenForChanges(const v1::Event& event);

void ValidateSession(const v1::Session& session, absl::string_view prefix, Validator& v);
// [start, end) lies inside the event's days in the event's time zone; `field` names the start.
absl::Status CheckInsideEvent(const v1::Event& event, const google::protobuf::Timestamp& start,
                              const google::protobuf::Timestamp& end, absl::string_view field);
// The meeting lies inside the event's days in the event's time zone.
absl::Status CheckSessionInsideEvent(const v1::Event& event, const v1::Session& session,
                                     absl::string_view prefix);
// Two meetings overlap when each starts before the other ends.
bool Overlaps(const v1::Session& a, const v1::Session& b);

void ValidateRoom(const v1::Room& room, absl::string_view prefix, Validator& v);
void ValidateTheme(const v1::Theme& theme, absl::string_view prefix, Validator& v);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_EVENT_RULES_H_
