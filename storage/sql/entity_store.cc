#include "storage/sql/entity_store.h"

#include "domain/errors.h"
#include "domain/names.h"

namespace forum::storage::sql {
namespace {

constexpr char kColumns[] =
    "SELECT code, display_name, kind, regional_group, admission_date, end_date, description "
    "FROM entities ";

v1::Entity Row(Statement& s) {
  v1::Entity e;
  e.set_name(domain::EntityName(s.Column(0).String()));
  e.set_display_name(s.Column(1).String());
  e.set_kind(static_cast<v1::EntityKind>(s.Column(2).Int()));
  e.set_regional_group(static_cast<v1::RegionalGroup>(s.Column(3).Int()));
  e.set_admission_date(s.Column(4).String());
  e.set_end_date(s.Column(5).String());
  e.set_description(s.Column(6).String());
  return e;
}

}  // namespace

absl::StatusOr<v1::Entity> EntityStore::Get(absl::string_view code, absl::string_view field) {
  auto& s = c_.Prepare(std::string(kColumns) + "WHERE code = ?");
  s.Bind(1, std::string(code));
  if (!s.Step()) return domain::NotFound("forum.v1.Entity", domain::EntityName(code), field);
  return Row(s);
}

std::vector<v1::Entity> EntityStore::List(const Query& q) {
  auto& s = c_.Prepare(std::string(kColumns) +
                       "WHERE code > ? AND (?2 = 0 OR kind = ?2) AND (?3 = 0 OR regional_group = "
                       "?3) ORDER BY code LIMIT ?4");
  s.Bind(1, q.after_code);
  s.Bind(2, q.kind);
  s.Bind(3, q.regional_group);
  s.Bind(4, q.limit);
  std::vector<v1::Entity> out;
  while (s.Step()) out.push_back(Row(s));
  return out;
}

std::vector<int> EntityStore::MemberStatesByGroup() {
  auto& s = c_.Prepare(
      "SELECT regional_group, count(*) FROM entities WHERE kind = ? GROUP BY regional_group");
  s.Bind(1, static_cast<int>(v1::ENTITY_KIND_MEMBER_STATE));
  std::vector<int> out(v1::RegionalGroup_ARRAYSIZE, 0);
  while (s.Step()) {
    int group = s.Column(0).Int();
    if (group >= 0 && group < static_cast<int>(out.size())) out[group] = s.Column(1).Int();
  }
  return out;
}

}  // namespace forum::storage::sql
