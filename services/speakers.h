// The logic of forum.v1.SpeakerService: lists of speakers and their settings, inscriptions,
// the speaking order (kept in the store as each speaker's position, recomputed by
// domain::SpeakingOrder whenever the order may change), manual moves, and the distribution of
// the plenary list over the plenary meetings.
#ifndef FORUM_SERVICES_SPEAKERS_H_
#define FORUM_SERVICES_SPEAKERS_H_

#include "absl/status/statusor.h"
#include "domain/names.h"
#include "forum/v1/speaker.pb.h"
#include "storage/database.h"

namespace forum::services {

// Whether a call acts as the list's chair (or the secretariat), who may change a list at any
// time, or as a delegation's focal point, who may only while the list is open.
enum class SpeakerActor { kChair, kFocalPoint };

class Speakers {
 public:
  absl::StatusOr<v1::SpeakerList> GetList(storage::Tx& tx, const domain::EventChild& list);
  absl::StatusOr<v1::ListSpeakerListsResponse> ListLists(
      storage::Tx& tx, const v1::ListSpeakerListsRequest& request);
  absl::StatusOr<v1::SpeakerList> UpdateList(storage::Tx& tx, const domain::EventChild& list,
                                             const v1::UpdateSpeakerListRequest& request);
  absl::StatusOr<v1::Speaker> Inscribe(storage::Tx& tx, const domain::EventChild& list,
                                       SpeakerActor actor,
                                       const v1::InscribeSpeakerRequest& request);
  absl::StatusOr<v1::Speaker> Get(storage::Tx& tx, const domain::SpeakerRef& speaker);
  absl::StatusOr<v1::ListSpeakersResponse> List(storage::Tx& tx, const domain::EventChild& list,
                                                const v1::ListSpeakersRequest& request);
  absl::StatusOr<v1::Speaker> Update(storage::Tx& tx, const domain::SpeakerRef& speaker,
                                     SpeakerActor actor, const v1::UpdateSpeakerRequest& request);
  absl::StatusOr<v1::Speaker> Withdraw(storage::Tx& tx, const domain::SpeakerRef& speaker,
                                       SpeakerActor actor,
                                       const v1::WithdrawSpeakerRequest& request);
  absl::StatusOr<v1::Speaker> Move(storage::Tx& tx, const domain::SpeakerRef& speaker,
                                   const v1::MoveSpeakerRequest& request);
  absl::StatusOr<v1::DistributeSpeakersResponse> Distribute(
      storage::Tx& tx, const domain::EventChild& list,
      const v1::DistributeSpeakersRequest& request);

  // Running the meeting (services/speaker_floor.cc).
  absl::StatusOr<v1::Floor> GetFloor(storage::Tx& tx, const domain::EventChild& list);
  absl::StatusOr<v1::Floor> StartNext(storage::Tx& tx, const domain::EventChild& list,
                                      const v1::StartNextSpeakerRequest& request);
  absl::StatusOr<v1::Floor> Pause(storage::Tx& tx, const domain::EventChild& list);
  absl::StatusOr<v1::Floor> Resume(storage::Tx& tx, const domain::EventChild& list);
  absl::StatusOr<v1::Floor> End(storage::Tx& tx, const domain::EventChild& list);
  absl::StatusOr<v1::Floor> PointOfOrder(storage::Tx& tx, const domain::EventChild& list,
                                         const v1::RaisePointOfOrderRequest& request);
  absl::StatusOr<v1::Statement> RequestReply(storage::Tx& tx, const domain::EventChild& list,
                                             const v1::RequestRightOfReplyRequest& request);
  absl::StatusOr<v1::ListStatementsResponse> ListStatements(
      storage::Tx& tx, const domain::EventChild& list, const v1::ListStatementsRequest& request);
  // One turn, requested, under way or delivered (the change feed reads it).
  absl::StatusOr<v1::Statement> GetStatement(storage::Tx& tx, const domain::StatementRef& ref);
  absl::StatusOr<v1::Participation> GetParticipation(storage::Tx& tx,
                                                     const domain::EventChild& list);

  // Exports (services/speaker_exports.cc).
  absl::StatusOr<v1::SpeakerExport> ExportList(storage::Tx& tx, const domain::EventChild& list,
                                               const v1::ExportSpeakerListRequest& request);
  absl::StatusOr<v1::SpeakerExport> ExportStatements(storage::Tx& tx,
                                                     const domain::EventChild& list,
                                                     const v1::ExportStatementsRequest& request);

  // Withdraws every entry of a delegation that no longer takes part in the event, on every
  // list, and reorders those lists.
  static void WithdrawDelegation(storage::Tx& tx, absl::string_view event_id,
                                 absl::string_view entity_code);
  // Drops a deleted round table's list.
  static void DropList(storage::Tx& tx, absl::string_view event_id, absl::string_view list_id);
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_SPEAKERS_H_
