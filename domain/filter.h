// List filters: the subset of AIP-160 that our lists need.
//
// A filter is a conjunction of equality terms on enum fields: `state = ACCREDITED AND
// regional_group = AFRICAN`. Values are enum value names, with or without the enum's prefix
// (`AFRICAN` or `REGIONAL_GROUP_AFRICAN`). Anything else is refused as INVALID_ARGUMENT on the
// `filter` field, with the allowed keys in the message.
#ifndef FORUM_DOMAIN_FILTER_H_
#define FORUM_DOMAIN_FILTER_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace forum::domain {

// The keys a list accepts and the enum each key's values belong to.
using FilterSchema = std::map<std::string, const google::protobuf::EnumDescriptor*>;

// key → enum number. An empty filter gives an empty map.
using ParsedFilter = std::map<std::string, int>;

absl::StatusOr<ParsedFilter> ParseFilter(absl::string_view filter, const FilterSchema& schema);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_FILTER_H_
