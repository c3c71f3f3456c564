#include "domain/round_table_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/allocation.h"
#include "domain/errors.h"
#include "domain/names.h"

namespace forum::domain {
namespace {

std::string F(absl::string_view prefix, absl::string_view field) {
  return absl::StrCat(prefix, ".", field);
}

}  // namespace

void ValidateRoundTable(const v1::RoundTable& rt, absl::string_view p, Validator& v) {
  v.Range(F(p, "number"), rt.number(), 1, 999);
  v.Text(F(p, "title"), rt.title(), kMaxTitle, true);
  v.Text(F(p, "description"), rt.description(), kMaxLongText, false, true);
  v.Text(F(p, "rapporteur"), rt.rapporteur(), kMaxShortText, false);
  v.Range(F(p, "capacity"), rt.capacity(), 1, 10000);
  v.Range(F(p, "reserved_seats"), rt.reserved_seats(), 0, rt.capacity() > 0 ? rt.capacity() : 0);
  v.Enum(F(p, "state"), rt.state(), v1::RoundTableState_IsValid, false);
  if (!rt.theme().empty() && !ParseEventChildName(rt.theme(), "themes", "").ok()) {
    v.Add(F(p, "theme"), "is not a theme name events/{event}/themes/{theme}");
  }
  v.Count(F(p, "co_chairs"), rt.co_chairs_size(), kMaxCoChairs);
  for (int i = 0; i < rt.co_chairs_size() && i < kMaxCoChairs; ++i) {
    if (!ParseEventChildName(rt.co_chairs(i), "delegations", "").ok()) {
      v.Add(absl::StrCat(p, ".co_chairs[", i, "]"),
            "is not a delegation name events/{event}/delegations/{entity}");
    }
    for (int j = 0; j < i; ++j) {
      if (rt.co_chairs(j) == rt.co_chairs(i)) {
        v.Add(absl::StrCat(p, ".co_chairs[", i, "]"), "is listed twice");
      }
    }
  }
}

absl::Status CheckRoundTableTransition(const v1::RoundTable& rt, v1::RoundTableState to) {
  if (rt.state() == to) return absl::OkStatus();
  bool from_open =
      rt.state() == v1::ROUND_TABLE_STATE_PLANNED || rt.state() == v1::ROUND_TABLE_STATE_SCHEDULED;
  bool to_final = to == v1::ROUND_TABLE_STATE_CONCLUDED || to == v1::ROUND_TABLE_STATE_CANCELLED;
  if (from_open && to_final) return absl::OkStatus();
  return FailedPrecondition(
      "ROUND_TABLE_STATE", rt.name(),
      absl::StrCat("cannot move from ", v1::RoundTableState_Name(rt.state()), " to ",
                   v1::RoundTableState_Name(to),
                   "; a round table is scheduled by ScheduleRoundTable and may then be concluded "
                   "or cancelled"),
      "round_table.state");
}

absl::Status CheckRoundTableOpen(const v1::RoundTable& rt) {
  if (rt.state() == v1::ROUND_TABLE_STATE_PLANNED ||
      rt.state() == v1::ROUND_TABLE_STATE_SCHEDULED) {
    return absl::OkStatus();
  }
  return FailedPrecondition(
      "ROUND_TABLE_STATE", rt.name(),
      absl::StrCat("the round table is ", v1::RoundTableState_Name(rt.state()),
                   " and no longer changes"));
}

absl::Status CheckMaySit(const v1::Delegation& d, absl::string_view field) {
  if (d.state() == v1::DELEGATION_STATE_ACCREDITED) return absl::OkStatus();
  return FailedPrecondition("DELEGATION_NOT_ACCREDITED", d.name(),
                            absl::StrCat("only accredited delegations sit at round tables; this "
                                         "one is ",
                                         v1::DelegationState_Name(d.state())),
                            field);
}

bool UsesStateSeat(v1::EntityKind kind) { return kind == v1::ENTITY_KIND_MEMBER_STATE; }

int PoolOf(const v1::Delegation& d) {
  return UsesStateSeat(d.entity_kind()) ? static_cast<int>(d.regional_group()) : kOtherPool;
}

namespace {

int StateSeatsTaken(const std::vector<v1::RoundTableParticipant>& seated) {
  return static_cast<int>(std::count_if(
      seated.begin(), seated.end(), [](const auto& p) { return UsesStateSeat(p.entity_kind()); }));
}

}  // namespace

absl::Status CheckSeatFree(const v1::RoundTable& rt,
                           const std::vector<v1::RoundTableParticipant>& seated,
                           const v1::Delegation& d, absl::string_view field) {
  if (static_cast<int>(seated.size()) >= rt.capacity()) {
    return FailedPrecondition(
        "ROUND_TABLE_FULL", rt.name(),
        absl::StrCat("all ", rt.capacity(), " seats of the round table are taken"), field);
  }
  if (UsesStateSeat(d.entity_kind()) &&
      StateSeatsTaken(seated) >= rt.capacity() - rt.reserved_seats()) {
    return FailedPrecondition("STATE_SEATS_FULL", rt.name(),
                              absl::StrCat("the ", rt.capacity() - rt.reserved_seats(),
                                           " seats for Member States are taken; the other ",
                                           rt.reserved_seats(), " are kept for other participants"),
                              field);
  }
  return absl::OkStatus();
}

absl::Status CheckStateTableLimit(const v1::Delegation& d, const std::vector<std::string>& tables,
                                  int limit, absl::string_view field) {
  if (!UsesStateSeat(d.entity_kind()) || static_cast<int>(tables.size()) < limit) {
    return absl::OkStatus();
  }
  return FailedPrecondition(
      "ROUND_TABLE_LIMIT_PER_STATE", tables.empty() ? d.name() : tables.front(),
      absl::StrCat(d.display_name(), " already sits at ", tables.size(),
                   " round table(s) of this event; the limit per State is ", limit),
      field);
}

absl::Status CheckSeatsFit(const v1::RoundTable& rt,
                           const std::vector<v1::RoundTableParticipant>& seated) {
  int states = StateSeatsTaken(seated);
  if (static_cast<int>(seated.size()) <= rt.capacity() &&
      states <= rt.capacity() - rt.reserved_seats()) {
    return absl::OkStatus();
  }
  return FailedPrecondition(
      "SEATS_TAKEN", rt.name(),
      absl::StrCat(seated.size(), " seats are taken, ", states,
                   " of them by Member States; capacity and reserved seats must leave room for "
                   "them"),
      "round_table.capacity");
}

}  // namespace forum::domain
