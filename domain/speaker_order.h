// The order of a list of speakers: UN protocol precedence (or inscription order, or a draw by
// lot within each level), with the secretariat's manual moves laid over it. A pure function of
// the entries and the list's policy, so the same list always yields the same order.
//
// Under protocol precedence a list runs in tiers: statements on behalf of groups of States
// (when the list puts them first), then Member States by the level of their speaker, then
// observer States, intergovernmental organizations, UN system entities and civil society. Within
// a level or a tier, earlier inscription speaks first (or the draw decides). A manual move puts
// an entry right after another one (or first), and holds through every reordering: entries are
// placed in the order they were moved, each after its anchor where the anchor then stands.
#ifndef FORUM_DOMAIN_SPEAKER_ORDER_H_
#define FORUM_DOMAIN_SPEAKER_ORDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/delegation.pb.h"
#include "forum/v1/entity.pb.h"
#include "forum/v1/speaker.pb.h"

namespace forum::domain {

// What the order of one entry depends on.
struct OrderEntry {
  std::string id;  // unique in the list; the last tie-break
  v1::StatementKind kind = v1::STATEMENT_KIND_NATIONAL;
  v1::EntityKind entity_kind = v1::ENTITY_KIND_MEMBER_STATE;
  v1::ProtocolRank level = v1::PROTOCOL_RANK_OTHER;
  int64_t inscribe_micros = 0;
  // Set when the entry was moved by hand: the id of the entry it follows (empty: first), and the
  // sequence number of the move (later moves are laid over earlier ones).
  std::optional<std::string> after;
  int64_t move_seq = 0;
  // Set when the speaker was called and absent: it goes after the others of its level, those
  // sent back earlier first (0: never sent back).
  int64_t absent_seq = 0;
};

// The list's settings that the order depends on.
struct OrderPolicy {
  v1::PrecedencePolicy policy = v1::PRECEDENCE_POLICY_PROTOCOL;
  bool groups_first = true;
  int64_t draw_seed = 0;
};

// The tier an entry belongs to under protocol precedence (lower speaks first): 0 a statement on
// behalf of a group (when groups come first), 1 a Member State, 2 an observer State, 3 an
// intergovernmental organization, 4 a UN system entity, 5 civil society and the private sector.
int PrecedenceTier(const OrderEntry& entry, bool groups_first);

// The level an entry's statement is ranked by within its tier: its protocol rank for a
// statement of a State, unranked (OTHER) otherwise and for an unset rank.
int PrecedenceLevel(const OrderEntry& entry);

// Whether a statement of `kind` is a State's own (national, for a group, joint), whose place
// follows its speaker's protocol level.
bool IsStateStatement(v1::StatementKind kind);

// The speaking order: indexes into `entries`, first speaker first. Every entry appears once.
std::vector<size_t> SpeakingOrder(const std::vector<OrderEntry>& entries,
                                  const OrderPolicy& policy);

// The statement kind an entity may make, or INVALID_ARGUMENT naming `field`: a Member State
// speaks nationally, on behalf of a group or jointly; an observer State as an observer (a
// national statement reads as one); every other body as an organization. UNSPECIFIED takes the
// entity's usual kind.
absl::StatusOr<v1::StatementKind> StatementKindFor(v1::EntityKind entity, v1::StatementKind asked,
                                                   absl::string_view field);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SPEAKER_ORDER_H_
