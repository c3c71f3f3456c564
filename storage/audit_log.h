// The audit trail: one record for every accepted change, written by the change's own
// transaction so that a change and its record commit or vanish together.
//
// A service call opens an AuditScope naming its caller, method, resource and request id; while it
// is alive on that thread, every write transaction that changed rows appends the scope's record
// just before it commits (Database::WriteTx). The resource is refined from the call's answer
// when that answer names one (a create learns the name of what it created). Calls that change
// nothing (a refused call, a replayed request id) leave no record.
#ifndef FORUM_STORAGE_AUDIT_LOG_H_
#define FORUM_STORAGE_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/access.pb.h"
#include "google/protobuf/message.h"

namespace forum::storage {

class Connection;

struct AuditEntry {
  std::string caller;               // `tokens/{id}` or `local/forumd`
  std::string caller_display_name;  // the token's display name
  std::string method;               // `/forum.v1.DelegationService/UpdateDelegation`
  std::string resource;             // the resource the request names
  std::string request_id;
};

// A message's `name`, else the `name` of its first message field that has one (a
// CreateTokenResponse names its token, an UpdateDelegationRequest its delegation); empty if none.
std::string NameIn(const google::protobuf::Message& message);

class AuditScope {
 public:
  explicit AuditScope(AuditEntry entry);
  ~AuditScope();
  AuditScope(const AuditScope&) = delete;
  AuditScope& operator=(const AuditScope&) = delete;

  // The scope alive on this thread, or null.
  static AuditScope* Current();

  const AuditEntry& entry() const { return entry_; }
  // Takes the resource from a call's answer when the answer has a non-empty `name`.
  void NoteAnswer(const google::protobuf::Message& answer);
  template <typename T>
  void NoteResult(const absl::StatusOr<T>& result) {
    if constexpr (std::is_base_of_v<google::protobuf::Message, T>) {
      if (result.ok()) NoteAnswer(*result);
    }
  }
  void NoteResult(const absl::Status&) {}

 private:
  AuditEntry entry_;
  AuditScope* previous_;
};

struct AuditQuery {
  std::string resource_prefix;
  std::string caller;
  int64_t start_micros = 0;  // 0: no bound
  int64_t end_micros = 0;    // 0: no bound
  int64_t before_id = 0;     // cursor: records older than this; 0 for the newest
  int limit = 50;
};

class AuditLog {
 public:
  explicit AuditLog(Connection& c) : c_(c) {}

  void Append(const AuditEntry& entry, int64_t now_micros);
  // Newest first.
  std::vector<v1::AuditRecord> List(const AuditQuery& query);

 private:
  Connection& c_;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_AUDIT_LOG_H_
