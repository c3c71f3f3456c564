// The lists of speakers as wholes: loading a list with its settings, its speaking order (kept
// in the store as each speaker's position), the lists of an event, their settings, the plenary
// list's distribution over the plenary meetings, and what a withdrawn delegation or a deleted
// round table leaves. The entries themselves are in services/speakers.cc.
#include <algorithm>
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
#include "services/paging.h"
#include "services/speaker_support.h"
#include "services/speakers.h"
#include "storage/speaker_store.h"

namespace forum::services {
namespace {

constexpr char kListType[] = "forum.v1.SpeakerList";

int64_t RandomSeed() {
  std::random_device rd;
  int64_t seed = (static_cast<int64_t>(rd()) << 31) ^ rd();
  return seed == 0 ? 1 : seed;
}

}  // namespace

bool OffTheList(v1::SpeakerState state) {
  return state == v1::SPEAKER_STATE_WITHDRAWN || state == v1::SPEAKER_STATE_ABSENT;
}

absl::StatusOr<v1::SpeakerList> LoadSpeakerList(storage::Tx& tx, const domain::EventChild& ref,
                                                absl::string_view field, bool count) {
  std::string name = domain::EventChildName(ref.event, "speakerLists", ref.id);
  v1::SpeakerList list;
  std::string title;
  std::string round_table;
  if (ref.id == kPlenaryList) {
    if (!tx.events().Exists(ref.event)) {
      return domain::NotFound("forum.v1.Event", domain::EventName(ref.event), field);
    }
    title = "Plenary";
  } else {
    auto rt = tx.round_tables().Get(ref.event, ref.id);
    if (!rt.ok()) {
      return domain::NotFound(kListType, name,
                              field);  // a list is `plenary` or a round table's: neither here
    }
    title = rt->title();
    round_table = rt->name();
  }
  storage::SpeakerStore& store = tx.speakers();
  list = store.GetList(ref.event, ref.id);
  list.set_name(name);
  list.set_title(title);
  list.set_round_table(round_table);
  if (count) list.set_speaker_count(store.Count(ref.event, ref.id, {}));
  return list;
}

namespace {

domain::OrderEntry EntryOf(const v1::Speaker& s) {
  domain::OrderEntry e;
  e.id = domain::LastSegment(s.name());
  e.kind = s.kind();
  e.entity_kind = s.entity_kind();
  e.level = s.level();
  e.inscribe_micros = domain::ToMicros(s.inscribe_time());
  e.absent_seq = s.absent_sequence();
  if (s.has_placement()) {
    e.after =
        s.placement().after().empty() ? std::string() : domain::LastSegment(s.placement().after());
    e.move_seq = s.placement().sequence();
  }
  return e;
}

}  // namespace

std::vector<v1::Speaker> SpeakersInOrder(storage::Tx& tx, absl::string_view event_id,
                                         absl::string_view list_id,
                                         const v1::SpeakerList& settings) {
  std::vector<v1::Speaker> all = tx.speakers().All(event_id, list_id);
  std::vector<domain::OrderEntry> entries;
  entries.reserve(all.size());
  for (const auto& s : all) entries.push_back(EntryOf(s));
  std::vector<v1::Speaker> ordered;
  ordered.reserve(all.size());
  for (size_t i : domain::SpeakingOrder(entries, domain::PolicyOf(settings))) {
    ordered.push_back(std::move(all[i]));
  }
  return ordered;
}

void ReorderSpeakers(storage::Tx& tx, absl::string_view event_id, absl::string_view list_id,
                     const v1::SpeakerList& settings) {
  std::vector<std::pair<std::string, int>> changed;
  int position = 0;
  for (const v1::Speaker& s : SpeakersInOrder(tx, event_id, list_id, settings)) {
    int now = OffTheList(s.state()) ? 0 : ++position;
    if (now != s.position()) changed.emplace_back(domain::LastSegment(s.name()), now);
  }
  tx.speakers().SetPositions(event_id, list_id, changed);
}

void ReleaseFollowers(storage::Tx& tx, const domain::SpeakerRef& moving,
                      const v1::SpeakerList& settings) {
  std::vector<v1::Speaker> ordered = SpeakersInOrder(tx, moving.event, moving.list, settings);
  std::string name = moving.Name();
  std::string before;
  for (const auto& s : ordered) {
    if (s.name() == name) break;
    before = s.name();
  }
  for (auto& s : ordered) {
    if (s.has_placement() && s.placement().after() == name) {
      s.mutable_placement()->set_after(before);
      tx.speakers().Update(moving.event, moving.list, domain::LastSegment(s.name()), s);
    }
  }
}

std::vector<v1::Session> MeetingsInOrder(storage::Tx& tx, absl::string_view event_id) {
  std::vector<v1::Session> sessions = tx.events().ListSessions(event_id, 0, 100000);
  std::stable_sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
    return domain::ToMicros(a.start_time()) < domain::ToMicros(b.start_time());
  });
  return sessions;
}

absl::StatusOr<v1::Delegation> DelegationTakingPart(storage::Tx& tx, const domain::EventChild& ref,
                                                    absl::string_view name,
                                                    absl::string_view field) {
  ASSIGN_OR_RETURN(auto d, domain::ParseEventChildName(name, "delegations", field));
  if (d.event != ref.event) {
    return domain::InvalidField(field, "must be a delegation of the list's own event");
  }
  if (!tx.delegations().Exists(d.event, d.id)) {
    return domain::NotFound("forum.v1.Delegation", name, field);
  }
  ASSIGN_OR_RETURN(auto delegation, tx.delegations().Get(d.event, d.id));
  if (delegation.state() == v1::DELEGATION_STATE_REJECTED ||
      delegation.state() == v1::DELEGATION_STATE_WITHDRAWN) {
    return domain::FailedPrecondition(
        "DELEGATION_NOT_TAKING_PART", delegation.name(),
        absl::StrCat("is ", v1::DelegationState_Name(delegation.state())), field);
  }
  return delegation;
}

absl::StatusOr<v1::SpeakerList> Speakers::GetList(storage::Tx& tx, const domain::EventChild& list) {
  return LoadSpeakerList(tx, list);
}

absl::StatusOr<v1::ListSpeakerListsResponse> Speakers::ListLists(
    storage::Tx& tx, const v1::ListSpeakerListsRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, domain::ParseEventName(request.parent(), "parent"));
  ASSIGN_OR_RETURN(auto size, domain::PageSize(request.page_size()));
  // The cursor is the number of the last round table read; 0 after the plenary alone.
  ASSIGN_OR_RETURN(int64_t after, NumericCursor(request.page_token(), request.parent()));
  if (!tx.events().Exists(event_id)) {
    return domain::NotFound("forum.v1.Event", request.parent(), "parent");
  }
  v1::ListSpeakerListsResponse response;
  int remaining = size;
  if (request.page_token().empty()) {
    ASSIGN_OR_RETURN(*response.add_speaker_lists(), LoadSpeakerList(tx, {event_id, kPlenaryList}));
    --remaining;
  }
  std::vector<v1::RoundTable> tables =
      tx.round_tables().List(event_id, static_cast<int>(after), remaining + 1);
  bool more = static_cast<int>(tables.size()) > remaining;
  if (more) tables.resize(remaining);
  for (const auto& rt : tables) {
    ASSIGN_OR_RETURN(*response.add_speaker_lists(),
                     LoadSpeakerList(tx, {event_id, domain::LastSegment(rt.name())}));
  }
  if (more) {
    int64_t last = tables.empty() ? 0 : tables.back().number();
    response.set_next_page_token(domain::EncodePageToken(request.parent(), absl::StrCat(last)));
  }
  return response;
}

absl::StatusOr<v1::SpeakerList> Speakers::UpdateList(storage::Tx& tx, const domain::EventChild& ref,
                                                     const v1::UpdateSpeakerListRequest& request) {
  static const std::set<std::string> kUpdatable = {"open",
                                                   "inscription_deadline",
                                                   "policy",
                                                   "draw_seed",
                                                   "groups_first",
                                                   "time_limits",
                                                   "replies_per_meeting",
                                                   "first_reply_seconds",
                                                   "second_reply_seconds",
                                                   "allow_multiple_national",
                                                   "absent_policy"};
  ASSIGN_OR_RETURN(auto current, LoadSpeakerList(tx, ref, "speaker_list.name"));
  RETURN_IF_ERROR(domain::CheckEtag(request.speaker_list().etag(), current.etag(), kListType,
                                    current.name(), "speaker_list.etag"));
  v1::SpeakerList updated = current;
  RETURN_IF_ERROR(
      ApplyUpdateMask(request.speaker_list(), request.update_mask(), kUpdatable, &updated));
  domain::FillSpeakerListDefaults(updated);
  domain::Validator v;
  domain::ValidateSpeakerList(updated, "speaker_list", v);
  RETURN_IF_ERROR(v.Finish());
  // A draw needs a seed on record, so that it can be drawn again the same.
  if (updated.policy() == v1::PRECEDENCE_POLICY_DRAW_BY_LOT && updated.draw_seed() == 0) {
    updated.set_draw_seed(RandomSeed());
  }
  tx.speakers().PutList(ref.event, ref.id, updated);
  bool reorder = updated.policy() != current.policy() ||
                 updated.draw_seed() != current.draw_seed() ||
                 updated.groups_first() != current.groups_first();
  if (reorder) ReorderSpeakers(tx, ref.event, ref.id, updated);
  return LoadSpeakerList(tx, ref);
}

absl::StatusOr<v1::DistributeSpeakersResponse> Speakers::Distribute(
    storage::Tx& tx, const domain::EventChild& ref, const v1::DistributeSpeakersRequest& request) {
  if (ref.id != kPlenaryList) {
    return domain::InvalidField("speaker_list",
                                "only the plenary list is spread over plenary meetings; a round "
                                "table's list runs in its own meeting");
  }
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "speaker_list"));
  std::vector<v1::Session> sessions = MeetingsInOrder(tx, ref.event);
  std::vector<domain::MeetingSlot> meetings;
  for (const auto& s : sessions) {
    meetings.push_back(
        {s.name(), (domain::ToMicros(s.end_time()) - domain::ToMicros(s.start_time())) / 1000000});
  }
  std::vector<v1::Speaker> ordered;
  for (auto& s : SpeakersInOrder(tx, ref.event, ref.id, list)) {
    if (!OffTheList(s.state())) ordered.push_back(std::move(s));
  }
  std::vector<domain::SpeakerSlot> slots;
  for (const auto& s : ordered) {
    bool fixed = s.state() == v1::SPEAKER_STATE_SPOKE || s.state() == v1::SPEAKER_STATE_SPEAKING;
    slots.push_back({domain::StatementSeconds(list, s.kind()), fixed ? s.session() : ""});
  }
  domain::Distribution plan = domain::DistributeSpeakers(slots, meetings);

  v1::DistributeSpeakersResponse response;
  response.set_dry_run(request.dry_run());
  std::vector<v1::MeetingPlan*> by_meeting;
  for (size_t m = 0; m < meetings.size(); ++m) {
    v1::MeetingPlan* mp = response.add_meetings();
    mp->set_session(meetings[m].id);
    mp->set_available_seconds(meetings[m].seconds);
    mp->set_planned_seconds(plan.planned_seconds[m]);
    by_meeting.push_back(mp);
  }
  int moved = 0;
  for (size_t i = 0; i < ordered.size(); ++i) {
    v1::Speaker& s = ordered[i];
    int m = plan.meeting[i];
    if (m < 0) {
      response.add_unplaced(s.name());
    } else {
      v1::MeetingPlan* mp = by_meeting[m];
      mp->set_speaker_count(mp->speaker_count() + 1);
      if (s.level() >= v1::PROTOCOL_RANK_HEAD_OF_STATE &&
          s.level() <= v1::PROTOCOL_RANK_HEAD_OF_GOVERNMENT &&
          s.entity_kind() == v1::ENTITY_KIND_MEMBER_STATE) {
        mp->set_highest_level_count(mp->highest_level_count() + 1);
      }
    }
    if (!slots[i].fixed_meeting.empty()) continue;
    std::string session = m < 0 ? std::string() : meetings[m].id;
    if (session == s.session()) continue;
    ++moved;
    if (request.dry_run()) continue;
    s.set_session(session);
    if (s.state() == v1::SPEAKER_STATE_INSCRIBED || s.state() == v1::SPEAKER_STATE_ASSIGNED) {
      s.set_state(session.empty() ? v1::SPEAKER_STATE_INSCRIBED : v1::SPEAKER_STATE_ASSIGNED);
    }
    tx.speakers().Update(ref.event, ref.id, domain::LastSegment(s.name()), s);
  }
  response.set_moved_count(moved);
  return response;
}

void Speakers::WithdrawDelegation(storage::Tx& tx, absl::string_view event_id,
                                  absl::string_view entity_code) {
  storage::SpeakerStore& store = tx.speakers();
  for (const std::string& list_id : store.ListsWith(event_id, entity_code)) {
    for (const std::string& id : store.IdsOf(event_id, list_id, entity_code)) {
      auto s = store.Get(event_id, list_id, id);
      if (!s.ok() || !domain::CheckSpeakerChangeable(*s).ok()) continue;
      s->set_state(v1::SPEAKER_STATE_WITHDRAWN);
      s->clear_session();
      store.Update(event_id, list_id, id, *s);
    }
    ReorderSpeakers(tx, event_id, list_id, store.GetList(event_id, list_id));
  }
  store.DropQueuedReplies(event_id, entity_code);
}

void Speakers::DropList(storage::Tx& tx, absl::string_view event_id, absl::string_view list_id) {
  tx.speakers().DropList(event_id, list_id);
}

}  // namespace forum::services
