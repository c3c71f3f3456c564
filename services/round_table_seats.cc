// Seats, preferences and the rules of seating: participants, ranked preferences, the rules.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/allocation.h"
#include "domain/allocation_plan.h"
#include "domain/dates.h"
#include "domain/delegation_rules.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/event_rules.h"
#include "domain/limits.h"
#include "domain/names.h"
#include "domain/round_table_rules.h"
#include "domain/schedule_export.h"
#include "domain/status_macros.h"
#include "services/field_mask.h"
#include "services/idempotency.h"
#include "services/limits.h"
#include "services/paging.h"
#include "services/round_table_support.h"
#include "services/round_tables.h"
#include "services/schedule_checks.h"

namespace forum::services {

namespace {

absl::StatusOr<std::string> ParseRulesName(absl::string_view name, absl::string_view field) {
  constexpr absl::string_view kSuffix = "/roundTableRules";
  if (name.size() <= kSuffix.size() || name.substr(name.size() - kSuffix.size()) != kSuffix) {
    return domain::InvalidField(field, "is not a rules name events/{event}/roundTableRules");
  }
  return domain::ParseEventName(name.substr(0, name.size() - kSuffix.size()), field);
}

}  // namespace

absl::StatusOr<v1::RoundTableParticipant> RoundTables::AddParticipant(
    storage::Tx& tx, const v1::AddRoundTableParticipantRequest& request) {
  ASSIGN_OR_RETURN(auto rt_name, ParseRoundTable(request.round_table(), "round_table"));
  domain::Validator v;
  v.Enum("role", request.role(), v1::ParticipantRole_IsValid, true);
  v.RequestId("request_id", request.request_id());
  RETURN_IF_ERROR(v.Finish());
  return Idempotent<v1::RoundTableParticipant>(
      tx, "AddRoundTableParticipant", request.request_id(), request,
      [&]() -> absl::StatusOr<v1::RoundTableParticipant> {
        storage::RoundTableStore& store = tx.round_tables();
        ASSIGN_OR_RETURN(auto rt, store.Get(rt_name.event, rt_name.id, "round_table"));
        ASSIGN_OR_RETURN(auto event, LoadOpenEvent(tx, rt_name.event, ""));
        RETURN_IF_ERROR(domain::CheckRoundTableOpen(rt));
        ASSIGN_OR_RETURN(auto d,
                         LoadDelegation(tx, rt_name.event, request.delegation(), "delegation"));
        if (store.RoleOf(rt_name.event, rt_name.id, EntityCode(d)) != 0) {
          return domain::AlreadyExists("forum.v1.RoundTableParticipant", request.delegation(),
                                       absl::StrCat("already sits at ", rt.name()));
        }
        RETURN_IF_ERROR(CheckSeat(tx, rt_name.event, rt, d, request.role(), "delegation"));
        store.AddParticipant(rt_name.event, rt_name.id, EntityCode(d), request.role(),
                             domain::NowMicros());
        for (auto& p : store.Participants(rt_name.event, rt_name.id)) {
          if (p.delegation() == d.name()) return p;
        }
        return absl::InternalError("the participant just added cannot be read back");
      });
}

absl::StatusOr<v1::RemoveRoundTableParticipantResponse> RoundTables::RemoveParticipant(
    storage::Tx& tx, const v1::RemoveRoundTableParticipantRequest& request) {
  ASSIGN_OR_RETURN(auto rt_name, ParseRoundTable(request.round_table(), "round_table"));
  ASSIGN_OR_RETURN(auto d_name,
                   domain::ParseEventChildName(request.delegation(), "delegations", "delegation"));
  storage::RoundTableStore& store = tx.round_tables();
  ASSIGN_OR_RETURN(auto rt, store.Get(rt_name.event, rt_name.id, "round_table"));
  ASSIGN_OR_RETURN(auto event, LoadOpenEvent(tx, rt_name.event, ""));
  RETURN_IF_ERROR(domain::CheckRoundTableOpen(rt));
  if (store.RoleOf(rt_name.event, rt_name.id, d_name.id) == 0) {
    return domain::NotFound("forum.v1.RoundTableParticipant", request.delegation(), "delegation");
  }
  store.RemoveParticipant(rt_name.event, rt_name.id, d_name.id);
  return v1::RemoveRoundTableParticipantResponse();
}

absl::StatusOr<v1::ListRoundTableParticipantsResponse> RoundTables::ListParticipants(
    storage::Tx& tx, const v1::ListRoundTableParticipantsRequest& request) {
  ASSIGN_OR_RETURN(auto rt_name, ParseRoundTable(request.round_table(), "round_table"));
  ASSIGN_OR_RETURN(auto size, domain::PageSize(request.page_size()));
  ASSIGN_OR_RETURN(auto after,
                   domain::DecodePageToken(request.page_token(), request.round_table()));
  storage::RoundTableStore& store = tx.round_tables();
  RETURN_IF_ERROR(store.Get(rt_name.event, rt_name.id, "round_table"));
  auto rows = store.Participants(rt_name.event, rt_name.id, after, size + 1);
  v1::ListRoundTableParticipantsResponse response;
  response.set_next_page_token(
      TrimPage(rows, size, request.round_table(),
               [](const v1::RoundTableParticipant& p) { return LastSegment(p.delegation()); }));
  for (auto& p : rows) *response.add_participants() = std::move(p);
  return response;
}

absl::StatusOr<v1::RoundTablePreferences> RoundTables::SetPreferences(
    storage::Tx& tx, const domain::EventChild& d_name,
    const v1::SetRoundTablePreferencesRequest& request) {
  const auto& prefs = request.preferences();
  domain::Validator v;
  v.Count("preferences.round_tables", prefs.round_tables_size(), domain::kMaxRankedTables);
  std::vector<std::string> ids;
  for (int i = 0; i < prefs.round_tables_size(); ++i) {
    std::string field = absl::StrCat("preferences.round_tables[", i, "]");
    auto rt = ParseRoundTable(prefs.round_tables(i), field);
    if (!rt.ok()) {
      v.Add(field, "is not a round table name events/{event}/roundTables/{round_table}");
    } else if (rt->event != d_name.event) {
      v.Add(field, "must be a round table of the delegation's event");
    } else if (std::find(ids.begin(), ids.end(), rt->id) != ids.end()) {
      v.Add(field, "is ranked twice");
    } else {
      ids.push_back(rt->id);
    }
  }
  RETURN_IF_ERROR(v.Finish());
  ASSIGN_OR_RETURN(auto event, LoadOpenEvent(tx, d_name.event, ""));
  ASSIGN_OR_RETURN(auto d, LoadDelegation(tx, d_name, "preferences.delegation"));
  RETURN_IF_ERROR(domain::CheckDelegationEditable(d));
  storage::RoundTableStore& store = tx.round_tables();
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string field = absl::StrCat("preferences.round_tables[", i, "]");
    ASSIGN_OR_RETURN(auto rt, store.Get(d_name.event, ids[i], field));
    RETURN_IF_ERROR(domain::CheckRoundTableOpen(rt));
  }
  int64_t now = domain::NowMicros();
  store.SetPreferences(d_name.event, d_name.id, ids, now);
  v1::RoundTablePreferences out = prefs;
  *out.mutable_update_time() = domain::FromMicros(now);
  return out;
}

absl::StatusOr<v1::RoundTablePreferences> RoundTables::GetPreferences(
    storage::Tx& tx, const domain::EventChild& d_name,
    const v1::GetRoundTablePreferencesRequest& request) {
  RETURN_IF_ERROR(LoadDelegation(tx, d_name, "delegation"));
  auto stored = tx.round_tables().GetPreferences(d_name.event, d_name.id);
  v1::RoundTablePreferences out;
  out.set_delegation(request.delegation());
  for (const auto& id : stored.round_tables) {
    out.add_round_tables(domain::EventChildName(d_name.event, "roundTables", id));
  }
  if (stored.update_micros > 0) {
    *out.mutable_update_time() = domain::FromMicros(stored.update_micros);
  }
  return out;
}

absl::StatusOr<v1::RoundTableRules> RoundTables::GetRules(
    storage::Tx& tx, const v1::GetRoundTableRulesRequest& request) {
  ASSIGN_OR_RETURN(auto event_id, ParseRulesName(request.name(), "name"));
  if (!tx.events().Exists(event_id)) {
    return domain::NotFound("forum.v1.Event", domain::EventName(event_id), "name");
  }
  return tx.round_tables().GetRules(event_id);
}

absl::StatusOr<v1::RoundTableRules> RoundTables::UpdateRules(
    storage::Tx& tx, const v1::UpdateRoundTableRulesRequest& request) {
  static const std::set<std::string> kUpdatable = {"max_round_tables_per_state", "regional_slack"};
  ASSIGN_OR_RETURN(auto event_id, ParseRulesName(request.rules().name(), "rules.name"));
  RETURN_IF_ERROR(LoadOpenEvent(tx, event_id, "rules.name"));
  storage::RoundTableStore& store = tx.round_tables();
  v1::RoundTableRules current = store.GetRules(event_id);
  auto fresh = domain::CheckEtag(request.rules().etag(), current.etag(), "forum.v1.RoundTableRules",
                                 current.name(), "rules.etag");
  if (!fresh.ok()) return fresh;
  v1::RoundTableRules updated = current;
  auto applied = ApplyUpdateMask(request.rules(), request.update_mask(), kUpdatable, &updated);
  if (!applied.ok()) return applied;
  domain::Validator v;
  v.Range("rules.max_round_tables_per_state", updated.max_round_tables_per_state(), 1, 100);
  v.Range("rules.regional_slack", updated.regional_slack(), 0, 1000);
  RETURN_IF_ERROR(v.Finish());
  store.SetRules(event_id, updated);
  return store.GetRules(event_id);
}

}  // namespace forum::services
