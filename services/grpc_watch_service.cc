// The gRPC adapter of forum.v1.WatchService on gRPC's callback API: a watch holds no thread
// while it waits, only a reactor that writes what the change feed queues for it.
#include <memory>

#include "grpcpp/impl/codegen/proto_utils.h"
#include "services/access.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"

namespace forum::services {
namespace {

class WatchReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>, public WatchStream {
 public:
  WatchReactor(ChangeFeed& feed, grpc::CallbackServerContext* context, const grpc::ByteBuffer* body)
      : context_(context) {
    // The same checks as every call (services/access.h Serve): a well-formed token before any
    // transaction, then the caller, its rate and the request in one read.
    absl::StatusOr<std::string> secret = PresentedSecret(*context);
    if (!secret.ok()) {
      Finish(ToGrpcStatus(*context, secret.status()));
      return;
    }
    v1::WatchEventRequest request;
    grpc::ByteBuffer copy(*body);
    if (!grpc::SerializationTraits<v1::WatchEventRequest>::Deserialize(&copy, &request).ok()) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "the request body is not a valid forum.v1.WatchEventRequest"));
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

  void Write(const grpc::ByteBuffer* message) override { StartWrite(message); }
  void Close(const grpc::Status& status) override { Finish(status); }
  void Cancel() override { context_->TryCancel(); }

  void OnWriteDone(bool ok) override { watcher_->OnWriteDone(ok); }
  void OnCancel() override {
    if (watcher_) watcher_->OnCancel();
  }
  void OnDone() override {
    if (watcher_) watcher_->OnDone();
    delete this;
  }

 private:
  grpc::CallbackServerContext* context_;
  std::shared_ptr<Watcher> watcher_;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchGrpcService::WatchEvent(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  return new WatchReactor(feed_, context, request);
}

}  // namespace forum::services
