// forumctl watch: an event's changes as they happen, as lines or JSON lines, resuming after a
// reconnect where it stopped.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/commands.h"
#include "clients/feed.h"
#include "google/protobuf/util/json_util.h"

namespace forum::client {
namespace {

struct WatchArgs {
  std::string event;
  std::vector<std::string> prefixes;
  int64_t from = 0;
  int64_t max_changes = 0;
  bool snapshot = false;
};

void PrintJsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  std::cout << out << "\n";
}

}  // namespace

void AddWatchCommands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<WatchArgs>();
  CLI::App* watch = app.add_subcommand(
      "watch",
      "Print an event's changes as they happen (revision, created/updated/deleted, name), "
      "resuming after a reconnect");
  watch->add_option("event", a->event, "The event, e.g. hld-2006")->required();
  watch->add_option("--prefix", a->prefixes,
                    "Only names below the event starting with this, e.g. speakerLists/plenary or "
                    "delegations/ (repeatable)");
  watch->add_option("--from", a->from,
                    "The first revision to print (a client that saw N resumes with N+1); "
                    "without it, the state as it stands first");
  watch->add_flag("--snapshot", a->snapshot,
                  "Print every resource of the first snapshot, not just how many there are");
  watch->add_option(
      "--max-changes", a->max_changes,
      "Exit after printing this many changes (the feed folds an update into a later change "
      "of the same resource sent with it, so there can be fewer than writes)");
  watch->callback([&ctx, a] {
    FeedRequest request;
    request.event = absl::StartsWith(a->event, "events/") ? a->event : "events/" + a->event;
    request.prefixes = a->prefixes;
    request.from = a->from;
    int64_t printed = 0;
    int64_t snapshot_size = 0;
    grpc::Status status = FollowFeed(ctx, request, [&](const v1::WatchEventResponse& m) {
      switch (m.kind()) {
        case v1::WatchEventResponse::KIND_SNAPSHOT:
          snapshot_size += m.changes_size();
          if (a->snapshot) {
            for (const auto& c : m.changes()) {
              if (ctx.json()) {
                PrintJsonLine(c);
              } else {
                std::cout << ChangeLine(c) << "\n";
              }
            }
          }
          break;
        case v1::WatchEventResponse::KIND_CURRENT:
          if (!ctx.json()) {
            std::cout << "# " << snapshot_size << " resources as of revision " << m.revision()
                      << "; changes follow\n";
          }
          snapshot_size = 0;
          break;
        case v1::WatchEventResponse::KIND_RESET:
          std::cerr << "watch: starting over from the current state (the log keeps revisions "
                       "after "
                    << m.compacted_revision() << ")\n";
          snapshot_size = 0;
          break;
        case v1::WatchEventResponse::KIND_CHANGES:
          for (const auto& c : m.changes()) {
            if (ctx.json()) {
              PrintJsonLine(c);
            } else {
              std::cout << ChangeLine(c) << "\n";
            }
            ++printed;
            if (a->max_changes > 0 && printed >= a->max_changes) {
              std::cout.flush();
              return false;
            }
          }
          break;
        default:
          break;
      }
      std::cout.flush();
      return true;
    });
    if (!status.ok()) ctx.exit_code = ReportError(status);
  });
}

}  // namespace forum::client
