// Running a meeting from the chair's table: the floor of a list (who speaks, the clock, who is
// next), calling the next speaker, pauses, points of order, rights of reply, and the record of
// statements with the participation figures counted from it.
#include "domain/speaker_floor.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "domain/speaker_rules.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "services/idempotency.h"
#include "services/paging.h"
#include "services/speaker_support.h"
#include "services/speakers.h"
#include "storage/speaker_store.h"

namespace forum::services {
namespace {

using Row = storage::SpeakerStore::StatementRow;
using FloorRow = storage::SpeakerStore::FloorRow;

constexpr char kFloorType[] = "forum.v1.Floor";
constexpr int kNextShown = 5;

std::string ListName(const domain::EventChild& ref) {
  return domain::EventChildName(ref.event, "speakerLists", ref.id);
}

v1::Statement StatementOf(const domain::EventChild& ref, const Row& r, int64_t now,
                          int64_t paused_since) {
  v1::Statement s;
  s.set_name(absl::StrCat(ListName(ref), "/statements/", r.id));
  s.set_turn(static_cast<v1::FloorTurn>(r.turn));
  if (!r.speaker_id.empty()) s.set_speaker(domain::SpeakerName(ref.event, ref.id, r.speaker_id));
  s.set_delegation(domain::EventChildName(ref.event, "delegations", r.entity_code));
  s.set_display_name(r.display_name);
  s.set_kind(static_cast<v1::StatementKind>(r.kind));
  s.set_level(static_cast<v1::ProtocolRank>(r.level));
  s.set_speaker_name(r.speaker_name);
  s.set_speaker_title(r.speaker_title);
  if (!r.session_id.empty()) {
    s.set_session(domain::EventChildName(ref.event, "sessions", r.session_id));
  }
  s.set_limit_seconds(r.limit_seconds);
  s.set_reply_number(r.reply_number);
  if (r.start_micros != 0) {
    *s.mutable_start_time() = domain::FromMicros(r.start_micros);
    int64_t until = r.end_micros != 0 ? r.end_micros : now;
    int64_t elapsed = domain::ElapsedMicros(
        {r.start_micros, r.paused_micros, r.end_micros != 0 ? 0 : paused_since}, until);
    s.set_duration_seconds(static_cast<int32_t>(elapsed / 1000000));
    s.set_overrun_seconds(domain::OverrunSeconds(elapsed, r.limit_seconds));
  }
  if (r.end_micros != 0) *s.mutable_end_time() = domain::FromMicros(r.end_micros);
  return s;
}

// The speakers the meeting calls next, in order: on the list, not yet called, and (for the
// plenary) given this meeting or no meeting at all.
std::vector<v1::Speaker> NextSpeakers(storage::Tx& tx, const domain::EventChild& ref,
                                      const std::string& session_name, int limit) {
  std::vector<v1::Speaker> out;
  storage::SpeakerStore::Query q;
  q.limit = domain::kMaxSpeakersPerList;
  for (auto& s : tx.speakers().List(ref.event, ref.id, q)) {
    if (s.state() != v1::SPEAKER_STATE_INSCRIBED && s.state() != v1::SPEAKER_STATE_ASSIGNED) {
      continue;
    }
    if (ref.id == kPlenaryList && !s.session().empty() && s.session() != session_name) continue;
    out.push_back(std::move(s));
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

absl::StatusOr<v1::Floor> BuildFloor(storage::Tx& tx, const domain::EventChild& ref,
                                     const v1::SpeakerList& list) {
  storage::SpeakerStore& store = tx.speakers();
  FloorRow f = store.GetFloor(ref.event, ref.id);
  int64_t now = domain::NowMicros();
  v1::Floor floor;
  floor.set_name(ListName(ref) + "/floor");
  std::string session_name;
  if (!f.session_id.empty()) {
    session_name = domain::EventChildName(ref.event, "sessions", f.session_id);
    floor.set_session(session_name);
  }
  if (f.current != 0) {
    ASSIGN_OR_RETURN(Row row, store.GetStatement(ref.event, ref.id, f.current));
    *floor.mutable_current() = StatementOf(ref, row, now, f.paused_since);
    floor.set_paused(f.paused_since != 0);
    int64_t elapsed =
        domain::ElapsedMicros({row.start_micros, row.paused_micros, f.paused_since}, now);
    floor.set_elapsed_seconds(static_cast<int32_t>(elapsed / 1000000));
    if (row.limit_seconds > 0) {
      floor.set_remaining_seconds(row.limit_seconds - static_cast<int32_t>(elapsed / 1000000));
    }
  }
  if (f.interrupted != 0) {
    ASSIGN_OR_RETURN(Row row, store.GetStatement(ref.event, ref.id, f.interrupted));
    *floor.mutable_interrupted() = StatementOf(ref, row, now, f.interrupted_paused_since);
  }
  for (auto& s : NextSpeakers(tx, ref, session_name, kNextShown)) {
    s.set_time_limit_seconds(domain::StatementSeconds(list, s.kind()));
    *floor.add_next() = std::move(s);
  }
  for (const Row& r : store.QueuedReplies(ref.event, ref.id, f.session_id)) {
    *floor.add_replies() = StatementOf(ref, r, now, 0);
  }
  return floor;
}

absl::Status NobodySpeaks(const domain::EventChild& ref) {
  return domain::FailedPrecondition(kFloorType, ListName(ref) + "/floor",
                                    "nobody has the floor; call the next speaker first");
}

// Ends the turn under way at `now`: its clock stops for good, and a speaker from the list has
// spoken.
void EndTurn(storage::Tx& tx, const domain::EventChild& ref, Row& row, FloorRow& f, int64_t now) {
  domain::TurnClock clock =
      domain::Resumed({row.start_micros, row.paused_micros, f.paused_since}, now);
  row.paused_micros = clock.paused;
  row.end_micros = now;
  tx.speakers().UpdateStatement(ref.event, ref.id, row);
  if (row.turn == v1::FLOOR_TURN_STATEMENT && !row.speaker_id.empty()) {
    auto speaker = tx.speakers().Get(ref.event, ref.id, row.speaker_id);
    if (speaker.ok()) {
      speaker->set_state(v1::SPEAKER_STATE_SPOKE);
      tx.speakers().Update(ref.event, ref.id, row.speaker_id, *speaker);
    }
  }
  f.current = 0;
  f.paused_since = 0;
}

}  // namespace

absl::StatusOr<v1::Floor> Speakers::GetFloor(storage::Tx& tx, const domain::EventChild& ref) {
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref));
  return BuildFloor(tx, ref, list);
}

absl::StatusOr<v1::Floor> Speakers::StartNext(storage::Tx& tx, const domain::EventChild& ref,
                                              const v1::StartNextSpeakerRequest& request) {
  std::string session_id;
  if (!request.session().empty()) {
    ASSIGN_OR_RETURN(auto session,
                     domain::ParseEventChildName(request.session(), "sessions", "session"));
    if (ref.id != kPlenaryList) {
      return domain::InvalidField("session", "only the plenary list runs in plenary meetings");
    }
    if (session.event != ref.event) {
      return domain::InvalidField("session", "must be a plenary meeting of the list's event");
    }
    if (!tx.events().GetSession(session.event, session.id).ok()) {
      return domain::NotFound("forum.v1.Session", request.session(), "session");
    }
    session_id = session.id;
  }
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "speaker_list"));
  storage::SpeakerStore& store = tx.speakers();
  FloorRow f = store.GetFloor(ref.event, ref.id);
  if (f.interrupted != 0) {
    return domain::FailedPrecondition(kFloorType, ListName(ref) + "/floor",
                                      "a point of order has the floor; end it first");
  }
  if (!session_id.empty() && !f.session_id.empty() && session_id != f.session_id &&
      !store.QueuedReplies(ref.event, ref.id, f.session_id).empty()) {
    return domain::FailedPrecondition(
        "REPLIES_QUEUED", domain::EventChildName(ref.event, "sessions", f.session_id),
        "rights of reply are still queued for the meeting under way; call them first", "session");
  }
  if (session_id.empty()) session_id = f.session_id;
  if (ref.id == kPlenaryList && session_id.empty()) {
    return domain::InvalidField("session",
                                "name the plenary meeting to run: none is under way yet");
  }
  int64_t now = domain::NowMicros();
  bool reorder = false;
  if (f.current != 0) {
    ASSIGN_OR_RETURN(Row row, store.GetStatement(ref.event, ref.id, f.current));
    if (request.current_absent()) {
      if (row.turn != v1::FLOOR_TURN_STATEMENT || row.speaker_id.empty()) {
        return domain::InvalidField("current_absent", "only a speaker from the list can be absent");
      }
      // Not a statement: the call is taken back, and the speaker goes to the end of its
      // level (after those sent back before it) or off the list. A place given by hand ends:
      // it would call the same speaker again.
      store.DeleteStatement(ref.event, ref.id, row.id);
      domain::SpeakerRef absent{ref.event, ref.id, row.speaker_id};
      ReleaseFollowers(tx, absent, list);
      ASSIGN_OR_RETURN(auto speaker, store.Get(ref.event, ref.id, row.speaker_id));
      speaker.clear_placement();
      if (list.absent_policy() == v1::ABSENT_POLICY_DROP) {
        speaker.set_state(v1::SPEAKER_STATE_ABSENT);
      } else {
        speaker.set_absent_sequence(store.NextMoveSeq(ref.event, ref.id));
        speaker.set_state(speaker.session().empty() ? v1::SPEAKER_STATE_INSCRIBED
                                                    : v1::SPEAKER_STATE_ASSIGNED);
      }
      store.Update(ref.event, ref.id, row.speaker_id, speaker);
      f.current = 0;
      f.paused_since = 0;
      reorder = true;
    } else {
      EndTurn(tx, ref, row, f, now);
    }
  } else if (request.current_absent()) {
    return NobodySpeaks(ref);
  }
  if (reorder) ReorderSpeakers(tx, ref.event, ref.id, list);
  f.session_id = session_id;

  std::string session_name =
      session_id.empty() ? "" : domain::EventChildName(ref.event, "sessions", session_id);
  std::vector<v1::Speaker> next = NextSpeakers(tx, ref, session_name, 1);
  if (!next.empty()) {
    v1::Speaker& s = next.front();
    std::string id = domain::LastSegment(s.name());
    Row row;
    row.turn = v1::FLOOR_TURN_STATEMENT;
    row.speaker_id = id;
    row.entity_code = domain::LastSegment(s.delegation());
    row.kind = s.kind();
    row.level = s.level();
    row.speaker_name = s.speaker_name();
    row.speaker_title = s.speaker_title();
    row.session_id = session_id;
    row.request_micros = now;
    row.start_micros = now;
    row.limit_seconds = domain::StatementSeconds(list, s.kind());
    f.current = store.InsertStatement(ref.event, ref.id, row);
    s.set_state(v1::SPEAKER_STATE_SPEAKING);
    s.set_session(session_name);
    store.Update(ref.event, ref.id, id, s);
  } else {
    // The list of the meeting is done: the rights of reply, in the order they were asked.
    std::vector<Row> replies = store.QueuedReplies(ref.event, ref.id, session_id);
    if (!replies.empty()) {
      Row row = replies.front();
      // Given the next number, so that the record runs in the order turns began.
      store.DeleteStatement(ref.event, ref.id, row.id);
      row.start_micros = now;
      f.current = store.InsertStatement(ref.event, ref.id, row);
    }
  }
  store.PutFloor(ref.event, ref.id, f);
  return BuildFloor(tx, ref, list);
}

absl::StatusOr<v1::Floor> Speakers::Pause(storage::Tx& tx, const domain::EventChild& ref) {
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "speaker_list"));
  FloorRow f = tx.speakers().GetFloor(ref.event, ref.id);
  if (f.current == 0) return NobodySpeaks(ref);
  if (f.paused_since != 0) return BuildFloor(tx, ref, list);  // stopped already
  f.paused_since = domain::NowMicros();
  tx.speakers().PutFloor(ref.event, ref.id, f);
  return BuildFloor(tx, ref, list);
}

absl::StatusOr<v1::Floor> Speakers::Resume(storage::Tx& tx, const domain::EventChild& ref) {
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "speaker_list"));
  storage::SpeakerStore& store = tx.speakers();
  FloorRow f = store.GetFloor(ref.event, ref.id);
  if (f.current == 0) return NobodySpeaks(ref);
  if (f.paused_since == 0) return BuildFloor(tx, ref, list);  // running already
  ASSIGN_OR_RETURN(Row row, store.GetStatement(ref.event, ref.id, f.current));
  domain::TurnClock clock =
      domain::Resumed({row.start_micros, row.paused_micros, f.paused_since}, domain::NowMicros());
  row.paused_micros = clock.paused;
  store.UpdateStatement(ref.event, ref.id, row);
  f.paused_since = 0;
  store.PutFloor(ref.event, ref.id, f);
  return BuildFloor(tx, ref, list);
}

absl::StatusOr<v1::Floor> Speakers::End(storage::Tx& tx, const domain::EventChild& ref) {
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "speaker_list"));
  storage::SpeakerStore& store = tx.speakers();
  FloorRow f = store.GetFloor(ref.event, ref.id);
  if (f.current == 0) return NobodySpeaks(ref);
  int64_t now = domain::NowMicros();
  ASSIGN_OR_RETURN(Row row, store.GetStatement(ref.event, ref.id, f.current));
  EndTurn(tx, ref, row, f, now);
  if (f.interrupted != 0) {
    // The statement the point of order interrupted has the floor again, its clock running.
    ASSIGN_OR_RETURN(Row back, store.GetStatement(ref.event, ref.id, f.interrupted));
    domain::TurnClock clock =
        domain::Resumed({back.start_micros, back.paused_micros, f.interrupted_paused_since}, now);
    back.paused_micros = clock.paused;
    store.UpdateStatement(ref.event, ref.id, back);
    f.current = f.interrupted;
    f.interrupted = 0;
    f.interrupted_paused_since = 0;
  }
  store.PutFloor(ref.event, ref.id, f);
  return BuildFloor(tx, ref, list);
}

absl::StatusOr<v1::Floor> Speakers::PointOfOrder(storage::Tx& tx, const domain::EventChild& ref,
                                                 const v1::RaisePointOfOrderRequest& request) {
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "speaker_list"));
  ASSIGN_OR_RETURN(auto delegation,
                   DelegationTakingPart(tx, ref, request.delegation(), "delegation"));
  RETURN_IF_ERROR(CheckStatementRoom(tx, ref));
  storage::SpeakerStore& store = tx.speakers();
  FloorRow f = store.GetFloor(ref.event, ref.id);
  if (f.interrupted != 0) {
    return domain::FailedPrecondition(kFloorType, ListName(ref) + "/floor",
                                      "a point of order has the floor; end it first");
  }
  int64_t now = domain::NowMicros();
  if (f.current != 0) {
    f.interrupted = f.current;
    f.interrupted_paused_since = f.paused_since != 0 ? f.paused_since : now;
  }
  Row row;
  row.turn = v1::FLOOR_TURN_POINT_OF_ORDER;
  row.entity_code = domain::LastSegment(delegation.name());
  row.speaker_name = delegation.head().full_name();
  row.speaker_title = delegation.head().title();
  row.session_id = f.session_id;
  row.request_micros = now;
  row.start_micros = now;
  f.current = store.InsertStatement(ref.event, ref.id, row);
  f.paused_since = 0;
  store.PutFloor(ref.event, ref.id, f);
  return BuildFloor(tx, ref, list);
}

absl::StatusOr<v1::Statement> Speakers::RequestReply(
    storage::Tx& tx, const domain::EventChild& ref, const v1::RequestRightOfReplyRequest& request) {
  domain::Validator v;
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::Statement>(
      tx, "RequestRightOfReply", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::Statement> {
        ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "speaker_list"));
        ASSIGN_OR_RETURN(auto delegation,
                         DelegationTakingPart(tx, ref, request.delegation(), "delegation"));
        RETURN_IF_ERROR(CheckStatementRoom(tx, ref));
        storage::SpeakerStore& store = tx.speakers();
        FloorRow f = store.GetFloor(ref.event, ref.id);
        if (ref.id == kPlenaryList && f.session_id.empty()) {
          return domain::FailedPrecondition(kFloorType, ListName(ref) + "/floor",
                                            "no plenary meeting is under way to reply in");
        }
        std::string entity = domain::LastSegment(delegation.name());
        int earlier = store.CountReplies(ref.event, ref.id, entity, f.session_id);
        int limit = domain::ReplyLimitSeconds(list, earlier);
        if (limit == 0) {
          return domain::FailedPrecondition("REPLIES_USED", delegation.name(),
                                            absl::StrCat("has had its ", list.replies_per_meeting(),
                                                         " right(s) of reply in this meeting"),
                                            "delegation");
        }
        Row row;
        row.turn = v1::FLOOR_TURN_RIGHT_OF_REPLY;
        row.entity_code = entity;
        row.speaker_name = delegation.head().full_name();
        row.speaker_title = delegation.head().title();
        row.session_id = f.session_id;
        row.request_micros = domain::NowMicros();
        row.limit_seconds = limit;
        row.reply_number = earlier + 1;
        int64_t id = store.InsertStatement(ref.event, ref.id, row);
        ASSIGN_OR_RETURN(Row stored, store.GetStatement(ref.event, ref.id, id));
        return StatementOf(ref, stored, row.request_micros, 0);
      });
}

absl::StatusOr<v1::ListStatementsResponse> Speakers::ListStatements(
    storage::Tx& tx, const domain::EventChild& ref, const v1::ListStatementsRequest& request) {
  std::string session_id;
  if (!request.session().empty()) {
    ASSIGN_OR_RETURN(auto session,
                     domain::ParseEventChildName(request.session(), "sessions", "session"));
    if (session.event != ref.event) {
      return domain::InvalidField("session", "must be a plenary meeting of the list's event");
    }
    session_id = session.id;
  }
  ASSIGN_OR_RETURN(auto size, domain::PageSize(request.page_size()));
  std::string query = absl::StrCat(request.parent(), "\n", request.session());
  ASSIGN_OR_RETURN(int64_t after, NumericCursor(request.page_token(), query));
  RETURN_IF_ERROR(LoadSpeakerList(tx, ref, "parent", /*count=*/false).status());
  std::vector<Row> rows = tx.speakers().Delivered(ref.event, ref.id, session_id, after, size + 1);
  std::vector<v1::Statement> statements;
  for (const Row& r : rows) statements.push_back(StatementOf(ref, r, r.end_micros, 0));
  v1::ListStatementsResponse response;
  response.set_next_page_token(TrimPage(statements, size, query, [](const v1::Statement& s) {
    return domain::LastSegment(s.name());
  }));
  for (auto& s : statements) *response.add_statements() = std::move(s);
  return response;
}

absl::StatusOr<v1::Statement> Speakers::GetStatement(storage::Tx& tx,
                                                     const domain::StatementRef& ref) {
  domain::EventChild list{ref.event, ref.list};
  ASSIGN_OR_RETURN(Row row, tx.speakers().GetStatement(ref.event, ref.list, ref.number));
  // A turn under way runs on the floor's clock, which stands still while the floor is paused.
  FloorRow floor = tx.speakers().GetFloor(ref.event, ref.list);
  int64_t paused_since = floor.current == row.id       ? floor.paused_since
                         : floor.interrupted == row.id ? floor.interrupted_paused_since
                                                       : 0;
  return StatementOf(list, row, row.end_micros != 0 ? row.end_micros : domain::NowMicros(),
                     paused_since);
}

std::vector<v1::Statement> DeliveredStatements(storage::Tx& tx, const domain::EventChild& ref,
                                               absl::string_view session_id) {
  // Every one, in batches: the caps keep the record under 6,000 turns, but a record is never
  // cut short silently if a list ever holds more.
  std::vector<v1::Statement> statements;
  int64_t after = 0;
  constexpr int kBatch = 1000;
  for (;;) {
    std::vector<Row> rows = tx.speakers().Delivered(ref.event, ref.id, session_id, after, kBatch);
    for (const Row& r : rows) {
      statements.push_back(StatementOf(ref, r, r.end_micros, 0));
      after = r.id;
    }
    if (static_cast<int>(rows.size()) < kBatch) return statements;
  }
}

absl::Status CheckStatementRoom(storage::Tx& tx, const domain::EventChild& ref) {
  if (tx.speakers().CountStatements(ref.event, ref.id) < domain::kMaxStatementsPerList) {
    return absl::OkStatus();
  }
  return domain::CountLimit("STATEMENT_COUNT", ListName(ref), domain::kMaxStatementsPerList,
                            "turns at the floor");
}

absl::StatusOr<v1::Participation> Speakers::GetParticipation(storage::Tx& tx,
                                                             const domain::EventChild& ref) {
  RETURN_IF_ERROR(LoadSpeakerList(tx, ref).status());
  std::vector<domain::DeliveredTurn> turns;
  int64_t after = 0;
  constexpr int kBatch = 1000;
  for (;;) {
    std::vector<Row> rows = tx.speakers().Delivered(ref.event, ref.id, "", after, kBatch);
    for (const Row& r : rows) {
      int64_t elapsed = domain::ElapsedMicros({r.start_micros, r.paused_micros, 0}, r.end_micros);
      turns.push_back({static_cast<v1::FloorTurn>(r.turn), r.entity_code,
                       static_cast<v1::EntityKind>(r.entity_kind),
                       static_cast<v1::StatementKind>(r.kind),
                       static_cast<v1::ProtocolRank>(r.level), elapsed / 1000000,
                       domain::OverrunSeconds(elapsed, r.limit_seconds) > 0});
      after = r.id;
    }
    if (static_cast<int>(rows.size()) < kBatch) break;
  }
  v1::Participation p = domain::CountParticipation(turns);
  p.set_name(ListName(ref) + "/participation");
  return p;
}

}  // namespace forum::services
