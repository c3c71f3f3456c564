#include "tests/fuzz/dispatch.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/test/server_context_test_spouse.h"

namespace forum::fuzz {
namespace {

// An invoker of `rpc` on `service`: parses the body as its request, as gRPC would (a body that
// does not parse is refused as forumd refuses it), and measures the response.
template <typename Service, typename Request, typename Response>
Dispatcher::Invoker Bind(Service& service,
                         grpc::Status (Service::*rpc)(grpc::ServerContextBase*, const Request*,
                                                      Response*)) {
  return [&service, rpc](grpc::ServerContext* context, absl::string_view body) {
    Request request;
    if (!request.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      return Answer{grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "the request body is not a valid message of its type"),
                    0, false, /*served=*/false};
    }
    Response response;
    grpc::Status status = (service.*rpc)(context, &request, &response);
    if (!status.ok()) return Answer{status, 0};
    // What a client receives: the answer must serialize and parse back (a string that is not
    // UTF-8 would fail there, and the client would see an error instead of the answer).
    std::string wire;
    Response received;
    Answer answer{status, 0};
    answer.unreadable = !response.SerializeToString(&wire) || !received.ParseFromString(wire);
    answer.response_bytes = wire.size();
    return answer;
  };
}

}  // namespace

#define FORUM_FUZZ_RPC(object, service, cls, method) \
  invokers_["/forum.v1." #service "/" #method] = Bind(object, &services::cls::method)

Dispatcher::Dispatcher(services::ForumServices& s)
    : entity_(s.entities(), s.access(), s.runner()),
      event_(s.events(), s.access(), s.runner()),
      delegation_(s.delegations(), s.access(), s.runner(), s.read_cache()),
      round_table_(s.round_tables(), s.schedules(), s.access(), s.runner()),
      document_(s.documents(), s.access(), s.runner()),
      access_(s.access(), s.runner()),
      speaker_(s.speakers(), s.access(), s.runner(), s.read_cache()),
      schedule_(s.schedules(), s.access(), s.runner()) {
  FORUM_FUZZ_RPC(entity_, EntityService, EntityGrpcService, ListEntities);
  FORUM_FUZZ_RPC(entity_, EntityService, EntityGrpcService, GetEntity);

  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, CreateEvent);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, GetEvent);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, ListEvents);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, UpdateEvent);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, CreateSession);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, GetSession);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, ListSessions);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, UpdateSession);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, CreateRoom);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, GetRoom);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, UpdateRoom);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, ListRooms);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, CreateTheme);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, GetTheme);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, UpdateTheme);
  FORUM_FUZZ_RPC(event_, EventService, EventGrpcService, ListThemes);

  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, RegisterDelegation);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, GetDelegation);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, ListDelegations);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, UpdateDelegation);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, AccreditDelegation);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, RejectDelegation);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, WithdrawDelegation);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, AddDelegationMember);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, ListDelegationMembers);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, UpdateDelegationMember);
  FORUM_FUZZ_RPC(delegation_, DelegationService, DelegationGrpcService, RemoveDelegationMember);

  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, CreateRoundTable);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, GetRoundTable);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, ListRoundTables);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, UpdateRoundTable);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, DeleteRoundTable);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, ScheduleRoundTable);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, ListScheduleConflicts);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, AddRoundTableParticipant);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService,
                 RemoveRoundTableParticipant);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService,
                 ListRoundTableParticipants);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, SetRoundTablePreferences);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, GetRoundTablePreferences);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, GetRoundTableRules);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, UpdateRoundTableRules);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, AllocateRoundTables);
  FORUM_FUZZ_RPC(round_table_, RoundTableService, RoundTableGrpcService, ExportSchedule);

  FORUM_FUZZ_RPC(schedule_, ScheduleService, ScheduleGrpcService, PublishSchedule);
  FORUM_FUZZ_RPC(schedule_, ScheduleService, ScheduleGrpcService, ListScheduleReleases);
  FORUM_FUZZ_RPC(schedule_, ScheduleService, ScheduleGrpcService, GetScheduleRelease);
  FORUM_FUZZ_RPC(schedule_, ScheduleService, ScheduleGrpcService, DiffScheduleReleases);

  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, CreateDocument);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, GetDocument);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, ListDocuments);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, UpdateDocument);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, DeleteDocument);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, InsertSection);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, UpdateSection);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, MoveSection);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, DeleteSection);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, InsertParagraph);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, UpdateParagraph);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, MoveParagraph);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, DeleteParagraph);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, GetDocumentContent);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, ListRevisions);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, DiffRevisions);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, CirculateDocument);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, IssueDocument);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, IssueCorrigendum);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, AddComment);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, ListComments);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, CompileDocument);
  FORUM_FUZZ_RPC(document_, DocumentService, DocumentGrpcService, ExportDocument);

  FORUM_FUZZ_RPC(access_, AccessService, AccessGrpcService, CreateToken);
  FORUM_FUZZ_RPC(access_, AccessService, AccessGrpcService, ListTokens);
  FORUM_FUZZ_RPC(access_, AccessService, AccessGrpcService, RevokeToken);
  FORUM_FUZZ_RPC(access_, AccessService, AccessGrpcService, GetCaller);
  FORUM_FUZZ_RPC(access_, AccessService, AccessGrpcService, ListAuditRecords);

  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, GetSpeakerList);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, ListSpeakerLists);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, UpdateSpeakerList);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, InscribeSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, GetSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, ListSpeakers);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, UpdateSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, WithdrawSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, MoveSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, DistributeSpeakers);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, GetFloor);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, StartNextSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, PauseSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, ResumeSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, EndSpeaker);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, RaisePointOfOrder);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, RequestRightOfReply);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, ListStatements);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, GetParticipation);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, ExportSpeakerList);
  FORUM_FUZZ_RPC(speaker_, SpeakerService, SpeakerGrpcService, ExportStatements);
}

#undef FORUM_FUZZ_RPC

absl::Status Dispatcher::Covers(const google::protobuf::ServiceDescriptor& service) const {
  for (int i = 0; i < service.method_count(); ++i) {
    std::string path = absl::StrCat("/", service.full_name(), "/", service.method(i)->name());
    if (invokers_.find(path) == invokers_.end()) {
      return absl::UnimplementedError(
          absl::StrCat(path, " has no invoker in tests/fuzz/dispatch.cc: add it there"));
    }
  }
  return absl::OkStatus();
}

Answer Dispatcher::Call(const std::string& path, const std::string& secret,
                        absl::string_view body) {
  auto invoker = invokers_.find(path);
  if (invoker == invokers_.end()) {
    return Answer{grpc::Status(grpc::StatusCode::UNIMPLEMENTED, path + " has no invoker")};
  }
  grpc::ServerContext context;
  // The spouse holds the metadata that the context points into: it lives as long as the call.
  grpc::testing::ServerContextTestSpouse spouse(&context);
  if (!secret.empty()) spouse.AddClientMetadata("authorization", "Bearer " + secret);
  return invoker->second(&context, body);
}

}  // namespace forum::fuzz
