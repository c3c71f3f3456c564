#include "services/field_behavior.h"

#include <string>

#include "absl/strings/match.h"
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
// without its required fields thousands of times); the rest are counted.
constexpr int kMaxNamed = 20;

void FindMissing(const Message& message, const std::string& prefix, domain::Validator& v,
                 int& missing) {
  const Descriptor& d = *message.GetDescriptor();
  const Reflection& r = *message.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor& field = *d.field(i);
    // A proto3 scalar without presence "has" its field exactly when it is not zero or empty.
    bool present =
        field.is_repeated() ? r.FieldSize(message, &field) > 0 : r.HasField(message, &field);
    if (!present) {
      if (HasBehavior(field, v1::FIELD_BEHAVIOR_REQUIRED) && missing++ < kMaxNamed) {
        v.Add(absl::StrCat(prefix, field.name()), "is required");
      }
      continue;
    }
    if (!IsMessage(field)) continue;
    std::string path = absl::StrCat(prefix, field.name());
    if (field.is_repeated()) {
      for (int j = 0; j < r.FieldSize(message, &field); ++j) {
        FindMissing(r.GetRepeatedMessage(message, &field, j), absl::StrCat(path, "[", j, "]."), v,
                    missing);
      }
    } else {
      FindMissing(r.GetMessage(message, &field), absl::StrCat(path, "."), v, missing);
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

bool IsCreateMethod(absl::string_view method) {
  for (absl::string_view verb : {"Create", "Register", "Add", "Insert", "Inscribe"}) {
    if (absl::StartsWith(method, verb)) return true;
  }
  return false;
}

void ClearServerFields(Message& request, bool creates) {
  const Descriptor& d = *request.GetDescriptor();
  const Reflection& r = *request.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor& field = *d.field(i);
    if (HasBehavior(field, v1::FIELD_BEHAVIOR_OUTPUT_ONLY) ||
        (creates && HasBehavior(field, v1::FIELD_BEHAVIOR_IDENTIFIER))) {
      r.ClearField(&request, &field);
      continue;
    }
    if (!IsMessage(field)) continue;
    if (field.is_repeated()) {
      for (int j = 0; j < r.FieldSize(request, &field); ++j) {
        ClearServerFields(*r.MutableRepeatedMessage(&request, &field, j), creates);
      }
    } else if (r.HasField(request, &field)) {
      ClearServerFields(*r.MutableMessage(&request, &field), creates);
    }
  }
}

absl::Status CheckRequiredFields(const Message& request) {
  domain::Validator v;
  int missing = 0;
  FindMissing(request, "", v, missing);
  if (missing > kMaxNamed) {
    v.Add("...", absl::StrCat("and ", missing - kMaxNamed, " more required fields are empty"));
  }
  return v.Finish();
}

}  // namespace forum::services
