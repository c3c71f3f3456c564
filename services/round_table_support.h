// What the methods of RoundTables share (services/round_tables.cc and the round_table_*.cc files
// beside it): typed names, the loads that check an event still takes changes, and the checks that
// read the store before a seat is given or a slot set. The rules themselves are in
// domain/round_table_rules.h.
#ifndef FORUM_SERVICES_ROUND_TABLE_SUPPORT_H_
#define FORUM_SERVICES_ROUND_TABLE_SUPPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/names.h"
#include "forum/v1/delegation.pb.h"
#include "forum/v1/event.pb.h"
#include "forum/v1/round_table.pb.h"
#include "services/schedule_checks.h"
#include "storage/database.h"

namespace forum::services {

inline constexpr char kRoundTableType[] = "forum.v1.RoundTable";

absl::StatusOr<domain::EventChild> ParseRoundTable(absl::string_view name, absl::string_view field);
// A delegation of `event_id` named in the request field `field`.
absl::StatusOr<v1::Delegation> LoadDelegation(storage::Tx& tx, absl::string_view event_id,
                                              absl::string_view name, absl::string_view field);
// The same for a name already parsed (by the call's access rule).
absl::StatusOr<v1::Delegation> LoadDelegation(storage::Tx& tx, const domain::EventChild& name,
                                              absl::string_view field);
std::string EntityCode(const v1::Delegation& d);
// FAILED_PRECONDITION (CO_CHAIR_BUSY) when `entity` co-chairs another round table at a time
// that overlaps `rt`'s.
absl::Status CheckCoChairFree(storage::RoundTableStore& store, absl::string_view event_id,
                              const v1::RoundTable& rt, absl::string_view entity,
                              absl::string_view field);
// Whether `d` may take a new seat at `rt` in `role`: accredited, a free seat, a free State
// seat for a Member State within its limit of round tables, and for a co-chair no other
// co-chairing at the same time.
absl::Status CheckSeat(storage::Tx& tx, absl::string_view event_id, const v1::RoundTable& rt,
                       const v1::Delegation& d, v1::ParticipantRole role, absl::string_view field);
// Makes the co-chairs of `rt` the delegations in `wanted`: co-chairs no longer listed leave,
// new ones are seated (or promoted from another role).
absl::Status SyncCoChairs(storage::Tx& tx, absl::string_view event_id, const v1::RoundTable& rt,
                          const std::vector<std::string>& current,
                          const google::protobuf::RepeatedPtrField<std::string>& wanted,
                          absl::string_view prefix);
// ALREADY_EXISTS when another round table of the event has `number`.
absl::Status CheckNumberFree(storage::RoundTableStore& store, absl::string_view event_id,
                             absl::string_view rt_id, int number);
// FAILED_PRECONDITION (OVER_ROOM_CAPACITY) when the round table has more seats than its room.
absl::Status CheckRoomCapacity(storage::Tx& tx, absl::string_view event_id,
                               const v1::RoundTable& rt, absl::string_view field);

}  // namespace forum::services

#endif  // FORUM_SERVICES_ROUND_TABLE_SUPPORT_H_
