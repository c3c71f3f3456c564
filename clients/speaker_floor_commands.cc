// forumctl speakers, the chair's table: the floor, calling speakers, points of order and rights
// of reply; then the record with the figures to quote, and the exports.
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/speaker_cli.h"
#include "clients/table.h"
#include "clients/times.h"
#include "domain/speaker_export.h"
#include "forum/v1/speaker.grpc.pb.h"

namespace forum::client::speaker_cli {
namespace {

std::string Turn(const v1::Statement& s) {
  std::string who = s.display_name();
  if (!s.speaker_name().empty()) who += " (" + s.speaker_name() + ")";
  switch (s.turn()) {
    case v1::FLOOR_TURN_POINT_OF_ORDER:
      return "point of order: " + who;
    case v1::FLOOR_TURN_RIGHT_OF_REPLY:
      return absl::StrCat("right of reply ", s.reply_number(), ": ", who);
    default:
      return who;
  }
}

void PrintFloor(const v1::Floor& f) {
  if (!f.session().empty()) std::cout << "Meeting: " << Id(f.session()) << "\n";
  if (f.has_current()) {
    std::cout << "Speaking: " << Turn(f.current()) << "  "
              << domain::MinutesSeconds(f.elapsed_seconds());
    if (f.current().limit_seconds() > 0) {
      std::cout << " of " << domain::MinutesSeconds(f.current().limit_seconds()) << ", "
                << (f.remaining_seconds() >= 0
                        ? domain::MinutesSeconds(f.remaining_seconds()) + " left"
                        : domain::MinutesSeconds(-f.remaining_seconds()) + " over");
    }
    std::cout << (f.paused() ? "  (clock stopped)" : "") << "\n";
  } else {
    std::cout << "Nobody has the floor.\n";
  }
  if (f.has_interrupted()) std::cout << "Interrupted: " << Turn(f.interrupted()) << "\n";
  if (f.next_size() > 0) {
    std::cout << "Next:\n";
    PrintSpeakers(f.next());
  }
  for (const auto& r : f.replies()) std::cout << "Queued " << Turn(r) << "\n";
}

}  // namespace

void AddFloorCommands(CLI::App* speakers, Context& ctx, std::shared_ptr<Args> a) {
  auto stub = [&ctx] { return v1::SpeakerService::NewStub(ctx.Channel()); };
  auto floor_call = [&ctx, stub](auto&& rpc) {
    auto s = stub();
    RunCall<v1::Floor>(
        ctx, [&](auto* call, auto* r) { return rpc(*s, call, r); }, PrintFloor);
  };

  CLI::App* floor = speakers->add_subcommand("floor", "Who speaks, the clock, who is next");
  ListArgs(floor, a);
  floor->callback([a, floor_call] {
    v1::GetFloorRequest request;
    request.set_name(ListName(*a) + "/floor");
    floor_call([&](auto& s, auto* call, auto* r) { return s.GetFloor(call, request, r); });
  });

  CLI::App* next = speakers->add_subcommand("next", "End the turn under way; call the next");
  ListArgs(next, a);
  next->add_option("--meeting", a->meeting, "Plenary meeting to run, e.g. meeting-1");
  next->add_flag("--absent", a->absent, "The speaker called was not in the room");
  next->callback([a, floor_call] {
    v1::StartNextSpeakerRequest request;
    request.set_speaker_list(ListName(*a));
    if (!a->meeting.empty()) request.set_session(MeetingName(*a, a->meeting));
    request.set_current_absent(a->absent);
    floor_call([&](auto& s, auto* call, auto* r) { return s.StartNextSpeaker(call, request, r); });
  });

  CLI::App* pause = speakers->add_subcommand("pause", "Stop the clock");
  ListArgs(pause, a);
  pause->callback([a, floor_call] {
    v1::PauseSpeakerRequest request;
    request.set_speaker_list(ListName(*a));
    floor_call([&](auto& s, auto* call, auto* r) { return s.PauseSpeaker(call, request, r); });
  });
  CLI::App* resume = speakers->add_subcommand("resume", "Start the clock again");
  ListArgs(resume, a);
  resume->callback([a, floor_call] {
    v1::ResumeSpeakerRequest request;
    request.set_speaker_list(ListName(*a));
    floor_call([&](auto& s, auto* call, auto* r) { return s.ResumeSpeaker(call, request, r); });
  });
  CLI::App* end = speakers->add_subcommand("end", "End the turn under way");
  ListArgs(end, a);
  end->callback([a, floor_call] {
    v1::EndSpeakerRequest request;
    request.set_speaker_list(ListName(*a));
    floor_call([&](auto& s, auto* call, auto* r) { return s.EndSpeaker(call, request, r); });
  });

  CLI::App* poo = speakers->add_subcommand("point-of-order", "Give a delegation the floor now");
  poo->add_option("event", a->event, "Event id")->required();
  poo->add_option("entity", a->entity, "Entity code of the delegation")->required();
  poo->add_option("--list", a->list, "List")->capture_default_str();
  poo->callback([a, floor_call] {
    v1::RaisePointOfOrderRequest request;
    request.set_speaker_list(ListName(*a));
    request.set_delegation(DelegationName(*a));
    floor_call([&](auto& s, auto* call, auto* r) { return s.RaisePointOfOrder(call, request, r); });
  });

  CLI::App* reply = speakers->add_subcommand("reply", "Queue a right of reply");
  reply->add_option("event", a->event, "Event id")->required();
  reply->add_option("entity", a->entity, "Entity code of the delegation")->required();
  reply->add_option("--list", a->list, "List")->capture_default_str();
  reply->add_option("--request-id", a->request_id, "Makes a retry safe");
  reply->callback([&ctx, a, stub] {
    v1::RequestRightOfReplyRequest request;
    request.set_speaker_list(ListName(*a));
    request.set_delegation(DelegationName(*a));
    request.set_request_id(a->request_id);
    auto s = stub();
    RunCall<v1::Statement>(
        ctx, [&](auto* call, auto* r) { return s->RequestRightOfReply(call, request, r); },
        [](const v1::Statement& st) {
          std::cout << "queued " << Turn(st) << ", " << domain::MinutesSeconds(st.limit_seconds())
                    << "\n";
        });
  });

  CLI::App* record = speakers->add_subcommand("record", "Statements delivered, and the figures");
  ListArgs(record, a);
  record->add_option("--meeting", a->meeting, "Only this plenary meeting");
  AddLimitOption(record, ctx);
  record->callback([&ctx, a, stub] {
    v1::ListStatementsRequest request;
    request.set_parent(ListName(*a));
    if (!a->meeting.empty()) request.set_session(MeetingName(*a, a->meeting));
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunList<v1::ListStatementsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListStatements(call, req, r); },
        [](v1::ListStatementsResponse& r) { return r.mutable_statements(); },
        [&zone](const v1::ListStatementsResponse& r) {
          Table table({"#", "MEETING", "START", "TURN", "LEVEL", "SPOKE", "OVER"});
          for (const auto& st : r.statements()) {
            table.Add(
                {Id(st.name()), st.session().empty() ? "" : Id(st.session()),
                 LocalTime(st.start_time(), zone), Turn(st),
                 st.level() ? EnumWord(v1::ProtocolRank_descriptor(), st.level()) : "",
                 domain::MinutesSeconds(st.duration_seconds()),
                 st.overrun_seconds() > 0 ? domain::MinutesSeconds(st.overrun_seconds()) : ""});
          }
          table.Print(std::cout);
          std::cout << "times in " << zone << "\n";
        });
    if (ctx.exit_code != 0 || ctx.json()) return;
    v1::GetParticipationRequest figures;
    figures.set_name(ListName(*a) + "/participation");
    RunCall<v1::Participation>(
        ctx, [&](auto* call, auto* r) { return s->GetParticipation(call, figures, r); },
        [](const v1::Participation& p) { std::cout << "\n"
                                                   << p.summary() << "\n"; });
  });

  CLI::App* exp = speakers->add_subcommand(
      "export", "The rolling list (markdown, text, json) or the record of statements (akn)");
  ListArgs(exp, a);
  exp->add_option("--format", a->format, "markdown, text, json, or akn: Akoma Ntoso XML")
      ->check(CLI::IsMember({"markdown", "text", "json", "akn"}))
      ->capture_default_str();
  exp->add_option("--meeting", a->meeting, "Only this plenary meeting");
  exp->add_option("--file", a->file, "Write to this file");
  exp->callback([&ctx, a, stub] {
    auto s = stub();
    std::string whole;
    auto append = [&whole](v1::SpeakerExport& page) {
      whole += page.content();
      return true;
    };
    grpc::Status status;
    if (a->format == "akn") {
      v1::ExportStatementsRequest request;
      request.set_parent(ListName(*a));
      request.set_format(v1::STATEMENTS_FORMAT_AKOMA_NTOSO);
      if (!a->meeting.empty()) request.set_session(MeetingName(*a, a->meeting));
      status = FollowPages<v1::SpeakerExport>(
          ctx, request,
          [&](auto* call, const auto& req, auto* r) { return s->ExportStatements(call, req, r); },
          append);
    } else {
      v1::ExportSpeakerListRequest request;
      request.set_name(ListName(*a));
      request.set_format(a->format == "json"   ? v1::SPEAKER_LIST_FORMAT_JSON
                         : a->format == "text" ? v1::SPEAKER_LIST_FORMAT_TEXT
                                               : v1::SPEAKER_LIST_FORMAT_MARKDOWN);
      if (!a->meeting.empty()) request.set_session(MeetingName(*a, a->meeting));
      status = FollowPages<v1::SpeakerExport>(
          ctx, request,
          [&](auto* call, const auto& req, auto* r) { return s->ExportSpeakerList(call, req, r); },
          append);
    }
    if (!status.ok()) {
      ctx.exit_code = ReportError(status);
      return;
    }
    if (a->file.empty()) {
      std::cout << whole;
    } else {
      std::ofstream(a->file, std::ios::binary) << whole;
      std::cerr << "wrote " << a->file << "\n";
    }
  });
}

}  // namespace forum::client::speaker_cli
