#include "clients/feed.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "forum/v1/watch.grpc.pb.h"
#include "grpcpp/client_context.h"

namespace forum::client {
namespace {

bool Final(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::UNIMPLEMENTED:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string ChangeLine(const v1::Change& change) {
  std::string type = EnumWord(v1::ChangeType_descriptor(), change.type());
  return absl::StrCat(change.revision(), "  ", type,
                      std::string(type.size() < 8 ? 8 - type.size() : 1, ' '), change.name());
}

void FeedCancel::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  if (call_ != nullptr) call_->TryCancel();
  cv_.notify_all();
}

bool FeedCancel::cancelled() {
  std::lock_guard<std::mutex> lock(mu_);
  return cancelled_;
}

bool FeedCancel::Wait(std::chrono::seconds pause) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, pause, [this] { return cancelled_; });
}

bool FeedCancel::Track(grpc::ClientContext* call) {
  std::lock_guard<std::mutex> lock(mu_);
  call_ = call;
  return !cancelled_;
}

grpc::Status FollowFeed(Context& ctx, const FeedRequest& request,
                        const std::function<bool(const v1::WatchEventResponse&)>& on_message,
                        FeedCancel* cancel) {
  int64_t next = request.from;  // the revision to ask for; 0: a snapshot
  int failures = 0;
  for (;;) {
    auto stub = v1::WatchService::NewStub(ctx.Channel());
    grpc::ClientContext call;  // no deadline: a watch lasts as long as it is wanted
    if (!ctx.token.empty()) call.AddMetadata("authorization", "Bearer " + ctx.token);
    v1::WatchEventRequest watch;
    watch.set_event(request.event);
    for (const auto& p : request.prefixes) watch.add_prefixes(p);
    watch.set_start_revision(next);
    if (cancel != nullptr && !cancel->Track(&call)) return grpc::Status::OK;
    auto reader = stub->WatchEvent(&call, watch);
    v1::WatchEventResponse message;
    bool reset = false;
    bool snapshot_begun = false;
    while (reader->Read(&message)) {
      failures = 0;
      if (message.kind() == v1::WatchEventResponse::KIND_SNAPSHOT) snapshot_begun = true;
      if (message.kind() == v1::WatchEventResponse::KIND_CURRENT) snapshot_begun = false;
      if (message.kind() == v1::WatchEventResponse::KIND_RESET) {
        reset = true;
      } else if (message.kind() != v1::WatchEventResponse::KIND_SNAPSHOT) {
        next = message.revision() + 1;
      }
      if (!on_message(message)) {
        call.TryCancel();
        (void)reader->Finish();
        return grpc::Status::OK;
      }
    }
    grpc::Status status = reader->Finish();
    if (cancel != nullptr) {
      bool cancelled = !cancel->Track(nullptr);
      if (cancelled) return grpc::Status::OK;
    }
    if (reset) {
      next = 0;
      continue;
    }
    if (Final(status.error_code())) return status;
    if (snapshot_begun) {
      // Cut off inside a snapshot: the next one starts over, and the caller must know to drop
      // what it took of this one, as after a RESET.
      v1::WatchEventResponse restart;
      restart.set_kind(v1::WatchEventResponse::KIND_RESET);
      if (!on_message(restart)) return grpc::Status::OK;
    }
    ++failures;
    int pause = std::min(5, 1 << std::min(failures - 1, 3));
    std::cerr << "watch: " << (status.ok() ? "the stream ended" : status.error_message())
              << "; resuming from revision " << next << " in " << pause << " s\n";
    if (cancel != nullptr ? cancel->Wait(std::chrono::seconds(pause))
                          : (std::this_thread::sleep_for(std::chrono::seconds(pause)), false)) {
      return grpc::Status::OK;
    }
  }
}

}  // namespace forum::client
