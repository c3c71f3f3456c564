// Update masks (AIP-134): which fields of a patch an Update copies onto the stored resource.
#ifndef FORUM_SERVICES_FIELD_MASK_H_
#define FORUM_SERVICES_FIELD_MASK_H_

#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/util/field_mask_util.h"

namespace forum::services {

// Copies the fields named in `mask` from `patch` onto `target`. Each path must be one of
// `allowed` or lie under one of them; message and repeated fields are replaced whole.
template <typename Message>
absl::Status ApplyUpdateMask(const Message& patch, const google::protobuf::FieldMask& mask,
                             const std::set<std::string>& allowed, Message* target) {
  if (mask.paths_size() == 0) {
    return domain::InvalidField("update_mask", absl::StrCat("is required; updatable fields: ",
                                                            absl::StrJoin(allowed, ", ")));
  }
  for (const std::string& path : mask.paths()) {
    bool ok = false;
    for (const std::string& a : allowed) {
      if (path == a ||
          (path.size() > a.size() && path.compare(0, a.size(), a) == 0 && path[a.size()] == '.')) {
        ok = true;
      }
    }
    google::protobuf::FieldMask one;
    one.add_paths(path);
    if (!ok || !google::protobuf::util::FieldMaskUtil::IsValidFieldMask<Message>(one)) {
      return domain::InvalidField(
          "update_mask", absl::StrCat(domain::Quote(path), " cannot be updated; updatable fields: ",
                                      absl::StrJoin(allowed, ", ")));
    }
  }
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(patch, mask, options, target);
  return absl::OkStatus();
}

// The fields of `allowed` (top-level field names) that an Update changes: those named in `mask`;
// without a mask, those that `patch` sets (AIP-134's implied mask), so that a client that sends
// only a title leaves the rest alone. INVALID_ARGUMENT on `update_mask` for a path outside
// `allowed`, or when there is nothing to change.
template <typename Message>
absl::StatusOr<std::set<std::string>> FieldsToUpdate(const Message& patch,
                                                     const google::protobuf::FieldMask& mask,
                                                     const std::set<std::string>& allowed) {
  std::set<std::string> fields;
  for (const std::string& path : mask.paths()) {
    if (allowed.count(path) == 0) {
      return domain::InvalidField(
          "update_mask", absl::StrCat(domain::Quote(path), " cannot be updated; updatable fields: ",
                                      absl::StrJoin(allowed, ", ")));
    }
    fields.insert(path);
  }
  if (mask.paths_size() == 0) {
    const auto* reflection = patch.GetReflection();
    for (const std::string& name : allowed) {
      const auto* field = patch.GetDescriptor()->FindFieldByName(name);
      if (field == nullptr) continue;
      bool set = field->is_repeated() ? reflection->FieldSize(patch, field) > 0
                                      : reflection->HasField(patch, field);
      if (set) fields.insert(name);
    }
  }
  if (fields.empty()) {
    return domain::InvalidField(
        "update_mask", absl::StrCat("nothing to change: set one of ", absl::StrJoin(allowed, ", "),
                                    ", or name the fields to change (and clear) here"));
  }
  return fields;
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_FIELD_MASK_H_
