#include "domain/speaker_order.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"

namespace forum::domain {
namespace {

bool IsGroupStatement(const OrderEntry& e) {
  return e.kind == v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP;
}

// A 64-bit mix of the seed and the entry's id (FNV-1a over the id, then splitmix64's
// finalizer): the same seed and id give the same lot on every machine.
uint64_t Lot(int64_t seed, const std::string& id) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : id) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  uint64_t z = h ^ static_cast<uint64_t>(seed);
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The sort key of an entry under the list's policy (manual moves aside).
struct Key {
  int tier = 0;
  int level = 0;
  int64_t sent_back = 0;
  uint64_t lot = 0;
  int64_t inscribed = 0;
  const std::string* id = nullptr;
  bool operator<(const Key& o) const {
    return std::tie(tier, level, sent_back, lot, inscribed, *id) <
           std::tie(o.tier, o.level, o.sent_back, o.lot, o.inscribed, *o.id);
  }
};

Key KeyOf(const OrderEntry& e, const OrderPolicy& p) {
  Key k;
  k.id = &e.id;
  k.inscribed = e.inscribe_micros;
  k.sent_back = e.absent_seq;
  if (p.policy == v1::PRECEDENCE_POLICY_INSCRIPTION_ORDER) {
    k.tier = p.groups_first && IsGroupStatement(e) ? 0 : 1;
    return k;
  }
  k.tier = PrecedenceTier(e, p.groups_first);
  k.level = PrecedenceLevel(e);
  if (p.policy == v1::PRECEDENCE_POLICY_DRAW_BY_LOT) k.lot = Lot(p.draw_seed, e.id);
  return k;
}

}  // namespace

int PrecedenceTier(const OrderEntry& e, bool groups_first) {
  if (groups_first && IsGroupStatement(e)) return 0;
  switch (e.kind) {
    case v1::STATEMENT_KIND_NATIONAL:
    case v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP:
    case v1::STATEMENT_KIND_JOINT:
      return 1;
    case v1::STATEMENT_KIND_OBSERVER:
      return 2;
    default:
      break;
  }
  switch (e.entity_kind) {
    case v1::ENTITY_KIND_MEMBER_STATE:
      return 1;
    case v1::ENTITY_KIND_OBSERVER_STATE:
      return 2;
    case v1::ENTITY_KIND_INTERGOVERNMENTAL_ORGANIZATION:
      return 3;
    case v1::ENTITY_KIND_UN_ENTITY:
    case v1::ENTITY_KIND_REGIONAL_COMMISSION:
      return 4;
    default:
      return 5;
  }
}

bool IsStateStatement(v1::StatementKind kind) {
  return kind == v1::STATEMENT_KIND_NATIONAL || kind == v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP ||
         kind == v1::STATEMENT_KIND_JOINT;
}

int PrecedenceLevel(const OrderEntry& e) {
  if (!IsStateStatement(e.kind) || e.level == v1::PROTOCOL_RANK_UNSPECIFIED) {
    return v1::PROTOCOL_RANK_OTHER;
  }
  return e.level;
}

std::vector<size_t> SpeakingOrder(const std::vector<OrderEntry>& entries,
                                  const OrderPolicy& policy) {
  std::vector<size_t> placed;
  std::vector<size_t> moved;
  std::vector<Key> keys;
  keys.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    keys.push_back(KeyOf(entries[i], policy));
    (entries[i].after.has_value() ? moved : placed).push_back(i);
  }
  std::sort(placed.begin(), placed.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  std::sort(moved.begin(), moved.end(), [&](size_t a, size_t b) {
    return std::tie(entries[a].move_seq, entries[a].id) <
           std::tie(entries[b].move_seq, entries[b].id);
  });

  // Lay the moves over the computed order, earliest move first. A move whose anchor is itself
  // a moved entry not yet placed waits for it; a move whose anchor is not on the list, or that
  // can never be placed (anchors that lead in a circle), keeps the entry's computed place.
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < entries.size(); ++i) index_of.emplace(entries[i].id, i);
  std::vector<bool> is_placed(entries.size(), false);
  for (size_t i : placed) is_placed[i] = true;
  auto place_after = [&](size_t i, const std::string& anchor) {
    if (anchor.empty()) {
      placed.insert(placed.begin(), i);
    } else {
      auto at = std::find(placed.begin(), placed.end(), index_of.at(anchor));
      placed.insert(at + 1, i);
    }
    is_placed[i] = true;
  };
  std::vector<size_t> waiting;
  for (bool progress = true; progress && !moved.empty();) {
    progress = false;
    waiting.clear();
    for (size_t i : moved) {
      const std::string& anchor = *entries[i].after;
      auto known = index_of.find(anchor);
      if (!anchor.empty() && (known == index_of.end() || known->second == i)) {
        waiting.push_back(i);  // settled below with the unplaceable ones
        continue;
      }
      if (!anchor.empty() && !is_placed[known->second]) {
        waiting.push_back(i);
        continue;
      }
      place_after(i, anchor);
      progress = true;
    }
    moved.swap(waiting);
  }
  // The rest take their computed places among what is placed.
  for (size_t i : moved) {
    auto at = std::find_if(placed.begin(), placed.end(), [&](size_t a) {
      return !entries[a].after.has_value() && keys[i] < keys[a];
    });
    placed.insert(at, i);
  }
  return placed;
}

absl::StatusOr<v1::StatementKind> StatementKindFor(v1::EntityKind entity, v1::StatementKind asked,
                                                   absl::string_view field) {
  switch (entity) {
    case v1::ENTITY_KIND_MEMBER_STATE:
      if (asked == v1::STATEMENT_KIND_UNSPECIFIED) return v1::STATEMENT_KIND_NATIONAL;
      if (asked == v1::STATEMENT_KIND_NATIONAL || asked == v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP ||
          asked == v1::STATEMENT_KIND_JOINT) {
        return asked;
      }
      break;
    case v1::ENTITY_KIND_OBSERVER_STATE:
      if (asked == v1::STATEMENT_KIND_UNSPECIFIED || asked == v1::STATEMENT_KIND_NATIONAL ||
          asked == v1::STATEMENT_KIND_OBSERVER) {
        return v1::STATEMENT_KIND_OBSERVER;
      }
      break;
    default:
      if (asked == v1::STATEMENT_KIND_UNSPECIFIED || asked == v1::STATEMENT_KIND_ORGANIZATION) {
        return v1::STATEMENT_KIND_ORGANIZATION;
      }
      break;
  }
  return InvalidField(
      field, absl::StrCat("a ", v1::EntityKind_Name(entity), " cannot make a statement of kind ",
                          v1::StatementKind_Name(asked),
                          ": Member States speak nationally, for a group or jointly; observer "
                          "States as observers; other bodies as organizations"));
}

}  // namespace forum::domain
