// The log of request ids that makes creates idempotent (AIP-155): the first answer to a request
// id is kept, and a retry gets it back instead of creating again. Ids are scoped to the caller
// (its token), and kept for a week: long enough for any retry, short of growing forever.
#ifndef FORUM_STORAGE_REQUEST_LOG_H_
#define FORUM_STORAGE_REQUEST_LOG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace forum::storage {

class RequestLog {
 public:
  virtual ~RequestLog() = default;

  struct Entry {
    std::string method;
    std::string request_digest;
    std::string response;  // serialized response message
  };
  // The entry, if recorded less than kRetention before `now_micros`.
  virtual std::optional<Entry> Find(absl::string_view caller, absl::string_view request_id,
                                    int64_t now_micros) = 0;
  // Records the entry and prunes a few entries older than kRetention.
  virtual void Record(absl::string_view caller, absl::string_view request_id, const Entry& entry,
                      int64_t now_micros) = 0;

  static constexpr int64_t kRetentionMicros = int64_t{7} * 24 * 3600 * 1000000;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_REQUEST_LOG_H_
