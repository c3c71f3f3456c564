// The SQL implementation, shared by both engines, of storage::RequestLog.
#ifndef FORUM_STORAGE_SQL_REQUEST_LOG_H_
#define FORUM_STORAGE_SQL_REQUEST_LOG_H_

#include "storage/request_log.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class RequestLog final : public storage::RequestLog {
 public:
  explicit RequestLog(Connection& c) : c_(c) {}

  std::optional<Entry> Find(absl::string_view caller, absl::string_view request_id,
                            int64_t now_micros) override;
  void Record(absl::string_view caller, absl::string_view request_id, const Entry& entry,
              int64_t now_micros) override;

 private:
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_REQUEST_LOG_H_
