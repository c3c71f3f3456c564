#include "storage/sql/round_table_store.h"

#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"

namespace forum::storage::sql {
namespace {

constexpr char kColumns[] =
    "SELECT r.event_id, r.round_table_id, r.number, r.title, r.theme_id, r.description, "
    "r.rapporteur, r.capacity, r.reserved_seats, r.state, r.start_time, r.end_time, r.room_id, "
    "r.times_indicative, r.version, "
    "(SELECT count(*) FROM round_table_participants p WHERE p.event_id = r.event_id AND "
    "p.round_table_id = r.round_table_id) FROM round_tables r ";

v1::RoundTable Row(Statement& s) {
  v1::RoundTable rt;
  std::string event = s.Column(0).String();
  rt.set_name(domain::EventChildName(event, "roundTables", s.Column(1).String()));
  rt.set_number(s.Column(2).Int());
  rt.set_title(s.Column(3).String());
  if (!s.Column(4).IsNull()) {
    rt.set_theme(domain::EventChildName(event, "themes", s.Column(4).String()));
  }
  rt.set_description(s.Column(5).String());
  rt.set_rapporteur(s.Column(6).String());
  rt.set_capacity(s.Column(7).Int());
  rt.set_reserved_seats(s.Column(8).Int());
  rt.set_state(static_cast<v1::RoundTableState>(s.Column(9).Int()));
  if (!s.Column(10).IsNull()) {
    *rt.mutable_start_time() = domain::FromMicros(s.Column(10).Int64());
    *rt.mutable_end_time() = domain::FromMicros(s.Column(11).Int64());
  }
  if (!s.Column(12).IsNull()) {
    rt.set_room(domain::EventChildName(event, "rooms", s.Column(12).String()));
  }
  rt.set_times_indicative(s.Column(13).Int() != 0);
  rt.set_etag(domain::EtagOf(s.Column(14).Int64()));
  rt.set_participant_count(s.Column(15).Int());
  return rt;
}

// The id at the end of an optional resource name, or NULL bound when the name is empty.
void BindLastSegment(Statement& s, int index, const std::string& name) {
  if (name.empty()) {
    s.BindNull(index);
  } else {
    s.Bind(index, domain::LastSegment(name));
  }
}

void BindFields(Statement& s, const v1::RoundTable& rt) {
  s.Bind(3, rt.number());
  s.Bind(4, rt.title());
  BindLastSegment(s, 5, rt.theme());
  s.Bind(6, rt.description());
  s.Bind(7, rt.rapporteur());
  s.Bind(8, rt.capacity());
  s.Bind(9, rt.reserved_seats());
  s.Bind(10, rt.state());
  if (rt.has_start_time()) {
    s.Bind(11, domain::ToMicros(rt.start_time()));
    s.Bind(12, domain::ToMicros(rt.end_time()));
  } else {
    s.BindNull(11);
    s.BindNull(12);
  }
  BindLastSegment(s, 13, rt.room());
  s.Bind(14, rt.times_indicative() ? 1 : 0);
}

// A change of seats changes the round table's etag.
void BumpVersion(Connection& c, absl::string_view event_id, absl::string_view id) {
  auto& s = c.Prepare(
      "UPDATE round_tables SET version = version + 1 WHERE event_id = ? AND round_table_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  s.Run();
}

void FillCoChairs(Connection& c, v1::RoundTable& rt) {
  auto& s = c.Prepare(
      "SELECT entity_code FROM round_table_participants WHERE event_id = ? AND round_table_id = ? "
      "AND role = ? ORDER BY entity_code");
  std::string event = rt.name().substr(7, rt.name().find('/', 7) - 7);
  s.Bind(1, event);
  s.Bind(2, domain::LastSegment(rt.name()));
  s.Bind(3, static_cast<int>(v1::PARTICIPANT_ROLE_CO_CHAIR));
  while (s.Step()) {
    rt.add_co_chairs(domain::EventChildName(event, "delegations", s.Column(0).String()));
  }
}

std::vector<v1::RoundTable> Rows(Connection& c, Statement& s) {
  std::vector<v1::RoundTable> out;
  while (s.Step()) out.push_back(Row(s));
  for (auto& rt : out) FillCoChairs(c, rt);
  return out;
}

}  // namespace

absl::StatusOr<v1::RoundTable> RoundTableStore::Get(absl::string_view event_id,
                                                    absl::string_view id, absl::string_view field) {
  auto& s = c_.Prepare(std::string(kColumns) + "WHERE r.event_id = ? AND r.round_table_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  auto rows = Rows(c_, s);
  if (rows.empty()) {
    return domain::NotFound("forum.v1.RoundTable",
                            domain::EventChildName(event_id, "roundTables", id), field);
  }
  return rows.front();
}

std::string RoundTableStore::WithNumber(absl::string_view event_id, int number) {
  auto& s = c_.Prepare("SELECT round_table_id FROM round_tables WHERE event_id = ? AND number = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, number);
  return s.Step() ? s.Column(0).String() : std::string();
}

void RoundTableStore::Insert(absl::string_view event_id, absl::string_view id,
                             const v1::RoundTable& rt) {
  auto& s = c_.Prepare(
      "INSERT INTO round_tables (event_id, round_table_id, number, title, theme_id, description, "
      "rapporteur, capacity, reserved_seats, state, start_time, end_time, room_id, "
      "times_indicative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  BindFields(s, rt);
  s.Run();
}

void RoundTableStore::Update(absl::string_view event_id, absl::string_view id,
                             const v1::RoundTable& rt) {
  auto& s = c_.Prepare(
      "UPDATE round_tables SET number = ?3, title = ?4, theme_id = ?5, description = ?6, "
      "rapporteur = ?7, capacity = ?8, reserved_seats = ?9, state = ?10, start_time = ?11, "
      "end_time = ?12, room_id = ?13, times_indicative = ?14, version = version + 1 "
      "WHERE event_id = ?1 AND round_table_id = ?2");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  BindFields(s, rt);
  s.Run();
}

void RoundTableStore::Delete(absl::string_view event_id, absl::string_view id) {
  auto& s = c_.Prepare("DELETE FROM round_tables WHERE event_id = ? AND round_table_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  s.Run();
}

std::vector<v1::RoundTable> RoundTableStore::List(absl::string_view event_id, int after_number,
                                                  int limit) {
  auto& s = c_.Prepare(std::string(kColumns) +
                       "WHERE r.event_id = ? AND r.number > ? ORDER BY r.number LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, after_number);
  s.Bind(3, limit);
  return Rows(c_, s);
}

std::vector<v1::RoundTable> RoundTableStore::InRoomOverlapping(absl::string_view event_id,
                                                               absl::string_view room_id,
                                                               int64_t start, int64_t end,
                                                               absl::string_view except_id) {
  auto& s = c_.Prepare(std::string(kColumns) +
                       "WHERE r.event_id = ? AND r.room_id = ? AND r.start_time < ? AND "
                       "r.end_time > ? AND r.round_table_id <> ? AND r.state <> ? "
                       "ORDER BY r.start_time");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(room_id));
  s.Bind(3, end);
  s.Bind(4, start);
  s.Bind(5, std::string(except_id));
  s.Bind(6, static_cast<int>(v1::ROUND_TABLE_STATE_CANCELLED));
  return Rows(c_, s);
}

std::vector<v1::RoundTable> RoundTableStore::CoChairedOverlapping(absl::string_view event_id,
                                                                  absl::string_view entity_code,
                                                                  int64_t start, int64_t end,
                                                                  absl::string_view except_id) {
  auto& s = c_.Prepare(std::string(kColumns) +
                       "JOIN round_table_participants p ON p.event_id = r.event_id AND "
                       "p.round_table_id = r.round_table_id WHERE r.event_id = ? AND "
                       "p.entity_code = ? AND p.role = ? AND r.start_time < ? AND "
                       "r.end_time > ? AND r.round_table_id <> ? AND r.state <> ? "
                       "ORDER BY r.start_time");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, static_cast<int>(v1::PARTICIPANT_ROLE_CO_CHAIR));
  s.Bind(4, end);
  s.Bind(5, start);
  s.Bind(6, std::string(except_id));
  s.Bind(7, static_cast<int>(v1::ROUND_TABLE_STATE_CANCELLED));
  return Rows(c_, s);
}

std::vector<v1::RoundTableParticipant> RoundTableStore::Participants(absl::string_view event_id,
                                                                     absl::string_view id,
                                                                     absl::string_view after,
                                                                     int limit) {
  auto& s = c_.Prepare(
      "SELECT p.entity_code, p.role, e.display_name, e.kind, e.regional_group, p.add_time "
      "FROM round_table_participants p JOIN entities e ON e.code = p.entity_code "
      "WHERE p.event_id = ? AND p.round_table_id = ? AND p.entity_code > ? "
      "ORDER BY p.entity_code LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  s.Bind(3, std::string(after));
  s.Bind(4, AllIfNegative(limit));
  std::vector<v1::RoundTableParticipant> out;
  while (s.Step()) {
    v1::RoundTableParticipant p;
    p.set_round_table(domain::EventChildName(event_id, "roundTables", id));
    p.set_delegation(domain::EventChildName(event_id, "delegations", s.Column(0).String()));
    p.set_role(static_cast<v1::ParticipantRole>(s.Column(1).Int()));
    p.set_display_name(s.Column(2).String());
    p.set_entity_kind(static_cast<v1::EntityKind>(s.Column(3).Int()));
    p.set_regional_group(static_cast<v1::RegionalGroup>(s.Column(4).Int()));
    *p.mutable_add_time() = domain::FromMicros(s.Column(5).Int64());
    out.push_back(std::move(p));
  }
  return out;
}

int RoundTableStore::RoleOf(absl::string_view event_id, absl::string_view id,
                            absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT role FROM round_table_participants WHERE event_id = ? AND round_table_id = ? AND "
      "entity_code = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  s.Bind(3, std::string(entity_code));
  return s.Step() ? s.Column(0).Int() : 0;
}

void RoundTableStore::AddParticipant(absl::string_view event_id, absl::string_view id,
                                     absl::string_view entity_code, int role, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO round_table_participants (event_id, round_table_id, entity_code, role, "
      "add_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
      "(event_id, round_table_id, entity_code) DO UPDATE SET role = excluded.role");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  s.Bind(3, std::string(entity_code));
  s.Bind(4, role);
  s.Bind(5, now);
  s.Run();
  BumpVersion(c_, event_id, id);
}

void RoundTableStore::RemoveParticipant(absl::string_view event_id, absl::string_view id,
                                        absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "DELETE FROM round_table_participants WHERE event_id = ? AND round_table_id = ? AND "
      "entity_code = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  s.Bind(3, std::string(entity_code));
  s.Run();
  BumpVersion(c_, event_id, id);
}

std::vector<std::string> RoundTableStore::TablesOf(absl::string_view event_id,
                                                   absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT p.round_table_id FROM round_table_participants p JOIN round_tables r ON "
      "r.event_id = p.event_id AND r.round_table_id = p.round_table_id WHERE p.event_id = ? AND "
      "p.entity_code = ? AND r.state <> ? ORDER BY p.round_table_id");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, static_cast<int>(v1::ROUND_TABLE_STATE_CANCELLED));
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Column(0).String());
  return out;
}

RoundTableStore::Preferences RoundTableStore::GetPreferences(absl::string_view event_id,
                                                             absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT round_table_id, update_time FROM round_table_preferences WHERE event_id = ? AND "
      "entity_code = ? ORDER BY rank");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  Preferences out;
  while (s.Step()) {
    out.round_tables.push_back(s.Column(0).String());
    out.update_micros = s.Column(1).Int64();
  }
  return out;
}

void RoundTableStore::SetPreferences(absl::string_view event_id, absl::string_view entity_code,
                                     const std::vector<std::string>& round_tables, int64_t now) {
  auto& del =
      c_.Prepare("DELETE FROM round_table_preferences WHERE event_id = ? AND entity_code = ?");
  del.Bind(1, std::string(event_id));
  del.Bind(2, std::string(entity_code));
  del.Run();
  for (size_t i = 0; i < round_tables.size(); ++i) {
    auto& s = c_.Prepare(
        "INSERT INTO round_table_preferences (event_id, entity_code, rank, round_table_id, "
        "update_time) VALUES (?, ?, ?, ?, ?)");
    s.Bind(1, std::string(event_id));
    s.Bind(2, std::string(entity_code));
    s.Bind(3, static_cast<int>(i) + 1);
    s.Bind(4, round_tables[i]);
    s.Bind(5, now);
    s.Run();
  }
}

std::map<std::string, std::vector<std::string>> RoundTableStore::AllPreferences(
    absl::string_view event_id) {
  auto& s = c_.Prepare(
      "SELECT entity_code, round_table_id FROM round_table_preferences WHERE event_id = ? "
      "ORDER BY entity_code, rank");
  s.Bind(1, std::string(event_id));
  std::map<std::string, std::vector<std::string>> out;
  while (s.Step()) out[s.Column(0).String()].push_back(s.Column(1).String());
  return out;
}

int RoundTableStore::PreferenceCount(absl::string_view event_id, absl::string_view id) {
  auto& s = c_.Prepare(
      "SELECT count(*) FROM round_table_preferences WHERE event_id = ? AND round_table_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(id));
  s.Step();
  return s.Column(0).Int();
}

v1::RoundTableRules RoundTableStore::GetRules(absl::string_view event_id) {
  auto& s = c_.Prepare(
      "SELECT max_per_state, regional_slack, version FROM round_table_rules WHERE event_id = ?");
  s.Bind(1, std::string(event_id));
  v1::RoundTableRules rules;
  rules.set_name(domain::EventName(event_id) + "/roundTableRules");
  if (s.Step()) {
    rules.set_max_round_tables_per_state(s.Column(0).Int());
    rules.set_regional_slack(s.Column(1).Int());
    rules.set_etag(domain::EtagOf(s.Column(2).Int64()));
  } else {
    rules.set_max_round_tables_per_state(1);
    rules.set_regional_slack(0);
    rules.set_etag(domain::EtagOf(0));
  }
  return rules;
}

void RoundTableStore::SetRules(absl::string_view event_id, const v1::RoundTableRules& rules) {
  auto& s = c_.Prepare(
      "INSERT INTO round_table_rules (event_id, max_per_state, regional_slack) VALUES (?, ?, ?) "
      "ON CONFLICT (event_id) DO UPDATE SET max_per_state = excluded.max_per_state, "
      "regional_slack = excluded.regional_slack, version = round_table_rules.version + 1");
  s.Bind(1, std::string(event_id));
  s.Bind(2, rules.max_round_tables_per_state());
  s.Bind(3, rules.regional_slack());
  s.Run();
}

void RoundTableStore::ReleaseCancelled(absl::string_view event_id, absl::string_view id) {
  auto& seats = c_.Prepare(
      "DELETE FROM round_table_participants WHERE event_id = ? AND round_table_id = ? AND "
      "role <> ?");
  seats.Bind(1, std::string(event_id));
  seats.Bind(2, std::string(id));
  seats.Bind(3, static_cast<int>(v1::PARTICIPANT_ROLE_CO_CHAIR));
  seats.Run();
  DropFromPreferences(event_id, id);
  BumpVersion(c_, event_id, id);
}

void RoundTableStore::ReleaseDelegation(absl::string_view event_id, absl::string_view entity_code) {
  // Only tables still to meet: a concluded table's participants and a cancelled one's co-chairs
  // are its record.
  auto& tables = c_.Prepare(
      "SELECT p.round_table_id FROM round_table_participants p JOIN round_tables r ON "
      "r.event_id = p.event_id AND r.round_table_id = p.round_table_id WHERE p.event_id = ? AND "
      "p.entity_code = ? AND r.state IN (?, ?)");
  tables.Bind(1, std::string(event_id));
  tables.Bind(2, std::string(entity_code));
  tables.Bind(3, static_cast<int>(v1::ROUND_TABLE_STATE_PLANNED));
  tables.Bind(4, static_cast<int>(v1::ROUND_TABLE_STATE_SCHEDULED));
  std::vector<std::string> sat_at;
  while (tables.Step()) sat_at.push_back(tables.Column(0).String());
  tables.Reset();
  for (const auto& id : sat_at) {
    RemoveParticipant(event_id, id, entity_code);
    BumpVersion(c_, event_id, id);
  }
  auto& ranking =
      c_.Prepare("DELETE FROM round_table_preferences WHERE event_id = ? AND entity_code = ?");
  ranking.Bind(1, std::string(event_id));
  ranking.Bind(2, std::string(entity_code));
  ranking.Run();
}

void RoundTableStore::DropFromPreferences(absl::string_view event_id, absl::string_view id) {
  // Each ranking that holds the table, rewritten without it so that ranks stay 1, 2, 3...
  auto& holders = c_.Prepare(
      "SELECT entity_code, update_time FROM round_table_preferences WHERE event_id = ? AND "
      "round_table_id = ?");
  holders.Bind(1, std::string(event_id));
  holders.Bind(2, std::string(id));
  std::vector<std::pair<std::string, int64_t>> affected;
  while (holders.Step()) {
    affected.emplace_back(holders.Column(0).String(), holders.Column(1).Int64());
  }
  holders.Reset();
  for (const auto& [entity, updated] : affected) {
    Preferences ranked = GetPreferences(event_id, entity);
    std::vector<std::string> kept;
    for (const auto& table : ranked.round_tables) {
      if (table != id) kept.push_back(table);
    }
    SetPreferences(event_id, entity, kept, updated);
  }
}

}  // namespace forum::storage::sql
