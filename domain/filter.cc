#include "domain/filter.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/errors.h"

namespace forum::domain {
namespace {

std::string EnumPrefix(const google::protobuf::EnumDescriptor* e) {
  // EntityKind → ENTITY_KIND_
  std::string prefix;
  for (char c : e->name()) {
    if (absl::ascii_isupper(c) && !prefix.empty()) prefix += '_';
    prefix += absl::ascii_toupper(c);
  }
  return prefix + "_";
}

absl::Status Refuse(absl::string_view why, const FilterSchema& schema) {
  std::vector<std::string> keys;
  for (const auto& [key, _] : schema) keys.push_back(key);
  return InvalidField("filter",
                      absl::StrCat(why, "; write terms `key = VALUE` joined by AND, keys: ",
                                   absl::StrJoin(keys, ", ")));
}

}  // namespace

absl::StatusOr<ParsedFilter> ParseFilter(absl::string_view filter, const FilterSchema& schema) {
  ParsedFilter out;
  filter = absl::StripAsciiWhitespace(filter);
  if (filter.empty()) return out;
  if (filter.size() > 1000) return Refuse("is longer than 1000 characters", schema);
  for (absl::string_view term : absl::StrSplit(filter, " AND ")) {
    std::vector<absl::string_view> sides = absl::StrSplit(term, '=');
    if (sides.size() != 2)
      return Refuse(absl::StrCat("cannot read the term ", Quote(term)), schema);
    std::string key(absl::StripAsciiWhitespace(sides[0]));
    std::string value(absl::StripAsciiWhitespace(sides[1]));
    auto it = schema.find(key);
    if (it == schema.end()) return Refuse(absl::StrCat("unknown key ", Quote(key)), schema);
    if (out.count(key)) return Refuse(absl::StrCat("key ", Quote(key), " appears twice"), schema);
    const auto* e = it->second;
    const auto* v = e->FindValueByName(value);
    if (v == nullptr) v = e->FindValueByName(EnumPrefix(e) + value);
    if (v == nullptr || v->number() == 0) {
      std::vector<std::string> names;
      std::string prefix = EnumPrefix(e);
      for (int i = 1; i < e->value_count(); ++i) {
        names.push_back(std::string(absl::StripPrefix(e->value(i)->name(), prefix)));
      }
      return InvalidField("filter", absl::StrCat(Quote(value), " is not a value of ", key,
                                                 "; one of: ", absl::StrJoin(names, ", ")));
    }
    out[key] = v->number();
  }
  return out;
}

}  // namespace forum::domain
