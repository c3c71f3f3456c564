#include "storage/sqlite/audit_log.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"

namespace forum::storage::sqlite {
namespace {

// `prefix` as the lower bound of a range scan: every string starting with it sorts in
// [prefix, prefix + U+10FFFF).
std::string UpperBound(const std::string& prefix) { return prefix + "\xf4\x8f\xbf\xbf"; }

}  // namespace

void AuditLog::Append(const AuditEntry& e, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO audit_records (time, caller, caller_display_name, method, resource, "
      "request_id) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, now);
  s.bind(2, e.caller);
  s.bind(3, e.caller_display_name);
  s.bind(4, e.method);
  s.bind(5, e.resource);
  s.bind(6, e.request_id);
  s.exec();
}

std::vector<v1::AuditRecord> AuditLog::List(const AuditQuery& q) {
  // One statement serves every combination of filters: an absent filter binds a value that
  // lets every row through.
  auto& s = c_.Prepare(
      "SELECT record_id, time, caller, caller_display_name, method, resource, request_id "
      "FROM audit_records WHERE record_id < ? AND resource >= ? AND resource < ? "
      "AND (? = '' OR caller = ?) AND time >= ? AND time < ? "
      "ORDER BY record_id DESC LIMIT ?");
  s.bind(1, q.before_id > 0 ? q.before_id : INT64_MAX);
  s.bind(2, q.resource_prefix);
  s.bind(3, UpperBound(q.resource_prefix));
  s.bind(4, q.caller);
  s.bind(5, q.caller);
  s.bind(6, q.start_micros);
  s.bind(7, q.end_micros > 0 ? q.end_micros : INT64_MAX);
  s.bind(8, q.limit);
  std::vector<v1::AuditRecord> records;
  while (s.executeStep()) {
    v1::AuditRecord r;
    r.set_name(absl::StrCat("auditRecords/", s.getColumn(0).getInt64()));
    *r.mutable_time() = domain::FromMicros(s.getColumn(1).getInt64());
    r.set_caller(s.getColumn(2).getString());
    r.set_caller_display_name(s.getColumn(3).getString());
    r.set_method(s.getColumn(4).getString());
    r.set_resource(s.getColumn(5).getString());
    r.set_request_id(s.getColumn(6).getString());
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace forum::storage::sqlite
