// The SQL implementation, shared by both engines, of storage::AuditLog.
#ifndef FORUM_STORAGE_SQL_AUDIT_LOG_H_
#define FORUM_STORAGE_SQL_AUDIT_LOG_H_

#include <vector>

#include "storage/audit_log.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class AuditLog final : public storage::AuditLog {
 public:
  explicit AuditLog(Connection& c) : c_(c) {}

  void Append(const AuditEntry& entry, int64_t now_micros) override;
  std::vector<v1::AuditRecord> List(const AuditQuery& query) override;

 private:
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_AUDIT_LOG_H_
