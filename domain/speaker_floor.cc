#include "domain/speaker_floor.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "domain/speaker_order.h"

namespace forum::domain {

int64_t ElapsedMicros(const TurnClock& c, int64_t now) {
  int64_t until = c.paused_since != 0 ? c.paused_since : now;
  return std::max<int64_t>(0, until - c.start - c.paused);
}

TurnClock Paused(TurnClock c, int64_t now) {
  if (c.paused_since == 0) c.paused_since = now;
  return c;
}

TurnClock Resumed(TurnClock c, int64_t now) {
  if (c.paused_since != 0) {
    c.paused += std::max<int64_t>(0, now - c.paused_since);
    c.paused_since = 0;
  }
  return c;
}

int32_t OverrunSeconds(int64_t elapsed_micros, int32_t limit_seconds) {
  if (limit_seconds <= 0) return 0;
  int64_t over = elapsed_micros / 1000000 - limit_seconds;
  return over > 0 ? static_cast<int32_t>(over) : 0;
}

int32_t ReplyLimitSeconds(const v1::SpeakerList& list, int earlier) {
  if (earlier >= list.replies_per_meeting()) return 0;
  return earlier == 0 ? list.first_reply_seconds() : list.second_reply_seconds();
}

namespace {

// Lower is higher: the rank a government's statement counts at.
bool AtHighestLevel(v1::ProtocolRank level) {
  return level >= v1::PROTOCOL_RANK_HEAD_OF_STATE && level <= v1::PROTOCOL_RANK_HEAD_OF_GOVERNMENT;
}
bool AtMinisterialLevel(v1::ProtocolRank level) {
  return level >= v1::PROTOCOL_RANK_HEAD_OF_STATE && level <= v1::PROTOCOL_RANK_MINISTER;
}

std::string Plural(int n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace

v1::Participation CountParticipation(const std::vector<DeliveredTurn>& turns) {
  v1::Participation p;
  std::map<std::string, v1::ProtocolRank> governments;  // entity → its highest level
  std::set<std::string> observers, organizations;
  for (const DeliveredTurn& t : turns) {
    p.set_speaking_seconds(p.speaking_seconds() + t.seconds);
    if (t.turn == v1::FLOOR_TURN_POINT_OF_ORDER) {
      p.set_points_of_order(p.points_of_order() + 1);
      continue;
    }
    if (t.turn == v1::FLOOR_TURN_RIGHT_OF_REPLY) {
      p.set_rights_of_reply(p.rights_of_reply() + 1);
      continue;
    }
    p.set_statements(p.statements() + 1);
    if (t.overran) p.set_overruns(p.overruns() + 1);
    if (t.entity_kind == v1::ENTITY_KIND_MEMBER_STATE && IsStateStatement(t.kind)) {
      auto [it, added] = governments.emplace(t.entity, t.level);
      if (!added && t.level != v1::PROTOCOL_RANK_UNSPECIFIED &&
          (it->second == v1::PROTOCOL_RANK_UNSPECIFIED || t.level < it->second)) {
        it->second = t.level;
      }
    } else if (t.entity_kind == v1::ENTITY_KIND_OBSERVER_STATE) {
      observers.insert(t.entity);
    } else if (t.entity_kind != v1::ENTITY_KIND_MEMBER_STATE) {
      organizations.insert(t.entity);
    }
  }
  p.set_governments(static_cast<int32_t>(governments.size()));
  for (const auto& [entity, level] : governments) {
    if (AtHighestLevel(level))
      p.set_governments_at_highest_level(p.governments_at_highest_level() + 1);
    if (AtMinisterialLevel(level)) {
      p.set_governments_at_ministerial_level(p.governments_at_ministerial_level() + 1);
    }
  }
  p.set_observer_states(static_cast<int32_t>(observers.size()));
  p.set_organizations(static_cast<int32_t>(organizations.size()));
  std::string others;
  if (p.observer_states() > 0 && p.organizations() > 0) {
    others = absl::StrCat("; ", Plural(p.observer_states(), "observer State", "observer States"),
                          " and ", Plural(p.organizations(), "organization", "organizations"),
                          " also spoke");
  } else if (p.observer_states() > 0 || p.organizations() > 0) {
    others = absl::StrCat("; ",
                          p.observer_states() > 0
                              ? Plural(p.observer_states(), "observer State", "observer States")
                              : Plural(p.organizations(), "organization", "organizations"),
                          " also spoke");
  }
  p.set_summary(absl::StrCat(
      Plural(p.governments(), "Government", "Governments"), " spoke, ",
      p.governments_at_highest_level(), " of them at the level of head of State or Government and ",
      p.governments_at_ministerial_level(), " at ministerial level or above", others, " (",
      Plural(p.statements(), "statement", "statements"), ", ",
      Plural(p.rights_of_reply(), "right of reply", "rights of reply"), ", ",
      Plural(p.points_of_order(), "point of order", "points of order"), ")."));
  return p;
}

}  // namespace forum::domain
