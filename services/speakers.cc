// The entries of lists of speakers: inscription, reading, changes, withdrawal and manual moves.
#include "services/speakers.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "domain/speaker_distribution.h"
#include "domain/speaker_order.h"
#include "domain/speaker_rules.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/paging.h"
#include "services/speaker_support.h"
#include "storage/speaker_store.h"

namespace forum::services {
namespace {

constexpr char kSpeakerType[] = "forum.v1.Speaker";

// The id of a delegation's next entry on a list: its entity code, then `code-2`, `code-3`.
std::string NextSpeakerId(const std::vector<std::string>& taken, absl::string_view code) {
  std::string base(code.substr(0, 60));
  std::set<std::string> used(taken.begin(), taken.end());
  if (!used.count(base)) return base;
  for (int n = 2;; ++n) {
    std::string id = absl::StrCat(base, "-", n);
    if (!used.count(id)) return id;
  }
}

// A speaker loaded for a change: its list, the speaker with the etag given, still changeable,
// and for a focal point a list still open.
struct Loaded {
  v1::SpeakerList list;
  v1::Speaker speaker;
};
absl::StatusOr<Loaded> LoadForChange(storage::Tx& tx, const domain::SpeakerRef& ref,
                                     absl::string_view etag, absl::string_view etag_field,
                                     SpeakerActor actor) {
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, {ref.event, ref.list}));
  ASSIGN_OR_RETURN(auto speaker, tx.speakers().Get(ref.event, ref.list, ref.speaker));
  RETURN_IF_ERROR(
      domain::CheckEtag(etag, speaker.etag(), kSpeakerType, speaker.name(), etag_field));
  RETURN_IF_ERROR(domain::CheckSpeakerChangeable(speaker));
  if (actor == SpeakerActor::kFocalPoint) {
    RETURN_IF_ERROR(domain::CheckListOpen(list, domain::NowMicros()));
  }
  return Loaded{std::move(list), std::move(speaker)};
}

absl::StatusOr<v1::Speaker> Reload(storage::Tx& tx, const domain::SpeakerRef& ref) {
  ASSIGN_OR_RETURN(auto speaker, tx.speakers().Get(ref.event, ref.list, ref.speaker));
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, {ref.event, ref.list}));
  speaker.set_time_limit_seconds(domain::StatementSeconds(list, speaker.kind()));
  return speaker;
}

// ALREADY_EXISTS when one of the delegation's entries `ids` (other than `except_id`) is a
// national statement still on the list: a list holds one per delegation unless it allows more.
absl::Status CheckNoOtherNational(storage::SpeakerStore& store, absl::string_view event_id,
                                  absl::string_view list_id, const std::vector<std::string>& ids,
                                  absl::string_view except_id) {
  for (const std::string& id : ids) {
    if (id == except_id) continue;
    auto other = store.Get(event_id, list_id, id);
    if (other.ok() && other->kind() == v1::STATEMENT_KIND_NATIONAL && !OffTheList(other->state())) {
      return domain::AlreadyExists(kSpeakerType, other->name(),
                                   "a delegation holds one national statement on this list; "
                                   "update or withdraw the one it has");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Speaker> Speakers::Inscribe(storage::Tx& tx, const domain::EventChild& ref,
                                               SpeakerActor actor,
                                               const v1::InscribeSpeakerRequest& request) {
  const v1::Speaker& asked = request.speaker();
  domain::Validator v;
  domain::ValidateSpeakerFields(asked, "speaker", v);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  ASSIGN_OR_RETURN(
      auto delegation_ref,
      domain::ParseEventChildName(asked.delegation(), "delegations", "speaker.delegation"));
  if (delegation_ref.event != ref.event) {
    return domain::InvalidField("speaker.delegation",
                                "must be a delegation of the list's own event");
  }
  return Idempotent<v1::Speaker>(
      tx, "InscribeSpeaker", request.request_id(), request, [&]() -> absl::StatusOr<v1::Speaker> {
        ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "parent"));
        if (actor == SpeakerActor::kFocalPoint) {
          RETURN_IF_ERROR(domain::CheckListOpen(list, domain::NowMicros()));
        }
        ASSIGN_OR_RETURN(auto delegation,
                         DelegationTakingPart(tx, ref, asked.delegation(), "speaker.delegation"));
        ASSIGN_OR_RETURN(auto entity, tx.entities().Get(delegation_ref.id, "speaker.delegation"));
        ASSIGN_OR_RETURN(auto kind,
                         domain::StatementKindFor(entity.kind(), asked.kind(), "speaker.kind"));
        bool state_statement = domain::IsStateStatement(kind);
        if (state_statement && asked.level() == v1::PROTOCOL_RANK_UNSPECIFIED) {
          return domain::InvalidField("speaker.level",
                                      "is required for a Member State: its place in the list "
                                      "follows the speaker's protocol level");
        }
        storage::SpeakerStore& store = tx.speakers();
        if (store.CountAll(ref.event, ref.id) >= domain::kMaxSpeakersPerList) {
          return domain::CountLimit("SPEAKER_COUNT", list.name(), domain::kMaxSpeakersPerList,
                                    "speakers");
        }
        std::vector<std::string> taken = store.IdsOf(ref.event, ref.id, delegation_ref.id);
        if (static_cast<int64_t>(taken.size()) >= domain::kMaxEntriesPerDelegation) {
          return domain::CountLimit("SPEAKER_COUNT", list.name(), domain::kMaxEntriesPerDelegation,
                                    "entries of one delegation");
        }
        if (kind == v1::STATEMENT_KIND_NATIONAL && !list.allow_multiple_national()) {
          RETURN_IF_ERROR(CheckNoOtherNational(store, ref.event, ref.id, taken, ""));
        }
        v1::Speaker fresh;
        fresh.set_delegation(delegation.name());
        fresh.set_speaker_name(asked.speaker_name());
        fresh.set_speaker_title(asked.speaker_title());
        fresh.set_level(asked.level() != v1::PROTOCOL_RANK_UNSPECIFIED ? asked.level()
                                                                       : v1::PROTOCOL_RANK_OTHER);
        fresh.set_kind(kind);
        fresh.set_on_behalf_of(asked.on_behalf_of());
        fresh.set_language(asked.language());
        *fresh.mutable_inscribe_time() = domain::FromMicros(domain::NowMicros());
        fresh.set_state(v1::SPEAKER_STATE_INSCRIBED);
        std::string id = NextSpeakerId(taken, delegation_ref.id);
        store.Insert(ref.event, ref.id, id, fresh);
        ReorderSpeakers(tx, ref.event, ref.id, list);
        return Reload(tx, {ref.event, ref.id, id});
      });
}

absl::StatusOr<v1::Speaker> Speakers::Get(storage::Tx& tx, const domain::SpeakerRef& ref) {
  return Reload(tx, ref);
}

absl::StatusOr<v1::ListSpeakersResponse> Speakers::List(storage::Tx& tx,
                                                        const domain::EventChild& ref,
                                                        const v1::ListSpeakersRequest& request) {
  storage::SpeakerStore::Query q;
  if (!request.session().empty()) {
    ASSIGN_OR_RETURN(auto session,
                     domain::ParseEventChildName(request.session(), "sessions", "session"));
    if (session.event != ref.event) {
      return domain::InvalidField("session", "must be a plenary meeting of the list's event");
    }
    q.session_id = session.id;
  }
  q.show_withdrawn = request.show_withdrawn();
  ASSIGN_OR_RETURN(auto size, domain::PageSize(request.page_size()));
  std::string query = absl::StrCat(request.parent(), "\n", request.session(), "\n",
                                   request.show_withdrawn() ? "all" : "");
  ASSIGN_OR_RETURN(auto cursor, domain::DecodePageToken(request.page_token(), query));
  if (!cursor.empty()) {
    // `position/id` of the last speaker read.
    auto slash = cursor.find('/');
    if (slash == std::string::npos ||
        !absl::SimpleAtoi(cursor.substr(0, slash), &q.after_position) || q.after_position < 0) {
      return domain::InvalidField("page_token", "is not a token from a previous call of this list");
    }
    q.after_id = cursor.substr(slash + 1);
  }
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "parent", /*count=*/false));
  q.limit = size + 1;
  storage::SpeakerStore& store = tx.speakers();
  std::vector<v1::Speaker> rows = store.List(ref.event, ref.id, q);
  for (auto& s : rows) s.set_time_limit_seconds(domain::StatementSeconds(list, s.kind()));
  v1::ListSpeakersResponse response;
  response.set_next_page_token(TrimPage(rows, size, query, [](const v1::Speaker& s) {
    return absl::StrCat(s.position(), "/", domain::LastSegment(s.name()));
  }));
  response.set_total_size(request.page_token().empty() && response.next_page_token().empty()
                              ? static_cast<int>(rows.size())
                              : store.Count(ref.event, ref.id, q));
  for (auto& s : rows) *response.add_speakers() = std::move(s);
  return response;
}

absl::StatusOr<v1::Speaker> Speakers::Update(storage::Tx& tx, const domain::SpeakerRef& ref,
                                             SpeakerActor actor,
                                             const v1::UpdateSpeakerRequest& request) {
  static const std::set<std::string> kUpdatable = {"speaker_name", "speaker_title", "level",
                                                   "kind",         "on_behalf_of",  "language"};
  ASSIGN_OR_RETURN(auto loaded,
                   LoadForChange(tx, ref, request.speaker().etag(), "speaker.etag", actor));
  v1::Speaker updated = loaded.speaker;
  RETURN_IF_ERROR(ApplyUpdateMask(request.speaker(), request.update_mask(), kUpdatable, &updated));
  domain::Validator v;
  domain::ValidateSpeakerFields(updated, "speaker", v);
  RETURN_IF_ERROR(v.Finish());
  ASSIGN_OR_RETURN(auto kind, domain::StatementKindFor(loaded.speaker.entity_kind(), updated.kind(),
                                                       "speaker.kind"));
  updated.set_kind(kind);
  if (domain::IsStateStatement(kind) && updated.level() == v1::PROTOCOL_RANK_UNSPECIFIED) {
    return domain::InvalidField("speaker.level", "is required for a Member State");
  }
  storage::SpeakerStore& store = tx.speakers();
  if (kind == v1::STATEMENT_KIND_NATIONAL && loaded.speaker.kind() != kind &&
      !loaded.list.allow_multiple_national()) {
    RETURN_IF_ERROR(CheckNoOtherNational(
        store, ref.event, ref.list,
        store.IdsOf(ref.event, ref.list, domain::LastSegment(updated.delegation())), ref.speaker));
  }
  // A new level or kind is a new place: the entry goes where protocol puts it now, whatever
  // place it was given by hand before.
  bool new_place = updated.level() != loaded.speaker.level() || kind != loaded.speaker.kind();
  if (new_place) {
    ReleaseFollowers(tx, ref, loaded.list);
    updated.clear_placement();
  }
  store.Update(ref.event, ref.list, ref.speaker, updated);
  if (new_place) ReorderSpeakers(tx, ref.event, ref.list, loaded.list);
  return Reload(tx, ref);
}

absl::StatusOr<v1::Speaker> Speakers::Withdraw(storage::Tx& tx, const domain::SpeakerRef& ref,
                                               SpeakerActor actor,
                                               const v1::WithdrawSpeakerRequest& request) {
  ASSIGN_OR_RETURN(auto loaded, LoadForChange(tx, ref, request.etag(), "etag", actor));
  v1::Speaker updated = loaded.speaker;
  updated.set_state(v1::SPEAKER_STATE_WITHDRAWN);
  updated.clear_session();
  tx.speakers().Update(ref.event, ref.list, ref.speaker, updated);
  ReorderSpeakers(tx, ref.event, ref.list, loaded.list);
  return Reload(tx, ref);
}

absl::StatusOr<v1::Speaker> Speakers::Move(storage::Tx& tx, const domain::SpeakerRef& ref,
                                           const v1::MoveSpeakerRequest& request) {
  domain::Validator v;
  v.Text("reason", request.reason(), domain::kMaxLongText, true, true);
  RETURN_IF_ERROR(v.Finish());
  std::string after_id;
  if (!request.after().empty()) {
    ASSIGN_OR_RETURN(auto after, domain::ParseSpeakerName(request.after(), "after"));
    if (after.event != ref.event || after.list != ref.list) {
      return domain::InvalidField("after", "must be a speaker of the same list");
    }
    if (after.speaker == ref.speaker) {
      return domain::InvalidField("after", "names the speaker being moved");
    }
    after_id = after.speaker;
  }
  ASSIGN_OR_RETURN(auto loaded,
                   LoadForChange(tx, ref, request.etag(), "etag", SpeakerActor::kChair));
  storage::SpeakerStore& store = tx.speakers();
  if (!after_id.empty()) {
    ASSIGN_OR_RETURN(auto anchor, store.Get(ref.event, ref.list, after_id, "after"));
    if (OffTheList(anchor.state())) {
      return domain::FailedPrecondition(kSpeakerType, anchor.name(),
                                        "is withdrawn; move the speaker after one on the list",
                                        "after");
    }
  }
  ReleaseFollowers(tx, ref, loaded.list);
  // Read again: releasing may have changed nothing of this speaker, but keeps one source.
  ASSIGN_OR_RETURN(auto speaker, store.Get(ref.event, ref.list, ref.speaker));
  v1::ManualPlacement& p = *speaker.mutable_placement();
  p.set_after(after_id.empty() ? std::string()
                               : domain::SpeakerName(ref.event, ref.list, after_id));
  p.set_reason(request.reason());
  p.set_moved_by(std::string(tx.caller()));
  *p.mutable_move_time() = domain::FromMicros(domain::NowMicros());
  p.set_sequence(store.NextMoveSeq(ref.event, ref.list));
  store.Update(ref.event, ref.list, ref.speaker, speaker);
  ReorderSpeakers(tx, ref.event, ref.list, loaded.list);
  return Reload(tx, ref);
}

}  // namespace forum::services
