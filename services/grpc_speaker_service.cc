// The gRPC adapter of forum.v1.SpeakerService: anyone signed in reads lists and speakers; a
// focal point inscribes, changes and withdraws its own delegation's speakers while the list is
// open; the secretariat and the chairs (of the event, or of a round table for its list) manage
// lists, move speakers and distribute the plenary list at any time.
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {

namespace {

absl::StatusOr<domain::EventChild> ListOf(absl::string_view name, absl::string_view field) {
  return domain::ParseEventChildName(name, "speakerLists", field);
}

// A list named in `field`, for its chairs.
absl::StatusOr<domain::EventChild> ChairOf(const Caller& caller, absl::string_view name,
                                           absl::string_view field) {
  ASSIGN_OR_RETURN(auto list, ListOf(name, field));
  if (!caller.grants.ChairOfList(list.event, list.id)) {
    return domain::Denied(caller.grants, absl::StrCat("run ", name));
  }
  return list;
}

// Who acts on a delegation's entry: the list's chair, or the delegation's focal point.
absl::StatusOr<SpeakerActor> ActorFor(const Caller& caller, absl::string_view event,
                                      absl::string_view list, absl::string_view entity,
                                      absl::string_view what) {
  if (caller.grants.ChairOfList(event, list)) return SpeakerActor::kChair;
  if (caller.grants.FocalPointOf(event, entity)) return SpeakerActor::kFocalPoint;
  return domain::Denied(caller.grants, what);
}

// A list's floor or participation, `events/{e}/speakerLists/{l}/{part}`.
absl::StatusOr<domain::EventChild> ListPart(absl::string_view name, absl::string_view part,
                                            absl::string_view field) {
  absl::string_view list = name;
  std::string suffix = absl::StrCat("/", part);
  if (!absl::ConsumeSuffix(&list, suffix)) {
    return domain::InvalidField(field,
                                absl::StrCat("must be events/{event}/speakerLists/{list}/", part));
  }
  return ListOf(list, field);
}

struct Inscription {
  domain::EventChild list;
  SpeakerActor actor;
};

absl::StatusOr<Inscription> InscriptionFor(const Caller& caller,
                                           const v1::InscribeSpeakerRequest& request) {
  ASSIGN_OR_RETURN(auto list, ListOf(request.parent(), "parent"));
  ASSIGN_OR_RETURN(auto delegation,
                   domain::ParseEventChildName(request.speaker().delegation(), "delegations",
                                               "speaker.delegation"));
  ASSIGN_OR_RETURN(
      auto actor, ActorFor(caller, list.event, list.id, delegation.id,
                           absl::StrCat("inscribe speakers for ", request.speaker().delegation())));
  return Inscription{std::move(list), actor};
}

struct OnSpeaker {
  domain::SpeakerRef speaker;
  SpeakerActor actor;
};

// A change to one speaker: its list's chair, or the focal point of the speaker's delegation.
absl::StatusOr<OnSpeaker> ChangeOf(const Caller& caller, storage::Tx& tx, absl::string_view name,
                                   absl::string_view field) {
  ASSIGN_OR_RETURN(auto ref, domain::ParseSpeakerName(name, field));
  if (caller.grants.ChairOfList(ref.event, ref.list)) {
    return OnSpeaker{std::move(ref), SpeakerActor::kChair};
  }
  ASSIGN_OR_RETURN(auto speaker, tx.speakers().Get(ref.event, ref.list, ref.speaker, field));
  ASSIGN_OR_RETURN(auto actor,
                   ActorFor(caller, ref.event, ref.list, domain::LastSegment(speaker.delegation()),
                            absl::StrCat("change ", name)));
  return OnSpeaker{std::move(ref), actor};
}

}  // namespace

Status SpeakerGrpcService::GetSpeakerList(ServerContext* ctx,
                                          const v1::GetSpeakerListRequest* request,
                                          v1::SpeakerList* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        RETURN_IF_ERROR(AnyCaller(c));
        return ListOf(request->name(), "name");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.GetList(tx, list);
      });
}

Status SpeakerGrpcService::ListSpeakerLists(ServerContext* ctx,
                                            const v1::ListSpeakerListsRequest* request,
                                            v1::ListSpeakerListsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller&, storage::Tx& tx) { return logic_.ListLists(tx, *request); });
}

Status SpeakerGrpcService::UpdateSpeakerList(ServerContext* ctx,
                                             const v1::UpdateSpeakerListRequest* request,
                                             v1::SpeakerList* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) {
        return ChairOf(c, request->speaker_list().name(), "speaker_list.name");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.UpdateList(tx, list, *request);
      });
}

Status SpeakerGrpcService::InscribeSpeaker(ServerContext* ctx,
                                           const v1::InscribeSpeakerRequest* request,
                                           v1::Speaker* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return InscriptionFor(c, *request); },
      [&](const Caller&, storage::Tx& tx, const Inscription& in) {
        return logic_.Inscribe(tx, in.list, in.actor, *request);
      });
}

Status SpeakerGrpcService::GetSpeaker(ServerContext* ctx, const v1::GetSpeakerRequest* request,
                                      v1::Speaker* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::SpeakerRef> {
        RETURN_IF_ERROR(AnyCaller(c));
        return domain::ParseSpeakerName(request->name(), "name");
      },
      [&](const Caller&, storage::Tx& tx, const domain::SpeakerRef& ref) {
        return logic_.Get(tx, ref);
      });
}

Status SpeakerGrpcService::ListSpeakers(ServerContext* ctx, const v1::ListSpeakersRequest* request,
                                        v1::ListSpeakersResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        RETURN_IF_ERROR(AnyCaller(c));
        return ListOf(request->parent(), "parent");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.List(tx, list, *request);
      });
}

Status SpeakerGrpcService::UpdateSpeaker(ServerContext* ctx,
                                         const v1::UpdateSpeakerRequest* request,
                                         v1::Speaker* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ChangeOf(c, tx, request->speaker().name(), "speaker.name");
      },
      [&](const Caller&, storage::Tx& tx, const OnSpeaker& on) {
        return logic_.Update(tx, on.speaker, on.actor, *request);
      });
}

Status SpeakerGrpcService::WithdrawSpeaker(ServerContext* ctx,
                                           const v1::WithdrawSpeakerRequest* request,
                                           v1::Speaker* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return ChangeOf(c, tx, request->name(), "name"); },
      [&](const Caller&, storage::Tx& tx, const OnSpeaker& on) {
        return logic_.Withdraw(tx, on.speaker, on.actor, *request);
      });
}

Status SpeakerGrpcService::MoveSpeaker(ServerContext* ctx, const v1::MoveSpeakerRequest* request,
                                       v1::Speaker* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::SpeakerRef> {
        ASSIGN_OR_RETURN(auto ref, domain::ParseSpeakerName(request->name(), "name"));
        if (!c.grants.ChairOfList(ref.event, ref.list)) {
          return domain::Denied(c.grants, absl::StrCat("move speakers on ", ref.ListName()));
        }
        return ref;
      },
      [&](const Caller&, storage::Tx& tx, const domain::SpeakerRef& ref) {
        return logic_.Move(tx, ref, *request);
      });
}

Status SpeakerGrpcService::DistributeSpeakers(ServerContext* ctx,
                                              const v1::DistributeSpeakersRequest* request,
                                              v1::DistributeSpeakersResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return ChairOf(c, request->speaker_list(), "speaker_list"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.Distribute(tx, list, *request);
      },
      request->dry_run() ? TxKind::kRead : TxKind::kWrite);
}

Status SpeakerGrpcService::GetFloor(ServerContext* ctx, const v1::GetFloorRequest* request,
                                    v1::Floor* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        RETURN_IF_ERROR(AnyCaller(c));
        return ListPart(request->name(), "floor", "name");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.GetFloor(tx, list);
      });
}

Status SpeakerGrpcService::StartNextSpeaker(ServerContext* ctx,
                                            const v1::StartNextSpeakerRequest* request,
                                            v1::Floor* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return ChairOf(c, request->speaker_list(), "speaker_list"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.StartNext(tx, list, *request);
      });
}

Status SpeakerGrpcService::PauseSpeaker(ServerContext* ctx, const v1::PauseSpeakerRequest* request,
                                        v1::Floor* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return ChairOf(c, request->speaker_list(), "speaker_list"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.Pause(tx, list);
      });
}

Status SpeakerGrpcService::ResumeSpeaker(ServerContext* ctx,
                                         const v1::ResumeSpeakerRequest* request,
                                         v1::Floor* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return ChairOf(c, request->speaker_list(), "speaker_list"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.Resume(tx, list);
      });
}

Status SpeakerGrpcService::EndSpeaker(ServerContext* ctx, const v1::EndSpeakerRequest* request,
                                      v1::Floor* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return ChairOf(c, request->speaker_list(), "speaker_list"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.End(tx, list);
      });
}

Status SpeakerGrpcService::RaisePointOfOrder(ServerContext* ctx,
                                             const v1::RaisePointOfOrderRequest* request,
                                             v1::Floor* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return ChairOf(c, request->speaker_list(), "speaker_list"); },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.PointOfOrder(tx, list, *request);
      });
}

Status SpeakerGrpcService::RequestRightOfReply(ServerContext* ctx,
                                               const v1::RequestRightOfReplyRequest* request,
                                               v1::Statement* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        ASSIGN_OR_RETURN(auto list, ListOf(request->speaker_list(), "speaker_list"));
        ASSIGN_OR_RETURN(auto delegation, domain::ParseEventChildName(request->delegation(),
                                                                      "delegations", "delegation"));
        RETURN_IF_ERROR(ActorFor(c, list.event, list.id, delegation.id,
                                 absl::StrCat("reply for ", request->delegation()))
                            .status());
        return list;
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.RequestReply(tx, list, *request);
      });
}

Status SpeakerGrpcService::ListStatements(ServerContext* ctx,
                                          const v1::ListStatementsRequest* request,
                                          v1::ListStatementsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        RETURN_IF_ERROR(AnyCaller(c));
        return ListOf(request->parent(), "parent");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.ListStatements(tx, list, *request);
      });
}

Status SpeakerGrpcService::GetParticipation(ServerContext* ctx,
                                            const v1::GetParticipationRequest* request,
                                            v1::Participation* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        RETURN_IF_ERROR(AnyCaller(c));
        return ListPart(request->name(), "participation", "name");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.GetParticipation(tx, list);
      });
}

Status SpeakerGrpcService::ExportSpeakerList(ServerContext* ctx,
                                             const v1::ExportSpeakerListRequest* request,
                                             v1::SpeakerExport* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        RETURN_IF_ERROR(AnyCaller(c));
        return ListOf(request->name(), "name");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.ExportList(tx, list, *request);
      });
}

Status SpeakerGrpcService::ExportStatements(ServerContext* ctx,
                                            const v1::ExportStatementsRequest* request,
                                            v1::SpeakerExport* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) -> absl::StatusOr<domain::EventChild> {
        RETURN_IF_ERROR(AnyCaller(c));
        return ListOf(request->parent(), "parent");
      },
      [&](const Caller&, storage::Tx& tx, const domain::EventChild& list) {
        return logic_.ExportStatements(tx, list, *request);
      });
}

}  // namespace forum::services
