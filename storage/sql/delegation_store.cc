#include "storage/sql/delegation_store.h"

#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"

namespace forum::storage::sql {
namespace {

constexpr char kColumns[] =
    "SELECT d.event_id, d.entity_code, e.display_name, e.kind, e.regional_group, d.state, "
    "d.state_reason, d.head_name, d.head_title, d.head_rank, d.credentials_reference, "
    "d.credentials_received_date, d.contact_email, d.notes, d.registration_time, d.update_time, "
    "d.version, d.member_count FROM delegations d JOIN entities e ON e.code = d.entity_code ";

constexpr char kFilter[] =
    "WHERE d.event_id = ?1 AND (?2 = 0 OR d.state = ?2) AND (?3 = 0 OR e.kind = ?3) "
    "AND (?4 = 0 OR e.regional_group = ?4) ";

v1::Delegation Row(Statement& s) {
  v1::Delegation d;
  std::string entity = s.Column(1).String();
  d.set_name(domain::EventChildName(s.Column(0).String(), "delegations", entity));
  d.set_entity(domain::EntityName(entity));
  d.set_display_name(s.Column(2).String());
  d.set_entity_kind(static_cast<v1::EntityKind>(s.Column(3).Int()));
  d.set_regional_group(static_cast<v1::RegionalGroup>(s.Column(4).Int()));
  d.set_state(static_cast<v1::DelegationState>(s.Column(5).Int()));
  d.set_state_reason(s.Column(6).String());
  d.mutable_head()->set_full_name(s.Column(7).String());
  d.mutable_head()->set_title(s.Column(8).String());
  d.mutable_head()->set_rank(static_cast<v1::ProtocolRank>(s.Column(9).Int()));
  std::string reference = s.Column(10).String();
  std::string received = s.Column(11).String();
  if (!reference.empty() || !received.empty()) {
    d.mutable_credentials()->set_reference(reference);
    d.mutable_credentials()->set_received_date(received);
  }
  d.set_contact_email(s.Column(12).String());
  d.set_notes(s.Column(13).String());
  *d.mutable_registration_time() = domain::FromMicros(s.Column(14).Int64());
  *d.mutable_update_time() = domain::FromMicros(s.Column(15).Int64());
  d.set_etag(domain::EtagOf(s.Column(16).Int64()));
  d.set_member_count(s.Column(17).Int());
  return d;
}

void BindQuery(Statement& s, absl::string_view event_id, const DelegationStore::Query& q) {
  s.Bind(1, std::string(event_id));
  s.Bind(2, q.state);
  s.Bind(3, q.entity_kind);
  s.Bind(4, q.regional_group);
}

v1::DelegationMember MemberRow(Statement& s) {
  v1::DelegationMember m;
  m.set_name(
      domain::MemberResourceName(s.Column(0).String(), s.Column(1).String(), s.Column(2).Int64()));
  m.mutable_person()->set_full_name(s.Column(3).String());
  m.mutable_person()->set_title(s.Column(4).String());
  m.mutable_person()->set_rank(static_cast<v1::ProtocolRank>(s.Column(5).Int()));
  m.set_role(s.Column(6).String());
  m.set_etag(domain::EtagOf(s.Column(7).Int64()));
  return m;
}

constexpr char kMemberColumns[] =
    "SELECT event_id, entity_code, member_id, full_name, title, rank, role, version "
    "FROM delegation_members ";

}  // namespace

absl::StatusOr<v1::Delegation> DelegationStore::Get(absl::string_view event_id,
                                                    absl::string_view entity_code) {
  auto& s = c_.Prepare(std::string(kColumns) + "WHERE d.event_id = ? AND d.entity_code = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  if (!s.Step()) {
    return domain::NotFound("forum.v1.Delegation",
                            domain::EventChildName(event_id, "delegations", entity_code));
  }
  return Row(s);
}

bool DelegationStore::Exists(absl::string_view event_id, absl::string_view entity_code) {
  auto& s = c_.Prepare("SELECT 1 FROM delegations WHERE event_id = ? AND entity_code = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  return s.Step();
}

namespace {

// Binds the fields an edit may change (the head, the credentials, the contact and the notes), in
// that order, as ?first..?first+6.
void BindEditableFields(Statement& s, int first, const v1::Delegation& d) {
  s.Bind(first, d.head().full_name());
  s.Bind(first + 1, d.head().title());
  s.Bind(first + 2, d.head().rank());
  s.Bind(first + 3, d.credentials().reference());
  s.Bind(first + 4, d.credentials().received_date());
  s.Bind(first + 5, d.contact_email());
  s.Bind(first + 6, d.notes());
}

// Binds the columns that Insert and Update write alike, as ?1..?12: the keys, the delegation's own
// fields and the time of the change.
void BindDelegation(Statement& s, absl::string_view event_id, absl::string_view entity_code,
                    const v1::Delegation& d, int64_t now) {
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, d.state());
  s.Bind(4, d.state_reason());
  BindEditableFields(s, 5, d);
  s.Bind(12, now);
}

}  // namespace

void DelegationStore::Insert(absl::string_view event_id, absl::string_view entity_code,
                             const v1::Delegation& d, int64_t now) {
  auto& s = c_.Prepare(
      "INSERT INTO delegations (event_id, entity_code, state, state_reason, head_name, "
      "head_title, head_rank, credentials_reference, credentials_received_date, contact_email, "
      "notes, registration_time, update_time) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
  BindDelegation(s, event_id, entity_code, d, now);
  s.Run();
}

void DelegationStore::Update(absl::string_view event_id, absl::string_view entity_code,
                             const v1::Delegation& d, int64_t now) {
  auto& s = c_.Prepare(
      "UPDATE delegations SET state = ?3, state_reason = ?4, head_name = ?5, head_title = ?6, "
      "head_rank = ?7, credentials_reference = ?8, credentials_received_date = ?9, "
      "contact_email = ?10, notes = ?11, update_time = ?12, version = version + 1 "
      "WHERE event_id = ?1 AND entity_code = ?2");
  BindDelegation(s, event_id, entity_code, d, now);
  s.Run();
}

void DelegationStore::UpdateFields(absl::string_view event_id, absl::string_view entity_code,
                                   const v1::Delegation& d, int64_t now) {
  auto& s = c_.Prepare(
      "UPDATE delegations SET head_name = ?3, head_title = ?4, head_rank = ?5, "
      "credentials_reference = ?6, credentials_received_date = ?7, contact_email = ?8, "
      "notes = ?9, update_time = ?10, version = version + 1 "
      "WHERE event_id = ?1 AND entity_code = ?2");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  BindEditableFields(s, 3, d);
  s.Bind(10, now);
  s.Run();
}

std::vector<v1::Delegation> DelegationStore::List(absl::string_view event_id, const Query& q) {
  auto& s = c_.Prepare(std::string(kColumns) + kFilter +
                       "AND d.entity_code > ?5 ORDER BY d.entity_code LIMIT ?6");
  BindQuery(s, event_id, q);
  s.Bind(5, q.after_code);
  s.Bind(6, q.limit);
  std::vector<v1::Delegation> out;
  while (s.Step()) out.push_back(Row(s));
  return out;
}

int DelegationStore::Count(absl::string_view event_id, const Query& q) {
  if (q.entity_kind == 0 && q.regional_group == 0) {
    // Nothing asked of the entity: the count is read from the state index alone, without
    // looking up each delegation's entity (a tenth of a page's cost when it did).
    auto& s = c_.Prepare(
        "SELECT count(*) FROM delegations d WHERE d.event_id = ?1 AND (?2 = 0 OR d.state = ?2)");
    s.Bind(1, std::string(event_id));
    s.Bind(2, q.state);
    s.Step();
    return s.Column(0).Int();
  }
  auto& s = c_.Prepare(
      std::string("SELECT count(*) FROM delegations d JOIN entities e ON e.code = d.entity_code ") +
      kFilter);
  BindQuery(s, event_id, q);
  s.Step();
  return s.Column(0).Int();
}

int64_t DelegationStore::AddMember(absl::string_view event_id, absl::string_view entity_code,
                                   const v1::DelegationMember& m) {
  auto& next = c_.Prepare(
      "UPDATE delegations SET next_member_id = next_member_id + 1, member_count = member_count + "
      "1, "
      "version = version + 1 WHERE event_id = ? AND entity_code = ? RETURNING next_member_id - 1");
  next.Bind(1, std::string(event_id));
  next.Bind(2, std::string(entity_code));
  next.Step();
  int64_t id = next.Column(0).Int64();
  next.Reset();
  auto& s = c_.Prepare(
      "INSERT INTO delegation_members (event_id, entity_code, member_id, full_name, title, rank, "
      "role) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, id);
  s.Bind(4, m.person().full_name());
  s.Bind(5, m.person().title());
  s.Bind(6, m.person().rank());
  s.Bind(7, m.role());
  s.Run();
  return id;
}

absl::StatusOr<v1::DelegationMember> DelegationStore::GetMember(absl::string_view event_id,
                                                                absl::string_view entity_code,
                                                                int64_t member_id) {
  auto& s = c_.Prepare(std::string(kMemberColumns) +
                       "WHERE event_id = ? AND entity_code = ? AND member_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, member_id);
  if (!s.Step()) {
    return domain::NotFound("forum.v1.DelegationMember",
                            domain::MemberResourceName(event_id, entity_code, member_id));
  }
  return MemberRow(s);
}

void DelegationStore::UpdateMember(absl::string_view event_id, absl::string_view entity_code,
                                   int64_t member_id, const v1::DelegationMember& m) {
  auto& s = c_.Prepare(
      "UPDATE delegation_members SET full_name = ?4, title = ?5, rank = ?6, role = ?7, "
      "version = version + 1 WHERE event_id = ?1 AND entity_code = ?2 AND member_id = ?3");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, member_id);
  s.Bind(4, m.person().full_name());
  s.Bind(5, m.person().title());
  s.Bind(6, m.person().rank());
  s.Bind(7, m.role());
  s.Run();
}

void DelegationStore::RemoveMember(absl::string_view event_id, absl::string_view entity_code,
                                   int64_t member_id) {
  auto& s = c_.Prepare(
      "DELETE FROM delegation_members WHERE event_id = ? AND entity_code = ? AND member_id = ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, member_id);
  s.Run();
  auto& count = c_.Prepare(
      "UPDATE delegations SET member_count = member_count - 1, version = version + 1 "
      "WHERE event_id = ? AND entity_code = ?");
  count.Bind(1, std::string(event_id));
  count.Bind(2, std::string(entity_code));
  count.Run();
}

std::vector<v1::DelegationMember> DelegationStore::ListMembers(absl::string_view event_id,
                                                               absl::string_view entity_code,
                                                               int64_t after_id, int limit) {
  auto& s = c_.Prepare(std::string(kMemberColumns) +
                       "WHERE event_id = ? AND entity_code = ? AND member_id > ? "
                       "ORDER BY member_id LIMIT ?");
  s.Bind(1, std::string(event_id));
  s.Bind(2, std::string(entity_code));
  s.Bind(3, after_id);
  s.Bind(4, limit);
  std::vector<v1::DelegationMember> out;
  while (s.Step()) out.push_back(MemberRow(s));
  return out;
}

}  // namespace forum::storage::sql
