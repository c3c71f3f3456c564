#include "storage/sql/speaker_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"
#include "domain/speaker_rules.h"

namespace forum::storage::sql {
namespace {

constexpr char kListColumns[] =
    "SELECT open, inscription_deadline, policy, draw_seed, groups_first, national_seconds, "
    "group_seconds, joint_seconds, observer_seconds, organization_seconds, replies_per_meeting, "
    "first_reply_seconds, second_reply_seconds, allow_multiple_national, absent_policy, version "
    "FROM speaker_lists WHERE event_id = ? AND list_id = ?";

constexpr char kSpeakerColumns[] =
    "SELECT s.event_id, s.list_id, s.speaker_id, s.entity_code, s.speaker_name, s.speaker_title, "
    "s.level, s.kind, s.on_behalf_of, s.language, s.inscribe_time, s.state, s.session_id, "
    "s.position, s.moved_after, s.move_reason, s.moved_by, s.move_time, s.version, "
    "e.display_name, e.kind, s.move_seq, s.absent_seq FROM speakers s "
    "JOIN entities e ON e.code = s.entity_code ";

v1::Speaker Row(Statement& s) {
  v1::Speaker out;
  std::string event = s.Column(0).String();
  std::string list = s.Column(1).String();
  out.set_name(domain::SpeakerName(event, list, s.Column(2).String()));
  out.set_delegation(domain::EventChildName(event, "delegations", s.Column(3).String()));
  out.set_speaker_name(s.Column(4).String());
  out.set_speaker_title(s.Column(5).String());
  out.set_level(static_cast<v1::ProtocolRank>(s.Column(6).Int()));
  out.set_kind(static_cast<v1::StatementKind>(s.Column(7).Int()));
  out.set_on_behalf_of(s.Column(8).String());
  out.set_language(s.Column(9).String());
  *out.mutable_inscribe_time() = domain::FromMicros(s.Column(10).Int64());
  out.set_state(static_cast<v1::SpeakerState>(s.Column(11).Int()));
  if (!s.Column(12).IsNull()) {
    out.set_session(domain::EventChildName(event, "sessions", s.Column(12).String()));
  }
  out.set_position(s.Column(13).Int());
  if (!s.Column(14).IsNull()) {
    v1::ManualPlacement& p = *out.mutable_placement();
    std::string after = s.Column(14).String();
    if (!after.empty()) p.set_after(domain::SpeakerName(event, list, after));
    p.set_reason(s.Column(15).String());
    p.set_moved_by(s.Column(16).String());
    *p.mutable_move_time() = domain::FromMicros(s.Column(17).Int64());
    p.set_sequence(s.Column(21).Int64());
  }
  out.set_etag(domain::EtagOf(s.Column(18).Int64()));
  out.set_display_name(s.Column(19).String());
  out.set_entity_kind(static_cast<v1::EntityKind>(s.Column(20).Int()));
  out.set_absent_sequence(s.Column(22).Int64());
  return out;
}

std::vector<v1::Speaker> Rows(Statement& s) {
  std::vector<v1::Speaker> out;
  while (s.Step()) out.push_back(Row(s));
  return out;
}

}  // namespace

void BindListKey(Statement& s, absl::string_view event_id, absl::string_view list_id) {
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(list_id));
}

namespace {

// The filter of a Query, after `event_id = ?1 AND list_id = ?2`: ?3 the session (NULL: any),
// ?4 whether withdrawn speakers count.
constexpr char kQueryFilter[] =
    "s.event_id = ?1 AND s.list_id = ?2 AND (s.session_id = ?3 OR ?3 IS NULL) AND "
    "(?4 OR s.position > 0) ";

void BindQuery(Statement& s, const storage::SpeakerStore::Query& q) {
  if (q.session_id.empty()) {
    s.BindNull(3);
  } else {
    s.Bind(3, q.session_id);
  }
  s.Bind(4, q.show_withdrawn ? 1 : 0);
}

}  // namespace

v1::SpeakerList SpeakerStore::GetList(absl::string_view event_id, absl::string_view list_id) {
  auto& s = c_.Prepare(kListColumns);
  BindListKey(s, event_id, list_id);
  v1::SpeakerList list = domain::DefaultSpeakerList();
  if (!s.Step()) {
    list.set_etag(domain::EtagOf(1));
    return list;
  }
  list.set_open(s.Column(0).Int() != 0);
  if (!s.Column(1).IsNull()) {
    *list.mutable_inscription_deadline() = domain::FromMicros(s.Column(1).Int64());
  }
  list.set_policy(static_cast<v1::PrecedencePolicy>(s.Column(2).Int()));
  list.set_draw_seed(s.Column(3).Int64());
  list.set_groups_first(s.Column(4).Int() != 0);
  v1::StatementTimeLimits& t = *list.mutable_time_limits();
  t.set_national_seconds(s.Column(5).Int());
  t.set_group_seconds(s.Column(6).Int());
  t.set_joint_seconds(s.Column(7).Int());
  t.set_observer_seconds(s.Column(8).Int());
  t.set_organization_seconds(s.Column(9).Int());
  list.set_replies_per_meeting(s.Column(10).Int());
  list.set_first_reply_seconds(s.Column(11).Int());
  list.set_second_reply_seconds(s.Column(12).Int());
  list.set_allow_multiple_national(s.Column(13).Int() != 0);
  list.set_absent_policy(static_cast<v1::AbsentPolicy>(s.Column(14).Int()));
  list.set_etag(domain::EtagOf(s.Column(15).Int64()));
  return list;
}

void SpeakerStore::EnsureList(absl::string_view event_id, absl::string_view list_id) {
  auto& exists = c_.Prepare("SELECT 1 FROM speaker_lists WHERE event_id = ? AND list_id = ?");
  BindListKey(exists, event_id, list_id);
  if (exists.Step()) return;
  auto& s = c_.Prepare(
      "INSERT INTO speaker_lists (event_id, list_id, open, inscription_deadline, policy, "
      "draw_seed, groups_first, national_seconds, group_seconds, joint_seconds, observer_seconds, "
      "organization_seconds, replies_per_meeting, first_reply_seconds, second_reply_seconds, "
      "allow_multiple_national, absent_policy) "
      "VALUES (?, ?, ?, NULL, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  v1::SpeakerList d = domain::DefaultSpeakerList();
  BindListKey(s, event_id, list_id);
  s.Bind(3, d.open() ? 1 : 0);
  s.Bind(4, d.policy());
  s.Bind(5, d.groups_first() ? 1 : 0);
  s.Bind(6, d.time_limits().national_seconds());
  s.Bind(7, d.time_limits().group_seconds());
  s.Bind(8, d.time_limits().joint_seconds());
  s.Bind(9, d.time_limits().observer_seconds());
  s.Bind(10, d.time_limits().organization_seconds());
  s.Bind(11, d.replies_per_meeting());
  s.Bind(12, d.first_reply_seconds());
  s.Bind(13, d.second_reply_seconds());
  s.Bind(14, d.allow_multiple_national() ? 1 : 0);
  s.Bind(15, d.absent_policy());
  s.Run();
}

void SpeakerStore::PutList(absl::string_view event_id, absl::string_view list_id,
                           const v1::SpeakerList& list) {
  EnsureList(event_id, list_id);
  auto& s = c_.Prepare(
      "UPDATE speaker_lists SET open = ?3, inscription_deadline = ?4, policy = ?5, "
      "draw_seed = ?6, groups_first = ?7, national_seconds = ?8, group_seconds = ?9, "
      "joint_seconds = ?10, observer_seconds = ?11, organization_seconds = ?12, "
      "replies_per_meeting = ?13, first_reply_seconds = ?14, second_reply_seconds = ?15, "
      "allow_multiple_national = ?16, absent_policy = ?17, version = version + 1 "
      "WHERE event_id = ?1 AND list_id = ?2");
  BindListKey(s, event_id, list_id);
  s.Bind(3, list.open() ? 1 : 0);
  if (list.has_inscription_deadline()) {
    s.Bind(4, domain::ToMicros(list.inscription_deadline()));
  } else {
    s.BindNull(4);
  }
  s.Bind(5, list.policy());
  s.Bind(6, static_cast<int64_t>(list.draw_seed()));
  s.Bind(7, list.groups_first() ? 1 : 0);
  const v1::StatementTimeLimits& t = list.time_limits();
  s.Bind(8, t.national_seconds());
  s.Bind(9, t.group_seconds());
  s.Bind(10, t.joint_seconds());
  s.Bind(11, t.observer_seconds());
  s.Bind(12, t.organization_seconds());
  s.Bind(13, list.replies_per_meeting());
  s.Bind(14, list.first_reply_seconds());
  s.Bind(15, list.second_reply_seconds());
  s.Bind(16, list.allow_multiple_national() ? 1 : 0);
  s.Bind(17, list.absent_policy());
  s.Run();
}

int64_t SpeakerStore::NextMoveSeq(absl::string_view event_id, absl::string_view list_id) {
  EnsureList(event_id, list_id);
  auto& s = c_.Prepare(
      "UPDATE speaker_lists SET move_seq = move_seq + 1 WHERE event_id = ? AND list_id = ? "
      "RETURNING move_seq");
  BindListKey(s, event_id, list_id);
  s.Step();
  int64_t seq = s.Column(0).Int64();
  while (s.Step()) {
  }
  return seq;
}

absl::StatusOr<v1::Speaker> SpeakerStore::Get(absl::string_view event_id, absl::string_view list_id,
                                              absl::string_view id, absl::string_view field) {
  auto& s = c_.Prepare(std::string(kSpeakerColumns) +
                       "WHERE s.event_id = ? AND s.list_id = ? AND s.speaker_id = ?");
  BindListKey(s, event_id, list_id);
  s.Bind(3, std::string(id));
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Speaker", domain::SpeakerName(event_id, list_id, id), field);
  }
  return Row(s);
}

std::vector<v1::Speaker> SpeakerStore::All(absl::string_view event_id, absl::string_view list_id) {
  auto& s = c_.Prepare(std::string(kSpeakerColumns) + "WHERE s.event_id = ? AND s.list_id = ?");
  BindListKey(s, event_id, list_id);
  return Rows(s);
}

std::vector<v1::Speaker> SpeakerStore::List(absl::string_view event_id, absl::string_view list_id,
                                            const Query& q) {
  // Speakers on the list by position, read as one range of speakers_in_order; then, when
  // asked, those off it (position 0) by id. The cursor is the last speaker read: its position,
  // and for one off the list its id.
  std::vector<v1::Speaker> out;
  auto bind_session = [&](Statement& s) {
    if (q.session_id.empty()) {
      s.BindNull(4);
    } else {
      s.Bind(4, q.session_id);
    }
  };
  if (q.after_position != 0) {
    auto& s = c_.Prepare(std::string(kSpeakerColumns) +
                         "WHERE s.event_id = ?1 AND s.list_id = ?2 AND s.position > ?3 AND "
                         "(s.session_id = ?4 OR ?4 IS NULL) ORDER BY s.position LIMIT ?5");
    BindListKey(s, event_id, list_id);
    s.Bind(3, std::max<int64_t>(q.after_position, 0));
    bind_session(s);
    s.Bind(5, q.limit);
    out = Rows(s);
  }
  if (q.show_withdrawn && static_cast<int>(out.size()) < q.limit) {
    auto& s = c_.Prepare(std::string(kSpeakerColumns) +
                         "WHERE s.event_id = ?1 AND s.list_id = ?2 AND s.position = 0 AND "
                         "s.speaker_id > ?3 AND (s.session_id = ?4 OR ?4 IS NULL) "
                         "ORDER BY s.speaker_id LIMIT ?5");
    BindListKey(s, event_id, list_id);
    s.Bind(3, q.after_position == 0 ? q.after_id : std::string());
    bind_session(s);
    s.Bind(5, q.limit - static_cast<int>(out.size()));
    for (auto& row : Rows(s)) out.push_back(std::move(row));
  }
  return out;
}

int SpeakerStore::Count(absl::string_view event_id, absl::string_view list_id, const Query& q) {
  if (q.session_id.empty()) {
    // No meeting asked for: every column the count needs is in the index speakers_in_order,
    // so it is counted there, without looking up each speaker's row for its meeting.
    auto& s = c_.Prepare(
        "SELECT count(*) FROM speakers WHERE event_id = ?1 AND list_id = ?2 AND "
        "(?3 OR position > 0)");
    BindListKey(s, event_id, list_id);
    s.Bind(3, q.show_withdrawn ? 1 : 0);
    s.Step();
    return s.Column(0).Int();
  }
  auto& s = c_.Prepare(std::string("SELECT count(*) FROM speakers s WHERE ") + kQueryFilter);
  BindListKey(s, event_id, list_id);
  BindQuery(s, q);
  s.Step();
  return s.Column(0).Int();
}

int64_t SpeakerStore::CountAll(absl::string_view event_id, absl::string_view list_id) {
  auto& s = c_.Prepare("SELECT count(*) FROM speakers WHERE event_id = ? AND list_id = ?");
  BindListKey(s, event_id, list_id);
  s.Step();
  return s.Column(0).Int64();
}

std::vector<std::string> SpeakerStore::IdsOf(absl::string_view event_id, absl::string_view list_id,
                                             absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT speaker_id FROM speakers WHERE event_id = ? AND entity_code = ? AND list_id = ? "
      "ORDER BY speaker_id");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, std::string(list_id));
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Column(0).String());
  return out;
}

namespace {

// Binds what a speaker's row holds beyond its key, its delegation and its inscription time:
// ?5..?10 its fields, ?12 state, ?13 meeting, ?14..?18 the manual placement.
void BindSpeaker(Statement& s, const v1::Speaker& sp) {
  s.Bind(5, sp.speaker_name());
  s.Bind(6, sp.speaker_title());
  s.Bind(7, sp.level());
  s.Bind(8, sp.kind());
  s.Bind(9, sp.on_behalf_of());
  s.Bind(10, sp.language());
  s.Bind(12, sp.state());
  if (sp.session().empty()) {
    s.BindNull(13);
  } else {
    s.Bind(13, domain::LastSegment(sp.session()));
  }
  if (sp.has_placement()) {
    const v1::ManualPlacement& p = sp.placement();
    s.Bind(14, p.after().empty() ? std::string() : domain::LastSegment(p.after()));
    s.Bind(15, p.reason());
    s.Bind(16, p.moved_by());
    s.Bind(17, domain::ToMicros(p.move_time()));
    s.Bind(18, static_cast<int64_t>(p.sequence()));
  } else {
    s.BindNull(14);
    s.Bind(15, "");
    s.Bind(16, "");
    s.Bind(17, 0);
    s.Bind(18, 0);
  }
}

}  // namespace

void SpeakerStore::Insert(absl::string_view event_id, absl::string_view list_id,
                          absl::string_view id, const v1::Speaker& speaker) {
  auto& s = c_.Prepare(
      "INSERT INTO speakers (event_id, list_id, speaker_id, entity_code, speaker_name, "
      "speaker_title, level, kind, on_behalf_of, language, inscribe_time, state, session_id, "
      "moved_after, move_reason, moved_by, move_time, move_seq) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
  BindListKey(s, event_id, list_id);
  s.Bind(3, std::string(id));
  s.Bind(4, domain::LastSegment(speaker.delegation()));
  s.Bind(11, domain::ToMicros(speaker.inscribe_time()));
  BindSpeaker(s, speaker);
  s.Run();
}

void SpeakerStore::Update(absl::string_view event_id, absl::string_view list_id,
                          absl::string_view id, const v1::Speaker& speaker) {
  auto& s = c_.Prepare(
      "UPDATE speakers SET speaker_name = ?5, speaker_title = ?6, level = ?7, kind = ?8, "
      "on_behalf_of = ?9, language = ?10, inscribe_time = ?11, state = ?12, session_id = ?13, "
      "moved_after = ?14, "
      "move_reason = ?15, moved_by = ?16, move_time = ?17, move_seq = ?18, absent_seq = ?19, "
      "version = version + 1 WHERE event_id = ?1 AND list_id = ?2 AND speaker_id = ?3");
  BindListKey(s, event_id, list_id);
  s.Bind(3, std::string(id));
  s.Bind(11, domain::ToMicros(speaker.inscribe_time()));
  BindSpeaker(s, speaker);
  s.Bind(19, static_cast<int64_t>(speaker.absent_sequence()));
  s.Run();
}

void SpeakerStore::SetPositions(absl::string_view event_id, absl::string_view list_id,
                                const std::vector<std::pair<std::string, int>>& positions) {
  auto& s = c_.Prepare(
      "UPDATE speakers SET position = ?4 WHERE event_id = ?1 AND list_id = ?2 AND "
      "speaker_id = ?3");
  for (const auto& [id, position] : positions) {
    s.Reset();
    BindListKey(s, event_id, list_id);
    s.Bind(3, id);
    s.Bind(4, position);
    s.Run();
  }
}

void SpeakerStore::DropList(absl::string_view event_id, absl::string_view list_id) {
  for (const char* sql : {"DELETE FROM statements WHERE event_id = ? AND list_id = ?",
                          "DELETE FROM speaker_floors WHERE event_id = ? AND list_id = ?",
                          "DELETE FROM speakers WHERE event_id = ? AND list_id = ?",
                          "DELETE FROM speaker_lists WHERE event_id = ? AND list_id = ?"}) {
    auto& s = c_.Prepare(sql);
    BindListKey(s, event_id, list_id);
    s.Run();
  }
}

std::vector<std::string> SpeakerStore::ListsWith(absl::string_view event_id,
                                                 absl::string_view entity_code) {
  auto& s = c_.Prepare(
      "SELECT DISTINCT list_id FROM speakers WHERE event_id = ? AND entity_code = ? AND "
      "position > 0 ORDER BY list_id");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Column(0).String());
  return out;
}

}  // namespace forum::storage::sql
