// The log of request ids that makes creates idempotent (AIP-155): the first answer to a request
// id is kept, and a retry gets it back instead of creating again.
#ifndef FORUM_STORAGE_REQUEST_LOG_H_
#define FORUM_STORAGE_REQUEST_LOG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "storage/database.h"

namespace forum::storage {

class RequestLog {
 public:
  explicit RequestLog(Connection& c) : c_(c) {}

  struct Entry {
    std::string method;
    std::string request_digest;
    std::string response;  // serialized response message
  };
  std::optional<Entry> Find(absl::string_view request_id);
  void Record(absl::string_view request_id, const Entry& entry, int64_t now_micros);

 private:
  Connection& c_;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_REQUEST_LOG_H_
