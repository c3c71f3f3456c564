#include "services/grpc_services.h"

#include "services/grpc_status.h"

namespace forum::services {

Status EntityGrpcService::ListEntities(ServerContext* ctx, const v1::ListEntitiesRequest* request,
                                       v1::ListEntitiesResponse* response) {
  return Serve(ctx, response, [&] { return logic_.List(*request); });
}

Status EntityGrpcService::GetEntity(ServerContext* ctx, const v1::GetEntityRequest* request,
                                    v1::Entity* response) {
  return Serve(ctx, response, [&] { return logic_.Get(*request); });
}

Status EventGrpcService::CreateEvent(ServerContext* ctx, const v1::CreateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, response, [&] { return logic_.CreateEvent(*request); });
}

Status EventGrpcService::GetEvent(ServerContext* ctx, const v1::GetEventRequest* request,
                                  v1::Event* response) {
  return Serve(ctx, response, [&] { return logic_.GetEvent(*request); });
}

Status EventGrpcService::ListEvents(ServerContext* ctx, const v1::ListEventsRequest* request,
                                    v1::ListEventsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListEvents(*request); });
}

Status EventGrpcService::UpdateEvent(ServerContext* ctx, const v1::UpdateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateEvent(*request); });
}

Status EventGrpcService::CreateSession(ServerContext* ctx, const v1::CreateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, response, [&] { return logic_.CreateSession(*request); });
}

Status EventGrpcService::ListSessions(ServerContext* ctx, const v1::ListSessionsRequest* request,
                                      v1::ListSessionsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListSessions(*request); });
}

Status EventGrpcService::UpdateSession(ServerContext* ctx, const v1::UpdateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateSession(*request); });
}

Status EventGrpcService::CreateRoom(ServerContext* ctx, const v1::CreateRoomRequest* request,
                                    v1::Room* response) {
  return Serve(ctx, response, [&] { return logic_.CreateRoom(*request); });
}

Status EventGrpcService::ListRooms(ServerContext* ctx, const v1::ListRoomsRequest* request,
                                   v1::ListRoomsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListRooms(*request); });
}

Status EventGrpcService::CreateTheme(ServerContext* ctx, const v1::CreateThemeRequest* request,
                                     v1::Theme* response) {
  return Serve(ctx, response, [&] { return logic_.CreateTheme(*request); });
}

Status EventGrpcService::ListThemes(ServerContext* ctx, const v1::ListThemesRequest* request,
                                    v1::ListThemesResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListThemes(*request); });
}

Status DelegationGrpcService::RegisterDelegation(ServerContext* ctx,
                                                 const v1::RegisterDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Register(*request); });
}

Status DelegationGrpcService::GetDelegation(ServerContext* ctx,
                                            const v1::GetDelegationRequest* request,
                                            v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Get(*request); });
}

Status DelegationGrpcService::ListDelegations(ServerContext* ctx,
                                              const v1::ListDelegationsRequest* request,
                                              v1::ListDelegationsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.List(*request); });
}

Status DelegationGrpcService::UpdateDelegation(ServerContext* ctx,
                                               const v1::UpdateDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Update(*request); });
}

Status DelegationGrpcService::AccreditDelegation(ServerContext* ctx,
                                                 const v1::AccreditDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Accredit(*request); });
}

Status DelegationGrpcService::RejectDelegation(ServerContext* ctx,
                                               const v1::RejectDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Reject(*request); });
}

Status DelegationGrpcService::WithdrawDelegation(ServerContext* ctx,
                                                 const v1::WithdrawDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, response, [&] { return logic_.Withdraw(*request); });
}

Status DelegationGrpcService::AddDelegationMember(ServerContext* ctx,
                                                  const v1::AddDelegationMemberRequest* request,
                                                  v1::DelegationMember* response) {
  return Serve(ctx, response, [&] { return logic_.AddMember(*request); });
}

Status DelegationGrpcService::ListDelegationMembers(ServerContext* ctx,
                                                    const v1::ListDelegationMembersRequest* request,
                                                    v1::ListDelegationMembersResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListMembers(*request); });
}

Status DelegationGrpcService::UpdateDelegationMember(
    ServerContext* ctx, const v1::UpdateDelegationMemberRequest* request,
    v1::DelegationMember* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateMember(*request); });
}

Status DelegationGrpcService::RemoveDelegationMember(
    ServerContext* ctx, const v1::RemoveDelegationMemberRequest* request,
    v1::RemoveDelegationMemberResponse* response) {
  return Serve(ctx, response, [&] { return logic_.RemoveMember(*request); });
}

Status RoundTableGrpcService::CreateRoundTable(ServerContext* ctx,
                                               const v1::CreateRoundTableRequest* request,
                                               v1::RoundTable* response) {
  return Serve(ctx, response, [&] { return logic_.Create(*request); });
}

Status RoundTableGrpcService::GetRoundTable(ServerContext* ctx,
                                            const v1::GetRoundTableRequest* request,
                                            v1::RoundTable* response) {
  return Serve(ctx, response, [&] { return logic_.Get(*request); });
}

Status RoundTableGrpcService::ListRoundTables(ServerContext* ctx,
                                              const v1::ListRoundTablesRequest* request,
                                              v1::ListRoundTablesResponse* response) {
  return Serve(ctx, response, [&] { return logic_.List(*request); });
}

Status RoundTableGrpcService::UpdateRoundTable(ServerContext* ctx,
                                               const v1::UpdateRoundTableRequest* request,
                                               v1::RoundTable* response) {
  return Serve(ctx, response, [&] { return logic_.Update(*request); });
}

Status RoundTableGrpcService::DeleteRoundTable(ServerContext* ctx,
                                               const v1::DeleteRoundTableRequest* request,
                                               v1::DeleteRoundTableResponse* response) {
  return Serve(ctx, response, [&] { return logic_.Delete(*request); });
}

Status RoundTableGrpcService::ScheduleRoundTable(ServerContext* ctx,
                                                 const v1::ScheduleRoundTableRequest* request,
                                                 v1::RoundTable* response) {
  return Serve(ctx, response, [&] { return logic_.Schedule(*request); });
}

Status RoundTableGrpcService::ListScheduleConflicts(ServerContext* ctx,
                                                    const v1::ListScheduleConflictsRequest* request,
                                                    v1::ListScheduleConflictsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListConflicts(*request); });
}

Status RoundTableGrpcService::AddRoundTableParticipant(
    ServerContext* ctx, const v1::AddRoundTableParticipantRequest* request,
    v1::RoundTableParticipant* response) {
  return Serve(ctx, response, [&] { return logic_.AddParticipant(*request); });
}

Status RoundTableGrpcService::RemoveRoundTableParticipant(
    ServerContext* ctx, const v1::RemoveRoundTableParticipantRequest* request,
    v1::RemoveRoundTableParticipantResponse* response) {
  return Serve(ctx, response, [&] { return logic_.RemoveParticipant(*request); });
}

Status RoundTableGrpcService::ListRoundTableParticipants(
    ServerContext* ctx, const v1::ListRoundTableParticipantsRequest* request,
    v1::ListRoundTableParticipantsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListParticipants(*request); });
}

Status RoundTableGrpcService::SetRoundTablePreferences(
    ServerContext* ctx, const v1::SetRoundTablePreferencesRequest* request,
    v1::RoundTablePreferences* response) {
  return Serve(ctx, response, [&] { return logic_.SetPreferences(*request); });
}

Status RoundTableGrpcService::GetRoundTablePreferences(
    ServerContext* ctx, const v1::GetRoundTablePreferencesRequest* request,
    v1::RoundTablePreferences* response) {
  return Serve(ctx, response, [&] { return logic_.GetPreferences(*request); });
}

Status RoundTableGrpcService::GetRoundTableRules(ServerContext* ctx,
                                                 const v1::GetRoundTableRulesRequest* request,
                                                 v1::RoundTableRules* response) {
  return Serve(ctx, response, [&] { return logic_.GetRules(*request); });
}

Status RoundTableGrpcService::UpdateRoundTableRules(ServerContext* ctx,
                                                    const v1::UpdateRoundTableRulesRequest* request,
                                                    v1::RoundTableRules* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateRules(*request); });
}

Status RoundTableGrpcService::AllocateRoundTables(ServerContext* ctx,
                                                  const v1::AllocateRoundTablesRequest* request,
                                                  v1::AllocationReport* response) {
  return Serve(ctx, response, [&] { return logic_.Allocate(*request); });
}

Status RoundTableGrpcService::ExportSchedule(ServerContext* ctx,
                                             const v1::ExportScheduleRequest* request,
                                             v1::ExportScheduleResponse* response) {
  return Serve(ctx, response, [&] { return logic_.Export(*request); });
}

Status DocumentGrpcService::CreateDocument(ServerContext* ctx,
                                           const v1::CreateDocumentRequest* request,
                                           v1::Document* response) {
  return Serve(ctx, response, [&] { return logic_.Create(*request); });
}

Status DocumentGrpcService::GetDocument(ServerContext* ctx, const v1::GetDocumentRequest* request,
                                        v1::Document* response) {
  return Serve(ctx, response, [&] { return logic_.Get(*request); });
}

Status DocumentGrpcService::ListDocuments(ServerContext* ctx,
                                          const v1::ListDocumentsRequest* request,
                                          v1::ListDocumentsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.List(*request); });
}

Status DocumentGrpcService::UpdateDocument(ServerContext* ctx,
                                           const v1::UpdateDocumentRequest* request,
                                           v1::Document* response) {
  return Serve(ctx, response, [&] { return logic_.Update(*request); });
}

Status DocumentGrpcService::DeleteDocument(ServerContext* ctx,
                                           const v1::DeleteDocumentRequest* request,
                                           v1::DeleteDocumentResponse* response) {
  return Serve(ctx, response, [&] { return logic_.Delete(*request); });
}

Status DocumentGrpcService::InsertSection(ServerContext* ctx,
                                          const v1::InsertSectionRequest* request,
                                          v1::Section* response) {
  return Serve(ctx, response, [&] { return logic_.InsertSection(*request); });
}

Status DocumentGrpcService::UpdateSection(ServerContext* ctx,
                                          const v1::UpdateSectionRequest* request,
                                          v1::Section* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateSection(*request); });
}

Status DocumentGrpcService::MoveSection(ServerContext* ctx, const v1::MoveSectionRequest* request,
                                        v1::Section* response) {
  return Serve(ctx, response, [&] { return logic_.MoveSection(*request); });
}

Status DocumentGrpcService::DeleteSection(ServerContext* ctx,
                                          const v1::DeleteSectionRequest* request,
                                          v1::DeleteSectionResponse* response) {
  return Serve(ctx, response, [&] { return logic_.DeleteSection(*request); });
}

Status DocumentGrpcService::InsertParagraph(ServerContext* ctx,
                                            const v1::InsertParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(ctx, response, [&] { return logic_.InsertParagraph(*request); });
}

Status DocumentGrpcService::UpdateParagraph(ServerContext* ctx,
                                            const v1::UpdateParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(ctx, response, [&] { return logic_.UpdateParagraph(*request); });
}

Status DocumentGrpcService::MoveParagraph(ServerContext* ctx,
                                          const v1::MoveParagraphRequest* request,
                                          v1::Paragraph* response) {
  return Serve(ctx, response, [&] { return logic_.MoveParagraph(*request); });
}

Status DocumentGrpcService::DeleteParagraph(ServerContext* ctx,
                                            const v1::DeleteParagraphRequest* request,
                                            v1::DeleteParagraphResponse* response) {
  return Serve(ctx, response, [&] { return logic_.DeleteParagraph(*request); });
}

Status DocumentGrpcService::GetDocumentContent(ServerContext* ctx,
                                               const v1::GetDocumentContentRequest* request,
                                               v1::DocumentContent* response) {
  return Serve(ctx, response, [&] { return logic_.GetContent(*request); });
}

Status DocumentGrpcService::ListRevisions(ServerContext* ctx,
                                          const v1::ListRevisionsRequest* request,
                                          v1::ListRevisionsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListRevisions(*request); });
}

Status DocumentGrpcService::DiffRevisions(ServerContext* ctx,
                                          const v1::DiffRevisionsRequest* request,
                                          v1::DiffRevisionsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.Diff(*request); });
}

Status DocumentGrpcService::CirculateDocument(ServerContext* ctx,
                                              const v1::CirculateDocumentRequest* request,
                                              v1::Document* response) {
  return Serve(ctx, response, [&] { return logic_.Circulate(*request); });
}

Status DocumentGrpcService::IssueDocument(ServerContext* ctx,
                                          const v1::IssueDocumentRequest* request,
                                          v1::Document* response) {
  return Serve(ctx, response, [&] { return logic_.Issue(*request); });
}

Status DocumentGrpcService::IssueCorrigendum(ServerContext* ctx,
                                             const v1::IssueCorrigendumRequest* request,
                                             v1::Document* response) {
  return Serve(ctx, response, [&] { return logic_.IssueCorrigendum(*request); });
}

Status DocumentGrpcService::AddComment(ServerContext* ctx, const v1::AddCommentRequest* request,
                                       v1::Comment* response) {
  return Serve(ctx, response, [&] { return logic_.AddComment(*request); });
}

Status DocumentGrpcService::ListComments(ServerContext* ctx, const v1::ListCommentsRequest* request,
                                         v1::ListCommentsResponse* response) {
  return Serve(ctx, response, [&] { return logic_.ListComments(*request); });
}

Status DocumentGrpcService::CompileDocument(ServerContext* ctx,
                                            const v1::CompileDocumentRequest* request,
                                            v1::Section* response) {
  return Serve(ctx, response, [&] { return logic_.Compile(*request); });
}

Status DocumentGrpcService::ExportDocument(ServerContext* ctx,
                                           const v1::ExportDocumentRequest* request,
                                           v1::ExportDocumentResponse* response) {
  return Serve(ctx, response, [&] { return logic_.Export(*request); });
}

}  // namespace forum::services
