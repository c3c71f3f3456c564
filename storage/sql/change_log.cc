#include "storage/sql/change_log.h"

#include <algorithm>

namespace forum::storage::sql {

int64_t ChangeLog::Head() {
  // The newest row is never pruned, so the log's largest revision is the head; on a log that
  // never held a change, what pruning recorded (0).
  auto& s = c_.Prepare(
      "SELECT coalesce((SELECT max(revision) FROM changes), "
      "(SELECT compacted FROM change_log WHERE id = 1), 0)");
  s.Step();
  return s.Column(0).Int64();
}

int64_t ChangeLog::Compacted() {
  auto& s = c_.Prepare("SELECT compacted FROM change_log WHERE id = 1");
  return s.Step() ? s.Column(0).Int64() : 0;
}

std::vector<ChangeRecord> ChangeLog::Since(absl::string_view event_id, int64_t after, int64_t up_to,
                                           int limit) {
  auto& s = c_.Prepare(
      "SELECT revision, name, kind, commit_micros FROM changes "
      "WHERE event_id = ? AND revision > ? AND revision <= ? ORDER BY revision LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, after);
  s.Bind(3, up_to);
  s.Bind(4, limit);
  std::vector<ChangeRecord> records;
  while (s.Step()) {
    ChangeRecord r;
    r.revision = s.Column(0).Int64();
    r.name = s.Column(1).String();
    int kind = s.Column(2).Int();
    r.kind = kind == 1   ? ChangeKind::kCreated
             : kind == 3 ? ChangeKind::kDeleted
                         : ChangeKind::kUpdated;
    r.commit_micros = s.Column(3).Int64();
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<std::string> ChangeLog::ResourceNames(absl::string_view event_id,
                                                  absl::string_view after_name, int limit) {
  auto& s = c_.Prepare(
      "SELECT name FROM event_resources WHERE event_id = ? AND name > ? "
      "ORDER BY name LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(after_name));
  s.Bind(3, limit);
  std::vector<std::string> names;
  while (s.Step()) names.push_back(s.Column(0).String());
  return names;
}

int64_t ChangeLog::Prune(int64_t older_than_micros, int64_t keep_count) {
  int64_t head = Head();
  // The newest change below which everything goes: a change stays while it is younger than the
  // bound or among the newest `keep_count`, and the head always stays.
  auto& by_age = c_.Prepare(
      "SELECT coalesce(max(revision), 0) FROM changes WHERE open = 0 AND commit_micros < ?");
  by_age.Bind(1, older_than_micros);
  by_age.Step();
  int64_t through = by_age.Column(0).Int64();
  through = std::min(through, head - std::max<int64_t>(keep_count, 1));
  if (through <= Compacted()) return 0;
  auto& drop = c_.Prepare("DELETE FROM changes WHERE revision <= ?");
  drop.Bind(1, through);
  int64_t dropped = drop.Run();
  auto& mark = c_.Prepare("UPDATE change_log SET compacted = ? WHERE id = 1");
  mark.Bind(1, through);
  mark.Run();
  return dropped;
}

void ChangeLog::Close(int64_t now_micros) {
  auto& s = c_.Prepare("UPDATE changes SET open = 0, commit_micros = ? WHERE open = 1");
  s.Bind(1, now_micros);
  s.Run();
}

}  // namespace forum::storage::sql
