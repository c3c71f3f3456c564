#include "services/grpc_status.h"

#include <string>

#include "domain/errors.h"
#include "forum/v1/errors.pb.h"

namespace forum::services {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  v1::ErrorStatus details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = details.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      details.SerializeAsString());
}

grpc::Status ToGrpcStatus(grpc::ServerContextBase& context, const absl::Status& status) {
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    std::string pushback = "-1";
    if (auto payload = status.GetPayload(domain::kRetryInfoUrl)) {
      v1::RetryInfo info;
      if (info.ParseFromString(std::string(*payload))) {
        int64_t millis =
            info.retry_delay().seconds() * 1000 + (info.retry_delay().nanos() + 999999) / 1000000;
        pushback = std::to_string(millis < 1 ? 1 : millis);
      }
    }
    context.AddTrailingMetadata("grpc-retry-pushback-ms", pushback);
  }
  return ToGrpcStatus(status);
}

}  // namespace forum::services
