#include "storage/sqlite/round_table_store.h"

#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"

namespace forum::storage::sqlite {
namespace {

constexpr char kColumns[] =
    "SELECT r.event_id, r.round_table_id, r.number, r.title, r.theme_id, r.description, "
    "r.rapporteur, r.capacity, r.reserved_seats, r.state, r.start_time, r.end_time, r.room_id, "
    "r.times_indicative, r.version, "
    "(SELECT count(*) FROM round_table_participants p WHERE p.event_id = r.event_id AND "
    "p.round_table_id = r.round_table_id) FROM round_tables r ";

v1::RoundTable Row(SQLite::Statement& s) {
  v1::RoundTable rt;
  std::string event = s.getColumn(0).getString();
  rt.set_name(domain::EventChildName(event, "roundTables", s.getColumn(1).getString()));
  rt.set_number(s.getColumn(2).getInt());
  rt.set_title(s.getColumn(3).getString());
  if (!s.getColumn(4).isNull()) {
    rt.set_theme(domain::EventChildName(event, "themes", s.getColumn(4).getString()));
  }
  rt.set_description(s.getColumn(5).getString());
  rt.set_rapporteur(s.getColumn(6).getString());
  rt.set_capacity(s.getColumn(7).getInt());
  rt.set_reserved_seats(s.getColumn(8).getInt());
  rt.set_state(static_cast<v1::RoundTableState>(s.getColumn(9).getInt()));
  if (!s.getColumn(10).isNull()) {
    *rt.mutable_start_time() = domain::FromMicros(s.getColumn(10).getInt64());
    *rt.mutable_end_time() = domain::FromMicros(s.getColumn(11).getInt64());
  }
  if (!s.getColumn(12).isNull()) {
    rt.set_room(domain::EventChildName(event, "rooms", s.getColumn(12).getString()));
  }
  rt.set_times_indicative(s.getColumn(13).getInt() != 0);
  rt.set_etag(domain::EtagOf(s.getColumn(14).getInt64()));
  rt.set_participant_count(s.getColumn(15).getInt());
  return rt;
}

// The id at the end of an optional resource name, or NULL bound when the name is empty.
void BindLastSegment(SQLite::Statement& s, int index, const std::string& name) {
  if (name.empty()) {
    s.bind(index);
  } else {
    s.bind(index, domain::LastSegment(name));
  }
}

void BindFields(SQLite::Statement& s, const v1::RoundTable& rt) {
  s.bind(3, rt.number());
  s.bind(4, rt.title());
  BindLastSegment(s, 5, rt.theme());
  s.bind(6, rt.description());
  s.bind(7, rt.rapporteur());
  s.bind(8, rt.capacity());
  s.bind(9, rt.reserved_seats());
  s.bind(10, rt.state());
  if (rt.has_start_time()) {
    s.bind(11, domain::ToMicros(rt.start_time()));
    s.bind(12, domain::ToMicros(rt.end_time()));
  } else {
    s.bind(11);
    s.bind(12);
  }
  BindLastSegment(s, 13, rt.room());
  s.bind(14, rt.times_indicative() ? 1 : 0);
}

// A change of seats changes the round table's etag.
void BumpVersion(Connection& c, absl::string_view event_id, absl::string_view id) {
  auto& s = c.Prepare(
      "UPDATE round_tables SET version = version + 1 WHERE event_id = ? AND round_table_id = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  s.exec();
}

void FillCoChairs(Connection& c, v1::RoundTable& rt) {
  auto& s = c.Prepare(
      "SELECT entity_code FROM round_table_participants WHERE event_id = ? AND round_table_id = ? "
      "AND role = ? ORDER BY entity_code");
  std::string event = rt.name().substr(7, rt.name().find('/', 7) - 7);
  s.bind(1, event);
  s.bind(2, domain::LastSegment(rt.name()));
  s.bind(3, static_cast<int>(v1::PARTICIPANT_ROLE_CO_CHAIR));
  while (s.executeStep()) {
    rt.add_co_chairs(domain::EventChildName(event, "delegations", s.getColumn(0).getString()));
  }
}

std::vector<v1::RoundTable> Rows(Connection& c, SQLite::Statement& s) {
  std::vector<v1::RoundTable> out;
  while (s.executeStep()) out.push_back(Row(s));
  for (auto& rt : out) FillCoChairs(c, rt);
  return out;
}

}  // namespace

absl::StatusOr<v1::RoundTable> RoundTableStore::Get(absl::string_view event_id,
                                                    absl::string_view id, absl::string_view field) {
  auto& s = c_.Prepare(std::string(kColumns) + "WHERE r.event_id = ? AND r.round_table_id = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  auto rows = Rows(c_, s);
  if (rows.empty()) {
    return domain::NotFound("forum.v1.RoundTable",
                            domain::EventChildName(event_id, "roundTables", id), field);
  }
  return rows.front();
}

std::string RoundTableStore::WithNumber(absl::string_view event_id, int number) {
  auto& s = c_.Prepare("SELECT round_table_id FROM round_tables WHERE event_id = ? AND number = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, number);
  return s.executeStep() ? s.getColumn(0).getString() : std::string();
}

void RoundTableStore::Insert(absl::string_view event_id, absl::string_view id,
                             const v1::RoundTable& rt) {
  auto& s = c_.Prepare(
      "INSERT INTO round_tables (event_id, round_table_id, number, title, theme_id, description, "
      "rapporteur, capacity, reserved_seats, state, start_time, end_time, room_id, "
      "times_indicative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  BindFields(s, rt);
  s.exec();
}

void RoundTableStore::Update(absl::string_view event_id, absl::string_view id,
                             const v1::RoundTable& rt) {
  auto& s = c_.Prepare(
      "UPDATE round_tables SET number = ?3, title = ?4, theme_id = ?5, description = ?6, "
      "rapporteur = ?7, capacity = ?8, reserved_seats = ?9, state = ?10, start_time = ?11, "
      "end_time = ?12, room_id = ?13, times_indicative = ?14, version = version + 1 "
      "WHERE event_id = ?1 AND round_table_id = ?2");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  BindFields(s, rt);
  s.exec();
}

void RoundTableStore::Delete(absl::string_view event_id, absl::string_view id) {
  auto& s = c_.Prepare("DELETE FROM round_tables WHERE event_id = ? AND round_table_id = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  s.exec();
}

std::vector<v1::RoundTable> RoundTableStore::List(absl::string_view event_id, int after_number,
                                                  int limit) {
  auto& s = c_.Prepare(std::string(kColumns) +
                       "WHERE r.event_id = ? AND r.number > ? ORDER BY r.number LIMIT ?");
  s.bind(1, std::string(event_id));
  s.bind(2, after_number);
  s.bind(3, limit);
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
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(room_id));
  s.bind(3, end);
  s.bind(4, start);
  s.bind(5, std::string(except_id));
  s.bind(6, static_cast<int>(v1::ROUND_TABLE_STATE_CANCELLED));
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
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, static_cast<int>(v1::PARTICIPANT_ROLE_CO_CHAIR));
  s.bind(4, end);
  s.bind(5, start);
  s.bind(6, std::string(except_id));
  s.bind(7, static_cast<int>(v1::ROUND_TABLE_STATE_CANCELLED));
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
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  s.bind(3, std::string(after));
  s.bind(4, limit);
  std::vector<v1::RoundTableParticipant> out;
  while (s.executeStep()) {
    v1::RoundTableParticipant p;
    p.set_round_table(domain::EventChildName(event_id, "roundTables", id));
    p.set_delegation(domain::EventChildName(event_id, "delegations", s.getColumn(0).getString()));
    p.set_role(static_cast<v1::ParticipantRole>(s.getColumn(1).getInt()));
    p.set_display_name(s.getColumn(2).getString());
    p.set_entity_kind(static_cast<v1::EntityKind>(s.getColumn(3).getInt()));
    p.set_regional_group(static_cast<v1::RegionalGroup>(s.getColumn(4).getInt()));
    *p.mutable_add_time() = domain::FromMicros(s.getColumn(5).getInt64());
    out.push_back(std::move(p));
  }
  return out;
}

int RoundTableStore::RoleOf(absl::string_view event_id, absl::string_view id,
                            absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT role FROM round_table_participants WHERE event_id = ? AND round_table_id = ? AND "
      "entity_code = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  s.bind(3, std::string(entity_code));
  return s.executeStep() ? s.getColumn(0).getInt() : 0;
}

void RoundTableStore::AddParticipant(absl::string_view event_id, absl::string_view id,
                                     absl::string_view entity_code, int role, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO round_table_participants (event_id, round_table_id, entity_code, role, "
      "add_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  s.bind(3, std::string(entity_code));
  s.bind(4, role);
  s.bind(5, now);
  s.exec();
  BumpVersion(c_, event_id, id);
}

void RoundTableStore::RemoveParticipant(absl::string_view event_id, absl::string_view id,
                                        absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "DELETE FROM round_table_participants WHERE event_id = ? AND round_table_id = ? AND "
      "entity_code = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  s.bind(3, std::string(entity_code));
  s.exec();
  BumpVersion(c_, event_id, id);
}

std::vector<std::string> RoundTableStore::TablesOf(absl::string_view event_id,
                                                   absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT p.round_table_id FROM round_table_participants p JOIN round_tables r ON "
      "r.event_id = p.event_id AND r.round_table_id = p.round_table_id WHERE p.event_id = ? AND "
      "p.entity_code = ? AND r.state <> ? ORDER BY p.round_table_id");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, static_cast<int>(v1::ROUND_TABLE_STATE_CANCELLED));
  std::vector<std::string> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getString());
  return out;
}

RoundTableStore::Preferences RoundTableStore::GetPreferences(absl::string_view event_id,
                                                             absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT round_table_id, update_time FROM round_table_preferences WHERE event_id = ? AND "
      "entity_code = ? ORDER BY rank");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  Preferences out;
  while (s.executeStep()) {
    out.round_tables.push_back(s.getColumn(0).getString());
    out.update_micros = s.getColumn(1).getInt64();
  }
  return out;
}

void RoundTableStore::SetPreferences(absl::string_view event_id, absl::string_view entity_code,
                                     const std::vector<std::string>& round_tables, int64_t now) {
  auto& del =
      c_.Prepare("DELETE FROM round_table_preferences WHERE event_id = ? AND entity_code = ?");
  del.bind(1, std::string(event_id));
  del.bind(2, std::string(entity_code));
  del.exec();
  for (size_t i = 0; i < round_tables.size(); ++i) {
    auto& s = c_.Prepare(
        "INSERT INTO round_table_preferences (event_id, entity_code, rank, round_table_id, "
        "update_time) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, std::string(event_id));
    s.bind(2, std::string(entity_code));
    s.bind(3, static_cast<int>(i) + 1);
    s.bind(4, round_tables[i]);
    s.bind(5, now);
    s.exec();
  }
}

std::map<std::string, std::vector<std::string>> RoundTableStore::AllPreferences(
    absl::string_view event_id) {
  auto& s = c_.Prepare(
      "SELECT entity_code, round_table_id FROM round_table_preferences WHERE event_id = ? "
      "ORDER BY entity_code, rank");
  s.bind(1, std::string(event_id));
  std::map<std::string, std::vector<std::string>> out;
  while (s.executeStep()) out[s.getColumn(0).getString()].push_back(s.getColumn(1).getString());
  return out;
}

int RoundTableStore::PreferenceCount(absl::string_view event_id, absl::string_view id) {
  auto& s = c_.Prepare(
      "SELECT count(*) FROM round_table_preferences WHERE event_id = ? AND round_table_id = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(id));
  s.executeStep();
  return s.getColumn(0).getInt();
}

v1::RoundTableRules RoundTableStore::GetRules(absl::string_view event_id) {
  auto& s = c_.Prepare(
      "SELECT max_per_state, regional_slack, version FROM round_table_rules WHERE event_id = ?");
  s.bind(1, std::string(event_id));
  v1::RoundTableRules rules;
  rules.set_name(domain::EventName(event_id) + "/roundTableRules");
  if (s.executeStep()) {
    rules.set_max_round_tables_per_state(s.getColumn(0).getInt());
    rules.set_regional_slack(s.getColumn(1).getInt());
    rules.set_etag(domain::EtagOf(s.getColumn(2).getInt64()));
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
      "regional_slack = excluded.regional_slack, version = version + 1");
  s.bind(1, std::string(event_id));
  s.bind(2, rules.max_round_tables_per_state());
  s.bind(3, rules.regional_slack());
  s.exec();
}

void RoundTableStore::ReleaseCancelled(absl::string_view event_id, absl::string_view id) {
  auto& seats = c_.Prepare(
      "DELETE FROM round_table_participants WHERE event_id = ? AND round_table_id = ? AND "
      "role <> ?");
  seats.bind(1, std::string(event_id));
  seats.bind(2, std::string(id));
  seats.bind(3, static_cast<int>(v1::PARTICIPANT_ROLE_CO_CHAIR));
  seats.exec();
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
  tables.bind(1, std::string(event_id));
  tables.bind(2, std::string(entity_code));
  tables.bind(3, static_cast<int>(v1::ROUND_TABLE_STATE_PLANNED));
  tables.bind(4, static_cast<int>(v1::ROUND_TABLE_STATE_SCHEDULED));
  std::vector<std::string> sat_at;
  while (tables.executeStep()) sat_at.push_back(tables.getColumn(0).getString());
  tables.reset();
  for (const auto& id : sat_at) {
    RemoveParticipant(event_id, id, entity_code);
    BumpVersion(c_, event_id, id);
  }
  auto& ranking =
      c_.Prepare("DELETE FROM round_table_preferences WHERE event_id = ? AND entity_code = ?");
  ranking.bind(1, std::string(event_id));
  ranking.bind(2, std::string(entity_code));
  ranking.exec();
}

void RoundTableStore::DropFromPreferences(absl::string_view event_id, absl::string_view id) {
  // Each ranking that holds the table, rewritten without it so that ranks stay 1, 2, 3...
  auto& holders = c_.Prepare(
      "SELECT entity_code, update_time FROM round_table_preferences WHERE event_id = ? AND "
      "round_table_id = ?");
  holders.bind(1, std::string(event_id));
  holders.bind(2, std::string(id));
  std::vector<std::pair<std::string, int64_t>> affected;
  while (holders.executeStep()) {
    affected.emplace_back(holders.getColumn(0).getString(), holders.getColumn(1).getInt64());
  }
  holders.reset();
  for (const auto& [entity, updated] : affected) {
    Preferences ranked = GetPreferences(event_id, entity);
    std::vector<std::string> kept;
    for (const auto& table : ranked.round_tables) {
      if (table != id) kept.push_back(table);
    }
    SetPreferences(event_id, entity, kept, updated);
  }
}

}  // namespace forum::storage::sqlite
