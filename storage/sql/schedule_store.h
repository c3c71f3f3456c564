// The SQL implementation, shared by both engines, of storage::ScheduleStore.
#ifndef FORUM_STORAGE_SQL_SCHEDULE_STORE_H_
#define FORUM_STORAGE_SQL_SCHEDULE_STORE_H_

#include <optional>
#include <vector>

#include "storage/schedule_store.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class ScheduleStore final : public storage::ScheduleStore {
 public:
  explicit ScheduleStore(Connection& c) : c_(c) {}

  std::optional<v1::ScheduleRelease> Get(absl::string_view event_id, int number) override;
  int LatestNumber(absl::string_view event_id) override;
  bool HasVersion(absl::string_view event_id, absl::string_view version) override;
  v1::ScheduleEntries Contents(absl::string_view event_id, int number) override;
  std::vector<v1::ScheduleRelease> List(absl::string_view event_id, int before, int limit) override;
  void Insert(absl::string_view event_id, const v1::ScheduleRelease& release,
              const std::vector<v1::ScheduleEntry>& entries, const v1::Event& event) override;

 private:
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_SCHEDULE_STORE_H_
