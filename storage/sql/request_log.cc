#include "storage/sql/request_log.h"

namespace forum::storage::sql {

std::optional<RequestLog::Entry> RequestLog::Find(absl::string_view caller,
                                                  absl::string_view request_id, int64_t now) {
  auto& s = c_.Prepare(
      "SELECT method, request_digest, response FROM request_log WHERE caller = ? AND "
      "request_id = ? AND create_time >= ?");
  s.Bind(1, std::string(caller));
  s.Bind(2, std::string(request_id));
  s.Bind(3, now - kRetentionMicros);
  if (!s.Step()) return std::nullopt;
  return Entry{s.Column(0).String(), s.Column(1).String(), s.Column(2).Blob()};
}

void RequestLog::Record(absl::string_view caller, absl::string_view request_id, const Entry& entry,
                        int64_t now) {
  // An expired entry of the same id may still be there: the new one takes its place.
  auto& s = c_.Prepare(
      "INSERT INTO request_log (caller, request_id, method, request_digest, response, "
      "create_time) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (caller, request_id) DO UPDATE SET "
      "method = excluded.method, request_digest = excluded.request_digest, "
      "response = excluded.response, create_time = excluded.create_time");
  s.Bind(1, std::string(caller));
  s.Bind(2, std::string(request_id));
  s.Bind(3, entry.method);
  s.Bind(4, entry.request_digest);
  s.BindBlob(5, entry.response);
  s.Bind(6, now);
  s.Run();
  // A few expired entries go with every new one, so pruning never makes one write slow.
  auto& prune = c_.Prepare(
      "DELETE FROM request_log WHERE (caller, request_id) IN (SELECT caller, request_id FROM "
      "request_log WHERE create_time < ? LIMIT 8)");
  prune.Bind(1, now - kRetentionMicros);
  prune.Run();
}

}  // namespace forum::storage::sql
