// forumctl speakers: lists of speakers, their settings and entries, and their spread over the
// plenary meetings (the floor, the record and the exports: clients/speaker_floor_commands.cc).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/speaker_cli.h"
#include "clients/table.h"
#include "clients/times.h"
#include "domain/speaker_export.h"
#include "forum/v1/speaker.grpc.pb.h"

namespace forum::client::speaker_cli {

void PrintSpeakers(const google::protobuf::RepeatedPtrField<v1::Speaker>& speakers) {
  Table table({"#", "SPEAKER", "DELEGATION", "LEVEL", "KIND", "MEETING", "STATE", "TIME"});
  for (const auto& s : speakers) {
    std::string kind = EnumWord(v1::StatementKind_descriptor(), s.kind());
    if (!s.on_behalf_of().empty()) kind += " (" + s.on_behalf_of() + ")";
    table.Add({s.position() > 0 ? std::to_string(s.position()) : "-", Id(s.name()),
               s.display_name(), EnumWord(v1::ProtocolRank_descriptor(), s.level()), kind,
               s.session().empty() ? "" : Id(s.session()),
               EnumWord(v1::SpeakerState_descriptor(), s.state()),
               domain::MinutesSeconds(s.time_limit_seconds())});
  }
  table.Print(std::cout);
}

void ListArgs(CLI::App* cmd, std::shared_ptr<Args> a) {
  cmd->add_option("event", a->event, "Event id")->required();
  cmd->add_option("list", a->list, "List: plenary or a round table's id")->capture_default_str();
}

namespace {

void PrintSpeaker(const v1::Speaker& s) {
  std::string placed;
  if (s.has_placement()) {
    placed =
        absl::StrCat(s.placement().after().empty() ? "first" : "after " + Id(s.placement().after()),
                     ", by ", s.placement().moved_by(), ": ", s.placement().reason());
  }
  PrintFields(std::cout,
              {{"name", s.name()},
               {"delegation", absl::StrCat(s.display_name(), " (", s.delegation(), ")")},
               {"speaker", absl::StrCat(s.speaker_name(),
                                        s.speaker_title().empty() ? "" : ", " + s.speaker_title())},
               {"level", EnumWord(v1::ProtocolRank_descriptor(), s.level())},
               {"kind", EnumWord(v1::StatementKind_descriptor(), s.kind())},
               {"on behalf of", s.on_behalf_of()},
               {"position", std::to_string(s.position())},
               {"state", EnumWord(v1::SpeakerState_descriptor(), s.state())},
               {"meeting", s.session()},
               {"time", domain::MinutesSeconds(s.time_limit_seconds())},
               {"moved", placed},
               {"etag", s.etag()}});
}

}  // namespace

void AddListCommands(CLI::App& app, Context& ctx) {
  CLI::App* speakers = app.add_subcommand("speakers", "Lists of speakers and the floor");
  speakers->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto stub = [&ctx] { return v1::SpeakerService::NewStub(ctx.Channel()); };

  CLI::App* lists = speakers->add_subcommand("lists", "An event's lists of speakers");
  lists->add_option("event", a->event, "Event id")->required();
  lists->callback([&ctx, a, stub] {
    v1::ListSpeakerListsRequest request;
    request.set_parent("events/" + a->event);
    auto s = stub();
    RunList<v1::ListSpeakerListsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListSpeakerLists(call, req, r); },
        [](v1::ListSpeakerListsResponse& r) { return r.mutable_speaker_lists(); },
        [](const v1::ListSpeakerListsResponse& r) {
          Table table({"LIST", "TITLE", "OPEN", "POLICY", "SPEAKERS"});
          for (const auto& l : r.speaker_lists()) {
            table.Add({Id(l.name()), l.title(), l.open() ? "yes" : "no",
                       EnumWord(v1::PrecedencePolicy_descriptor(), l.policy()),
                       std::to_string(l.speaker_count())});
          }
          table.Print(std::cout);
        });
  });

  CLI::App* configure = speakers->add_subcommand("configure", "Change a list's settings");
  ListArgs(configure, a);
  configure->add_option("--open", a->open, "true or false: open for inscription");
  configure->add_option("--deadline", a->deadline,
                        "Inscriptions until: 2027-05-09T18:00 (local) or RFC 3339; '' for none");
  configure->add_option("--policy", a->policy, "protocol, inscription-order or draw-by-lot");
  configure->add_option("--seed", a->seed, "Seed of the draw by lot");
  configure->add_option("--groups-first", a->groups_first, "true or false");
  configure->add_option("--national-seconds", a->national, "Limit of a national statement");
  configure->add_option("--group-seconds", a->group, "Limit of a statement for a group");
  configure->add_option("--joint-seconds", a->joint, "Limit of a joint statement");
  configure->add_option("--observer-seconds", a->observer, "Limit of an observer State");
  configure->add_option("--organization-seconds", a->organization, "Limit of an organization");
  configure->add_option("--replies", a->replies, "Rights of reply per delegation per meeting");
  configure->add_option("--first-reply-seconds", a->first_reply, "Limit of a first reply");
  configure->add_option("--second-reply-seconds", a->second_reply, "Limit of later replies");
  configure->add_option("--allow-multiple", a->allow_multiple,
                        "true or false: more than one national statement per delegation");
  configure->add_option("--absent", a->absent_policy, "end-of-level or drop");
  configure->add_option("--etag", a->etag, "Refuse the change if the list changed");
  configure->callback([&ctx, a, stub, configure] {
    v1::UpdateSpeakerListRequest request;
    v1::SpeakerList& l = *request.mutable_speaker_list();
    l.set_name(ListName(*a));
    l.set_etag(a->etag);
    auto& mask = *request.mutable_update_mask();
    auto given = [&](const char* option, const char* path) {
      if (configure->count(option) == 0) return false;
      mask.add_paths(path);
      return true;
    };
    auto yes = [](const std::string& v) { return v == "true" || v == "yes" || v == "1"; };
    if (given("--open", "open")) l.set_open(yes(a->open));
    if (given("--deadline", "inscription_deadline") && !a->deadline.empty()) {
      *l.mutable_inscription_deadline() =
          ParseMeetingTime(a->deadline, ZoneOf(ctx, a->event), "--deadline");
    }
    if (given("--policy", "policy")) {
      l.set_policy(static_cast<v1::PrecedencePolicy>(
          ParseEnumWord(v1::PrecedencePolicy_descriptor(), a->policy, "--policy")));
    }
    if (given("--seed", "draw_seed")) l.set_draw_seed(a->seed);
    if (given("--groups-first", "groups_first")) l.set_groups_first(yes(a->groups_first));
    auto* t = l.mutable_time_limits();
    if (given("--national-seconds", "time_limits.national_seconds")) {
      t->set_national_seconds(a->national);
    }
    if (given("--group-seconds", "time_limits.group_seconds")) t->set_group_seconds(a->group);
    if (given("--joint-seconds", "time_limits.joint_seconds")) t->set_joint_seconds(a->joint);
    if (given("--observer-seconds", "time_limits.observer_seconds")) {
      t->set_observer_seconds(a->observer);
    }
    if (given("--organization-seconds", "time_limits.organization_seconds")) {
      t->set_organization_seconds(a->organization);
    }
    if (given("--replies", "replies_per_meeting")) l.set_replies_per_meeting(a->replies);
    if (given("--first-reply-seconds", "first_reply_seconds")) {
      l.set_first_reply_seconds(a->first_reply);
    }
    if (given("--second-reply-seconds", "second_reply_seconds")) {
      l.set_second_reply_seconds(a->second_reply);
    }
    if (given("--allow-multiple", "allow_multiple_national")) {
      l.set_allow_multiple_national(yes(a->allow_multiple));
    }
    if (given("--absent", "absent_policy")) {
      l.set_absent_policy(static_cast<v1::AbsentPolicy>(
          ParseEnumWord(v1::AbsentPolicy_descriptor(), a->absent_policy, "--absent")));
    }
    auto s = stub();
    RunCall<v1::SpeakerList>(
        ctx, [&](auto* call, auto* r) { return s->UpdateSpeakerList(call, request, r); },
        [](const v1::SpeakerList& l) {
          const auto& t = l.time_limits();
          PrintFields(
              std::cout,
              {{"name", l.name()},
               {"title", l.title()},
               {"open", l.open() ? "yes" : "no"},
               {"policy", EnumWord(v1::PrecedencePolicy_descriptor(), l.policy())},
               {"draw seed", l.draw_seed() ? std::to_string(l.draw_seed()) : ""},
               {"groups first", l.groups_first() ? "yes" : "no"},
               {"limits",
                absl::StrCat("national ", domain::MinutesSeconds(t.national_seconds()), ", group ",
                             domain::MinutesSeconds(t.group_seconds()), ", joint ",
                             domain::MinutesSeconds(t.joint_seconds()), ", observer ",
                             domain::MinutesSeconds(t.observer_seconds()), ", organization ",
                             domain::MinutesSeconds(t.organization_seconds()))},
               {"replies", absl::StrCat(l.replies_per_meeting(), " per meeting (",
                                        domain::MinutesSeconds(l.first_reply_seconds()), ", then ",
                                        domain::MinutesSeconds(l.second_reply_seconds()), ")")},
               {"absent", EnumWord(v1::AbsentPolicy_descriptor(), l.absent_policy())},
               {"speakers", std::to_string(l.speaker_count())},
               {"etag", l.etag()}});
        });
  });

  auto speaker_fields = [a](CLI::App* cmd) {
    cmd->add_option("--level", a->level, "head-of-state, ..., minister, permanent-representative");
    cmd->add_option("--kind", a->kind,
                    "national, on-behalf-of-group, joint, observer, organization");
    cmd->add_option("--for", a->on_behalf_of, "The group or States a statement is made for");
    cmd->add_option("--name", a->speaker_name, "Who speaks");
    cmd->add_option("--title", a->speaker_title, "The speaker's title");
    cmd->add_option("--language", a->language, "ar, zh, en, fr, ru or es");
  };
  auto fill_speaker = [a](CLI::App* cmd, v1::Speaker& s, google::protobuf::FieldMask* mask) {
    auto given = [&](const char* option, const char* path) {
      if (cmd->count(option) == 0) return false;
      if (mask != nullptr) mask->add_paths(path);
      return true;
    };
    if (given("--level", "level")) {
      s.set_level(static_cast<v1::ProtocolRank>(
          ParseEnumWord(v1::ProtocolRank_descriptor(), a->level, "--level")));
    }
    if (given("--kind", "kind")) {
      s.set_kind(static_cast<v1::StatementKind>(
          ParseEnumWord(v1::StatementKind_descriptor(), a->kind, "--kind")));
    }
    if (given("--for", "on_behalf_of")) s.set_on_behalf_of(a->on_behalf_of);
    if (given("--name", "speaker_name")) s.set_speaker_name(a->speaker_name);
    if (given("--title", "speaker_title")) s.set_speaker_title(a->speaker_title);
    if (given("--language", "language")) s.set_language(a->language);
  };

  CLI::App* inscribe = speakers->add_subcommand("inscribe", "Put a delegation's speaker on a list");
  inscribe->add_option("event", a->event, "Event id")->required();
  inscribe->add_option("entity", a->entity, "Entity code of the delegation")->required();
  inscribe->add_option("--list", a->list, "List")->capture_default_str();
  speaker_fields(inscribe);
  inscribe->add_option("--request-id", a->request_id, "Makes a retried inscription safe");
  inscribe->callback([&ctx, a, stub, fill_speaker, inscribe] {
    v1::InscribeSpeakerRequest request;
    request.set_parent(ListName(*a));
    request.set_request_id(a->request_id);
    request.mutable_speaker()->set_delegation(DelegationName(*a));
    fill_speaker(inscribe, *request.mutable_speaker(), nullptr);
    auto s = stub();
    RunCall<v1::Speaker>(
        ctx, [&](auto* call, auto* r) { return s->InscribeSpeaker(call, request, r); },
        PrintSpeaker);
  });

  CLI::App* list = speakers->add_subcommand("list", "A list in speaking order");
  ListArgs(list, a);
  list->add_option("--meeting", a->meeting, "Only those given this plenary meeting");
  list->add_flag("--all", a->all, "Also those off the list (withdrawn, dropped)");
  AddLimitOption(list, ctx);
  list->callback([&ctx, a, stub] {
    v1::ListSpeakersRequest request;
    request.set_parent(ListName(*a));
    if (!a->meeting.empty()) request.set_session(MeetingName(*a, a->meeting));
    request.set_show_withdrawn(a->all);
    auto s = stub();
    RunList<v1::ListSpeakersResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListSpeakers(call, req, r); },
        [](v1::ListSpeakersResponse& r) { return r.mutable_speakers(); },
        [](const v1::ListSpeakersResponse& r) { PrintSpeakers(r.speakers()); });
  });

  CLI::App* get = speakers->add_subcommand("get", "Show one speaker");
  get->add_option("event", a->event, "Event id")->required();
  get->add_option("speaker", a->speaker, "Speaker id, e.g. mex")->required();
  get->add_option("--list", a->list, "List")->capture_default_str();
  get->callback([&ctx, a, stub] {
    v1::GetSpeakerRequest request;
    request.set_name(SpeakerName(*a));
    auto s = stub();
    RunCall<v1::Speaker>(
        ctx, [&](auto* call, auto* r) { return s->GetSpeaker(call, request, r); }, PrintSpeaker);
  });

  CLI::App* update = speakers->add_subcommand("update", "Change a speaker's fields given");
  update->add_option("event", a->event, "Event id")->required();
  update->add_option("speaker", a->speaker, "Speaker id")->required();
  update->add_option("--list", a->list, "List")->capture_default_str();
  speaker_fields(update);
  update->add_option("--etag", a->etag, "Refuse the change if the speaker changed");
  update->callback([&ctx, a, stub, fill_speaker, update] {
    v1::UpdateSpeakerRequest request;
    request.mutable_speaker()->set_name(SpeakerName(*a));
    request.mutable_speaker()->set_etag(a->etag);
    fill_speaker(update, *request.mutable_speaker(), request.mutable_update_mask());
    auto s = stub();
    RunCall<v1::Speaker>(
        ctx, [&](auto* call, auto* r) { return s->UpdateSpeaker(call, request, r); }, PrintSpeaker);
  });

  CLI::App* withdraw = speakers->add_subcommand("withdraw", "Take a speaker off the list");
  withdraw->add_option("event", a->event, "Event id")->required();
  withdraw->add_option("speaker", a->speaker, "Speaker id")->required();
  withdraw->add_option("--list", a->list, "List")->capture_default_str();
  withdraw->add_option("--etag", a->etag, "Refuse if the speaker changed");
  withdraw->callback([&ctx, a, stub] {
    v1::WithdrawSpeakerRequest request;
    request.set_name(SpeakerName(*a));
    request.set_etag(a->etag);
    auto s = stub();
    RunCall<v1::Speaker>(
        ctx, [&](auto* call, auto* r) { return s->WithdrawSpeaker(call, request, r); },
        PrintSpeaker);
  });

  CLI::App* move = speakers->add_subcommand("move", "Move a speaker by hand, with a reason");
  move->add_option("event", a->event, "Event id")->required();
  move->add_option("speaker", a->speaker, "Speaker id")->required();
  move->add_option("--list", a->list, "List")->capture_default_str();
  auto after = move->add_option("--after", a->after, "The speaker it is to follow");
  move->add_flag("--first", a->first, "First on the list")->excludes(after);
  move->add_option("--reason", a->reason, "Why (kept in the record)")->required();
  move->add_option("--etag", a->etag, "Refuse if the speaker changed");
  move->callback([&ctx, a, stub] {
    if (a->after.empty() && !a->first) {
      throw CLI::ValidationError("--after", "give --after SPEAKER or --first");
    }
    v1::MoveSpeakerRequest request;
    request.set_name(SpeakerName(*a));
    if (!a->after.empty()) request.set_after(ListName(*a) + "/speakers/" + a->after);
    request.set_reason(a->reason);
    request.set_etag(a->etag);
    auto s = stub();
    RunCall<v1::Speaker>(
        ctx, [&](auto* call, auto* r) { return s->MoveSpeaker(call, request, r); }, PrintSpeaker);
  });

  CLI::App* distribute =
      speakers->add_subcommand("distribute", "Spread the plenary list over the meetings");
  distribute->add_option("event", a->event, "Event id")->required();
  distribute->add_flag("--dry-run", a->dry_run, "Show the plan; change nothing");
  distribute->callback([&ctx, a, stub] {
    v1::DistributeSpeakersRequest request;
    request.set_speaker_list(absl::StrCat("events/", a->event, "/speakerLists/plenary"));
    request.set_dry_run(a->dry_run);
    auto s = stub();
    RunCall<v1::DistributeSpeakersResponse>(
        ctx, [&](auto* call, auto* r) { return s->DistributeSpeakers(call, request, r); },
        [](const v1::DistributeSpeakersResponse& r) {
          std::cout << (r.dry_run() ? "Plan (dry run: nothing written)\n" : "Distributed\n");
          Table table({"MEETING", "SPEAKERS", "HEADS OF STATE/GOVT", "PLANNED", "AVAILABLE"});
          for (const auto& m : r.meetings()) {
            table.Add({Id(m.session()), std::to_string(m.speaker_count()),
                       std::to_string(m.highest_level_count()),
                       domain::MinutesSeconds(m.planned_seconds()),
                       domain::MinutesSeconds(m.available_seconds())});
          }
          table.Print(std::cout);
          std::cout << r.moved_count() << " speaker(s) given a new meeting";
          if (r.unplaced_size() > 0) {
            std::cout << "; no room for " << r.unplaced_size() << ":";
            for (const auto& u : r.unplaced()) std::cout << " " << Id(u);
          }
          std::cout << "\n";
        });
  });

  AddFloorCommands(speakers, ctx, a);
  AddBoardCommand(speakers, ctx, a);
}

}  // namespace forum::client::speaker_cli

namespace forum::client {

void AddSpeakerCommands(CLI::App& app, Context& ctx) { speaker_cli::AddListCommands(app, ctx); }

}  // namespace forum::client
