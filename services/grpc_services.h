// The gRPC adapters: each RPC runs in one transaction (Serve, services/access.h) that
// authenticates its caller, applies its access rule (written next to it in
// grpc_{service}_service.cc, so each service's policy reads in one file), calls the plain logic
// class and maps its status. No domain rule lives here.
#ifndef FORUM_SERVICES_GRPC_SERVICES_H_
#define FORUM_SERVICES_GRPC_SERVICES_H_

#include "forum/v1/access.grpc.pb.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/document.grpc.pb.h"
#include "forum/v1/entity.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"
#include "forum/v1/round_table.grpc.pb.h"
#include "forum/v1/schedule.grpc.pb.h"
#include "forum/v1/speaker.grpc.pb.h"
#include "forum/v1/watch.grpc.pb.h"
#include "services/access.h"
#include "services/change_feed.h"
#include "services/delegations.h"
#include "services/documents.h"
#include "services/entities.h"
#include "services/events.h"
#include "services/round_tables.h"
#include "services/schedules.h"
#include "services/speakers.h"

namespace forum::services {

using grpc::ServerContext;
using grpc::Status;

class EntityGrpcService final : public v1::EntityService::Service {
 public:
  EntityGrpcService(Entities& logic, Access& access) : logic_(logic), access_(access) {}
  Status ListEntities(ServerContext* ctx, const v1::ListEntitiesRequest* request,
                      v1::ListEntitiesResponse* response) override;
  Status GetEntity(ServerContext* ctx, const v1::GetEntityRequest* request,
                   v1::Entity* response) override;

 private:
  static constexpr char kService[] = "forum.v1.EntityService";
  Entities& logic_;
  Access& access_;
};

class EventGrpcService final : public v1::EventService::Service {
 public:
  EventGrpcService(Events& logic, Access& access) : logic_(logic), access_(access) {}
  Status CreateEvent(ServerContext* ctx, const v1::CreateEventRequest* request,
                     v1::Event* response) override;
  Status GetEvent(ServerContext* ctx, const v1::GetEventRequest* request,
                  v1::Event* response) override;
  Status ListEvents(ServerContext* ctx, const v1::ListEventsRequest* request,
                    v1::ListEventsResponse* response) override;
  Status UpdateEvent(ServerContext* ctx, const v1::UpdateEventRequest* request,
                     v1::Event* response) override;
  Status CreateSession(ServerContext* ctx, const v1::CreateSessionRequest* request,
                       v1::Session* response) override;
  Status GetSession(ServerContext* ctx, const v1::GetSessionRequest* request,
                    v1::Session* response) override;
  Status ListSessions(ServerContext* ctx, const v1::ListSessionsRequest* request,
                      v1::ListSessionsResponse* response) override;
  Status UpdateSession(ServerContext* ctx, const v1::UpdateSessionRequest* request,
                       v1::Session* response) override;
  Status CreateRoom(ServerContext* ctx, const v1::CreateRoomRequest* request,
                    v1::Room* response) override;
  Status GetRoom(ServerContext* ctx, const v1::GetRoomRequest* request,
                 v1::Room* response) override;
  Status UpdateRoom(ServerContext* ctx, const v1::UpdateRoomRequest* request,
                    v1::Room* response) override;
  Status ListRooms(ServerContext* ctx, const v1::ListRoomsRequest* request,
                   v1::ListRoomsResponse* response) override;
  Status CreateTheme(ServerContext* ctx, const v1::CreateThemeRequest* request,
                     v1::Theme* response) override;
  Status GetTheme(ServerContext* ctx, const v1::GetThemeRequest* request,
                  v1::Theme* response) override;
  Status UpdateTheme(ServerContext* ctx, const v1::UpdateThemeRequest* request,
                     v1::Theme* response) override;
  Status ListThemes(ServerContext* ctx, const v1::ListThemesRequest* request,
                    v1::ListThemesResponse* response) override;

 private:
  static constexpr char kService[] = "forum.v1.EventService";
  Events& logic_;
  Access& access_;
};

class DelegationGrpcService final : public v1::DelegationService::Service {
 public:
  DelegationGrpcService(Delegations& logic, Access& access) : logic_(logic), access_(access) {}
  Status RegisterDelegation(ServerContext* ctx, const v1::RegisterDelegationRequest* request,
                            v1::Delegation* response) override;
  Status GetDelegation(ServerContext* ctx, const v1::GetDelegationRequest* request,
                       v1::Delegation* response) override;
  Status ListDelegations(ServerContext* ctx, const v1::ListDelegationsRequest* request,
                         v1::ListDelegationsResponse* response) override;
  Status UpdateDelegation(ServerContext* ctx, const v1::UpdateDelegationRequest* request,
                          v1::Delegation* response) override;
  Status AccreditDelegation(ServerContext* ctx, const v1::AccreditDelegationRequest* request,
                            v1::Delegation* response) override;
  Status RejectDelegation(ServerContext* ctx, const v1::RejectDelegationRequest* request,
                          v1::Delegation* response) override;
  Status WithdrawDelegation(ServerContext* ctx, const v1::WithdrawDelegationRequest* request,
                            v1::Delegation* response) override;
  Status AddDelegationMember(ServerContext* ctx, const v1::AddDelegationMemberRequest* request,
                             v1::DelegationMember* response) override;
  Status ListDelegationMembers(ServerContext* ctx, const v1::ListDelegationMembersRequest* request,
                               v1::ListDelegationMembersResponse* response) override;
  Status UpdateDelegationMember(ServerContext* ctx,
                                const v1::UpdateDelegationMemberRequest* request,
                                v1::DelegationMember* response) override;
  Status RemoveDelegationMember(ServerContext* ctx,
                                const v1::RemoveDelegationMemberRequest* request,
                                v1::RemoveDelegationMemberResponse* response) override;

 private:
  static constexpr char kService[] = "forum.v1.DelegationService";
  Delegations& logic_;
  Access& access_;
};

class SpeakerGrpcService final : public v1::SpeakerService::Service {
 public:
  SpeakerGrpcService(Speakers& logic, Access& access) : logic_(logic), access_(access) {}
  Status GetSpeakerList(ServerContext* ctx, const v1::GetSpeakerListRequest* request,
                        v1::SpeakerList* response) override;
  Status ListSpeakerLists(ServerContext* ctx, const v1::ListSpeakerListsRequest* request,
                          v1::ListSpeakerListsResponse* response) override;
  Status UpdateSpeakerList(ServerContext* ctx, const v1::UpdateSpeakerListRequest* request,
                           v1::SpeakerList* response) override;
  Status InscribeSpeaker(ServerContext* ctx, const v1::InscribeSpeakerRequest* request,
                         v1::Speaker* response) override;
  Status GetSpeaker(ServerContext* ctx, const v1::GetSpeakerRequest* request,
                    v1::Speaker* response) override;
  Status ListSpeakers(ServerContext* ctx, const v1::ListSpeakersRequest* request,
                      v1::ListSpeakersResponse* response) override;
  Status UpdateSpeaker(ServerContext* ctx, const v1::UpdateSpeakerRequest* request,
                       v1::Speaker* response) override;
  Status WithdrawSpeaker(ServerContext* ctx, const v1::WithdrawSpeakerRequest* request,
                         v1::Speaker* response) override;
  Status MoveSpeaker(ServerContext* ctx, const v1::MoveSpeakerRequest* request,
                     v1::Speaker* response) override;
  Status DistributeSpeakers(ServerContext* ctx, const v1::DistributeSpeakersRequest* request,
                            v1::DistributeSpeakersResponse* response) override;
  Status GetFloor(ServerContext* ctx, const v1::GetFloorRequest* request,
                  v1::Floor* response) override;
  Status StartNextSpeaker(ServerContext* ctx, const v1::StartNextSpeakerRequest* request,
                          v1::Floor* response) override;
  Status PauseSpeaker(ServerContext* ctx, const v1::PauseSpeakerRequest* request,
                      v1::Floor* response) override;
  Status ResumeSpeaker(ServerContext* ctx, const v1::ResumeSpeakerRequest* request,
                       v1::Floor* response) override;
  Status EndSpeaker(ServerContext* ctx, const v1::EndSpeakerRequest* request,
                    v1::Floor* response) override;
  Status RaisePointOfOrder(ServerContext* ctx, const v1::RaisePointOfOrderRequest* request,
                           v1::Floor* response) override;
  Status RequestRightOfReply(ServerContext* ctx, const v1::RequestRightOfReplyRequest* request,
                             v1::Statement* response) override;
  Status ListStatements(ServerContext* ctx, const v1::ListStatementsRequest* request,
                        v1::ListStatementsResponse* response) override;
  Status GetParticipation(ServerContext* ctx, const v1::GetParticipationRequest* request,
                          v1::Participation* response) override;
  Status ExportSpeakerList(ServerContext* ctx, const v1::ExportSpeakerListRequest* request,
                           v1::SpeakerExport* response) override;
  Status ExportStatements(ServerContext* ctx, const v1::ExportStatementsRequest* request,
                          v1::SpeakerExport* response) override;

 private:
  static constexpr char kService[] = "forum.v1.SpeakerService";
  Speakers& logic_;
  Access& access_;
};

class RoundTableGrpcService final : public v1::RoundTableService::Service {
 public:
  RoundTableGrpcService(RoundTables& logic, Schedules& schedules, Access& access)
      : logic_(logic), schedules_(schedules), access_(access) {}
  Status CreateRoundTable(ServerContext* ctx, const v1::CreateRoundTableRequest* request,
                          v1::RoundTable* response) override;
  Status GetRoundTable(ServerContext* ctx, const v1::GetRoundTableRequest* request,
                       v1::RoundTable* response) override;
  Status ListRoundTables(ServerContext* ctx, const v1::ListRoundTablesRequest* request,
                         v1::ListRoundTablesResponse* response) override;
  Status UpdateRoundTable(ServerContext* ctx, const v1::UpdateRoundTableRequest* request,
                          v1::RoundTable* response) override;
  Status DeleteRoundTable(ServerContext* ctx, const v1::DeleteRoundTableRequest* request,
                          v1::DeleteRoundTableResponse* response) override;
  Status ScheduleRoundTable(ServerContext* ctx, const v1::ScheduleRoundTableRequest* request,
                            v1::RoundTable* response) override;
  Status ListScheduleConflicts(ServerContext* ctx, const v1::ListScheduleConflictsRequest* request,
                               v1::ListScheduleConflictsResponse* response) override;
  Status AddRoundTableParticipant(ServerContext* ctx,
                                  const v1::AddRoundTableParticipantRequest* request,
                                  v1::RoundTableParticipant* response) override;
  Status RemoveRoundTableParticipant(ServerContext* ctx,
                                     const v1::RemoveRoundTableParticipantRequest* request,
                                     v1::RemoveRoundTableParticipantResponse* response) override;
  Status ListRoundTableParticipants(ServerContext* ctx,
                                    const v1::ListRoundTableParticipantsRequest* request,
                                    v1::ListRoundTableParticipantsResponse* response) override;
  Status SetRoundTablePreferences(ServerContext* ctx,
                                  const v1::SetRoundTablePreferencesRequest* request,
                                  v1::RoundTablePreferences* response) override;
  Status GetRoundTablePreferences(ServerContext* ctx,
                                  const v1::GetRoundTablePreferencesRequest* request,
                                  v1::RoundTablePreferences* response) override;
  Status GetRoundTableRules(ServerContext* ctx, const v1::GetRoundTableRulesRequest* request,
                            v1::RoundTableRules* response) override;
  Status UpdateRoundTableRules(ServerContext* ctx, const v1::UpdateRoundTableRulesRequest* request,
                               v1::RoundTableRules* response) override;
  Status AllocateRoundTables(ServerContext* ctx, const v1::AllocateRoundTablesRequest* request,
                             v1::AllocationReport* response) override;
  Status ExportSchedule(ServerContext* ctx, const v1::ExportScheduleRequest* request,
                        v1::ExportScheduleResponse* response) override;

 private:
  static constexpr char kService[] = "forum.v1.RoundTableService";
  RoundTables& logic_;
  Schedules& schedules_;
  Access& access_;
};

class ScheduleGrpcService final : public v1::ScheduleService::Service {
 public:
  ScheduleGrpcService(Schedules& logic, Access& access) : logic_(logic), access_(access) {}

  Status PublishSchedule(ServerContext* ctx, const v1::PublishScheduleRequest* request,
                         v1::ScheduleRelease* response) override;
  Status ListScheduleReleases(ServerContext* ctx, const v1::ListScheduleReleasesRequest* request,
                              v1::ListScheduleReleasesResponse* response) override;
  Status GetScheduleRelease(ServerContext* ctx, const v1::GetScheduleReleaseRequest* request,
                            v1::ScheduleRelease* response) override;
  Status DiffScheduleReleases(ServerContext* ctx, const v1::DiffScheduleReleasesRequest* request,
                              v1::DiffScheduleReleasesResponse* response) override;

 private:
  static constexpr char kService[] = "forum.v1.ScheduleService";
  Schedules& logic_;
  Access& access_;
};

class DocumentGrpcService final : public v1::DocumentService::Service {
 public:
  DocumentGrpcService(Documents& logic, Access& access) : logic_(logic), access_(access) {}
  Status CreateDocument(ServerContext* ctx, const v1::CreateDocumentRequest* request,
                        v1::Document* response) override;
  Status GetDocument(ServerContext* ctx, const v1::GetDocumentRequest* request,
                     v1::Document* response) override;
  Status ListDocuments(ServerContext* ctx, const v1::ListDocumentsRequest* request,
                       v1::ListDocumentsResponse* response) override;
  Status UpdateDocument(ServerContext* ctx, const v1::UpdateDocumentRequest* request,
                        v1::Document* response) override;
  Status DeleteDocument(ServerContext* ctx, const v1::DeleteDocumentRequest* request,
                        v1::DeleteDocumentResponse* response) override;
  Status InsertSection(ServerContext* ctx, const v1::InsertSectionRequest* request,
                       v1::Section* response) override;
  Status UpdateSection(ServerContext* ctx, const v1::UpdateSectionRequest* request,
                       v1::Section* response) override;
  Status MoveSection(ServerContext* ctx, const v1::MoveSectionRequest* request,
                     v1::Section* response) override;
  Status DeleteSection(ServerContext* ctx, const v1::DeleteSectionRequest* request,
                       v1::DeleteSectionResponse* response) override;
  Status InsertParagraph(ServerContext* ctx, const v1::InsertParagraphRequest* request,
                         v1::Paragraph* response) override;
  Status UpdateParagraph(ServerContext* ctx, const v1::UpdateParagraphRequest* request,
                         v1::Paragraph* response) override;
  Status MoveParagraph(ServerContext* ctx, const v1::MoveParagraphRequest* request,
                       v1::Paragraph* response) override;
  Status DeleteParagraph(ServerContext* ctx, const v1::DeleteParagraphRequest* request,
                         v1::DeleteParagraphResponse* response) override;
  Status GetDocumentContent(ServerContext* ctx, const v1::GetDocumentContentRequest* request,
                            v1::DocumentContent* response) override;
  Status ListRevisions(ServerContext* ctx, const v1::ListRevisionsRequest* request,
                       v1::ListRevisionsResponse* response) override;
  Status DiffRevisions(ServerContext* ctx, const v1::DiffRevisionsRequest* request,
                       v1::DiffRevisionsResponse* response) override;
  Status CirculateDocument(ServerContext* ctx, const v1::CirculateDocumentRequest* request,
                           v1::Document* response) override;
  Status IssueDocument(ServerContext* ctx, const v1::IssueDocumentRequest* request,
                       v1::Document* response) override;
  Status IssueCorrigendum(ServerContext* ctx, const v1::IssueCorrigendumRequest* request,
                          v1::Document* response) override;
  Status AddComment(ServerContext* ctx, const v1::AddCommentRequest* request,
                    v1::Comment* response) override;
  Status ListComments(ServerContext* ctx, const v1::ListCommentsRequest* request,
                      v1::ListCommentsResponse* response) override;
  Status CompileDocument(ServerContext* ctx, const v1::CompileDocumentRequest* request,
                         v1::Section* response) override;
  Status ExportDocument(ServerContext* ctx, const v1::ExportDocumentRequest* request,
                        v1::ExportDocumentResponse* response) override;

 private:
  // The rules parse the names they decide on (a malformed name answers INVALID_ARGUMENT naming
  // `field`) and hand them to the logic. The facts of the document are read in the call's
  // transaction for callers other than admins; a document that does not exist passes (the logic
  // answers NOT_FOUND).
  absl::StatusOr<domain::DocRef> DocumentFor(storage::Tx& tx, const Caller& caller,
                                             absl::string_view name, absl::string_view field,
                                             domain::DocumentNeed need);
  // A section (`collection` "sections") or paragraph ("paragraphs") of a document.
  absl::StatusOr<domain::ItemRef> ItemFor(storage::Tx& tx, const Caller& caller,
                                          absl::string_view name, absl::string_view collection,
                                          absl::string_view field, domain::DocumentNeed need);
  // Reading at `revision` (0: the current text); earlier revisions are for authors.
  absl::StatusOr<domain::DocRef> ReadableAt(storage::Tx& tx, const Caller& caller,
                                            absl::string_view name, int64_t revision);
  // The event a document is created under.
  absl::StatusOr<std::string> CreatableIn(const Caller& caller,
                                          const v1::CreateDocumentRequest& request);
  // The document compiled into (drafted) and its source (read).
  absl::StatusOr<std::pair<domain::DocRef, domain::DocRef>> CompilePair(
      storage::Tx& tx, const Caller& caller, const v1::CompileDocumentRequest& request);
  // The paragraph commented on, as the comment's author.
  absl::StatusOr<domain::ItemRef> CommentOn(storage::Tx& tx, const Caller& caller,
                                            const v1::Comment& comment);
  // The facts the policy needs of the document; nullopt when the rule passes without them (an
  // admin caller, a missing document).
  std::optional<domain::DocumentFacts> FactsToCheck(storage::Tx& tx, const Caller& caller,
                                                    const domain::DocRef& ref);

  static constexpr char kService[] = "forum.v1.DocumentService";
  Documents& logic_;
  Access& access_;
};

class AccessGrpcService final : public v1::AccessService::Service {
 public:
  explicit AccessGrpcService(Access& access) : access_(access) {}
  Status CreateToken(ServerContext* ctx, const v1::CreateTokenRequest* request,
                     v1::CreateTokenResponse* response) override;
  Status ListTokens(ServerContext* ctx, const v1::ListTokensRequest* request,
                    v1::ListTokensResponse* response) override;
  Status RevokeToken(ServerContext* ctx, const v1::RevokeTokenRequest* request,
                     v1::Token* response) override;
  Status GetCaller(ServerContext* ctx, const v1::GetCallerRequest* request,
                   v1::Token* response) override;
  Status ListAuditRecords(ServerContext* ctx, const v1::ListAuditRecordsRequest* request,
                          v1::ListAuditRecordsResponse* response) override;

 private:
  static constexpr char kService[] = "forum.v1.AccessService";
  Access& access_;
};

// WatchEvent runs on the callback API (grpc_watch_service.cc): its streams wait without threads.
// It takes and sends serialized messages, so that a message the feed prepared once goes to every
// watcher it is for without being serialized again for each.
class WatchGrpcService final
    : public v1::WatchService::WithRawCallbackMethod_WatchEvent<v1::WatchService::Service> {
 public:
  explicit WatchGrpcService(ChangeFeed& feed) : feed_(feed) {}
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchEvent(grpc::CallbackServerContext* context,
                                                         const grpc::ByteBuffer* request) override;

 private:
  ChangeFeed& feed_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_GRPC_SERVICES_H_
