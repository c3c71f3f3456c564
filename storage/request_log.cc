#include "storage/request_log.h"

namespace forum::storage {

std::optional<RequestLog::Entry> RequestLog::Find(absl::string_view request_id) {
  auto& s =
      c_.Prepare("SELECT method, request_digest, response FROM request_log WHERE request_id = ?");
  s.bind(1, std::string(request_id));
  if (!s.executeStep()) return std::nullopt;
  const auto& blob = s.getColumn(2);
  return Entry{s.getColumn(0).getString(), s.getColumn(1).getString(),
               std::string(static_cast<const char*>(blob.getBlob()), blob.getBytes())};
}

void RequestLog::Record(absl::string_view request_id, const Entry& entry, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO request_log (request_id, method, request_digest, response, create_time) "
      "VALUES (?, ?, ?, ?, ?)");
  s.bind(1, std::string(request_id));
  s.bind(2, entry.method);
  s.bind(3, entry.request_digest);
  s.bind(4, entry.response.data(), static_cast<int>(entry.response.size()));
  s.bind(5, now);
  s.exec();
}

}  // namespace forum::storage
