// The logic of forum.v1.RoundTableService: round tables, their schedule and seats, the
// delegations' preferences, the allocation, and schedule exports.
#ifndef FORUM_SERVICES_ROUND_TABLES_H_
#define FORUM_SERVICES_ROUND_TABLES_H_

#include "absl/status/statusor.h"
#include "domain/names.h"
#include "forum/v1/round_table.pb.h"
#include "storage/database.h"

namespace forum::services {

class RoundTables {
 public:
  absl::StatusOr<v1::RoundTable> Create(storage::Tx& tx,
                                        const v1::CreateRoundTableRequest& request);
  absl::StatusOr<v1::RoundTable> Get(storage::Tx& tx, const v1::GetRoundTableRequest& request);
  absl::StatusOr<v1::ListRoundTablesResponse> List(storage::Tx& tx,
                                                   const v1::ListRoundTablesRequest& request);
  absl::StatusOr<v1::RoundTable> Update(storage::Tx& tx,
                                        const v1::UpdateRoundTableRequest& request);
  absl::StatusOr<v1::DeleteRoundTableResponse> Delete(storage::Tx& tx,
                                                      const v1::DeleteRoundTableRequest& request);
  absl::StatusOr<v1::RoundTable> Schedule(storage::Tx& tx,
                                          const v1::ScheduleRoundTableRequest& request);
  absl::StatusOr<v1::ListScheduleConflictsResponse> ListConflicts(
      storage::Tx& tx, const v1::ListScheduleConflictsRequest& request);
  absl::StatusOr<v1::RoundTableParticipant> AddParticipant(
      storage::Tx& tx, const v1::AddRoundTableParticipantRequest& request);
  absl::StatusOr<v1::RemoveRoundTableParticipantResponse> RemoveParticipant(
      storage::Tx& tx, const v1::RemoveRoundTableParticipantRequest& request);
  absl::StatusOr<v1::ListRoundTableParticipantsResponse> ListParticipants(
      storage::Tx& tx, const v1::ListRoundTableParticipantsRequest& request);
  // `delegation`: the request's delegation, parsed by the access rule.
  absl::StatusOr<v1::RoundTablePreferences> SetPreferences(
      storage::Tx& tx, const domain::EventChild& delegation,
      const v1::SetRoundTablePreferencesRequest& request);
  absl::StatusOr<v1::RoundTablePreferences> GetPreferences(
      storage::Tx& tx, const domain::EventChild& delegation,
      const v1::GetRoundTablePreferencesRequest& request);
  absl::StatusOr<v1::RoundTableRules> GetRules(storage::Tx& tx,
                                               const v1::GetRoundTableRulesRequest& request);
  absl::StatusOr<v1::RoundTableRules> UpdateRules(storage::Tx& tx,
                                                  const v1::UpdateRoundTableRulesRequest& request);
  absl::StatusOr<v1::AllocationReport> Allocate(storage::Tx& tx,
                                                const v1::AllocateRoundTablesRequest& request);

 private:
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_ROUND_TABLES_H_
