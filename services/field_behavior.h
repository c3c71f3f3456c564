// The field behaviours the protos mark (`(forum.v1.field_behavior)`, see
// proto/forum/v1/field_behavior.proto), applied alike to every request before its logic runs, so
// that no method has to remember them: what the server sets is cleared from the request, and a
// required field left empty is refused with the field's path.
#ifndef FORUM_SERVICES_FIELD_BEHAVIOR_H_
#define FORUM_SERVICES_FIELD_BEHAVIOR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "forum/v1/field_behavior.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace forum::services {

// Whether the protos give `field` the behaviour `behavior`.
bool HasBehavior(const google::protobuf::FieldDescriptor& field, v1::FieldBehavior behavior);

// Whether `method` (an RPC's bare name) creates a resource: Create*, Register*, Add*, Insert*,
// Inscribe*.
bool IsCreateMethod(absl::string_view method);

// Clears, at any depth of the message fields the request sets (maps, which requests do not
// have, are not entered), what a request may not set: every output-only field, and, when the
// call `creates` the resource, every identifier (its name, which the server makes from the
// parent and the id). Another method that takes a resource (an Update) reads its name.
void ClearServerFields(google::protobuf::Message& request, bool creates);

// INVALID_ARGUMENT naming every required field that `request` leaves empty (unset, zero, or
// without items), looking inside every message field the request sets; OK when there is none.
absl::Status CheckRequiredFields(const google::protobuf::Message& request);

}  // namespace forum::services

#endif  // FORUM_SERVICES_FIELD_BEHAVIOR_H_
