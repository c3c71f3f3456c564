#include "services/grpc_services.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "services/grpc_status.h"

namespace forum::services {
namespace {

// `events/{e}/delegations/{x}` for a registration of `entities/{x}` under `events/{e}`; empty
// when either is malformed (the call then refuses it as INVALID_ARGUMENT).
std::string RegistrationTarget(const v1::RegisterDelegationRequest& r) {
  auto event = domain::ParseEventName(r.parent(), "parent");
  auto entity = domain::ParseEntityName(r.delegation().entity(), "delegation.entity");
  if (!event.ok() || !entity.ok()) return std::string();
  return domain::EventChildName(*event, "delegations", *entity);
}

// The name two segments up: a member's delegation.
std::string ParentName(absl::string_view name) {
  for (int i = 0; i < 2; ++i) {
    auto slash = name.rfind('/');
    if (slash == absl::string_view::npos) return std::string();
    name = name.substr(0, slash);
  }
  return std::string(name);
}

// Contact details and credentials are for the secretariat and the delegation's focal point.
void Redact(const Caller& caller, v1::Delegation& d) {
  auto name = domain::ParseEventChildName(d.name(), "delegations", "name");
  if (name.ok() && caller.grants.FocalPointOf(name->event, name->id)) return;
  d.clear_contact_email();
  d.clear_notes();
  d.clear_credentials();
}

}  // namespace

Status EntityGrpcService::ListEntities(ServerContext* ctx, const v1::ListEntitiesRequest* request,
                                       v1::ListEntitiesResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.List(tx, *request); });
}

Status EntityGrpcService::GetEntity(ServerContext* ctx, const v1::GetEntityRequest* request,
                                    v1::Entity* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.Get(tx, *request); });
}

Status EventGrpcService::CreateEvent(ServerContext* ctx, const v1::CreateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateEvent(tx, *request); });
}

Status EventGrpcService::GetEvent(ServerContext* ctx, const v1::GetEventRequest* request,
                                  v1::Event* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetEvent(tx, *request); });
}

Status EventGrpcService::ListEvents(ServerContext* ctx, const v1::ListEventsRequest* request,
                                    v1::ListEventsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListEvents(tx, *request); });
}

Status EventGrpcService::UpdateEvent(ServerContext* ctx, const v1::UpdateEventRequest* request,
                                     v1::Event* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateEvent(tx, *request); });
}

Status EventGrpcService::CreateSession(ServerContext* ctx, const v1::CreateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateSession(tx, *request); });
}

Status EventGrpcService::GetSession(ServerContext* ctx, const v1::GetSessionRequest* request,
                                    v1::Session* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetSession(tx, *request); });
}

Status EventGrpcService::ListSessions(ServerContext* ctx, const v1::ListSessionsRequest* request,
                                      v1::ListSessionsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListSessions(tx, *request); });
}

Status EventGrpcService::UpdateSession(ServerContext* ctx, const v1::UpdateSessionRequest* request,
                                       v1::Session* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateSession(tx, *request); });
}

Status EventGrpcService::CreateRoom(ServerContext* ctx, const v1::CreateRoomRequest* request,
                                    v1::Room* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateRoom(tx, *request); });
}

Status EventGrpcService::GetRoom(ServerContext* ctx, const v1::GetRoomRequest* request,
                                 v1::Room* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetRoom(tx, *request); });
}

Status EventGrpcService::UpdateRoom(ServerContext* ctx, const v1::UpdateRoomRequest* request,
                                    v1::Room* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateRoom(tx, *request); });
}

Status EventGrpcService::ListRooms(ServerContext* ctx, const v1::ListRoomsRequest* request,
                                   v1::ListRoomsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListRooms(tx, *request); });
}

Status EventGrpcService::CreateTheme(ServerContext* ctx, const v1::CreateThemeRequest* request,
                                     v1::Theme* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.CreateTheme(tx, *request); });
}

Status EventGrpcService::GetTheme(ServerContext* ctx, const v1::GetThemeRequest* request,
                                  v1::Theme* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetTheme(tx, *request); });
}

Status EventGrpcService::UpdateTheme(ServerContext* ctx, const v1::UpdateThemeRequest* request,
                                     v1::Theme* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateTheme(tx, *request); });
}

Status EventGrpcService::ListThemes(ServerContext* ctx, const v1::ListThemesRequest* request,
                                    v1::ListThemesResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListThemes(tx, *request); });
}

Status DelegationGrpcService::RegisterDelegation(ServerContext* ctx,
                                                 const v1::RegisterDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, RegistrationTarget(*request)); },
      [&](const Caller&, storage::Tx& tx) { return logic_.Register(tx, *request); });
}

Status DelegationGrpcService::GetDelegation(ServerContext* ctx,
                                            const v1::GetDelegationRequest* request,
                                            v1::Delegation* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) {
                 auto d = logic_.Get(tx, *request);
                 if (d.ok()) Redact(c, *d);
                 return d;
               });
}

Status DelegationGrpcService::ListDelegations(ServerContext* ctx,
                                              const v1::ListDelegationsRequest* request,
                                              v1::ListDelegationsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) {
                 auto list = logic_.List(tx, *request);
                 if (list.ok()) {
                   for (auto& d : *list->mutable_delegations()) Redact(c, d);
                 }
                 return list;
               });
}

Status DelegationGrpcService::UpdateDelegation(ServerContext* ctx,
                                               const v1::UpdateDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, request->delegation().name()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.Update(tx, *request); });
}

Status DelegationGrpcService::AccreditDelegation(ServerContext* ctx,
                                                 const v1::AccreditDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Accredit(tx, *request); });
}

Status DelegationGrpcService::RejectDelegation(ServerContext* ctx,
                                               const v1::RejectDelegationRequest* request,
                                               v1::Delegation* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Reject(tx, *request); });
}

Status DelegationGrpcService::WithdrawDelegation(ServerContext* ctx,
                                                 const v1::WithdrawDelegationRequest* request,
                                                 v1::Delegation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, request->name()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.Withdraw(tx, *request); });
}

Status DelegationGrpcService::AddDelegationMember(ServerContext* ctx,
                                                  const v1::AddDelegationMemberRequest* request,
                                                  v1::DelegationMember* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, request->parent()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.AddMember(tx, *request); });
}

Status DelegationGrpcService::ListDelegationMembers(ServerContext* ctx,
                                                    const v1::ListDelegationMembersRequest* request,
                                                    v1::ListDelegationMembersResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListMembers(tx, *request); });
}

Status DelegationGrpcService::UpdateDelegationMember(
    ServerContext* ctx, const v1::UpdateDelegationMemberRequest* request,
    v1::DelegationMember* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, ParentName(request->member().name())); },
      [&](const Caller&, storage::Tx& tx) { return logic_.UpdateMember(tx, *request); });
}

Status DelegationGrpcService::RemoveDelegationMember(
    ServerContext* ctx, const v1::RemoveDelegationMemberRequest* request,
    v1::RemoveDelegationMemberResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, ParentName(request->name())); },
      [&](const Caller&, storage::Tx& tx) { return logic_.RemoveMember(tx, *request); });
}

Status RoundTableGrpcService::CreateRoundTable(ServerContext* ctx,
                                               const v1::CreateRoundTableRequest* request,
                                               v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Create(tx, *request); });
}

Status RoundTableGrpcService::GetRoundTable(ServerContext* ctx,
                                            const v1::GetRoundTableRequest* request,
                                            v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.Get(tx, *request); });
}

Status RoundTableGrpcService::ListRoundTables(ServerContext* ctx,
                                              const v1::ListRoundTablesRequest* request,
                                              v1::ListRoundTablesResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.List(tx, *request); });
}

Status RoundTableGrpcService::UpdateRoundTable(ServerContext* ctx,
                                               const v1::UpdateRoundTableRequest* request,
                                               v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Update(tx, *request); });
}

Status RoundTableGrpcService::DeleteRoundTable(ServerContext* ctx,
                                               const v1::DeleteRoundTableRequest* request,
                                               v1::DeleteRoundTableResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Delete(tx, *request); });
}

Status RoundTableGrpcService::ScheduleRoundTable(ServerContext* ctx,
                                                 const v1::ScheduleRoundTableRequest* request,
                                                 v1::RoundTable* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Schedule(tx, *request); });
}

Status RoundTableGrpcService::ListScheduleConflicts(ServerContext* ctx,
                                                    const v1::ListScheduleConflictsRequest* request,
                                                    v1::ListScheduleConflictsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListConflicts(tx, *request); });
}

Status RoundTableGrpcService::AddRoundTableParticipant(
    ServerContext* ctx, const v1::AddRoundTableParticipantRequest* request,
    v1::RoundTableParticipant* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.AddParticipant(tx, *request); });
}

Status RoundTableGrpcService::RemoveRoundTableParticipant(
    ServerContext* ctx, const v1::RemoveRoundTableParticipantRequest* request,
    v1::RemoveRoundTableParticipantResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller&, storage::Tx& tx) { return logic_.RemoveParticipant(tx, *request); });
}

Status RoundTableGrpcService::ListRoundTableParticipants(
    ServerContext* ctx, const v1::ListRoundTableParticipantsRequest* request,
    v1::ListRoundTableParticipantsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AnyCaller,
      [&](const Caller&, storage::Tx& tx) { return logic_.ListParticipants(tx, *request); });
}

Status RoundTableGrpcService::SetRoundTablePreferences(
    ServerContext* ctx, const v1::SetRoundTablePreferencesRequest* request,
    v1::RoundTablePreferences* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, request->preferences().delegation()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.SetPreferences(tx, *request); });
}

Status RoundTableGrpcService::GetRoundTablePreferences(
    ServerContext* ctx, const v1::GetRoundTablePreferencesRequest* request,
    v1::RoundTablePreferences* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return FocalPointOf(c, request->delegation()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.GetPreferences(tx, *request); });
}

Status RoundTableGrpcService::GetRoundTableRules(ServerContext* ctx,
                                                 const v1::GetRoundTableRulesRequest* request,
                                                 v1::RoundTableRules* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.GetRules(tx, *request); });
}

Status RoundTableGrpcService::UpdateRoundTableRules(ServerContext* ctx,
                                                    const v1::UpdateRoundTableRulesRequest* request,
                                                    v1::RoundTableRules* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.UpdateRules(tx, *request); });
}

Status RoundTableGrpcService::AllocateRoundTables(ServerContext* ctx,
                                                  const v1::AllocateRoundTablesRequest* request,
                                                  v1::AllocationReport* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return logic_.Allocate(tx, *request); });
}

Status RoundTableGrpcService::ExportSchedule(ServerContext* ctx,
                                             const v1::ExportScheduleRequest* request,
                                             v1::ExportScheduleResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.Export(tx, *request); });
}

Status DocumentGrpcService::CreateDocument(ServerContext* ctx,
                                           const v1::CreateDocumentRequest* request,
                                           v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return CheckCreate(tx, c, *request); },
      [&](const Caller& c, storage::Tx& tx) { return logic_.Create(tx, *request); });
}

Status DocumentGrpcService::GetDocument(ServerContext* ctx, const v1::GetDocumentRequest* request,
                                        v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kRead);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Get(tx, *request); });
}

Status DocumentGrpcService::ListDocuments(ServerContext* ctx,
                                          const v1::ListDocumentsRequest* request,
                                          v1::ListDocumentsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) {
                 return logic_.List(tx, *request, [&](const v1::Document& d) {
                   return c.grants.CanRead(domain::FactsOf(d));
                 });
               });
}

Status DocumentGrpcService::UpdateDocument(ServerContext* ctx,
                                           const v1::UpdateDocumentRequest* request,
                                           v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->document().name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.Update(tx, *request); });
}

Status DocumentGrpcService::DeleteDocument(ServerContext* ctx,
                                           const v1::DeleteDocumentRequest* request,
                                           v1::DeleteDocumentResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kWrite);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Delete(tx, *request); });
}

Status DocumentGrpcService::InsertSection(ServerContext* ctx,
                                          const v1::InsertSectionRequest* request,
                                          v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->parent(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.InsertSection(tx, *request);
      });
}

Status DocumentGrpcService::UpdateSection(ServerContext* ctx,
                                          const v1::UpdateSectionRequest* request,
                                          v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->section().name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.UpdateSection(tx, *request);
      });
}

Status DocumentGrpcService::MoveSection(ServerContext* ctx, const v1::MoveSectionRequest* request,
                                        v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.MoveSection(tx, *request);
      });
}

Status DocumentGrpcService::DeleteSection(ServerContext* ctx,
                                          const v1::DeleteSectionRequest* request,
                                          v1::DeleteSectionResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.DeleteSection(tx, *request);
      });
}

Status DocumentGrpcService::InsertParagraph(ServerContext* ctx,
                                            const v1::InsertParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->paragraph().section(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.InsertParagraph(tx, *request);
      });
}

Status DocumentGrpcService::UpdateParagraph(ServerContext* ctx,
                                            const v1::UpdateParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->paragraph().name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.UpdateParagraph(tx, *request);
      });
}

Status DocumentGrpcService::MoveParagraph(ServerContext* ctx,
                                          const v1::MoveParagraphRequest* request,
                                          v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.MoveParagraph(tx, *request);
      });
}

Status DocumentGrpcService::DeleteParagraph(ServerContext* ctx,
                                            const v1::DeleteParagraphRequest* request,
                                            v1::DeleteParagraphResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.DeleteParagraph(tx, *request);
      });
}

Status DocumentGrpcService::GetDocumentContent(ServerContext* ctx,
                                               const v1::GetDocumentContentRequest* request,
                                               v1::DocumentContent* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckReadAt(tx, c, request->name(), request->revision());
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.GetContent(tx, *request); });
}

Status DocumentGrpcService::ListRevisions(ServerContext* ctx,
                                          const v1::ListRevisionsRequest* request,
                                          v1::ListRevisionsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->parent(), Need::kWrite);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.ListRevisions(tx, *request); });
}

Status DocumentGrpcService::DiffRevisions(ServerContext* ctx,
                                          const v1::DiffRevisionsRequest* request,
                                          v1::DiffRevisionsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kWrite);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Diff(tx, *request); });
}

Status DocumentGrpcService::CirculateDocument(ServerContext* ctx,
                                              const v1::CirculateDocumentRequest* request,
                                              v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), Need::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.Circulate(tx, *request);
      });
}

Status DocumentGrpcService::IssueDocument(ServerContext* ctx,
                                          const v1::IssueDocumentRequest* request,
                                          v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller& c, storage::Tx& tx) { return logic_.Issue(tx, *request); });
}

Status DocumentGrpcService::IssueCorrigendum(ServerContext* ctx,
                                             const v1::IssueCorrigendumRequest* request,
                                             v1::Document* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller& c, storage::Tx& tx) {
                 return logic_.IssueCorrigendum(tx, *request);
               });
}

Status DocumentGrpcService::AddComment(ServerContext* ctx, const v1::AddCommentRequest* request,
                                       v1::Comment* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return CheckComment(tx, c, request->comment()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.AddComment(tx, *request); });
}

Status DocumentGrpcService::ListComments(ServerContext* ctx, const v1::ListCommentsRequest* request,
                                         v1::ListCommentsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->parent(), Need::kComment);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.ListComments(tx, *request); });
}

Status DocumentGrpcService::CompileDocument(ServerContext* ctx,
                                            const v1::CompileDocumentRequest* request,
                                            v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return CheckCompile(tx, c, *request); },
      [&](const Caller& c, storage::Tx& tx) {
        return logic_.Compile(tx, *request);
      });
}

Status DocumentGrpcService::ExportDocument(ServerContext* ctx,
                                           const v1::ExportDocumentRequest* request,
                                           v1::ExportDocumentResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckReadAt(tx, c, request->name(), request->revision());
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Export(tx, *request); });
}

absl::Status DocumentGrpcService::CheckDocument(storage::Tx& tx, const Caller& caller,
                                                absl::string_view name, Need need) {
  auto named = domain::DocumentOf(name);
  if (!named) return absl::OkStatus();  // malformed: the call answers INVALID_ARGUMENT
  if (caller.grants.Admin()) return absl::OkStatus();
  auto facts = access_.DocumentFacts(tx, named->event, named->document);
  if (!facts) return absl::OkStatus();  // missing: the call answers NOT_FOUND
  std::string doc = domain::EventChildName(facts->event, "documents", facts->document);
  switch (need) {
    case Need::kRead:
      if (caller.grants.CanRead(*facts)) return absl::OkStatus();
      return domain::Denied(caller.grants, absl::StrCat("read ", doc, " in its present state"));
    case Need::kWrite:
      if (caller.grants.AuthorOf(*facts)) return absl::OkStatus();
      return domain::Denied(caller.grants, absl::StrCat("draft or manage ", doc,
                                                        ": that is for its chair or authors"));
    case Need::kComment:
      if (caller.grants.AuthorOf(*facts) ||
          (caller.grants.FocalPointIn(facts->event) && caller.grants.CanRead(*facts))) {
        return absl::OkStatus();
      }
      return domain::Denied(caller.grants, absl::StrCat("see the comments on ", doc));
  }
  return absl::OkStatus();
}

absl::Status DocumentGrpcService::CheckReadAt(storage::Tx& tx, const Caller& caller,
                                              absl::string_view name, int64_t revision) {
  absl::Status readable = CheckDocument(tx, caller, name, Need::kRead);
  if (!readable.ok() || revision == 0) return readable;
  // Earlier revisions are drafts, even those of a document issued since.
  absl::Status author = CheckDocument(tx, caller, name, Need::kWrite);
  if (author.ok()) return author;
  return domain::Denied(
      caller.grants,
      absl::StrCat("read earlier revisions of ", domain::ShortInput(name, domain::kMaxQuotedName),
                   ": they are drafts, for its authors"));
}

absl::Status DocumentGrpcService::CheckCreate(storage::Tx& tx, const Caller& caller,
                                              const v1::CreateDocumentRequest& r) {
  auto event = domain::ParseEventName(r.parent(), "parent");
  if (!event.ok()) return absl::OkStatus();
  domain::DocumentFacts facts;
  facts.event = *event;
  facts.document = r.document_id();
  const std::string& rt = r.document().round_table();
  if (!rt.empty()) facts.round_table = rt.substr(rt.rfind('/') + 1);
  if (caller.grants.CanCreate(facts)) return absl::OkStatus();
  return domain::Denied(caller.grants,
                        absl::StrCat("create documents under ",
                                     domain::ShortInput(r.parent(), domain::kMaxQuotedName),
                                     ": that is for the chair of the event, of the round table or "
                                     "of the document"));
}

absl::Status DocumentGrpcService::CheckCompile(storage::Tx& tx, const Caller& caller,
                                               const v1::CompileDocumentRequest& r) {
  absl::Status target = CheckDocument(tx, caller, r.name(), Need::kWrite);
  if (!target.ok()) return target;
  return CheckDocument(tx, caller, r.source(), Need::kRead);
}

absl::Status DocumentGrpcService::CheckComment(storage::Tx& tx, const Caller& caller,
                                               const v1::Comment& comment) {
  auto named = domain::DocumentOf(comment.paragraph());
  if (!named || caller.grants.Admin()) return absl::OkStatus();
  auto facts = access_.DocumentFacts(tx, named->event, named->document);
  if (!facts || caller.grants.AuthorOf(*facts)) return absl::OkStatus();
  std::string doc = domain::EventChildName(facts->event, "documents", facts->document);
  if (!caller.grants.FocalPointIn(facts->event) || !caller.grants.CanRead(*facts)) {
    return domain::Denied(caller.grants, absl::StrCat("comment on ", doc));
  }
  // A focal point signs as its own delegation.
  auto signer = domain::ParseEventChildName(comment.author(), "delegations", "comment.author");
  if (!signer.ok() || signer->event != facts->event ||
      !caller.grants.FocalPointOf(signer->event, signer->id)) {
    return domain::Denied(caller.grants,
                          absl::StrCat("comment as ", domain::Quote(comment.author()),
                                       ": a focal point signs with its own delegation's name"));
  }
  return absl::OkStatus();
}

Status AccessGrpcService::CreateToken(ServerContext* ctx, const v1::CreateTokenRequest* request,
                                      v1::CreateTokenResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller& c, storage::Tx& tx) { return access_.CreateToken(tx, *request, c.token); });
}

Status AccessGrpcService::ListTokens(ServerContext* ctx, const v1::ListTokensRequest* request,
                                     v1::ListTokensResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return access_.ListTokens(tx, *request); });
}

Status AccessGrpcService::RevokeToken(ServerContext* ctx, const v1::RevokeTokenRequest* request,
                                      v1::Token* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller&, storage::Tx& tx) { return access_.RevokeToken(tx, *request); });
}

Status AccessGrpcService::GetCaller(ServerContext* ctx, const v1::GetCallerRequest* request,
                                    v1::Token* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) { return access_.GetToken(tx, c.token); });
}

Status AccessGrpcService::ListAuditRecords(ServerContext* ctx,
                                           const v1::ListAuditRecordsRequest* request,
                                           v1::ListAuditRecordsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller&, storage::Tx& tx) { return access_.ListAuditRecords(tx, *request); });
}

}  // namespace forum::services
