// The gRPC adapter of forum.v1.WatchService on gRPC's callback API: a watch holds no thread
// while it waits, only a reactor that writes what the change feed queues for it.
#include <memory>

#include "services/access.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {
namespace {

class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchEventResponse>,
                           public WatchStream {
 public:
  WatchReactor(ChangeFeed& feed, grpc::CallbackServerContext* context,
               const v1::WatchEventRequest& request) {
    // The same checks as every call (services/access.h Serve): a well-formed token before any
    // transaction, then the caller, its rate and the request in one read.
    absl::StatusOr<std::string> secret = PresentedSecret(*context);
    if (!secret.ok()) {
      Finish(ToGrpcStatus(*context, secret.status()));
      return;
    }
    absl::StatusOr<std::shared_ptr<Watcher>> watcher = feed.Open(*secret, request);
    if (!watcher.ok()) {
      Finish(ToGrpcStatus(*context, watcher.status()));
      return;
    }
    watcher_ = *std::move(watcher);
    watcher_->Attach(this);
  }

  void Write(const v1::WatchEventResponse* message) override { StartWrite(message); }
  void Close(const grpc::Status& status) override { Finish(status); }

  void OnWriteDone(bool ok) override { watcher_->OnWriteDone(ok); }
  void OnCancel() override {
    if (watcher_) watcher_->OnCancel();
  }
  void OnDone() override {
    if (watcher_) watcher_->OnDone();
    delete this;
  }

 private:
  std::shared_ptr<Watcher> watcher_;
};

}  // namespace

grpc::ServerWriteReactor<v1::WatchEventResponse>* WatchGrpcService::WatchEvent(
    grpc::CallbackServerContext* context, const v1::WatchEventRequest* request) {
  return new WatchReactor(feed_, context, *request);
}

}  // namespace forum::services
