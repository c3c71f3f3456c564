// The watcher's side of the change feed: its queue of serialized messages and the reactions of
// the stream that writes them (services/change_feed.h).
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "domain/access.h"
#include "services/change_feed.h"

namespace forum::services {

Watcher::Watcher(std::string secret, Caller caller, std::string event_id,
                 std::vector<std::string> prefixes, int64_t position, bool snapshot)
    : secret_(std::move(secret)),
      token_(caller.token),
      caller_(std::move(caller)),
      grants_key_(GrantsKey(caller_.grants)),
      event_id_(std::move(event_id)),
      prefixes_(std::move(prefixes)),
      position_(position),
      needs_snapshot_(snapshot),
      last_sent_(absl::Now()) {}

void Watcher::Attach(WatchStream* stream) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    stream_ = stream;
    action = NextAction();
  }
  Act(action);
}

void Watcher::OnWriteDone(bool ok) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!queue_.empty()) {
      queued_bytes_ -= queue_.front().bytes;
      if (queue_.front().snapshot) snapshot_bytes_ -= queue_.front().bytes;
      queue_.pop_front();
    }
    if (!ok && !ending_) {
      // The client is gone: nothing more can be written.
      ending_ = true;
      ending_since_ = absl::Now();
      final_ = grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    }
    if (!ok) DropWaiting();
    action = NextAction();
  }
  Act(action);
}

void Watcher::OnCancel() {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (!ending_) {
      ending_ = true;
      ending_since_ = absl::Now();
      final_ = grpc::Status(grpc::StatusCode::CANCELLED, "the watch was cancelled");
    }
    DropWaiting();
    action = NextAction();
  }
  Act(action);
}

void Watcher::OnDone() {
  absl::MutexLock lock(&mu_);
  done_ = true;
  stream_ = nullptr;
  queue_.clear();
  queued_bytes_ = 0;
  snapshot_bytes_ = 0;
}

bool Watcher::Send(const grpc::ByteBuffer& message, size_t limit, bool snapshot) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (ending_ || done_) return false;
    size_t bytes = message.Length();
    size_t backlog = queued_bytes_ - snapshot_bytes_;
    if (!snapshot && backlog > 0 && backlog + bytes > limit) return false;
    queued_bytes_ += bytes;
    if (snapshot) snapshot_bytes_ += bytes;
    queue_.push_back({std::make_unique<grpc::ByteBuffer>(message), bytes, snapshot});
    action = NextAction();
  }
  Act(action);
  last_sent_ = absl::Now();
  return true;
}

void Watcher::End(const grpc::Status& status, std::optional<grpc::ByteBuffer> reset) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (ending_ || done_) return;
    ending_ = true;
    ending_since_ = absl::Now();
    final_ = status;
    if (reset) {
      DropWaiting();
      size_t bytes = reset->Length();
      queued_bytes_ += bytes;
      queue_.push_back({std::make_unique<grpc::ByteBuffer>(*reset), bytes, false});
    }
    action = NextAction();
  }
  Act(action);
}

bool Watcher::ended() {
  absl::MutexLock lock(&mu_);
  return ending_ || done_;
}

bool Watcher::done() {
  absl::MutexLock lock(&mu_);
  return done_;
}

void Watcher::CancelIfStuck(absl::Duration grace) {
  WatchStream* stream = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (!ending_ || done_ || stream_ == nullptr || absl::Now() - ending_since_ < grace) return;
    stream = stream_;
  }
  // The stream stays alive: it ends only after the cancel, with OnDone, which clears stream_.
  stream->Cancel();
}

size_t Watcher::queued_bytes() {
  absl::MutexLock lock(&mu_);
  return queued_bytes_;
}

void Watcher::DropWaiting() {
  size_t keep = writing_ ? 1 : 0;
  while (queue_.size() > keep) {
    queued_bytes_ -= queue_.back().bytes;
    if (queue_.back().snapshot) snapshot_bytes_ -= queue_.back().bytes;
    queue_.pop_back();
  }
}

Watcher::Action Watcher::NextAction() {
  if (stream_ == nullptr || writing_ || finished_) return {};
  if (!queue_.empty()) {
    writing_ = true;
    return {stream_, queue_.front().message.get(), false, grpc::Status::OK};
  }
  if (ending_) {
    finished_ = true;
    return {stream_, nullptr, true, final_};
  }
  return {};
}

void Watcher::Act(const Action& action) {
  // Outside the lock: a stream may run a reaction inline. The stream stays alive, since it ends
  // only after the Close that finished_ allows once.
  if (action.write != nullptr) {
    action.stream->Write(action.write);
  } else if (action.finish) {
    action.stream->Close(action.status);
  }
}

}  // namespace forum::services
