// The SQL implementation, shared by both engines, of storage::ChangeLog. The rows are written by
// the triggers of migration 0018; this class reads them, closes a call's rows and prunes.
#ifndef FORUM_STORAGE_SQL_CHANGE_LOG_H_
#define FORUM_STORAGE_SQL_CHANGE_LOG_H_

#include <string>
#include <vector>

#include "storage/change_log.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class ChangeLog final : public storage::ChangeLog {
 public:
  explicit ChangeLog(Connection& c) : c_(c) {}

  int64_t Head() override;
  int64_t Compacted() override;
  std::vector<ChangeRecord> Since(absl::string_view event_id, int64_t after, int64_t up_to,
                                  int limit) override;
  std::vector<std::string> ResourceNames(absl::string_view event_id, absl::string_view after_name,
                                         int limit) override;
  int64_t Prune(int64_t older_than_micros, int64_t keep_count) override;

  // Closes the changes of the call that just ran, stamping them with its commit time: later
  // touches of the same resources make changes of their own.
  void Close(int64_t now_micros);

 private:
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_CHANGE_LOG_H_
