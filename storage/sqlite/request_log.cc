#include "storage/sqlite/request_log.h"

namespace forum::storage::sqlite {

std::optional<RequestLog::Entry> RequestLog::Find(absl::string_view caller,
                                                  absl::string_view request_id, int64_t now) {
  auto& s = c_.Prepare(
      "SELECT method, request_digest, response FROM request_log WHERE caller = ? AND "
      "request_id = ? AND create_time >= ?");
  s.bind(1, std::string(caller));
  s.bind(2, std::string(request_id));
  s.bind(3, now - kRetentionMicros);
  if (!s.executeStep()) return std::nullopt;
  const auto& blob = s.getColumn(2);
  return Entry{s.getColumn(0).getString(), s.getColumn(1).getString(),
               std::string(static_cast<const char*>(blob.getBlob()), blob.getBytes())};
}

void RequestLog::Record(absl::string_view caller, absl::string_view request_id, const Entry& entry,
                        int64_t now) {
  // An expired entry of the same id may still be there: the new one takes its place.
  auto& s = c_.Prepare(
      "INSERT OR REPLACE INTO request_log (caller, request_id, method, request_digest, "
      "response, create_time) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, std::string(caller));
  s.bind(2, std::string(request_id));
  s.bind(3, entry.method);
  s.bind(4, entry.request_digest);
  s.bind(5, entry.response.data(), static_cast<int>(entry.response.size()));
  s.bind(6, now);
  s.exec();
  // A few expired entries go with every new one, so pruning never makes one write slow.
  auto& prune = c_.Prepare(
      "DELETE FROM request_log WHERE rowid IN (SELECT rowid FROM request_log WHERE "
      "create_time < ? LIMIT 8)");
  prune.bind(1, now - kRetentionMicros);
  prune.exec();
}

}  // namespace forum::storage::sqlite
