// Idempotent creates (AIP-155) on top of storage::RequestLog.
//
// Inside the create's own write transaction: a request id seen before returns the first answer
// and creates nothing; a request id reused for a different request is refused rather than
// answered with somebody else's result.
#ifndef FORUM_SERVICES_IDEMPOTENCY_H_
#define FORUM_SERVICES_IDEMPOTENCY_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/digest.h"
#include "domain/errors.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"
#include "storage/request_log.h"

namespace forum::services {

// Deterministic serialization, so that equal requests have equal digests.
inline std::string RequestDigest(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return absl::StrCat(domain::StableDigest(bytes));
}

template <typename Response>
absl::StatusOr<Response> Idempotent(storage::Connection& c, absl::string_view method,
                                    absl::string_view request_id,
                                    const google::protobuf::Message& request,
                                    absl::FunctionRef<absl::StatusOr<Response>()> create) {
  if (request_id.empty()) return create();
  storage::RequestLog log(c);
  std::string digest = RequestDigest(request);
  if (auto seen = log.Find(request_id)) {
    if (seen->method != method || seen->request_digest != digest) {
      return domain::InvalidField(
          "request_id", "was already used for a different request; use a new id for a new request");
    }
    Response first;
    if (!first.ParseFromString(seen->response)) {
      return absl::InternalError("the stored answer to this request id cannot be read");
    }
    return first;
  }
  absl::StatusOr<Response> result = create();
  if (result.ok()) {
    log.Record(request_id, {std::string(method), digest, result->SerializeAsString()},
               domain::NowMicros());
  }
  return result;
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_IDEMPOTENCY_H_
