// The SQL implementation, shared by both engines, of storage::SpeakerStore, second part: the floor
// of each list and the turns at it (rights of reply queued, the turn under way, the record of
// statements). The lists and their speakers are in speaker_store.cc.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "storage/sql/speaker_store.h"

namespace forum::storage::sql {

namespace {

constexpr char kStatementColumns[] =
    "SELECT t.statement_id, t.turn, t.speaker_id, t.entity_code, t.kind, t.level, "
    "t.speaker_name, t.speaker_title, t.session_id, t.request_time, t.start_time, t.end_time, "
    "t.paused_micros, t.limit_seconds, t.reply_number, e.display_name, e.kind "
    "FROM statements t JOIN entities e ON e.code = t.entity_code ";

int64_t OrZero(const Field& c) { return c.IsNull() ? 0 : c.Int64(); }

SpeakerStore::StatementRow StatementOf(Statement& s) {
  SpeakerStore::StatementRow r;
  r.id = s.Column(0).Int64();
  r.turn = s.Column(1).Int();
  r.speaker_id = s.Column(2).IsNull() ? "" : s.Column(2).String();
  r.entity_code = s.Column(3).String();
  r.kind = s.Column(4).Int();
  r.level = s.Column(5).Int();
  r.speaker_name = s.Column(6).String();
  r.speaker_title = s.Column(7).String();
  r.session_id = s.Column(8).IsNull() ? "" : s.Column(8).String();
  r.request_micros = s.Column(9).Int64();
  r.start_micros = OrZero(s.Column(10));
  r.end_micros = OrZero(s.Column(11));
  r.paused_micros = s.Column(12).Int64();
  r.limit_seconds = s.Column(13).Int();
  r.reply_number = s.Column(14).Int();
  r.display_name = s.Column(15).String();
  r.entity_kind = s.Column(16).Int();
  return r;
}

void BindOptional(Statement& s, int index, const std::string& text) {
  if (text.empty()) {
    s.BindNull(index);
  } else {
    s.Bind(index, text);
  }
}

void BindOptional(Statement& s, int index, int64_t value) {
  if (value == 0) {
    s.BindNull(index);
  } else {
    s.Bind(index, value);
  }
}

// Binds a statement's columns after its key: ?4 turn .. ?17 reply number.
void BindStatement(Statement& s, const SpeakerStore::StatementRow& r) {
  s.Bind(4, r.turn);
  BindOptional(s, 5, r.speaker_id);
  s.Bind(6, r.entity_code);
  s.Bind(7, r.kind);
  s.Bind(8, r.level);
  s.Bind(9, r.speaker_name);
  s.Bind(10, r.speaker_title);
  BindOptional(s, 11, r.session_id);
  s.Bind(12, r.request_micros);
  BindOptional(s, 13, r.start_micros);
  BindOptional(s, 14, r.end_micros);
  s.Bind(15, r.paused_micros);
  s.Bind(16, r.limit_seconds);
  s.Bind(17, r.reply_number);
}

}  // namespace

SpeakerStore::FloorRow SpeakerStore::GetFloor(absl::string_view event_id,
                                              absl::string_view list_id) {
  auto& s = c_.Prepare(
      "SELECT session_id, current_statement, interrupted_statement, paused_since, "
      "interrupted_paused_since FROM speaker_floors WHERE event_id = ? AND list_id = ?");
  BindListKey(s, event_id, list_id);
  FloorRow f;
  if (!s.Step()) return f;
  f.session_id = s.Column(0).IsNull() ? "" : s.Column(0).String();
  f.current = OrZero(s.Column(1));
  f.interrupted = OrZero(s.Column(2));
  f.paused_since = s.Column(3).Int64();
  f.interrupted_paused_since = s.Column(4).Int64();
  return f;
}

void SpeakerStore::PutFloor(absl::string_view event_id, absl::string_view list_id,
                            const FloorRow& f) {
  auto& s = c_.Prepare(
      "INSERT INTO speaker_floors (event_id, list_id, session_id, current_statement, "
      "interrupted_statement, paused_since, interrupted_paused_since) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT (event_id, list_id) DO UPDATE SET session_id = ?3, current_statement = ?4, "
      "interrupted_statement = ?5, paused_since = ?6, interrupted_paused_since = ?7");
  BindListKey(s, event_id, list_id);
  BindOptional(s, 3, f.session_id);
  BindOptional(s, 4, f.current);
  BindOptional(s, 5, f.interrupted);
  s.Bind(6, f.paused_since);
  s.Bind(7, f.interrupted_paused_since);
  s.Run();
}

int64_t SpeakerStore::InsertStatement(absl::string_view event_id, absl::string_view list_id,
                                      const StatementRow& row) {
  EnsureList(event_id, list_id);
  auto& next = c_.Prepare(
      "UPDATE speaker_lists SET statement_seq = statement_seq + 1 WHERE event_id = ? AND "
      "list_id = ? RETURNING statement_seq");
  BindListKey(next, event_id, list_id);
  next.Step();
  int64_t id = next.Column(0).Int64();
  while (next.Step()) {
  }
  auto& s = c_.Prepare(
      "INSERT INTO statements (event_id, list_id, statement_id, turn, speaker_id, entity_code, "
      "kind, level, speaker_name, speaker_title, session_id, request_time, start_time, end_time, "
      "paused_micros, limit_seconds, reply_number) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
      "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  BindListKey(s, event_id, list_id);
  s.Bind(3, id);
  BindStatement(s, row);
  s.Run();
  return id;
}

void SpeakerStore::UpdateStatement(absl::string_view event_id, absl::string_view list_id,
                                   const StatementRow& row) {
  auto& s = c_.Prepare(
      "UPDATE statements SET turn = ?4, speaker_id = ?5, entity_code = ?6, kind = ?7, "
      "level = ?8, speaker_name = ?9, speaker_title = ?10, session_id = ?11, "
      "request_time = ?12, start_time = ?13, end_time = ?14, paused_micros = ?15, "
      "limit_seconds = ?16, reply_number = ?17 "
      "WHERE event_id = ?1 AND list_id = ?2 AND statement_id = ?3");
  BindListKey(s, event_id, list_id);
  s.Bind(3, row.id);
  BindStatement(s, row);
  s.Run();
}

void SpeakerStore::DeleteStatement(absl::string_view event_id, absl::string_view list_id,
                                   int64_t id) {
  auto& s =
      c_.Prepare("DELETE FROM statements WHERE event_id = ? AND list_id = ? AND statement_id = ?");
  BindListKey(s, event_id, list_id);
  s.Bind(3, id);
  s.Run();
}

absl::StatusOr<SpeakerStore::StatementRow> SpeakerStore::GetStatement(absl::string_view event_id,
                                                                      absl::string_view list_id,
                                                                      int64_t id) {
  auto& s = c_.Prepare(std::string(kStatementColumns) +
                       "WHERE t.event_id = ? AND t.list_id = ? AND t.statement_id = ?");
  BindListKey(s, event_id, list_id);
  s.Bind(3, id);
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Statement",
                            absl::StrCat(domain::EventChildName(event_id, "speakerLists", list_id),
                                         "/statements/", id));
  }
  return StatementOf(s);
}

std::vector<SpeakerStore::StatementRow> SpeakerStore::QueuedReplies(absl::string_view event_id,
                                                                    absl::string_view list_id,
                                                                    absl::string_view session_id) {
  auto& s = c_.Prepare(std::string(kStatementColumns) +
                       "WHERE t.event_id = ?1 AND t.list_id = ?2 AND t.turn = ?3 AND "
                       "t.start_time IS NULL AND t.session_id IS NOT DISTINCT FROM ?4 ORDER BY "
                       "t.statement_id "
                       "LIMIT 1000");
  BindListKey(s, event_id, list_id);
  s.Bind(3, static_cast<int>(v1::FLOOR_TURN_RIGHT_OF_REPLY));
  BindOptional(s, 4, std::string(session_id));
  std::vector<StatementRow> out;
  while (s.Step()) out.push_back(StatementOf(s));
  return out;
}

int SpeakerStore::CountReplies(absl::string_view event_id, absl::string_view list_id,
                               absl::string_view entity_code, absl::string_view session_id) {
  auto& s = c_.Prepare(
      "SELECT count(*) FROM statements WHERE event_id = ?1 AND list_id = ?2 AND "
      "entity_code = ?3 AND session_id IS NOT DISTINCT FROM ?4 AND turn = ?5");
  BindListKey(s, event_id, list_id);
  s.Bind(3, std::string(entity_code));
  BindOptional(s, 4, std::string(session_id));
  s.Bind(5, static_cast<int>(v1::FLOOR_TURN_RIGHT_OF_REPLY));
  s.Step();
  return s.Column(0).Int();
}

int64_t SpeakerStore::CountStatements(absl::string_view event_id, absl::string_view list_id) {
  auto& s = c_.Prepare("SELECT count(*) FROM statements WHERE event_id = ?1 AND list_id = ?2");
  BindListKey(s, event_id, list_id);
  s.Step();
  return s.Column(0).Int64();
}

std::vector<SpeakerStore::StatementRow> SpeakerStore::Delivered(absl::string_view event_id,
                                                                absl::string_view list_id,
                                                                absl::string_view session_id,
                                                                int64_t after_id, int limit) {
  auto& s = c_.Prepare(std::string(kStatementColumns) +
                       "WHERE t.event_id = ?1 AND t.list_id = ?2 AND t.end_time IS NOT NULL AND "
                       "(t.session_id = ?3 OR ?3 IS NULL) AND t.statement_id > ?4 "
                       "ORDER BY t.statement_id LIMIT ?5");
  BindListKey(s, event_id, list_id);
  BindOptional(s, 3, std::string(session_id));
  s.Bind(4, after_id);
  s.Bind(5, limit);
  std::vector<StatementRow> out;
  while (s.Step()) out.push_back(StatementOf(s));
  return out;
}

void SpeakerStore::DropQueuedReplies(absl::string_view event_id, absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "DELETE FROM statements WHERE event_id = ? AND entity_code = ? AND start_time IS NULL");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Run();
}

}  // namespace forum::storage::sql
