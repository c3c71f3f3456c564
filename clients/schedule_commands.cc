// forumctl schedule: publish the programme, read its releases and their changelogs, compare two
// releases or the draft with the latest, and hand out calendar feed addresses.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/table.h"
#include "clients/times.h"
#include "forum/v1/access.grpc.pb.h"
#include "forum/v1/schedule.grpc.pb.h"

namespace forum::client {
namespace {

struct Args {
  std::string event, version, comment, from, to, delegation, request_id, name;
  std::string release = "latest";
  std::string base_url = "http://localhost:8080/";
};

std::string ReleaseName(const std::string& event, const std::string& number) {
  return absl::StrCat("events/", event, "/scheduleReleases/", number);
}

std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

std::string Slot(const google::protobuf::Timestamp& start, const google::protobuf::Timestamp& end,
                 const std::string& room, const std::string& zone) {
  return absl::StrCat(LocalTime(start, zone), "-", LocalTime(end, zone).substr(11),
                      room.empty() ? "" : ", " + room);
}

// One line per change, with what it was and what it is.
void PrintChanges(const google::protobuf::RepeatedPtrField<v1::ScheduleChange>& changes,
                  const std::string& zone) {
  if (changes.empty()) {
    std::cout << "no changes\n";
    return;
  }
  Table table({"change", "meeting", "title", "what", "delegations"});
  for (const auto& c : changes) {
    std::string what;
    switch (c.kind()) {
      case v1::ScheduleChange::KIND_MOVED:
        what = absl::StrCat(
            Slot(c.old_start_time(), c.old_end_time(), c.old_room_display_name(), zone), " -> ",
            Slot(c.new_start_time(), c.new_end_time(), c.new_room_display_name(), zone));
        break;
      case v1::ScheduleChange::KIND_RETITLED:
        what = absl::StrCat("was: ", c.old_title());
        break;
      case v1::ScheduleChange::KIND_CHAIRS_CHANGED:
        what = absl::StrCat(absl::StrJoin(c.old_chairs(), ", "), " -> ",
                            absl::StrJoin(c.new_chairs(), ", "));
        break;
      case v1::ScheduleChange::KIND_SPEAKERS_CHANGED:
        what = absl::StrCat(c.old_speakers_size(), " -> ", c.new_speakers_size(), " speakers");
        break;
      default:
        break;
    }
    std::vector<std::string> codes;
    for (const auto& d : c.delegations()) codes.push_back(Id(d));
    std::string kind = EnumWord(v1::ScheduleChange::Kind_descriptor(), c.kind());
    table.Add({kind, c.entry().substr(c.entry().find('/', 7) + 1), c.title(), what,
               codes.size() > 8 ? absl::StrCat(codes.size(), " delegations")
                                : absl::StrJoin(codes, " ")});
  }
  table.Print(std::cout);
}

void PrintRelease(const v1::ScheduleRelease& r, const std::string& zone) {
  PrintFields(std::cout, {{"name", r.name()},
                          {"version", r.version()},
                          {"published", LocalTime(r.create_time(), zone) + " (" + zone + ")"},
                          {"by", r.creator()},
                          {"meetings", std::to_string(r.entry_count())},
                          {"comment", r.comment()},
                          {"delegations concerned", std::to_string(r.delegations_size())}});
  std::cout << "\n";
  PrintChanges(r.changes(), zone);
}

}  // namespace

void AddScheduleCommands(CLI::App& app, Context& ctx) {
  CLI::App* schedule = app.add_subcommand(
      "schedule", "Publish the programme: releases, changelogs, diffs and calendar feeds");
  schedule->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto stub = [&ctx] { return v1::ScheduleService::NewStub(ctx.Channel()); };

  CLI::App* release = schedule->add_subcommand(
      "release", "Publish the programme as it stands as the next release (secretariat)");
  release->add_option("event", a->event, "Event id")->required();
  release->add_option("version", a->version, "Version label, e.g. 1.0")->required();
  release->add_option("--comment", a->comment, "What the release is about");
  release->add_option("--request-id", a->request_id, "Makes a retry safe");
  release->callback([&ctx, a, stub] {
    v1::PublishScheduleRequest request;
    request.set_parent("events/" + a->event);
    request.set_version(a->version);
    request.set_comment(a->comment);
    request.set_request_id(a->request_id);
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunCall<v1::ScheduleRelease>(
        ctx, [&](auto* call, auto* r) { return s->PublishSchedule(call, request, r); },
        [&](const v1::ScheduleRelease& r) { PrintRelease(r, zone); });
  });

  CLI::App* releases = schedule->add_subcommand("releases", "List the releases, newest first");
  releases->add_option("event", a->event, "Event id")->required();
  AddLimitOption(releases, ctx);
  releases->callback([&ctx, a, stub] {
    v1::ListScheduleReleasesRequest request;
    request.set_parent("events/" + a->event);
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunList<v1::ListScheduleReleasesResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListScheduleReleases(call, req, r); },
        [](auto& r) { return r.mutable_releases(); },
        [&](const v1::ListScheduleReleasesResponse& r) {
          Table table({"number", "version", "published", "meetings", "comment"});
          for (const auto& x : r.releases()) {
            table.Add({std::to_string(x.number()), x.version(), LocalTime(x.create_time(), zone),
                       std::to_string(x.entry_count()), x.comment()});
          }
          table.Print(std::cout);
        });
  });

  CLI::App* changelog = schedule->add_subcommand("changelog", "One release with what it changed");
  changelog->add_option("event", a->event, "Event id")->required();
  changelog->add_option("release", a->release, "Its number, or latest")->capture_default_str();
  changelog->callback([&ctx, a, stub] {
    v1::GetScheduleReleaseRequest request;
    request.set_name(ReleaseName(a->event, a->release));
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunCall<v1::ScheduleRelease>(
        ctx, [&](auto* call, auto* r) { return s->GetScheduleRelease(call, request, r); },
        [&](const v1::ScheduleRelease& r) { PrintRelease(r, zone); });
  });

  CLI::App* diff = schedule->add_subcommand(
      "diff", "What changed between two releases, or from a release to the draft");
  diff->add_option("event", a->event, "Event id")->required();
  diff->add_option("from", a->from, "The older release's number, or latest")->required();
  diff->add_option("to", a->to, "The newer release's number; none: the draft (secretariat)");
  diff->add_option("--delegation", a->delegation, "Only what concerns this delegation");
  diff->callback([&ctx, a, stub] {
    v1::DiffScheduleReleasesRequest request;
    request.set_from_release(ReleaseName(a->event, a->from));
    if (!a->to.empty()) request.set_to_release(ReleaseName(a->event, a->to));
    if (!a->delegation.empty()) {
      request.set_delegation(absl::StrCat("events/", a->event, "/delegations/", a->delegation));
    }
    std::string zone = ZoneOf(ctx, a->event);
    auto s = stub();
    RunCall<v1::DiffScheduleReleasesResponse>(
        ctx, [&](auto* call, auto* r) { return s->DiffScheduleReleases(call, request, r); },
        [&](const v1::DiffScheduleReleasesResponse& r) { PrintChanges(r.changes(), zone); });
  });

  CLI::App* feed = schedule->add_subcommand(
      "feed",
      "Make a feed token and print the calendar addresses it opens (the event's programme, or "
      "one delegation's calendar)");
  feed->add_option("event", a->event, "Event id")->required();
  feed->add_option("--delegation", a->delegation, "One delegation's calendar (entity code)");
  feed->add_option("--name", a->name, "Who holds it, e.g. \"Calendar, Belgium\"");
  feed->add_option("--base-url", a->base_url, "Where forumd is reached (forumd's --public-url)")
      ->envname("FORUM_PUBLIC_URL")
      ->capture_default_str();
  feed->callback([&ctx, a] {
    v1::CreateTokenRequest request;
    std::string scope = "events/" + a->event;
    if (!a->delegation.empty()) absl::StrAppend(&scope, "/delegations/", a->delegation);
    request.mutable_token()->set_display_name(
        a->name.empty() ? absl::StrCat("Calendar feed, ", scope) : a->name);
    auto* binding = request.mutable_token()->add_bindings();
    binding->set_role(v1::ROLE_FEED);
    binding->set_scope(scope);
    std::string base = a->base_url;
    if (base.empty() || base.back() != '/') base += '/';
    auto s = v1::AccessService::NewStub(ctx.Channel());
    RunCall<v1::CreateTokenResponse>(
        ctx, [&](auto* call, auto* r) { return s->CreateToken(call, request, r); },
        [&](const v1::CreateTokenResponse& r) {
          std::string path = scope.substr(0) + "/schedule";
          std::string query = "?token=" + r.secret();
          std::string https = base + path;
          std::string webcal = https;
          if (absl::StartsWith(webcal, "https://")) {
            webcal = "webcal://" + webcal.substr(8);
          } else if (absl::StartsWith(webcal, "http://")) {
            webcal = "webcal://" + webcal.substr(7);
          }
          std::cout << "token " << r.token().name() << " (revoke with forumctl tokens revoke "
                    << Id(r.token().name()) << ")\n\n"
                    << "subscribe in a calendar app: " << webcal << ".ics" << query << "\n"
                    << "iCalendar:  " << https << ".ics" << query << "\n"
                    << "frab JSON:  " << https << ".json" << query << "\n"
                    << "frab XML:   " << https << ".xml" << query << "\n";
        });
  });
}

}  // namespace forum::client
