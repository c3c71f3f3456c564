#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/table.h"
#include "clients/times.h"
#include "forum/v1/round_table.grpc.pb.h"

namespace forum::client {
namespace {

std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

struct Args {
  std::string event, id, title, theme, description, rapporteur, state, etag, start, end, room,
      entity, role = "participant", format = "ics", delegation, file, request_id;
  std::vector<std::string> co_chairs, ranked;
  int number = 0, capacity = 0, reserved = 0, max_per_state = 0, slack = 0;
  bool indicative = false, dry_run = false;
};

std::string TableName(const Args& a, const std::string& id) {
  return absl::StrCat("events/", a.event, "/roundTables/", id);
}
std::string DelegationName(const Args& a, const std::string& code) {
  return absl::StrCat("events/", a.event, "/delegations/", code);
}

void PrintRoundTable(const v1::RoundTable& rt, const std::string& zone) {
  std::vector<std::string> chairs;
  for (const auto& c : rt.co_chairs()) chairs.push_back(Id(c));
  std::string slot;
  if (rt.has_start_time()) {
    slot = absl::StrCat(LocalTime(rt.start_time(), zone), " to ", LocalTime(rt.end_time(), zone),
                        " (", zone, rt.times_indicative() ? ", indicative)" : ")");
  }
  PrintFields(std::cout,
              {{"name", rt.name()},
               {"number", std::to_string(rt.number())},
               {"title", rt.title()},
               {"state", EnumWord(v1::RoundTableState_descriptor(), rt.state())},
               {"theme", rt.theme()},
               {"slot", slot},
               {"room", rt.room()},
               {"co-chairs", absl::StrJoin(chairs, ", ")},
               {"rapporteur", rt.rapporteur()},
               {"seats", absl::StrCat(rt.participant_count(), " of ", rt.capacity(), " taken (",
                                      rt.reserved_seats(), " kept for non-State participants)")},
               {"description", rt.description()},
               {"etag", rt.etag()}});
}

void PrintReport(const v1::AllocationReport& r) {
  std::cout << (r.dry_run() ? "Allocation plan (dry run: nothing written)\n" : "Allocation done\n");
  Table tables({"ROUND TABLE", "PLACED", "SEATS", "AF", "AP", "EE", "LAC", "WEOG", "OTHERS"});
  auto mix = [](const v1::AllocationReport::TableResult& t, const char* group) {
    auto it = t.regional_mix().find(group);
    return std::to_string(it == t.regional_mix().end() ? 0 : it->second);
  };
  for (const auto& t : r.tables()) {
    tables.Add({Id(t.round_table()), std::to_string(t.placed_size()),
                absl::StrCat(t.participant_count(), "/", t.capacity()), mix(t, "AFRICAN"),
                mix(t, "ASIA_PACIFIC"), mix(t, "EASTERN_EUROPEAN"),
                mix(t, "LATIN_AMERICAN_CARIBBEAN"), mix(t, "WESTERN_EUROPEAN_OTHERS"),
                std::to_string(t.other_participants())});
  }
  tables.Print(std::cout);
  std::vector<std::string> choices;
  for (const auto& c : r.choices()) {
    choices.push_back(absl::StrCat(c.delegations(), " got choice ", c.rank()));
  }
  std::cout << "\n" << r.placed() << " placed";
  if (!choices.empty()) std::cout << " (" << absl::StrJoin(choices, ", ") << ")";
  std::cout << "; total rank " << r.total_rank() << "\n";
  if (r.unplaced_size() > 0) {
    std::cout << "\nNot placed:\n";
    Table unplaced({"DELEGATION", "WHY"});
    for (const auto& u : r.unplaced()) unplaced.Add({Id(u.delegation()), u.reason()});
    unplaced.Print(std::cout);
  }
}

void AddParticipantCommands(CLI::App* parent, Context& ctx, std::shared_ptr<Args> a) {
  CLI::App* participants = parent->add_subcommand("participants", "Who sits at a round table");
  participants->require_subcommand(1);
  auto stub = [&ctx] { return v1::RoundTableService::NewStub(ctx.Channel()); };

  CLI::App* list = participants->add_subcommand("list", "List participants");
  list->add_option("event", a->event, "Event id")->required();
  list->add_option("id", a->id, "Round table id")->required();
  AddLimitOption(list, ctx);
  list->callback([&ctx, a, stub] {
    v1::ListRoundTableParticipantsRequest request;
    request.set_round_table(TableName(*a, a->id));
    auto s = stub();
    RunList<v1::ListRoundTableParticipantsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) {
          return s->ListRoundTableParticipants(call, req, r);
        },
        [](v1::ListRoundTableParticipantsResponse& r) { return r.mutable_participants(); },
        [](const v1::ListRoundTableParticipantsResponse& r) {
          Table table({"ENTITY", "NAME", "ROLE", "GROUP"});
          for (const auto& p : r.participants()) {
            table.Add({Id(p.delegation()), p.display_name(),
                       EnumWord(v1::ParticipantRole_descriptor(), p.role()),
                       p.regional_group()
                           ? EnumWord(v1::RegionalGroup_descriptor(), p.regional_group())
                           : ""});
          }
          table.Print(std::cout);
        });
  });

  CLI::App* add = participants->add_subcommand("add", "Seat a delegation");
  add->add_option("event", a->event, "Event id")->required();
  add->add_option("id", a->id, "Round table id")->required();
  add->add_option("entity", a->entity, "Entity code of the delegation")->required();
  add->add_option("--role", a->role, "participant, co-chair or panelist")->capture_default_str();
  add->callback([&ctx, a, stub] {
    v1::AddRoundTableParticipantRequest request;
    request.set_round_table(TableName(*a, a->id));
    request.set_delegation(DelegationName(*a, a->entity));
    request.set_role(static_cast<v1::ParticipantRole>(
        ParseEnumWord(v1::ParticipantRole_descriptor(), a->role, "--role")));
    auto s = stub();
    RunCall<v1::RoundTableParticipant>(
        ctx, [&](auto* call, auto* r) { return s->AddRoundTableParticipant(call, request, r); },
        [](const v1::RoundTableParticipant& p) {
          std::cout << p.display_name() << " seated at " << p.round_table() << " as "
                    << EnumWord(v1::ParticipantRole_descriptor(), p.role()) << "\n";
        });
  });

  CLI::App* remove = participants->add_subcommand("remove", "Remove a delegation");
  remove->add_option("event", a->event, "Event id")->required();
  remove->add_option("id", a->id, "Round table id")->required();
  remove->add_option("entity", a->entity, "Entity code of the delegation")->required();
  remove->callback([&ctx, a, stub] {
    v1::RemoveRoundTableParticipantRequest request;
    request.set_round_table(TableName(*a, a->id));
    request.set_delegation(DelegationName(*a, a->entity));
    auto s = stub();
    RunCall<v1::RemoveRoundTableParticipantResponse>(
        ctx, [&](auto* call, auto* r) { return s->RemoveRoundTableParticipant(call, request, r); },
        [&request](const auto&) { std::cout << "removed " << request.delegation() << "\n"; });
  });
}

}  // namespace

void AddRoundTableCommands(CLI::App& app, Context& ctx) {
  CLI::App* rts = app.add_subcommand("roundtables", "Round tables: schedule, seats, allocation");
  rts->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto stub = [&ctx] { return v1::RoundTableService::NewStub(ctx.Channel()); };

  CLI::App* list = rts->add_subcommand("list", "List an event's round tables");
  list->add_option("event", a->event, "Event id")->required();
  AddLimitOption(list, ctx);
  list->callback([&ctx, a, stub] {
    v1::ListRoundTablesRequest request;
    request.set_parent("events/" + a->event);
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunList<v1::ListRoundTablesResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListRoundTables(call, req, r); },
        [](v1::ListRoundTablesResponse& r) { return r.mutable_round_tables(); },
        [&zone](const v1::ListRoundTablesResponse& r) {
          Table table({"ID", "NO", "STATE", "START", "ROOM", "SEATS", "TITLE"});
          for (const auto& rt : r.round_tables()) {
            table.Add({Id(rt.name()), std::to_string(rt.number()),
                       EnumWord(v1::RoundTableState_descriptor(), rt.state()),
                       rt.has_start_time() ? LocalTime(rt.start_time(), zone) +
                                                 (rt.times_indicative() ? " (indicative)" : "")
                                           : "",
                       rt.room().empty() ? "" : Id(rt.room()),
                       absl::StrCat(rt.participant_count(), "/", rt.capacity()), rt.title()});
          }
          table.Print(std::cout);
          std::cout << "times in " << zone << "\n";
        });
  });

  CLI::App* get = rts->add_subcommand("get", "Show one round table");
  get->add_option("event", a->event, "Event id")->required();
  get->add_option("id", a->id, "Round table id, e.g. round-table-1")->required();
  get->callback([&ctx, a, stub] {
    v1::GetRoundTableRequest request;
    request.set_name(TableName(*a, a->id));
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunCall<v1::RoundTable>(
        ctx, [&](auto* call, auto* r) { return s->GetRoundTable(call, request, r); },
        [&zone](const v1::RoundTable& rt) { PrintRoundTable(rt, zone); });
  });

  auto fields = [a](CLI::App* cmd, bool create) {
    auto number = cmd->add_option("--number", a->number, "Number in the event");
    auto title = cmd->add_option("--title", a->title, "Title");
    auto capacity = cmd->add_option("--capacity", a->capacity, "Seats, co-chairs included");
    if (create) {
      number->required();
      title->required();
      capacity->required();
    }
    cmd->add_option("--reserved", a->reserved, "Seats kept for non-State participants");
    cmd->add_option("--theme", a->theme, "Theme id of the event");
    cmd->add_option("--co-chair", a->co_chairs, "Entity code of a co-chair (repeat)");
    cmd->add_option("--rapporteur", a->rapporteur, "Rapporteur's name");
    cmd->add_option("--description", a->description, "What it is to discuss");
  };
  auto fill = [a](CLI::App* cmd, v1::RoundTable& rt, google::protobuf::FieldMask& mask) {
    auto given = [&](const char* option, const char* path) {
      if (cmd->count(option) == 0) return false;
      mask.add_paths(path);
      return true;
    };
    if (given("--number", "number")) rt.set_number(a->number);
    if (given("--title", "title")) rt.set_title(a->title);
    if (given("--capacity", "capacity")) rt.set_capacity(a->capacity);
    if (given("--reserved", "reserved_seats")) rt.set_reserved_seats(a->reserved);
    if (given("--theme", "theme")) {
      rt.set_theme(a->theme.empty() ? "" : absl::StrCat("events/", a->event, "/themes/", a->theme));
    }
    if (given("--co-chair", "co_chairs")) {
      for (const auto& c : a->co_chairs) rt.add_co_chairs(DelegationName(*a, c));
    }
    if (given("--rapporteur", "rapporteur")) rt.set_rapporteur(a->rapporteur);
    if (given("--description", "description")) rt.set_description(a->description);
    if (cmd->get_option_no_throw("--state") != nullptr && given("--state", "state")) {
      rt.set_state(static_cast<v1::RoundTableState>(
          ParseEnumWord(v1::RoundTableState_descriptor(), a->state, "--state")));
    }
  };

  CLI::App* create = rts->add_subcommand("create", "Create a round table");
  create->add_option("event", a->event, "Event id")->required();
  fields(create, true);
  create->add_option("--id", a->id, "Id (default round-table-NUMBER)");
  create->add_option("--request-id", a->request_id, "Makes a retried create safe");
  create->callback([&ctx, a, stub, fill, create] {
    v1::CreateRoundTableRequest request;
    request.set_parent("events/" + a->event);
    request.set_round_table_id(a->id);
    request.set_request_id(a->request_id);
    google::protobuf::FieldMask unused;
    fill(create, *request.mutable_round_table(), unused);
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunCall<v1::RoundTable>(
        ctx, [&](auto* call, auto* r) { return s->CreateRoundTable(call, request, r); },
        [&zone](const v1::RoundTable& rt) { PrintRoundTable(rt, zone); });
  });

  CLI::App* update = rts->add_subcommand("update", "Change the fields given");
  update->add_option("event", a->event, "Event id")->required();
  update->add_option("id", a->id, "Round table id")->required();
  fields(update, false);
  update->add_option("--state", a->state, "concluded or cancelled");
  update->add_option("--etag", a->etag, "Refuse the change if the round table changed");
  update->callback([&ctx, a, stub, fill, update] {
    v1::UpdateRoundTableRequest request;
    request.mutable_round_table()->set_name(TableName(*a, a->id));
    request.mutable_round_table()->set_etag(a->etag);
    fill(update, *request.mutable_round_table(), *request.mutable_update_mask());
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunCall<v1::RoundTable>(
        ctx, [&](auto* call, auto* r) { return s->UpdateRoundTable(call, request, r); },
        [&zone](const v1::RoundTable& rt) { PrintRoundTable(rt, zone); });
  });

  CLI::App* del = rts->add_subcommand("delete", "Delete a round table nobody sits at or wants");
  del->add_option("event", a->event, "Event id")->required();
  del->add_option("id", a->id, "Round table id")->required();
  del->add_option("--etag", a->etag, "Refuse if the round table changed");
  del->callback([&ctx, a, stub] {
    v1::DeleteRoundTableRequest request;
    request.set_name(TableName(*a, a->id));
    request.set_etag(a->etag);
    auto s = stub();
    RunCall<v1::DeleteRoundTableResponse>(
        ctx, [&](auto* call, auto* r) { return s->DeleteRoundTable(call, request, r); },
        [&request](const auto&) { std::cout << "deleted " << request.name() << "\n"; });
  });

  CLI::App* schedule = rts->add_subcommand("schedule", "Give a round table a slot and a room");
  schedule->add_option("event", a->event, "Event id")->required();
  schedule->add_option("id", a->id, "Round table id")->required();
  schedule->add_option("--start", a->start, "Start: 2027-05-10T15:00 (local) or RFC 3339")
      ->required();
  schedule->add_option("--end", a->end, "End, as --start")->required();
  schedule->add_option("--room", a->room, "Room id")->required();
  schedule->add_flag("--indicative", a->indicative, "The slot is a planning assumption");
  schedule->add_option("--etag", a->etag, "Refuse if the round table changed");
  schedule->callback([&ctx, a, stub] {
    std::string zone = ZoneOf(ctx, a->event);
    v1::ScheduleRoundTableRequest request;
    request.set_name(TableName(*a, a->id));
    *request.mutable_start_time() = ParseMeetingTime(a->start, zone, "--start");
    *request.mutable_end_time() = ParseMeetingTime(a->end, zone, "--end");
    request.set_room(absl::StrCat("events/", a->event, "/rooms/", a->room));
    request.set_times_indicative(a->indicative);
    request.set_etag(a->etag);
    auto s = stub();
    RunCall<v1::RoundTable>(
        ctx, [&](auto* call, auto* r) { return s->ScheduleRoundTable(call, request, r); },
        [&zone](const v1::RoundTable& rt) { PrintRoundTable(rt, zone); });
  });

  CLI::App* conflicts = rts->add_subcommand("conflicts", "List every clash in the schedule");
  conflicts->add_option("event", a->event, "Event id")->required();
  AddLimitOption(conflicts, ctx);
  conflicts->callback([&ctx, a, stub] {
    v1::ListScheduleConflictsRequest request;
    request.set_parent("events/" + a->event);
    auto s = stub();
    RunList<v1::ListScheduleConflictsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) {
          return s->ListScheduleConflicts(call, req, r);
        },
        [](v1::ListScheduleConflictsResponse& r) { return r.mutable_conflicts(); },
        [](const v1::ListScheduleConflictsResponse& r) {
          if (r.conflicts().empty()) {
            std::cout << "no conflicts\n";
            return;
          }
          Table table({"KIND", "DESCRIPTION"});
          for (const auto& c : r.conflicts()) table.Add({c.kind(), c.description()});
          table.Print(std::cout);
        });
  });

  AddParticipantCommands(rts, ctx, a);

  CLI::App* prefer = rts->add_subcommand("prefer", "Set a delegation's ranked round tables");
  prefer->add_option("event", a->event, "Event id")->required();
  prefer->add_option("entity", a->entity, "Entity code of the delegation")->required();
  prefer->add_option("round-tables", a->ranked, "Round table ids, first choice first");
  prefer->callback([&ctx, a, stub] {
    v1::SetRoundTablePreferencesRequest request;
    request.mutable_preferences()->set_delegation(DelegationName(*a, a->entity));
    for (const auto& id : a->ranked) {
      request.mutable_preferences()->add_round_tables(TableName(*a, id));
    }
    auto s = stub();
    RunCall<v1::RoundTablePreferences>(
        ctx, [&](auto* call, auto* r) { return s->SetRoundTablePreferences(call, request, r); },
        [](const v1::RoundTablePreferences& p) {
          std::vector<std::string> ids;
          for (const auto& t : p.round_tables()) ids.push_back(Id(t));
          std::cout << Id(p.delegation()) << " prefers: " << absl::StrJoin(ids, " > ") << "\n";
        });
  });

  CLI::App* prefs = rts->add_subcommand("preferences", "Show a delegation's ranked round tables");
  prefs->add_option("event", a->event, "Event id")->required();
  prefs->add_option("entity", a->entity, "Entity code of the delegation")->required();
  prefs->callback([&ctx, a, stub] {
    v1::GetRoundTablePreferencesRequest request;
    request.set_delegation(DelegationName(*a, a->entity));
    auto s = stub();
    RunCall<v1::RoundTablePreferences>(
        ctx, [&](auto* call, auto* r) { return s->GetRoundTablePreferences(call, request, r); },
        [](const v1::RoundTablePreferences& p) {
          std::vector<std::string> ids;
          for (const auto& t : p.round_tables()) ids.push_back(Id(t));
          std::cout << Id(p.delegation())
                    << " prefers: " << (ids.empty() ? "(none stated)" : absl::StrJoin(ids, " > "))
                    << "\n";
        });
  });

  CLI::App* rules = rts->add_subcommand("rules", "Show or change the event's round-table rules");
  rules->add_option("event", a->event, "Event id")->required();
  rules->add_option("--max-per-state", a->max_per_state, "Round tables one State may join");
  rules->add_option("--slack", a->slack, "Seats a regional group may hold beyond its share");
  rules->callback([&ctx, a, stub, rules] {
    auto s = stub();
    auto print = [](const v1::RoundTableRules& r) {
      PrintFields(std::cout,
                  {{"max round tables per State", std::to_string(r.max_round_tables_per_state())},
                   {"regional slack", std::to_string(r.regional_slack())},
                   {"etag", r.etag()}});
    };
    if (rules->count("--max-per-state") + rules->count("--slack") == 0) {
      v1::GetRoundTableRulesRequest request;
      request.set_name(absl::StrCat("events/", a->event, "/roundTableRules"));
      RunCall<v1::RoundTableRules>(
          ctx, [&](auto* call, auto* r) { return s->GetRoundTableRules(call, request, r); }, print);
      return;
    }
    v1::UpdateRoundTableRulesRequest request;
    request.mutable_rules()->set_name(absl::StrCat("events/", a->event, "/roundTableRules"));
    if (rules->count("--max-per-state")) {
      request.mutable_rules()->set_max_round_tables_per_state(a->max_per_state);
      request.mutable_update_mask()->add_paths("max_round_tables_per_state");
    }
    if (rules->count("--slack")) {
      request.mutable_rules()->set_regional_slack(a->slack);
      request.mutable_update_mask()->add_paths("regional_slack");
    }
    RunCall<v1::RoundTableRules>(
        ctx, [&](auto* call, auto* r) { return s->UpdateRoundTableRules(call, request, r); },
        print);
  });

  CLI::App* allocate = rts->add_subcommand("allocate", "Seat every delegation with preferences");
  allocate->add_option("event", a->event, "Event id")->required();
  allocate->add_flag("--dry-run", a->dry_run, "Show the plan without writing it");
  allocate->callback([&ctx, a, stub] {
    v1::AllocateRoundTablesRequest request;
    request.set_parent("events/" + a->event);
    request.set_dry_run(a->dry_run);
    auto s = stub();
    RunCall<v1::AllocationReport>(
        ctx, [&](auto* call, auto* r) { return s->AllocateRoundTables(call, request, r); },
        PrintReport);
  });

  CLI::App* exp = rts->add_subcommand(
      "export", "Export the published programme (iCalendar, frab JSON or frab XML)");
  exp->add_option("event", a->event, "Event id")->required();
  exp->add_option("--delegation", a->delegation, "Only this delegation's schedule (entity code)");
  exp->add_option("--format", a->format, "ics, frab (JSON) or frab-xml")
      ->check(CLI::IsMember({"ics", "frab", "frab-xml"}))
      ->capture_default_str();
  exp->add_option("--release", a->number, "This release (its number) instead of the latest");
  exp->add_flag("--draft", a->dry_run,
                "The programme being edited instead of a release (secretariat)");
  exp->add_option("--file", a->file, "Write to this file instead of standard output");
  exp->callback([&ctx, a, stub] {
    v1::ExportScheduleRequest request;
    request.set_parent("events/" + a->event);
    request.set_format(a->format == "ics"        ? v1::SCHEDULE_FORMAT_ICALENDAR
                       : a->format == "frab-xml" ? v1::SCHEDULE_FORMAT_FRAB_XML
                                                 : v1::SCHEDULE_FORMAT_FRAB_JSON);
    if (a->number > 0) {
      request.set_release(absl::StrCat("events/", a->event, "/scheduleReleases/", a->number));
    }
    request.set_draft(a->dry_run);
    if (!a->delegation.empty()) request.set_delegation(DelegationName(*a, a->delegation));
    v1::ExportScheduleResponse response;
    auto call = ctx.NewCall();
    grpc::Status status = stub()->ExportSchedule(call.get(), request, &response);
    if (!status.ok()) {
      ctx.exit_code = ReportError(status);
      return;
    }
    if (a->file.empty()) {
      std::cout << response.content();
    } else {
      std::ofstream(a->file, std::ios::binary) << response.content();
      std::cerr << "wrote " << a->file << "\n";
    }
  });
}

}  // namespace forum::client
