#include "services/field_behavior.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/validation.h"

namespace forum::services {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsMessage(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field.is_map();
}

// At most this many missing fields are named in one answer (a request may repeat a message
// without its required fields thousands of times).
constexpr int kMaxNamed = 20;

void FindMissing(const Message& message, const std::string& prefix, domain::Validator& v,
                 int& named) {
  const Descriptor& d = *message.GetDescriptor();
  const Reflection& r = *message.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor& field = *d.field(i);
    std::string path = absl::StrCat(prefix, field.name());
    // A proto3 scalar without presence "has" its field exactly when it is not zero or empty.
    bool present =
        field.is_repeated() ? r.FieldSize(message, &field) > 0 : r.HasField(message, &field);
    if (!present) {
      if (HasBehavior(field, v1::FIELD_BEHAVIOR_REQUIRED) && named++ < kMaxNamed) {
        v.Add(path, "is required");
      }
      continue;
    }
    if (!IsMessage(field)) continue;
    if (field.is_repeated()) {
      for (int j = 0; j < r.FieldSize(message, &field) && named < kMaxNamed; ++j) {
        FindMissing(r.GetRepeatedMessage(message, &field, j), absl::StrCat(path, "[", j, "]."), v,
                    named);
      }
    } else {
      FindMissing(r.GetMessage(message, &field), absl::StrCat(path, "."), v, named);
    }
  }
}

}  // namespace

bool HasBehavior(const FieldDescriptor& field, v1::FieldBehavior behavior) {
  const auto& options = field.options();
  for (int i = 0; i < options.ExtensionSize(v1::field_behavior); ++i) {
    if (options.GetExtension(v1::field_behavior, i) == behavior) return true;
  }
  return false;
}

void ClearServerFields(Message& request, bool updates) {
  const Descriptor& d = *request.GetDescriptor();
  const Reflection& r = *request.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor& field = *d.field(i);
    if (HasBehavior(field, v1::FIELD_BEHAVIOR_OUTPUT_ONLY) ||
        (!updates && HasBehavior(field, v1::FIELD_BEHAVIOR_IDENTIFIER))) {
      r.ClearField(&request, &field);
      continue;
    }
    if (!IsMessage(field)) continue;
    if (field.is_repeated()) {
      for (int j = 0; j < r.FieldSize(request, &field); ++j) {
        ClearServerFields(*r.MutableRepeatedMessage(&request, &field, j), updates);
      }
    } else if (r.HasField(request, &field)) {
      ClearServerFields(*r.MutableMessage(&request, &field), updates);
    }
  }
}

absl::Status CheckRequiredFields(const Message& request) {
  domain::Validator v;
  int named = 0;
  FindMissing(request, "", v, named);
  return v.Finish();
}

}  // namespace forum::services
