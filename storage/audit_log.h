// The audit trail: one record for every accepted change, written by the change's own
// transaction so that a change and its record commit or vanish together.
//
// A call makes an AuditScope naming its method, request and (once authenticated) caller, and hands
// it to the one write transaction it runs in (Database::Transact), which appends the scope's
// record just before it commits if it changed rows. Nothing is kept per thread: the record
// travels with the change. The resource is refined from the call's answer when that answer names
// one (a create learns the name of what it created). Calls that change nothing (a refused call, a
// replayed request id) leave no record.
#ifndef FORUM_STORAGE_AUDIT_LOG_H_
#define FORUM_STORAGE_AUDIT_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/access.pb.h"
#include "google/protobuf/message.h"

namespace forum::storage {

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

template <typename T>
struct IsOptionalMessage : std::false_type {};
template <typename T>
struct IsOptionalMessage<std::optional<T>> : std::is_base_of<google::protobuf::Message, T> {};

class AuditScope {
 public:
  // A scope whose record is known in full (forumd's offline commands).
  explicit AuditScope(AuditEntry entry);
  // A scope for one call. Nothing is copied or looked up here: the record is put together only
  // if the call writes, from the views given, which must outlive the scope.
  AuditScope(absl::string_view service, absl::string_view method,
             const google::protobuf::Message& request);
  AuditScope(const AuditScope&) = delete;
  AuditScope& operator=(const AuditScope&) = delete;

  // The authenticated caller; views that must outlive the scope.
  void SetCaller(absl::string_view caller, absl::string_view caller_display_name) {
    caller_ = caller;
    caller_display_name_ = caller_display_name;
  }
  // The caller, as the record will name it.
  absl::string_view caller() const { return complete_ ? entry_.caller : caller_; }
  absl::string_view caller_display_name() const {
    return complete_ ? entry_.caller_display_name : caller_display_name_;
  }

  // The record: the resource is the one an answer named (see NoteAnswer), else the request's
  // `name`, nested `name` or `parent`.
  const AuditEntry& entry();
  // Takes the resource from a call's answer when the answer names one (NameIn).
  void NoteAnswer(const google::protobuf::Message& answer);
  // The same for a call's result: an answer that is a message, or an optional one (a create
  // that may find nothing to do).
  template <typename T>
  void NoteResult(const absl::StatusOr<T>& result) {
    if constexpr (std::is_base_of_v<google::protobuf::Message, T>) {
      if (result.ok()) NoteAnswer(*result);
    } else if constexpr (IsOptionalMessage<T>::value) {
      if (result.ok() && result->has_value()) NoteAnswer(**result);
    }
  }
  void NoteResult(const absl::Status&) {}

 private:
  AuditEntry entry_;
  bool complete_;
  absl::string_view caller_, caller_display_name_, service_, method_;
  const google::protobuf::Message* request_ = nullptr;
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
  virtual ~AuditLog() = default;

  virtual void Append(const AuditEntry& entry, int64_t now_micros) = 0;
  // Newest first.
  virtual std::vector<v1::AuditRecord> List(const AuditQuery& query) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_AUDIT_LOG_H_
