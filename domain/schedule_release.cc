#include "domain/schedule_release.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "domain/dates.h"
#include "google/protobuf/util/message_differencer.h"

namespace forum::domain {
namespace {

using Entries = std::vector<v1::ScheduleEntry>;

std::map<std::string, const v1::ScheduleEntry*> ByName(const Entries& entries) {
  std::map<std::string, const v1::ScheduleEntry*> out;
  for (const auto& e : entries) out[e.name()] = &e;
  return out;
}

// What a release publishes about a meeting: everything but its bookkeeping.
v1::ScheduleEntry Published(const v1::ScheduleEntry& e) {
  v1::ScheduleEntry p = e;
  p.clear_sequence();
  p.clear_update_time();
  return p;
}

bool SameList(const google::protobuf::RepeatedPtrField<std::string>& a,
              const google::protobuf::RepeatedPtrField<std::string>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

bool DetailsChanged(const v1::ScheduleEntry& a, const v1::ScheduleEntry& b) {
  return a.description() != b.description() || a.times_indicative() != b.times_indicative() ||
         a.number() != b.number() ||
         (a.room() == b.room() && a.room_display_name() != b.room_display_name());
}

bool Moved(const v1::ScheduleEntry& a, const v1::ScheduleEntry& b) {
  return ToMicros(a.start_time()) != ToMicros(b.start_time()) ||
         ToMicros(a.end_time()) != ToMicros(b.end_time()) || a.room() != b.room();
}

void SortByStart(Entries& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(ToMicros(a.start_time()), a.name()) <
           std::make_tuple(ToMicros(b.start_time()), b.name());
  });
}

}  // namespace

Entries NextEntries(const Entries& previous, const Entries& draft,
                    const google::protobuf::Timestamp& now) {
  auto before = ByName(previous);
  Entries next;
  std::set<std::string> seen;
  for (const auto& d : draft) {
    seen.insert(d.name());
    auto it = before.find(d.name());
    if (it == before.end()) {
      if (d.cancelled()) continue;  // never published: nobody holds it
      v1::ScheduleEntry e = d;
      e.set_sequence(0);
      *e.mutable_update_time() = now;
      next.push_back(std::move(e));
      continue;
    }
    const v1::ScheduleEntry& old = *it->second;
    v1::ScheduleEntry e = d;
    if (google::protobuf::util::MessageDifferencer::Equals(Published(old), Published(d))) {
      e.set_sequence(old.sequence());
      *e.mutable_update_time() = old.update_time();
    } else {
      e.set_sequence(old.sequence() + 1);
      *e.mutable_update_time() = now;
    }
    next.push_back(std::move(e));
  }
  // Meetings deleted since: kept, cancelled.
  for (const auto& old : previous) {
    if (seen.count(old.name()) > 0) continue;
    v1::ScheduleEntry e = old;
    if (!old.cancelled()) {
      e.set_cancelled(true);
      e.set_sequence(old.sequence() + 1);
      *e.mutable_update_time() = now;
    }
    next.push_back(std::move(e));
  }
  SortByStart(next);
  return next;
}

ScheduleDiff DiffEntries(const Entries& older, const Entries& newer, absl::string_view delegation) {
  auto before = ByName(older);
  auto after = ByName(newer);
  std::set<std::string> names;
  for (const auto& [name, e] : before) names.insert(name);
  for (const auto& [name, e] : after) names.insert(name);

  struct Keyed {
    int64_t start;
    std::string name;
    int kind;
    v1::ScheduleChange change;
  };
  std::vector<Keyed> keyed;
  for (const auto& name : names) {
    auto b = before.find(name);
    auto a = after.find(name);
    const v1::ScheduleEntry* old = b == before.end() ? nullptr : b->second;
    const v1::ScheduleEntry* now = a == after.end() ? nullptr : a->second;
    bool was_on = old != nullptr && !old->cancelled();
    bool is_on = now != nullptr && !now->cancelled();
    if (!was_on && !is_on) continue;
    std::set<std::string> concerned;
    for (const auto* e : {old, now}) {
      if (e != nullptr) concerned.insert(e->delegations().begin(), e->delegations().end());
    }
    // Every delegation attends the plenary: a plenary meeting concerns each of them.
    bool plenary = (old != nullptr ? old : now)->kind() == v1::SCHEDULE_ENTRY_KIND_PLENARY_MEETING;
    if (!delegation.empty() && !plenary && concerned.count(std::string(delegation)) == 0) continue;
    const v1::ScheduleEntry& latest = is_on ? *now : *old;
    auto add = [&](v1::ScheduleChange::Kind kind) -> v1::ScheduleChange& {
      v1::ScheduleChange c;
      c.set_entry(name);
      c.set_kind(kind);
      c.set_title(latest.title());
      for (const auto& d : concerned) c.add_delegations(d);
      keyed.push_back({ToMicros(latest.start_time()), name, kind, std::move(c)});
      return keyed.back().change;
    };
    if (!was_on) {
      add(v1::ScheduleChange::KIND_NEW);
      continue;
    }
    if (!is_on) {
      add(v1::ScheduleChange::KIND_CANCELLED);
      continue;
    }
    if (Moved(*old, *now)) {
      v1::ScheduleChange& c = add(v1::ScheduleChange::KIND_MOVED);
      *c.mutable_old_start_time() = old->start_time();
      *c.mutable_old_end_time() = old->end_time();
      c.set_old_room_display_name(old->room_display_name());
      *c.mutable_new_start_time() = now->start_time();
      *c.mutable_new_end_time() = now->end_time();
      c.set_new_room_display_name(now->room_display_name());
    }
    if (old->title() != now->title()) {
      add(v1::ScheduleChange::KIND_RETITLED).set_old_title(old->title());
    }
    if (!SameList(old->chairs(), now->chairs())) {
      v1::ScheduleChange& c = add(v1::ScheduleChange::KIND_CHAIRS_CHANGED);
      *c.mutable_old_chairs() = old->chairs();
      *c.mutable_new_chairs() = now->chairs();
    }
    if (!SameList(old->speakers(), now->speakers())) {
      v1::ScheduleChange& c = add(v1::ScheduleChange::KIND_SPEAKERS_CHANGED);
      *c.mutable_old_speakers() = old->speakers();
      *c.mutable_new_speakers() = now->speakers();
    }
    if (DetailsChanged(*old, *now)) add(v1::ScheduleChange::KIND_DETAILS_CHANGED);
    if (now->kind() == v1::SCHEDULE_ENTRY_KIND_ROUND_TABLE &&
        !SameList(old->delegations(), now->delegations())) {
      add(v1::ScheduleChange::KIND_PARTICIPANTS_CHANGED);
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& x, const Keyed& y) {
    return std::tie(x.start, x.name, x.kind) < std::tie(y.start, y.name, y.kind);
  });
  ScheduleDiff diff;
  std::set<std::string> all;
  for (auto& k : keyed) {
    all.insert(k.change.delegations().begin(), k.change.delegations().end());
    diff.changes.push_back(std::move(k.change));
  }
  diff.delegations.assign(all.begin(), all.end());
  return diff;
}

}  // namespace forum::domain
