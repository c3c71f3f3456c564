// The gRPC adapters: each RPC runs in one transaction (Serve, services/access.h) that
// authenticates its caller, applies its access rule (written next to it in
// grpc_{service}_service.cc, so each service's policy reads in one file), calls the plain logic
// class and maps its status. No domain rule lives here.
#ifndef FORUM_SERVICES_GRPC_SERVICES_H_
#define FORUM_SERVICES_GRPC_SERVICES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
#include "services/call_runner.h"
#include "services/change_feed.h"
#include "services/delegations.h"
#include "services/documents.h"
#include "services/entities.h"
#include "services/events.h"
#include "services/read_cache.h"
#include "services/round_tables.h"
#include "services/schedules.h"
#include "services/speakers.h"

namespace forum::services {

// The handlers take the context's common base: gRPC's callback API serves them, and tests and the
// fuzzer call them directly with a plain grpc::ServerContext.
using ServerContext = grpc::ServerContextBase;
using grpc::Status;

// Declares RPC `method` of a service twice: as gRPC's callback API calls it, handing the call to
// the service's CallRunner (on this thread or on the pool), and as the function that serves it,
// defined in grpc_{service}_service.cc.
#define FORUM_UNARY_RPC(method, Request, Response)                                           \
  grpc::ServerUnaryReactor* method(grpc::CallbackServerContext* ctx, const Request* request, \
                                   Response* response) override {                            \
    return runner_.Answer(ctx, #method, [this, ctx, request, response] {                     \
      return method(static_cast<ServerContext*>(ctx), request, response);                    \
    });                                                                                      \
  }                                                                                          \
  Status method(ServerContext* ctx, const Request* request, Response* response)

// A read whose answers are kept while nothing changes (services/read_cache.h), on gRPC's raw
// callback API: the adapter parses the request itself, and a kept answer goes out as the bytes
// it was kept as. `handle` is the method's handler, which runs Serve.
template <typename Request, typename Response, typename Handle>
Status AnswerCached(ReadCache& cache, absl::string_view method, const grpc::ByteBuffer& body,
                    grpc::ByteBuffer* answer, Handle handle) {
  // Larger requests are served but not kept: the key holds the request.
  constexpr size_t kMaxKeptRequest = 2048;
  Request request;
  CachedRead read;
  {
    std::vector<grpc::Slice> slices;
    if (!body.Dump(&slices).ok()) {
      return Status(grpc::StatusCode::INVALID_ARGUMENT, "the request body could not be read");
    }
    std::string bytes;
    for (const auto& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    if (!request.ParseFromString(bytes)) {
      return Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("the request body is not a valid ", Request::descriptor()->full_name()));
    }
    if (cache.enabled() && bytes.size() <= kMaxKeptRequest) {
      read.cache = &cache;
      read.method = std::string(method);
      // Unknown fields change nothing in the answer: dropped, they cannot make keys at will.
      request.DiscardUnknownFields();
      read.request = request.SerializeAsString();
    }
  }
  Response response;
  Status status;
  {
    CachedRead::Scope scope(read.cache != nullptr ? &read : nullptr);
    status = handle(&request, &response);
  }
  if (!status.ok()) return status;
  std::shared_ptr<const std::string> bytes = read.hit;
  if (bytes == nullptr) {
    auto built = std::make_shared<std::string>();
    if (!response.SerializeToString(built.get())) {
      return Status(grpc::StatusCode::INTERNAL, "the answer could not be serialized");
    }
    bytes = std::move(built);
    if (read.version >= 0) cache.Put(std::move(read.key), read.version, bytes);
  }
  // The slice shares the kept bytes rather than copying them.
  auto* owner = new std::shared_ptr<const std::string>(bytes);
  grpc::Slice slice(
      const_cast<char*>(bytes->data()), bytes->size(),
      [](void* p) { delete static_cast<std::shared_ptr<const std::string>*>(p); }, owner);
  *answer = grpc::ByteBuffer(&slice, 1);
  return Status::OK;
}

#define FORUM_CACHED_RPC(method, Request, Response)                                             \
  grpc::ServerUnaryReactor* method(grpc::CallbackServerContext* ctx,                            \
                                   const grpc::ByteBuffer* request, grpc::ByteBuffer* response) \
      override {                                                                                \
    return runner_.Answer(ctx, #method, [this, ctx, request, response] {                        \
      return AnswerCached<Request, Response>(                                                   \
          cache_, #method, *request, response, [this, ctx](const Request* in, Response* out) {  \
            return method(static_cast<ServerContext*>(ctx), in, out);                           \
          });                                                                                   \
    });                                                                                         \
  }                                                                                             \
  Status method(ServerContext* ctx, const Request* request, Response* response)

class EntityGrpcService final : public v1::EntityService::CallbackService {
 public:
  EntityGrpcService(Entities& logic, Access& access, CallRunner& runner)
      : logic_(logic), access_(access), runner_(runner) {}
  FORUM_UNARY_RPC(ListEntities, v1::ListEntitiesRequest, v1::ListEntitiesResponse);
  FORUM_UNARY_RPC(GetEntity, v1::GetEntityRequest, v1::Entity);

 private:
  static constexpr char kService[] = "forum.v1.EntityService";
  Entities& logic_;
  Access& access_;
  CallRunner& runner_;
};

class EventGrpcService final : public v1::EventService::CallbackService {
 public:
  EventGrpcService(Events& logic, Access& access, CallRunner& runner)
      : logic_(logic), access_(access), runner_(runner) {}
  FORUM_UNARY_RPC(CreateEvent, v1::CreateEventRequest, v1::Event);
  FORUM_UNARY_RPC(GetEvent, v1::GetEventRequest, v1::Event);
  FORUM_UNARY_RPC(ListEvents, v1::ListEventsRequest, v1::ListEventsResponse);
  FORUM_UNARY_RPC(UpdateEvent, v1::UpdateEventRequest, v1::Event);
  FORUM_UNARY_RPC(CreateSession, v1::CreateSessionRequest, v1::Session);
  FORUM_UNARY_RPC(GetSession, v1::GetSessionRequest, v1::Session);
  FORUM_UNARY_RPC(ListSessions, v1::ListSessionsRequest, v1::ListSessionsResponse);
  FORUM_UNARY_RPC(UpdateSession, v1::UpdateSessionRequest, v1::Session);
  FORUM_UNARY_RPC(CreateRoom, v1::CreateRoomRequest, v1::Room);
  FORUM_UNARY_RPC(GetRoom, v1::GetRoomRequest, v1::Room);
  FORUM_UNARY_RPC(UpdateRoom, v1::UpdateRoomRequest, v1::Room);
  FORUM_UNARY_RPC(ListRooms, v1::ListRoomsRequest, v1::ListRoomsResponse);
  FORUM_UNARY_RPC(CreateTheme, v1::CreateThemeRequest, v1::Theme);
  FORUM_UNARY_RPC(GetTheme, v1::GetThemeRequest, v1::Theme);
  FORUM_UNARY_RPC(UpdateTheme, v1::UpdateThemeRequest, v1::Theme);
  FORUM_UNARY_RPC(ListThemes, v1::ListThemesRequest, v1::ListThemesResponse);

 private:
  static constexpr char kService[] = "forum.v1.EventService";
  Events& logic_;
  Access& access_;
  CallRunner& runner_;
};

class DelegationGrpcService final
    : public v1::DelegationService::WithRawCallbackMethod_GetDelegation<
          v1::DelegationService::WithRawCallbackMethod_ListDelegations<
              v1::DelegationService::CallbackService>> {
 public:
  DelegationGrpcService(Delegations& logic, Access& access, CallRunner& runner, ReadCache& cache)
      : logic_(logic), access_(access), runner_(runner), cache_(cache) {}
  FORUM_UNARY_RPC(RegisterDelegation, v1::RegisterDelegationRequest, v1::Delegation);
  FORUM_CACHED_RPC(GetDelegation, v1::GetDelegationRequest, v1::Delegation);
  FORUM_CACHED_RPC(ListDelegations, v1::ListDelegationsRequest, v1::ListDelegationsResponse);
  FORUM_UNARY_RPC(UpdateDelegation, v1::UpdateDelegationRequest, v1::Delegation);
  FORUM_UNARY_RPC(AccreditDelegation, v1::AccreditDelegationRequest, v1::Delegation);
  FORUM_UNARY_RPC(RejectDelegation, v1::RejectDelegationRequest, v1::Delegation);
  FORUM_UNARY_RPC(WithdrawDelegation, v1::WithdrawDelegationRequest, v1::Delegation);
  FORUM_UNARY_RPC(AddDelegationMember, v1::AddDelegationMemberRequest, v1::DelegationMember);
  FORUM_UNARY_RPC(ListDelegationMembers, v1::ListDelegationMembersRequest,
                  v1::ListDelegationMembersResponse);
  FORUM_UNARY_RPC(UpdateDelegationMember, v1::UpdateDelegationMemberRequest, v1::DelegationMember);
  FORUM_UNARY_RPC(RemoveDelegationMember, v1::RemoveDelegationMemberRequest,
                  v1::RemoveDelegationMemberResponse);

 private:
  static constexpr char kService[] = "forum.v1.DelegationService";
  Delegations& logic_;
  Access& access_;
  CallRunner& runner_;
  ReadCache& cache_;
};

class SpeakerGrpcService final : public v1::SpeakerService::WithRawCallbackMethod_ListSpeakers<
                                     v1::SpeakerService::CallbackService> {
 public:
  SpeakerGrpcService(Speakers& logic, Access& access, CallRunner& runner, ReadCache& cache)
      : logic_(logic), access_(access), runner_(runner), cache_(cache) {}
  FORUM_UNARY_RPC(GetSpeakerList, v1::GetSpeakerListRequest, v1::SpeakerList);
  FORUM_UNARY_RPC(ListSpeakerLists, v1::ListSpeakerListsRequest, v1::ListSpeakerListsResponse);
  FORUM_UNARY_RPC(UpdateSpeakerList, v1::UpdateSpeakerListRequest, v1::SpeakerList);
  FORUM_UNARY_RPC(InscribeSpeaker, v1::InscribeSpeakerRequest, v1::Speaker);
  FORUM_UNARY_RPC(GetSpeaker, v1::GetSpeakerRequest, v1::Speaker);
  FORUM_CACHED_RPC(ListSpeakers, v1::ListSpeakersRequest, v1::ListSpeakersResponse);
  FORUM_UNARY_RPC(UpdateSpeaker, v1::UpdateSpeakerRequest, v1::Speaker);
  FORUM_UNARY_RPC(WithdrawSpeaker, v1::WithdrawSpeakerRequest, v1::Speaker);
  FORUM_UNARY_RPC(MoveSpeaker, v1::MoveSpeakerRequest, v1::Speaker);
  FORUM_UNARY_RPC(DistributeSpeakers, v1::DistributeSpeakersRequest,
                  v1::DistributeSpeakersResponse);
  FORUM_UNARY_RPC(GetFloor, v1::GetFloorRequest, v1::Floor);
  FORUM_UNARY_RPC(StartNextSpeaker, v1::StartNextSpeakerRequest, v1::Floor);
  FORUM_UNARY_RPC(PauseSpeaker, v1::PauseSpeakerRequest, v1::Floor);
  FORUM_UNARY_RPC(ResumeSpeaker, v1::ResumeSpeakerRequest, v1::Floor);
  FORUM_UNARY_RPC(EndSpeaker, v1::EndSpeakerRequest, v1::Floor);
  FORUM_UNARY_RPC(RaisePointOfOrder, v1::RaisePointOfOrderRequest, v1::Floor);
  FORUM_UNARY_RPC(RequestRightOfReply, v1::RequestRightOfReplyRequest, v1::Statement);
  FORUM_UNARY_RPC(ListStatements, v1::ListStatementsRequest, v1::ListStatementsResponse);
  FORUM_UNARY_RPC(GetParticipation, v1::GetParticipationRequest, v1::Participation);
  FORUM_UNARY_RPC(ExportSpeakerList, v1::ExportSpeakerListRequest, v1::SpeakerExport);
  FORUM_UNARY_RPC(ExportStatements, v1::ExportStatementsRequest, v1::SpeakerExport);

 private:
  static constexpr char kService[] = "forum.v1.SpeakerService";
  Speakers& logic_;
  Access& access_;
  CallRunner& runner_;
  ReadCache& cache_;
};

class RoundTableGrpcService final : public v1::RoundTableService::CallbackService {
 public:
  RoundTableGrpcService(RoundTables& logic, Schedules& schedules, Access& access,
                        CallRunner& runner)
      : logic_(logic), schedules_(schedules), access_(access), runner_(runner) {}
  FORUM_UNARY_RPC(CreateRoundTable, v1::CreateRoundTableRequest, v1::RoundTable);
  FORUM_UNARY_RPC(GetRoundTable, v1::GetRoundTableRequest, v1::RoundTable);
  FORUM_UNARY_RPC(ListRoundTables, v1::ListRoundTablesRequest, v1::ListRoundTablesResponse);
  FORUM_UNARY_RPC(UpdateRoundTable, v1::UpdateRoundTableRequest, v1::RoundTable);
  FORUM_UNARY_RPC(DeleteRoundTable, v1::DeleteRoundTableRequest, v1::DeleteRoundTableResponse);
  FORUM_UNARY_RPC(ScheduleRoundTable, v1::ScheduleRoundTableRequest, v1::RoundTable);
  FORUM_UNARY_RPC(ListScheduleConflicts, v1::ListScheduleConflictsRequest,
                  v1::ListScheduleConflictsResponse);
  FORUM_UNARY_RPC(AddRoundTableParticipant, v1::AddRoundTableParticipantRequest,
                  v1::RoundTableParticipant);
  FORUM_UNARY_RPC(RemoveRoundTableParticipant, v1::RemoveRoundTableParticipantRequest,
                  v1::RemoveRoundTableParticipantResponse);
  FORUM_UNARY_RPC(ListRoundTableParticipants, v1::ListRoundTableParticipantsRequest,
                  v1::ListRoundTableParticipantsResponse);
  FORUM_UNARY_RPC(SetRoundTablePreferences, v1::SetRoundTablePreferencesRequest,
                  v1::RoundTablePreferences);
  FORUM_UNARY_RPC(GetRoundTablePreferences, v1::GetRoundTablePreferencesRequest,
                  v1::RoundTablePreferences);
  FORUM_UNARY_RPC(GetRoundTableRules, v1::GetRoundTableRulesRequest, v1::RoundTableRules);
  FORUM_UNARY_RPC(UpdateRoundTableRules, v1::UpdateRoundTableRulesRequest, v1::RoundTableRules);
  FORUM_UNARY_RPC(AllocateRoundTables, v1::AllocateRoundTablesRequest, v1::AllocationReport);
  FORUM_UNARY_RPC(ExportSchedule, v1::ExportScheduleRequest, v1::ExportScheduleResponse);

 private:
  static constexpr char kService[] = "forum.v1.RoundTableService";
  RoundTables& logic_;
  Schedules& schedules_;
  Access& access_;
  CallRunner& runner_;
};

class ScheduleGrpcService final : public v1::ScheduleService::CallbackService {
 public:
  ScheduleGrpcService(Schedules& logic, Access& access, CallRunner& runner)
      : logic_(logic), access_(access), runner_(runner) {}

  FORUM_UNARY_RPC(PublishSchedule, v1::PublishScheduleRequest, v1::ScheduleRelease);
  FORUM_UNARY_RPC(ListScheduleReleases, v1::ListScheduleReleasesRequest,
                  v1::ListScheduleReleasesResponse);
  FORUM_UNARY_RPC(GetScheduleRelease, v1::GetScheduleReleaseRequest, v1::ScheduleRelease);
  FORUM_UNARY_RPC(DiffScheduleReleases, v1::DiffScheduleReleasesRequest,
                  v1::DiffScheduleReleasesResponse);

 private:
  static constexpr char kService[] = "forum.v1.ScheduleService";
  Schedules& logic_;
  Access& access_;
  CallRunner& runner_;
};

class DocumentGrpcService final : public v1::DocumentService::CallbackService {
 public:
  DocumentGrpcService(Documents& logic, Access& access, CallRunner& runner)
      : logic_(logic), access_(access), runner_(runner) {}
  FORUM_UNARY_RPC(CreateDocument, v1::CreateDocumentRequest, v1::Document);
  FORUM_UNARY_RPC(GetDocument, v1::GetDocumentRequest, v1::Document);
  FORUM_UNARY_RPC(ListDocuments, v1::ListDocumentsRequest, v1::ListDocumentsResponse);
  FORUM_UNARY_RPC(UpdateDocument, v1::UpdateDocumentRequest, v1::Document);
  FORUM_UNARY_RPC(DeleteDocument, v1::DeleteDocumentRequest, v1::DeleteDocumentResponse);
  FORUM_UNARY_RPC(InsertSection, v1::InsertSectionRequest, v1::Section);
  FORUM_UNARY_RPC(UpdateSection, v1::UpdateSectionRequest, v1::Section);
  FORUM_UNARY_RPC(MoveSection, v1::MoveSectionRequest, v1::Section);
  FORUM_UNARY_RPC(DeleteSection, v1::DeleteSectionRequest, v1::DeleteSectionResponse);
  FORUM_UNARY_RPC(InsertParagraph, v1::InsertParagraphRequest, v1::Paragraph);
  FORUM_UNARY_RPC(UpdateParagraph, v1::UpdateParagraphRequest, v1::Paragraph);
  FORUM_UNARY_RPC(MoveParagraph, v1::MoveParagraphRequest, v1::Paragraph);
  FORUM_UNARY_RPC(DeleteParagraph, v1::DeleteParagraphRequest, v1::DeleteParagraphResponse);
  FORUM_UNARY_RPC(GetDocumentContent, v1::GetDocumentContentRequest, v1::DocumentContent);
  FORUM_UNARY_RPC(ListRevisions, v1::ListRevisionsRequest, v1::ListRevisionsResponse);
  FORUM_UNARY_RPC(DiffRevisions, v1::DiffRevisionsRequest, v1::DiffRevisionsResponse);
  FORUM_UNARY_RPC(CirculateDocument, v1::CirculateDocumentRequest, v1::Document);
  FORUM_UNARY_RPC(IssueDocument, v1::IssueDocumentRequest, v1::Document);
  FORUM_UNARY_RPC(IssueCorrigendum, v1::IssueCorrigendumRequest, v1::Document);
  FORUM_UNARY_RPC(AddComment, v1::AddCommentRequest, v1::Comment);
  FORUM_UNARY_RPC(ListComments, v1::ListCommentsRequest, v1::ListCommentsResponse);
  FORUM_UNARY_RPC(CompileDocument, v1::CompileDocumentRequest, v1::Section);
  FORUM_UNARY_RPC(ExportDocument, v1::ExportDocumentRequest, v1::ExportDocumentResponse);

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
  CallRunner& runner_;
};

class AccessGrpcService final : public v1::AccessService::CallbackService {
 public:
  AccessGrpcService(Access& access, CallRunner& runner) : access_(access), runner_(runner) {}
  FORUM_UNARY_RPC(CreateToken, v1::CreateTokenRequest, v1::CreateTokenResponse);
  FORUM_UNARY_RPC(ListTokens, v1::ListTokensRequest, v1::ListTokensResponse);
  FORUM_UNARY_RPC(RevokeToken, v1::RevokeTokenRequest, v1::Token);
  FORUM_UNARY_RPC(GetCaller, v1::GetCallerRequest, v1::Token);
  FORUM_UNARY_RPC(ListAuditRecords, v1::ListAuditRecordsRequest, v1::ListAuditRecordsResponse);

 private:
  static constexpr char kService[] = "forum.v1.AccessService";
  Access& access_;
  CallRunner& runner_;
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
