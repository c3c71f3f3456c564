#include "storage/sqlite/entity_store.h"

#include "domain/errors.h"
#include "domain/names.h"

namespace forum::storage::sqlite {
namespace {

constexpr char kColumns[] =
    "SELECT code, display_name, kind, regional_group, admission_date, end_date, description "
    "FROM entities ";

v1::Entity Row(SQLite::Statement& s) {
  v1::Entity e;
  e.set_name(domain::EntityName(s.getColumn(0).getString()));
  e.set_display_name(s.getColumn(1).getString());
  e.set_kind(static_cast<v1::EntityKind>(s.getColumn(2).getInt()));
  e.set_regional_group(static_cast<v1::RegionalGroup>(s.getColumn(3).getInt()));
  e.set_admission_date(s.getColumn(4).getString());
  e.set_end_date(s.getColumn(5).getString());
  e.set_description(s.getColumn(6).getString());
  return e;
}

}  // namespace

absl::StatusOr<v1::Entity> EntityStore::Get(absl::string_view code, absl::string_view field) {
  auto& s = c_.Prepare(std::string(kColumns) + "WHERE code = ?");
  s.bind(1, std::string(code));
  if (!s.executeStep()) return domain::NotFound("forum.v1.Entity", domain::EntityName(code), field);
  return Row(s);
}

std::vector<v1::Entity> EntityStore::List(const Query& q) {
  auto& s = c_.Prepare(std::string(kColumns) +
                       "WHERE code > ? AND (?2 = 0 OR kind = ?2) AND (?3 = 0 OR regional_group = "
                       "?3) ORDER BY code LIMIT ?4");
  s.bind(1, q.after_code);
  s.bind(2, q.kind);
  s.bind(3, q.regional_group);
  s.bind(4, q.limit);
  std::vector<v1::Entity> out;
  while (s.executeStep()) out.push_back(Row(s));
  return out;
}

std::vector<int> EntityStore::MemberStatesByGroup() {
  auto& s = c_.Prepare(
      "SELECT regional_group, count(*) FROM entities WHERE kind = ? GROUP BY regional_group");
  s.bind(1, static_cast<int>(v1::ENTITY_KIND_MEMBER_STATE));
  std::vector<int> out(v1::RegionalGroup_ARRAYSIZE, 0);
  while (s.executeStep()) {
    int group = s.getColumn(0).getInt();
    if (group >= 0 && group < static_cast<int>(out.size())) out[group] = s.getColumn(1).getInt();
  }
  return out;
}

}  // namespace forum::storage::sqlite
