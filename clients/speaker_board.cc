// forumctl speakers board: the floor of a list on a full screen, as a room's display shows it:
// who speaks and for whom, the clock counting down, who is next and the replies queued. The
// change feed says when the floor changed; the clock runs on between changes.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "clients/feed.h"
#include "clients/speaker_cli.h"
#include "clients/times.h"
#include "domain/speaker_export.h"
#include "forum/v1/speaker.grpc.pb.h"

namespace forum::client::speaker_cli {
namespace {

struct BoardState {
  std::mutex mu;
  std::condition_variable changed;
  bool dirty = false;  // the feed's CURRENT marker asks for the first read
  bool ended = false;
  int64_t revision = 0;
  grpc::Status feed_status;
};

std::string Who(const v1::Statement& s) {
  std::string who = s.display_name();
  if (!s.speaker_name().empty()) {
    who += " - " + s.speaker_name();
    if (!s.speaker_title().empty()) who += ", " + s.speaker_title();
  }
  if (s.turn() == v1::FLOOR_TURN_POINT_OF_ORDER) who = "Point of order: " + who;
  if (s.turn() == v1::FLOOR_TURN_RIGHT_OF_REPLY) who = "Right of reply: " + who;
  return who;
}

// The board as text, `since` seconds after `floor` was read.
std::string Draw(const std::string& list, const v1::Floor& floor, int64_t since, int64_t revision) {
  std::string out = absl::StrCat(list, "\n");
  if (!floor.session().empty()) absl::StrAppend(&out, "Meeting ", Id(floor.session()), "\n");
  absl::StrAppend(&out, "\n");
  if (floor.has_current()) {
    int64_t run = floor.paused() ? 0 : since;
    int64_t elapsed = floor.elapsed_seconds() + run;
    absl::StrAppend(&out, "  NOW SPEAKING  ", Who(floor.current()), "\n");
    absl::StrAppend(&out, "                ", domain::MinutesSeconds(static_cast<int>(elapsed)));
    if (floor.current().limit_seconds() > 0) {
      int64_t remaining = floor.remaining_seconds() - run;
      absl::StrAppend(&out, " of ", domain::MinutesSeconds(floor.current().limit_seconds()), "   ",
                      remaining >= 0
                          ? domain::MinutesSeconds(static_cast<int>(remaining)) + " left"
                          : domain::MinutesSeconds(static_cast<int>(-remaining)) + " OVER");
    }
    absl::StrAppend(&out, floor.paused() ? "   (clock stopped)" : "", "\n");
  } else {
    absl::StrAppend(&out, "  Nobody has the floor.\n");
  }
  if (floor.has_interrupted()) {
    absl::StrAppend(&out, "  Resumes after: ", Who(floor.interrupted()), "\n");
  }
  absl::StrAppend(&out, "\n  Next:\n");
  if (floor.next_size() == 0) absl::StrAppend(&out, "    (nobody)\n");
  int place = 1;
  for (const auto& s : floor.next()) {
    std::string who = s.display_name();
    if (!s.speaker_name().empty()) who += " - " + s.speaker_name();
    absl::StrAppend(&out, "    ", place++, ". ", who, "\n");
  }
  if (floor.replies_size() > 0) {
    absl::StrAppend(&out, "\n  Rights of reply queued:\n");
    for (const auto& r : floor.replies()) absl::StrAppend(&out, "    ", Who(r), "\n");
  }
  absl::StrAppend(&out, "\nrevision ", revision, "\n");
  return out;
}

}  // namespace

void AddBoardCommand(CLI::App* speakers, Context& ctx, std::shared_ptr<Args> a) {
  auto updates = std::make_shared<int>(0);
  CLI::App* board = speakers->add_subcommand(
      "board", "The floor on a full screen, kept current by the change feed (Ctrl-C to leave)");
  ListArgs(board, a);
  board->add_option("--max-updates", *updates,
                    "Leave after showing the floor this many times (for scripts)");
  board->callback([&ctx, a, updates] {
    const bool screen = isatty(STDOUT_FILENO) == 1;
    auto state = std::make_shared<BoardState>();
    FeedCancel cancel;
    FeedRequest request;
    request.event = absl::StrCat("events/", a->event);
    request.prefixes = {absl::StrCat("speakerLists/", a->list, "/")};
    std::thread follower([&ctx, state, request, &cancel] {
      grpc::Status status = FollowFeed(
          ctx, request,
          [&](const v1::WatchEventResponse& m) {
            if (m.kind() == v1::WatchEventResponse::KIND_SNAPSHOT) return true;
            std::lock_guard<std::mutex> lock(state->mu);
            if (m.kind() != v1::WatchEventResponse::KIND_HEARTBEAT) state->dirty = true;
            state->revision = m.revision();
            state->changed.notify_all();
            return true;
          },
          &cancel);
      std::lock_guard<std::mutex> lock(state->mu);
      state->ended = true;
      state->feed_status = status;
      state->changed.notify_all();
    });
    auto stub = v1::SpeakerService::NewStub(ctx.Channel());
    v1::Floor floor;
    auto read_at = std::chrono::steady_clock::now();
    int shown = 0;
    for (;;) {
      bool reread = false;
      int64_t revision = 0;
      {
        std::unique_lock<std::mutex> lock(state->mu);
        state->changed.wait_for(lock, std::chrono::seconds(1),
                                [&] { return state->dirty || state->ended; });
        if (state->ended) break;
        reread = state->dirty;
        state->dirty = false;
        revision = state->revision;
      }
      if (reread) {
        v1::GetFloorRequest get;
        get.set_name(ListName(*a) + "/floor");
        auto call = ctx.NewCall();
        grpc::Status status = stub->GetFloor(call.get(), get, &floor);
        if (!status.ok()) {
          ctx.exit_code = ReportError(status);
          break;
        }
        read_at = std::chrono::steady_clock::now();
      } else if (!screen) {
        continue;  // on a pipe, only changes are shown
      }
      int64_t since = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now() - read_at)
                          .count();
      std::string text = Draw(ListName(*a), floor, since, revision);
      if (screen) {
        std::cout << "\033[H\033[2J" << text << std::flush;
      } else {
        std::cout << text << "---\n" << std::flush;
      }
      if (reread && *updates > 0 && ++shown >= *updates) break;
    }
    cancel.Cancel();
    follower.join();
    if (!state->feed_status.ok() && ctx.exit_code == 0) {
      ctx.exit_code = ReportError(state->feed_status);
    }
  });
}

}  // namespace forum::client::speaker_cli
