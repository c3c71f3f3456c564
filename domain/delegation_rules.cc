#include "domain/delegation_rules.h"

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"

namespace forum::domain {
namespace {

std::string F(absl::string_view prefix, absl::string_view field) {
  return absl::StrCat(prefix, ".", field);
}

}  // namespace

void ValidatePerson(const v1::Person& person, absl::string_view p, bool required, Validator& v) {
  v.Text(F(p, "full_name"), person.full_name(), kMaxShortText, required);
  v.Text(F(p, "title"), person.title(), kMaxShortText, false);
  v.Enum(F(p, "rank"), person.rank(), v1::ProtocolRank_IsValid, required);
}

void ValidateDelegationFields(const v1::Delegation& d, absl::string_view p, Validator& v) {
  ValidatePerson(d.head(), F(p, "head"), true, v);
  v.Text(F(p, "credentials.reference"), d.credentials().reference(), kMaxShortText, false);
  v.Date(F(p, "credentials.received_date"), d.credentials().received_date(), false);
  v.Email(F(p, "contact_email"), d.contact_email());
  v.Text(F(p, "notes"), d.notes(), kMaxLongText, false, true);
}

void ValidateMember(const v1::DelegationMember& m, absl::string_view p, Validator& v) {
  v.Text(F(p, "person.full_name"), m.person().full_name(), kMaxShortText, true);
  v.Text(F(p, "person.title"), m.person().title(), kMaxShortText, false);
  v.Enum(F(p, "person.rank"), m.person().rank(), v1::ProtocolRank_IsValid, false);
  v.Text(F(p, "role"), m.role(), kMaxShortText, false);
}

absl::Status CheckRegistrationOpen(const v1::Event& event) {
  if (event.state() == v1::EVENT_STATE_OPEN_FOR_REGISTRATION ||
      event.state() == v1::EVENT_STATE_IN_SESSION) {
    return absl::OkStatus();
  }
  std::string why =
      event.state() == v1::EVENT_STATE_PLANNED
          ? "registration has not opened; the secretariat opens it by setting the event's state "
            "to OPEN_FOR_REGISTRATION"
          : absl::StrCat("the event is ", v1::EventState_Name(event.state()),
                         " and takes no registrations");
  return FailedPrecondition("EVENT_STATE", event.name(), why, "parent");
}

absl::Status CheckEntityEligible(const v1::Entity& entity, const v1::Event& event) {
  auto first_day = ParseDate(event.start_date());
  if (!first_day.ok()) return first_day.status();
  if (!entity.admission_date().empty()) {
    auto admitted = ParseDate(entity.admission_date());
    if (admitted.ok() && *admitted > *first_day) {
      return FailedPrecondition(
          "ENTITY_NOT_ELIGIBLE", entity.name(),
          absl::StrCat(entity.display_name(), " could take part only from ",
                       entity.admission_date(), ", after the event began on ", event.start_date()),
          "delegation.entity");
    }
  }
  if (!entity.end_date().empty()) {
    auto ended = ParseDate(entity.end_date());
    if (ended.ok() && *ended < *first_day) {
      return FailedPrecondition(
          "ENTITY_NOT_ELIGIBLE", entity.name(),
          absl::StrCat(entity.display_name(), " ceased to exist under this name on ",
                       entity.end_date(), ", before the event began on ", event.start_date()),
          "delegation.entity");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDelegationTransition(const v1::Delegation& d, v1::DelegationState to) {
  v1::DelegationState from = d.state();
  bool ok = (from == v1::DELEGATION_STATE_PENDING &&
             (to == v1::DELEGATION_STATE_ACCREDITED || to == v1::DELEGATION_STATE_REJECTED ||
              to == v1::DELEGATION_STATE_WITHDRAWN)) ||
            (from == v1::DELEGATION_STATE_ACCREDITED && to == v1::DELEGATION_STATE_WITHDRAWN);
  if (ok) return absl::OkStatus();
  return FailedPrecondition(
      "DELEGATION_STATE", d.name(),
      absl::StrCat("a delegation that is ", v1::DelegationState_Name(from), " cannot become ",
                   v1::DelegationState_Name(to),
                   "; pending delegations are accredited or rejected, pending or accredited ones "
                   "may withdraw"));
}

absl::Status CheckDelegationEditable(const v1::Delegation& d) {
  if (d.state() == v1::DELEGATION_STATE_WITHDRAWN || d.state() == v1::DELEGATION_STATE_REJECTED) {
    return FailedPrecondition(
        "DELEGATION_STATE", d.name(),
        absl::StrCat("the delegation is ", v1::DelegationState_Name(d.state()),
                     " and its record no longer changes"));
  }
  return absl::OkStatus();
}

}  // namespace forum::domain
