// Idempotent creates (AIP-155) on top of storage::RequestLog.
//
// Inside the create's own write transaction: a request id seen before returns the first answer
// and creates nothing; a request id reused for a different request is refused rather than
// answered with somebody else's result. Ids are the caller's own: the caller is the one the
// transaction's audit record names, so one caller can neither see nor block another's ids.
#ifndef FORUM_SERVICES_IDEMPOTENCY_H_
#define FORUM_SERVICES_IDEMPOTENCY_H_

#include <string>
#include <type_traits>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/digest.h"
#include "domain/errors.h"
#include "forum/v1/access.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"
#include "storage/database.h"
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

// The answer kept for a replay. A secret shown once (a new token's) is never stored: a replay
// returns the token without it.
template <typename Response>
std::string StoredAnswer(const Response& answer) {
  if constexpr (std::is_same_v<Response, v1::CreateTokenResponse>) {
    Response copy = answer;
    copy.clear_secret();
    return copy.SerializeAsString();
  } else {
    return answer.SerializeAsString();
  }
}

template <typename Response>
absl::StatusOr<Response> Idempotent(storage::Tx& tx, absl::string_view method,
                                    absl::string_view request_id,
                                    const google::protobuf::Message& request,
                                    absl::FunctionRef<absl::StatusOr<Response>()> create) {
  if (request_id.empty()) return create();
  storage::RequestLog& log = tx.requests();
  std::string digest = RequestDigest(request);
  std::string caller(tx.caller());
  int64_t now = domain::NowMicros();
  if (auto seen = log.Find(caller, request_id, now)) {
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
    log.Record(caller, request_id, {std::string(method), digest, StoredAnswer(*result)}, now);
  }
  return result;
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_IDEMPOTENCY_H_
