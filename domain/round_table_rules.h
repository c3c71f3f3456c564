// Rules for round tables: their fields, their lifecycle and who may sit at them.
#ifndef FORUM_DOMAIN_ROUND_TABLE_RULES_H_
#define FORUM_DOMAIN_ROUND_TABLE_RULES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/validation.h"
#include "forum/v1/delegation.pb.h"
#include "forum/v1/event.pb.h"
#include "forum/v1/round_table.pb.h"

namespace forum::domain {

inline constexpr int kMaxCoChairs = 10;

// The caller-set fields of a round table, as they would be stored.
void ValidateRoundTable(const v1::RoundTable& rt, absl::string_view prefix, Validator& v);
// Round tables move from planned or scheduled to concluded or cancelled; scheduling itself is
// done by ScheduleRoundTable.
absl::Status CheckRoundTableTransition(const v1::RoundTable& rt, v1::RoundTableState to);
// Seats are taken and slots set only while the round table is planned or scheduled.
absl::Status CheckRoundTableOpen(const v1::RoundTable& rt);
// Only accredited delegations sit at round tables.
absl::Status CheckMaySit(const v1::Delegation& d, absl::string_view field);
// Member States take seats other than the reserved ones.
bool UsesStateSeat(v1::EntityKind kind);
// Whether one more seat at `rt`, whose participants are `seated`, is free for `d`: a seat at
// all, and for a Member State one of the seats not reserved for other participants
// (FAILED_PRECONDITION ROUND_TABLE_FULL or STATE_SEATS_FULL, naming `field`).
absl::Status CheckSeatFree(const v1::RoundTable& rt,
                           const std::vector<v1::RoundTableParticipant>& seated,
                           const v1::Delegation& d, absl::string_view field);
// Whether a Member State sitting at `tables` (round-table names) may join one more, the limit
// per State being `limit` (FAILED_PRECONDITION ROUND_TABLE_LIMIT_PER_STATE).
absl::Status CheckStateTableLimit(const v1::Delegation& d, const std::vector<std::string>& tables,
                                  int limit, absl::string_view field);
// After a change of capacity or reserved seats, the seats taken must still fit: no more than the
// capacity, and Member States in no more than the unreserved seats (FAILED_PRECONDITION
// SEATS_TAKEN).
absl::Status CheckSeatsFit(const v1::RoundTable& rt,
                           const std::vector<v1::RoundTableParticipant>& seated);
// The allocation pool of a delegation: its regional group for Member States, else the others'.
int PoolOf(const v1::Delegation& d);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ROUND_TABLE_RULES_H_
