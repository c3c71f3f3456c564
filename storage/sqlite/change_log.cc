#include "storage/sqlite/change_log.h"

#include <algorithm>

namespace forum::storage::sqlite {

int64_t ChangeLog::Head() {
  // The newest row is never pruned, so the log's largest revision is the head; on a log that
  // never held a change, what pruning recorded (0).
  auto& s = c_.Prepare(
      "SELECT coalesce((SELECT max(revision) FROM changes), "
      "(SELECT compacted FROM change_log WHERE id = 1), 0)");
  s.executeStep();
  return s.getColumn(0).getInt64();
}

int64_t ChangeLog::Compacted() {
  auto& s = c_.Prepare("SELECT compacted FROM change_log WHERE id = 1");
  return s.executeStep() ? s.getColumn(0).getInt64() : 0;
}

std::vector<ChangeRecord> ChangeLog::Since(absl::string_view event_id, int64_t after, int64_t up_to,
                                           int limit) {
  auto& s = c_.Prepare(
      "SELECT revision, name, kind, commit_micros FROM changes "
      "WHERE event_id = ? AND revision > ? AND revision <= ? ORDER BY revision LIMIT ?");
  s.bind(1, std::string(event_id));
  s.bind(2, after);
  s.bind(3, up_to);
  s.bind(4, limit);
  std::vector<ChangeRecord> records;
  while (s.executeStep()) {
    ChangeRecord r;
    r.revision = s.getColumn(0).getInt64();
    r.name = s.getColumn(1).getString();
    int kind = s.getColumn(2).getInt();
    r.kind = kind == 1   ? ChangeKind::kCreated
             : kind == 3 ? ChangeKind::kDeleted
                         : ChangeKind::kUpdated;
    r.commit_micros = s.getColumn(3).getInt64();
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<std::string> ChangeLog::ResourceNames(absl::string_view event_id,
                                                  absl::string_view after_name, int limit) {
  auto& s = c_.Prepare(
      "SELECT name FROM event_resources WHERE event_id = ? AND name > ? "
      "ORDER BY name LIMIT ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(after_name));
  s.bind(3, limit);
  std::vector<std::string> names;
  while (s.executeStep()) names.push_back(s.getColumn(0).getString());
  return names;
}

int64_t ChangeLog::Prune(int64_t older_than_micros, int64_t keep_count) {
  int64_t head = Head();
  // The newest change below which everything goes: a change stays while it is younger than the
  // bound or among the newest `keep_count`, and the head always stays.
  auto& by_age = c_.Prepare(
      "SELECT coalesce(max(revision), 0) FROM changes WHERE open = 0 AND commit_micros < ?");
  by_age.bind(1, older_than_micros);
  by_age.executeStep();
  int64_t through = by_age.getColumn(0).getInt64();
  through = std::min(through, head - std::max<int64_t>(keep_count, 1));
  if (through <= Compacted()) return 0;
  auto& drop = c_.Prepare("DELETE FROM changes WHERE revision <= ?");
  drop.bind(1, through);
  int64_t dropped = drop.exec();
  auto& mark = c_.Prepare("UPDATE change_log SET compacted = ? WHERE id = 1");
  mark.bind(1, through);
  mark.exec();
  return dropped;
}

void ChangeLog::Close(int64_t now_micros) {
  auto& s = c_.Prepare("UPDATE changes SET open = 0, commit_micros = ? WHERE open = 1");
  s.bind(1, now_micros);
  s.exec();
}

}  // namespace forum::storage::sqlite
