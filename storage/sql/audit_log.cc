#include "storage/sql/audit_log.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"

namespace forum::storage::sql {
namespace {

// `prefix` as the lower bound of a range scan: every string starting with it sorts in
// [prefix, prefix + U+10FFFF).
std::string UpperBound(const std::string& prefix) { return prefix + "\xf4\x8f\xbf\xbf"; }

}  // namespace

void AuditLog::Append(const AuditEntry& e, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO audit_records (time, caller, caller_display_name, method, resource, "
      "request_id) VALUES (?, ?, ?, ?, ?, ?)");
  s.Bind(1, now);
  s.Bind(2, e.caller);
  s.Bind(3, e.caller_display_name);
  s.Bind(4, e.method);
  s.Bind(5, e.resource);
  s.Bind(6, e.request_id);
  s.Run();
}

std::vector<v1::AuditRecord> AuditLog::List(const AuditQuery& q) {
  // One statement serves every combination of filters: an absent filter binds a value that
  // lets every row through.
  auto& s = c_.Prepare(
      "SELECT record_id, time, caller, caller_display_name, method, resource, request_id "
      "FROM audit_records WHERE record_id < ? AND resource >= ? AND resource < ? "
      "AND (? = '' OR caller = ?) AND time >= ? AND time < ? "
      "ORDER BY record_id DESC LIMIT ?");
  s.Bind(1, q.before_id > 0 ? q.before_id : INT64_MAX);
  s.Bind(2, q.resource_prefix);
  s.Bind(3, UpperBound(q.resource_prefix));
  s.Bind(4, q.caller);
  s.Bind(5, q.caller);
  s.Bind(6, q.start_micros);
  s.Bind(7, q.end_micros > 0 ? q.end_micros : INT64_MAX);
  s.Bind(8, q.limit);
  std::vector<v1::AuditRecord> records;
  while (s.Step()) {
    v1::AuditRecord r;
    r.set_name(absl::StrCat("auditRecords/", s.Column(0).Int64()));
    *r.mutable_time() = domain::FromMicros(s.Column(1).Int64());
    r.set_caller(s.Column(2).String());
    r.set_caller_display_name(s.Column(3).String());
    r.set_method(s.Column(4).String());
    r.set_resource(s.Column(5).String());
    r.set_request_id(s.Column(6).String());
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace forum::storage::sql
