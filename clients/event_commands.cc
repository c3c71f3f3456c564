#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/table.h"
#include "clients/times.h"
#include "domain/dates.h"
#include "forum/v1/event.grpc.pb.h"

namespace forum::client {
namespace {

std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

void PrintEvent(const v1::Event& e) {
  std::vector<std::string> outcomes, figures;
  for (const auto& d : e.outcome_documents()) {
    outcomes.push_back(d.symbol().empty() ? d.title()
                                          : absl::StrCat(d.title(), " (", d.symbol(), ")"));
  }
  for (const auto& f : e.participation())
    figures.push_back(absl::StrCat(f.count(), " ", f.category()));
  PrintFields(std::cout, {{"name", e.name()},
                          {"title", e.title()},
                          {"kind", EnumWord(v1::EventKind_descriptor(), e.kind())},
                          {"state", EnumWord(v1::EventState_descriptor(), e.state())},
                          {"dates", absl::StrCat(e.start_date(), " to ", e.end_date())},
                          {"venue", e.venue()},
                          {"time zone", e.time_zone()},
                          {"mandate", e.mandate()},
                          {"presiding", e.presiding_officer()},
                          {"organizers", absl::StrJoin(e.organizers(), "; ")},
                          {"follows up", absl::StrJoin(e.follows_up(), ", ")},
                          {"outcomes", absl::StrJoin(outcomes, "; ")},
                          {"participation", absl::StrJoin(figures, "; ")},
                          {"description", e.description()},
                          {"etag", e.etag()}});
}

struct EventArgs {
  std::string id, title, kind, mandate, description, venue, time_zone, start, end, presiding, state,
      etag, filter, request_id;
  std::vector<std::string> organizers, follows_up;
};

// Declares the event fields as options of `cmd`; `create` makes the required ones required.
void EventOptions(CLI::App* cmd, EventArgs& a, bool create) {
  auto req = [create](CLI::Option* o) { return create ? o->required() : o; };
  req(cmd->add_option("--title", a.title, "Full title"));
  req(cmd->add_option("--kind", a.kind, "global-forum, consultation, conference, ..."));
  req(cmd->add_option("--venue", a.venue, "Where it meets"));
  req(cmd->add_option("--time-zone", a.time_zone, "IANA zone of the venue, e.g. Europe/Brussels"));
  req(cmd->add_option("--start", a.start, "First day, YYYY-MM-DD"));
  req(cmd->add_option("--end", a.end, "Last day, YYYY-MM-DD"));
  cmd->add_option("--mandate", a.mandate, "What it is convened under");
  cmd->add_option("--description", a.description, "What it is about");
  cmd->add_option("--presiding", a.presiding, "Presiding officer");
  cmd->add_option("--organizer", a.organizers, "An organizer (repeat for several)");
  cmd->add_option("--follows-up", a.follows_up, "Id of an event it follows up (repeat)");
  cmd->add_option("--state", a.state,
                  "planned, open-for-registration, in-session, concluded, cancelled");
}

// Copies the options given on the command line into `e`, and their paths into `mask`.
void FillEvent(CLI::App* cmd, const EventArgs& a, v1::Event& e, google::protobuf::FieldMask& mask) {
  auto given = [&](const char* option, const char* path) {
    if (cmd->count(option) == 0) return false;
    mask.add_paths(path);
    return true;
  };
  if (given("--title", "title")) e.set_title(a.title);
  if (given("--kind", "kind")) {
    e.set_kind(
        static_cast<v1::EventKind>(ParseEnumWord(v1::EventKind_descriptor(), a.kind, "--kind")));
  }
  if (given("--venue", "venue")) e.set_venue(a.venue);
  if (given("--time-zone", "time_zone")) e.set_time_zone(a.time_zone);
  if (given("--start", "start_date")) e.set_start_date(a.start);
  if (given("--end", "end_date")) e.set_end_date(a.end);
  if (given("--mandate", "mandate")) e.set_mandate(a.mandate);
  if (given("--description", "description")) e.set_description(a.description);
  if (given("--presiding", "presiding_officer")) e.set_presiding_officer(a.presiding);
  if (given("--organizer", "organizers")) {
    for (const auto& o : a.organizers) e.add_organizers(o);
  }
  if (given("--follows-up", "follows_up")) {
    for (const auto& f : a.follows_up) e.add_follows_up("events/" + f);
  }
  if (given("--state", "state")) {
    e.set_state(static_cast<v1::EventState>(
        ParseEnumWord(v1::EventState_descriptor(), a.state, "--state")));
  }
}

void AddEvents(CLI::App& app, Context& ctx) {
  CLI::App* events = app.add_subcommand("events", "Meetings: dialogues, forums, consultations");
  events->require_subcommand(1);
  auto a = std::make_shared<EventArgs>();

  CLI::App* list = events->add_subcommand("list", "List events by start date");
  list->add_option("--filter", a->filter, "e.g. 'state = CONCLUDED AND kind = GLOBAL_FORUM'");
  AddLimitOption(list, ctx);
  list->callback([&ctx, a] {
    v1::ListEventsRequest request;
    request.set_filter(a->filter);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunList<v1::ListEventsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListEvents(call, req, r); },
        [](v1::ListEventsResponse& r) { return r.mutable_events(); },
        [](const v1::ListEventsResponse& r) {
          Table table({"ID", "START", "END", "STATE", "KIND", "TITLE"});
          for (const auto& e : r.events()) {
            table.Add({Id(e.name()), e.start_date(), e.end_date(),
                       EnumWord(v1::EventState_descriptor(), e.state()),
                       EnumWord(v1::EventKind_descriptor(), e.kind()), e.title()});
          }
          table.Print(std::cout);
        });
  });

  CLI::App* get = events->add_subcommand("get", "Show one event");
  get->add_option("id", a->id, "Event id, e.g. hld-2006")->required();
  get->callback([&ctx, a] {
    v1::GetEventRequest request;
    request.set_name("events/" + a->id);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunCall<v1::Event>(
        ctx, [&](auto* call, auto* r) { return stub->GetEvent(call, request, r); }, PrintEvent);
  });

  CLI::App* create = events->add_subcommand("create", "Create an event (state: planned)");
  create->add_option("id", a->id, "New event id, e.g. gfmd-2027")->required();
  EventOptions(create, *a, true);
  create->add_option("--request-id", a->request_id, "Makes a retried create safe");
  create->callback([&ctx, a, create] {
    v1::CreateEventRequest request;
    request.set_event_id(a->id);
    request.set_request_id(a->request_id);
    google::protobuf::FieldMask unused;
    FillEvent(create, *a, *request.mutable_event(), unused);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunCall<v1::Event>(
        ctx, [&](auto* call, auto* r) { return stub->CreateEvent(call, request, r); }, PrintEvent);
  });

  CLI::App* update = events->add_subcommand("update", "Change the fields given");
  update->add_option("id", a->id, "Event id")->required();
  EventOptions(update, *a, false);
  update->add_option("--etag", a->etag, "Refuse the change if the event changed since this etag");
  update->callback([&ctx, a, update] {
    v1::UpdateEventRequest request;
    request.mutable_event()->set_name("events/" + a->id);
    request.mutable_event()->set_etag(a->etag);
    FillEvent(update, *a, *request.mutable_event(), *request.mutable_update_mask());
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunCall<v1::Event>(
        ctx, [&](auto* call, auto* r) { return stub->UpdateEvent(call, request, r); }, PrintEvent);
  });
}

struct ChildArgs {
  std::string event, id, title, start, end, room, presiding, description, name, request_id, etag;
  int number = 0;
  int capacity = 0;
  bool indicative = false;
};

void PrintSessions(const v1::ListSessionsResponse& r, const std::string& zone) {
  Table table({"ID", "NO", "START", "END", "ROOM", "TITLE"});
  for (const auto& s : r.sessions()) {
    std::string mark = s.times_indicative() ? " (indicative)" : "";
    table.Add({Id(s.name()), std::to_string(s.number()), LocalTime(s.start_time(), zone) + mark,
               LocalTime(s.end_time(), zone), s.room().empty() ? "" : Id(s.room()), s.title()});
  }
  table.Print(std::cout);
  std::cout << "times in " << zone << "\n";
}

void PrintSession(const v1::Session& s) {
  PrintFields(std::cout, {{"name", s.name()},
                          {"number", std::to_string(s.number())},
                          {"title", s.title()},
                          {"start", domain::FormatInZone(s.start_time(), absl::UTCTimeZone())},
                          {"end", domain::FormatInZone(s.end_time(), absl::UTCTimeZone())},
                          {"room", s.room()},
                          {"presiding", s.presiding_officer()},
                          {"indicative", s.times_indicative() ? "yes" : ""},
                          {"description", s.description()},
                          {"etag", s.etag()}});
}

void AddSessions(CLI::App& app, Context& ctx) {
  CLI::App* sessions = app.add_subcommand("sessions", "Plenary meetings of an event");
  sessions->require_subcommand(1);
  auto a = std::make_shared<ChildArgs>();

  CLI::App* list = sessions->add_subcommand("list", "List an event's plenary meetings");
  list->add_option("event", a->event, "Event id")->required();
  AddLimitOption(list, ctx);
  list->callback([&ctx, a] {
    v1::ListSessionsRequest request;
    request.set_parent("events/" + a->event);
    std::string zone = ZoneOf(ctx, a->event);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunList<v1::ListSessionsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListSessions(call, req, r); },
        [](v1::ListSessionsResponse& r) { return r.mutable_sessions(); },
        [&zone](const v1::ListSessionsResponse& r) { PrintSessions(r, zone); });
  });

  auto options = [a](CLI::App* cmd, bool create) {
    cmd->add_option("event", a->event, "Event id")->required();
    if (create) {
      cmd->add_option("--number", a->number, "Meeting number in the event")->required();
      cmd->add_option("--start", a->start, "Start: 2027-05-10T10:00 (local) or RFC 3339")
          ->required();
      cmd->add_option("--end", a->end, "End, as --start")->required();
      cmd->add_option("--id", a->id, "Id (default meeting-NUMBER)");
      cmd->add_option("--request-id", a->request_id, "Makes a retried create safe");
    } else {
      cmd->add_option("id", a->id, "Meeting id, e.g. meeting-1")->required();
      cmd->add_option("--number", a->number, "Meeting number in the event");
      cmd->add_option("--start", a->start, "Start: 2027-05-10T10:00 (local) or RFC 3339");
      cmd->add_option("--end", a->end, "End, as --start");
      cmd->add_option("--etag", a->etag, "Refuse the change if the meeting changed");
    }
    cmd->add_option("--title", a->title, "Title");
    cmd->add_option("--room", a->room, "Room id");
    cmd->add_option("--presiding", a->presiding, "Presiding officer");
    cmd->add_option("--description", a->description, "Note");
    cmd->add_flag("--indicative,!--confirmed", a->indicative, "Hours are a planning assumption");
  };
  auto fill = [a](CLI::App* cmd, Context& ctx, v1::Session& s, google::protobuf::FieldMask& mask) {
    std::string zone = ZoneOf(ctx, a->event);
    auto given = [&](const char* option, const char* path) {
      if (cmd->count(option) == 0) return false;
      mask.add_paths(path);
      return true;
    };
    if (given("--number", "number")) s.set_number(a->number);
    if (given("--start", "start_time"))
      *s.mutable_start_time() = ParseMeetingTime(a->start, zone, "--start");
    if (given("--end", "end_time")) *s.mutable_end_time() = ParseMeetingTime(a->end, zone, "--end");
    if (given("--title", "title")) s.set_title(a->title);
    if (given("--room", "room")) {
      s.set_room(a->room.empty() ? "" : absl::StrCat("events/", a->event, "/rooms/", a->room));
    }
    if (given("--presiding", "presiding_officer")) s.set_presiding_officer(a->presiding);
    if (given("--description", "description")) s.set_description(a->description);
    if (cmd->count("--indicative") + cmd->count("--confirmed") > 0) {
      mask.add_paths("times_indicative");
      s.set_times_indicative(a->indicative);
    }
  };

  CLI::App* create = sessions->add_subcommand("create", "Schedule a plenary meeting");
  options(create, true);
  create->callback([&ctx, a, create, fill] {
    v1::CreateSessionRequest request;
    request.set_parent("events/" + a->event);
    request.set_session_id(a->id);
    request.set_request_id(a->request_id);
    google::protobuf::FieldMask unused;
    fill(create, ctx, *request.mutable_session(), unused);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunCall<v1::Session>(
        ctx, [&](auto* call, auto* r) { return stub->CreateSession(call, request, r); },
        PrintSession);
  });

  CLI::App* update = sessions->add_subcommand("update", "Change the fields given");
  options(update, false);
  update->callback([&ctx, a, update, fill] {
    v1::UpdateSessionRequest request;
    request.mutable_session()->set_name(absl::StrCat("events/", a->event, "/sessions/", a->id));
    request.mutable_session()->set_etag(a->etag);
    fill(update, ctx, *request.mutable_session(), *request.mutable_update_mask());
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunCall<v1::Session>(
        ctx, [&](auto* call, auto* r) { return stub->UpdateSession(call, request, r); },
        PrintSession);
  });
}

void AddRoomsAndThemes(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ChildArgs>();
  CLI::App* rooms = app.add_subcommand("rooms", "Rooms at an event's venue");
  rooms->require_subcommand(1);
  CLI::App* list = rooms->add_subcommand("list", "List an event's rooms");
  list->add_option("event", a->event, "Event id")->required();
  AddLimitOption(list, ctx);
  list->callback([&ctx, a] {
    v1::ListRoomsRequest request;
    request.set_parent("events/" + a->event);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunList<v1::ListRoomsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListRooms(call, req, r); },
        [](v1::ListRoomsResponse& r) { return r.mutable_rooms(); },
        [](const v1::ListRoomsResponse& r) {
          Table table({"ID", "NAME", "CAPACITY"});
          for (const auto& room : r.rooms()) {
            table.Add({Id(room.name()), room.display_name(), std::to_string(room.capacity())});
          }
          table.Print(std::cout);
        });
  });
  CLI::App* create = rooms->add_subcommand("create", "Add a room");
  create->add_option("event", a->event, "Event id")->required();
  create->add_option("id", a->id, "Room id, e.g. conference-room-4")->required();
  create->add_option("--name", a->name, "Name on the door")->required();
  create->add_option("--capacity", a->capacity, "Seats")->required();
  create->add_option("--description", a->description, "Note");
  create->callback([&ctx, a] {
    v1::CreateRoomRequest request;
    request.set_parent("events/" + a->event);
    request.set_room_id(a->id);
    request.mutable_room()->set_display_name(a->name);
    request.mutable_room()->set_capacity(a->capacity);
    request.mutable_room()->set_description(a->description);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunCall<v1::Room>(
        ctx, [&](auto* call, auto* r) { return stub->CreateRoom(call, request, r); },
        [](const v1::Room& room) {
          PrintFields(std::cout, {{"name", room.name()},
                                  {"display name", room.display_name()},
                                  {"capacity", std::to_string(room.capacity())}});
        });
  });

  CLI::App* themes = app.add_subcommand("themes", "Topics of an event");
  themes->require_subcommand(1);
  CLI::App* tlist = themes->add_subcommand("list", "List an event's themes");
  tlist->add_option("event", a->event, "Event id")->required();
  AddLimitOption(tlist, ctx);
  tlist->callback([&ctx, a] {
    v1::ListThemesRequest request;
    request.set_parent("events/" + a->event);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunList<v1::ListThemesResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListThemes(call, req, r); },
        [](v1::ListThemesResponse& r) { return r.mutable_themes(); },
        [](const v1::ListThemesResponse& r) {
          Table table({"NO", "ID", "TITLE"});
          for (const auto& t : r.themes())
            table.Add({std::to_string(t.number()), Id(t.name()), t.title()});
          table.Print(std::cout);
        });
  });
  CLI::App* tcreate = themes->add_subcommand("create", "Add a theme");
  tcreate->add_option("event", a->event, "Event id")->required();
  tcreate->add_option("--number", a->number, "Number in the list of topics")->required();
  tcreate->add_option("--title", a->title, "Title")->required();
  tcreate->add_option("--id", a->id, "Id (default theme-NUMBER)");
  tcreate->add_option("--description", a->description, "Scope");
  tcreate->callback([&ctx, a] {
    v1::CreateThemeRequest request;
    request.set_parent("events/" + a->event);
    request.set_theme_id(a->id);
    request.mutable_theme()->set_number(a->number);
    request.mutable_theme()->set_title(a->title);
    request.mutable_theme()->set_description(a->description);
    auto stub = v1::EventService::NewStub(ctx.Channel());
    RunCall<v1::Theme>(
        ctx, [&](auto* call, auto* r) { return stub->CreateTheme(call, request, r); },
        [](const v1::Theme& t) {
          PrintFields(
              std::cout,
              {{"name", t.name()}, {"number", std::to_string(t.number())}, {"title", t.title()}});
        });
  });
}

}  // namespace

void AddEventCommands(CLI::App& app, Context& ctx) {
  AddEvents(app, ctx);
  AddSessions(app, ctx);
  AddRoomsAndThemes(app, ctx);
}

}  // namespace forum::client
