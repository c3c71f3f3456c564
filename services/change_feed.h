// The change feed behind WatchEvent: one thread (the feed's) follows the change log and serves
// every open watch from it, so watchers hold no thread of their own.
//
// After each commit the database signals the feed; the feed's thread then reads, in one read
// transaction, the newest revision and the changes since the last round, and gives each watcher
// the changes it has not yet had, filtered by its event and prefixes, each resource read as that
// watcher's caller may see it (reads shared by watchers with the same grants). A watcher that
// starts without a revision first gets a snapshot read in that same transaction, then a CURRENT
// marker. A watcher far behind catches up a bounded number of changes a round, so one slow
// reader never holds the others back.
//
// Each watcher has a bounded backlog of messages not yet taken by its stream: one that overflows
// (a client that stopped reading) is sent RESET and dropped. Tokens are checked again whenever
// any token changes and at every heartbeat, so a revoked or expired token ends its streams with
// UNAUTHENTICATED within a round.
#ifndef FORUM_SERVICES_CHANGE_FEED_H_
#define FORUM_SERVICES_CHANGE_FEED_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "forum/v1/watch.pb.h"
#include "grpcpp/support/byte_buffer.h"
#include "services/access.h"
#include "services/resource_reader.h"
#include "storage/database.h"

namespace forum::services {

struct FeedOptions {
  // Rounds start at most this often, and with many watchers less often still (this much per
  // watcher, up to max_round_interval): under a burst of writes each round carries more
  // changes in fewer messages, and the feed leaves the writers their share of the machine.
  absl::Duration min_round_interval = absl::Milliseconds(20);
  absl::Duration round_interval_per_watcher = absl::Microseconds(100);
  absl::Duration max_round_interval = absl::Milliseconds(100);
  // A watcher that has been sent nothing for this long gets a heartbeat.
  absl::Duration heartbeat = absl::Seconds(15);
  // Open watches, in all and per token.
  int max_watchers = 2000;
  int max_watchers_per_token = 100;
  // Bytes of messages a watcher may have waiting for its stream beyond a snapshot being sent.
  size_t max_backlog_bytes = size_t{1} << 20;
  // Bytes of messages waiting in all watchers together (snapshots included).
  size_t max_total_bytes = size_t{256} << 20;
  // Changes one watcher is given per round; one further behind catches up over several rounds.
  int max_changes_per_round = 2000;
  // Resources in one snapshot.
  int max_snapshot_resources = 100000;
  // A watch that is ending (reset, token revoked) but whose client does not take its last
  // message is cancelled after this long.
  absl::Duration end_grace = absl::Seconds(10);
  // The log keeps changes this long, and at least the newest `retention_count`.
  absl::Duration retention = absl::Hours(24 * 7);
  int64_t retention_count = 100000;
  // How often the log is pruned.
  absl::Duration prune_every = absl::Minutes(1);
};

namespace feed_internal {

// Packs one round's changes (or a snapshot's resources), in revision order, into messages of
// `kind` of at most `max_bytes` (one change may pass it alone). Within a message, an update
// that a later change of the same resource follows is folded into it: every change of a round
// carries the state read when the round began, so the update would only repeat its
// successor's state. Folding never crosses messages, so that a message's revision still means
// that every change up to it has been sent or folded into one sent; creations, deletions and a
// snapshot's resources are never folded. Each message's revision is that of its last change.
std::vector<std::unique_ptr<v1::WatchEventResponse>> PackChanges(
    std::vector<v1::Change> changes, size_t max_bytes,
    v1::WatchEventResponse::Kind kind = v1::WatchEventResponse::KIND_CHANGES);

}  // namespace feed_internal

// The one stream a watcher writes to: the gRPC reactor (grpc_watch_service.cc).
class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // Starts writing `message` (a serialized WatchEventResponse), which stays alive until the
  // stream reports the write done.
  virtual void Write(const grpc::ByteBuffer* message) = 0;
  virtual void Close(const grpc::Status& status) = 0;
  // Cancels the call: a write the client never takes then fails, and the stream ends.
  virtual void Cancel() = 0;
};

// One open watch: what it asked for, where it stands, and the messages waiting for its stream.
// Shared by the feed's thread and the stream's reactions.
class Watcher {
 public:
  Watcher(std::string secret, Caller caller, std::string event_id,
          std::vector<std::string> prefixes, int64_t position, bool snapshot);

  // The stream's reactions.
  void Attach(WatchStream* stream);
  void OnWriteDone(bool ok);
  void OnCancel();
  void OnDone();

 private:
  friend class ChangeFeed;

  // Queues a message for the stream; false when the backlog would pass `limit` bytes (nothing
  // is queued then) or the watch is ending. A snapshot's messages (`snapshot`) are queued
  // whatever the limit and do not count against it.
  bool Send(const grpc::ByteBuffer& message, size_t limit, bool snapshot = false);
  // Ends the stream with `status` once what is queued has been written; `reset` first drops
  // what is queued and sends it instead.
  void End(const grpc::Status& status, std::optional<grpc::ByteBuffer> reset = std::nullopt);
  // Ending or gone: the feed sends it nothing more.
  bool ended();
  // Gone: the stream is over. Until then the watch counts against the bounds on watches.
  bool done();
  // Ending for longer than `grace` without its stream being over (a client that stopped
  // reading holds the last write): cancels the call.
  void CancelIfStuck(absl::Duration grace);
  size_t queued_bytes();
  // Starts the next write or the finish, if it is due; called with mu_ held, acts after.
  struct Action {
    WatchStream* stream = nullptr;
    const grpc::ByteBuffer* write = nullptr;
    bool finish = false;
    grpc::Status status;
  };
  Action NextAction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Act(const Action& action);

  // Fixed when the watch opens (the caller is refreshed by the feed's thread only).
  const std::string secret_;
  const std::string token_;  // `tokens/{id}`, for the bounds per token
  Caller caller_;
  std::string grants_key_;
  const std::string event_id_;
  const std::vector<std::string> prefixes_;  // full names: `events/{event}/{prefix}`
  // The feed's thread only.
  int64_t position_;
  bool needs_snapshot_;
  absl::Time last_sent_;

  absl::Mutex mu_;
  WatchStream* stream_ ABSL_GUARDED_BY(mu_) = nullptr;
  struct Queued {
    std::unique_ptr<grpc::ByteBuffer> message;
    size_t bytes;
    bool snapshot;
  };
  // Drops what waits, but the message being written (the front while writing_).
  void DropWaiting() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  size_t snapshot_bytes_ ABSL_GUARDED_BY(mu_) = 0;  // of queued_bytes_, a snapshot's
  absl::Time ending_since_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool ending_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status final_ ABSL_GUARDED_BY(mu_);
};

class ChangeFeed {
 public:
  ChangeFeed(storage::Database& db, Access& access, ResourceReader& reader,
             FeedOptions options = {});
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Checks a request and its caller (in one read transaction) and, when the watch may open,
  // returns its watcher, already followed by the feed: INVALID_ARGUMENT, NOT_FOUND,
  // OUT_OF_RANGE for a start revision not yet written, RESOURCE_EXHAUSTED past the bounds on
  // watches, UNAVAILABLE once the feed stopped.
  absl::StatusOr<std::shared_ptr<Watcher>> Open(absl::string_view secret,
                                                const v1::WatchEventRequest& request);
  // Wakes the feed's thread: something committed.
  void Notify();
  // Ends every watch with UNAVAILABLE and refuses new ones (before the server shuts down: a
  // stream never ends by itself).
  void Stop();

  int watchers();
  const FeedOptions& options() const { return options_; }

 private:
  void Run();
  // One round: every watcher gets what it is due, in one read transaction.
  void Round(std::vector<std::shared_ptr<Watcher>>& watchers, bool recheck_tokens);
  void Prune();

  storage::Database& db_;
  Access& access_;
  ResourceReader& reader_;
  const FeedOptions options_;
  absl::Mutex mu_;
  std::vector<std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  bool pending_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // The tokens' generation at the last round (the feed's thread only): when it moves, every
  // watcher's token is checked again.
  int64_t token_generation_ = -1;
  std::thread thread_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_CHANGE_FEED_H_
