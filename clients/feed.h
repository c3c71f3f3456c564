// Following an event's change feed from forumctl: one watch that reconnects when the server goes
// away and resumes from the last revision it reached, so the caller sees every change once (as
// the feed sends them: an update can be folded into a later change of its resource).
#ifndef FORUM_CLIENTS_FEED_H_
#define FORUM_CLIENTS_FEED_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "clients/context.h"
#include "forum/v1/watch.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace forum::client {

struct FeedRequest {
  std::string event;  // `events/{event}`
  std::vector<std::string> prefixes;
  int64_t from = 0;  // the first revision wanted; 0: a snapshot first
};

// Lets another thread end a FollowFeed: the watch under way is cancelled and no other opens.
class FeedCancel {
 public:
  void Cancel();
  bool cancelled();
  // Records the call under way (null: none); false when already cancelled.
  bool Track(grpc::ClientContext* call);
  // Waits `pause`, or less if cancelled meanwhile; true when cancelled.
  bool Wait(std::chrono::seconds pause);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  grpc::ClientContext* call_ = nullptr;
  bool cancelled_ = false;
};

// Calls `on_message` with every message of the feed, in order, until it returns false (then
// returns OK) or the feed ends for good: a refusal that retrying cannot cure (UNAUTHENTICATED,
// PERMISSION_DENIED, INVALID_ARGUMENT, NOT_FOUND, OUT_OF_RANGE, FAILED_PRECONDITION) is
// returned. When the server goes away the watch is opened again from the revision after the
// last one reached, after a pause that grows to 5 s; after a RESET (which `on_message` sees
// first) it starts over with a snapshot. A snapshot cut off part way is followed by a RESET of
// this function's own (revision 0), so that the caller drops what it took of it.
grpc::Status FollowFeed(Context& ctx, const FeedRequest& request,
                        const std::function<bool(const v1::WatchEventResponse&)>& on_message,
                        FeedCancel* cancel = nullptr);

// One change as a line: revision, what happened, and the name.
std::string ChangeLine(const v1::Change& change);

}  // namespace forum::client

#endif  // FORUM_CLIENTS_FEED_H_
