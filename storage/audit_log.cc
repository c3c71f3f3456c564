#include "storage/audit_log.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "google/protobuf/descriptor.h"

namespace forum::storage {
namespace {

// A singular string field of `message` by name; empty when it has none.
std::string StringFieldOf(const google::protobuf::Message& message, const char* field) {
  const auto* f = message.GetDescriptor()->FindFieldByName(field);
  if (f == nullptr || f->is_repeated() ||
      f->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return std::string();
  }
  return message.GetReflection()->GetString(message, f);
}

}  // namespace

AuditScope::AuditScope(AuditEntry entry) : entry_(std::move(entry)), complete_(true) {}

AuditScope::AuditScope(absl::string_view service, absl::string_view method,
                       const google::protobuf::Message& request)
    : complete_(false), service_(service), method_(method), request_(&request) {}

std::string NameIn(const google::protobuf::Message& message) {
  std::string own = StringFieldOf(message, "name");
  if (!own.empty()) return own;
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* inner = descriptor->field(i);
    if (inner->is_repeated() || inner->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE ||
        !reflection->HasField(message, inner)) {
      continue;
    }
    std::string nested = StringFieldOf(reflection->GetMessage(message, inner), "name");
    if (!nested.empty()) return nested;
  }
  return std::string();
}

void AuditScope::NoteAnswer(const google::protobuf::Message& answer) {
  std::string name = NameIn(answer);
  if (!name.empty()) entry_.resource = std::move(name);
}

const AuditEntry& AuditScope::entry() {
  if (complete_) return entry_;
  entry_.caller = std::string(caller_);
  entry_.caller_display_name = std::string(caller_display_name_);
  entry_.method = absl::StrCat("/", service_, "/", method_);
  if (entry_.resource.empty()) {
    entry_.resource = NameIn(*request_);
    if (entry_.resource.empty()) entry_.resource = StringFieldOf(*request_, "parent");
  }
  entry_.request_id = StringFieldOf(*request_, "request_id");
  complete_ = true;
  return entry_;
}

}  // namespace forum::storage
