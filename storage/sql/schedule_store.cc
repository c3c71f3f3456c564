#include "storage/sql/schedule_store.h"

#include <string>

namespace forum::storage::sql {
namespace {

// A stored message; a row that no longer parses is a corrupt database, not a client's error.
template <typename Message>
Message Parse(Statement& s, int column) {
  Message m;
  if (!m.ParseFromString(s.Column(column).Blob())) {
    throw Error(Error::Kind::kCorrupt, "a stored schedule release does not parse");
  }
  return m;
}

}  // namespace

std::optional<v1::ScheduleRelease> ScheduleStore::Get(absl::string_view event_id, int number) {
  auto& s = c_.Prepare("SELECT release FROM schedule_releases WHERE event_id = ? AND number = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, number);
  if (!s.Step()) return std::nullopt;
  return Parse<v1::ScheduleRelease>(s, 0);
}

int ScheduleStore::LatestNumber(absl::string_view event_id) {
  auto& s = c_.Prepare("SELECT coalesce(max(number), 0) FROM schedule_releases WHERE event_id = ?");
  s.Bind(1, std::string(event_id));
  s.Step();
  return s.Column(0).Int();
}

bool ScheduleStore::HasVersion(absl::string_view event_id, absl::string_view version) {
  auto& s = c_.Prepare("SELECT 1 FROM schedule_releases WHERE event_id = ? AND version = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(version));
  return s.Step();
}

v1::ScheduleEntries ScheduleStore::Contents(absl::string_view event_id, int number) {
  auto& s = c_.Prepare("SELECT entries FROM schedule_releases WHERE event_id = ? AND number = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, number);
  if (!s.Step()) return {};
  return Parse<v1::ScheduleEntries>(s, 0);
}

std::vector<v1::ScheduleRelease> ScheduleStore::List(absl::string_view event_id, int before,
                                                     int limit) {
  auto& s = c_.Prepare(
      "SELECT release FROM schedule_releases WHERE event_id = ?1 AND (?2 = 0 OR number < ?2) "
      "ORDER BY number DESC LIMIT ?3");
  s.Bind(1, std::string(event_id));
  s.Bind(2, before);
  s.Bind(3, limit);
  std::vector<v1::ScheduleRelease> out;
  while (s.Step()) {
    out.push_back(Parse<v1::ScheduleRelease>(s, 0));
    out.back().clear_changes();
  }
  return out;
}

void ScheduleStore::Insert(absl::string_view event_id, const v1::ScheduleRelease& release,
                           const std::vector<v1::ScheduleEntry>& entries, const v1::Event& event) {
  v1::ScheduleEntries stored;
  for (const auto& e : entries) *stored.add_entries() = e;
  *stored.mutable_event() = event;
  std::string release_bytes = release.SerializeAsString();
  std::string entry_bytes = stored.SerializeAsString();
  auto& s = c_.Prepare(
      "INSERT INTO schedule_releases (event_id, number, version, create_micros, release, "
      "entries) VALUES (?, ?, ?, ?, ?, ?)");
  s.Bind(1, std::string(event_id));
  s.Bind(2, release.number());
  s.Bind(3, release.version());
  s.Bind(4, static_cast<int64_t>(release.create_time().seconds()) * 1000000 +
                release.create_time().nanos() / 1000);
  s.BindBlob(5, release_bytes);
  s.BindBlob(6, entry_bytes);
  s.Run();
}

}  // namespace forum::storage::sql
