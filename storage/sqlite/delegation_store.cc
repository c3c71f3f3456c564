#include "storage/sqlite/delegation_store.h"

#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/names.h"

namespace forum::storage::sqlite {
namespace {

constexpr char kColumns[] =
    "SELECT d.event_id, d.entity_code, e.display_name, e.kind, e.regional_group, d.state, "
    "d.state_reason, d.head_name, d.head_title, d.head_rank, d.credentials_reference, "
    "d.credentials_received_date, d.contact_email, d.notes, d.registration_time, d.update_time, "
    "d.version, d.member_count FROM delegations d JOIN entities e ON e.code = d.entity_code ";

constexpr char kFilter[] =
    "WHERE d.event_id = ?1 AND (?2 = 0 OR d.state = ?2) AND (?3 = 0 OR e.kind = ?3) "
    "AND (?4 = 0 OR e.regional_group = ?4) ";

v1::Delegation Row(SQLite::Statement& s) {
  v1::Delegation d;
  std::string entity = s.getColumn(1).getString();
  d.set_name(domain::EventChildName(s.getColumn(0).getString(), "delegations", entity));
  d.set_entity(domain::EntityName(entity));
  d.set_display_name(s.getColumn(2).getString());
  d.set_entity_kind(static_cast<v1::EntityKind>(s.getColumn(3).getInt()));
  d.set_regional_group(static_cast<v1::RegionalGroup>(s.getColumn(4).getInt()));
  d.set_state(static_cast<v1::DelegationState>(s.getColumn(5).getInt()));
  d.set_state_reason(s.getColumn(6).getString());
  d.mutable_head()->set_full_name(s.getColumn(7).getString());
  d.mutable_head()->set_title(s.getColumn(8).getString());
  d.mutable_head()->set_rank(static_cast<v1::ProtocolRank>(s.getColumn(9).getInt()));
  std::string reference = s.getColumn(10).getString();
  std::string received = s.getColumn(11).getString();
  if (!reference.empty() || !received.empty()) {
    d.mutable_credentials()->set_reference(reference);
    d.mutable_credentials()->set_received_date(received);
  }
  d.set_contact_email(s.getColumn(12).getString());
  d.set_notes(s.getColumn(13).getString());
  *d.mutable_registration_time() = domain::FromMicros(s.getColumn(14).getInt64());
  *d.mutable_update_time() = domain::FromMicros(s.getColumn(15).getInt64());
  d.set_etag(domain::EtagOf(s.getColumn(16).getInt64()));
  d.set_member_count(s.getColumn(17).getInt());
  return d;
}

void BindQuery(SQLite::Statement& s, absl::string_view event_id, const DelegationStore::Query& q) {
  s.bind(1, std::string(event_id));
  s.bind(2, q.state);
  s.bind(3, q.entity_kind);
  s.bind(4, q.regional_group);
}

v1::DelegationMember MemberRow(SQLite::Statement& s) {
  v1::DelegationMember m;
  m.set_name(domain::MemberResourceName(s.getColumn(0).getString(), s.getColumn(1).getString(),
                                        s.getColumn(2).getInt64()));
  m.mutable_person()->set_full_name(s.getColumn(3).getString());
  m.mutable_person()->set_title(s.getColumn(4).getString());
  m.mutable_person()->set_rank(static_cast<v1::ProtocolRank>(s.getColumn(5).getInt()));
  m.set_role(s.getColumn(6).getString());
  m.set_etag(domain::EtagOf(s.getColumn(7).getInt64()));
  return m;
}

constexpr char kMemberColumns[] =
    "SELECT event_id, entity_code, member_id, full_name, title, rank, role, version "
    "FROM delegation_members ";

}  // namespace

absl::StatusOr<v1::Delegation> DelegationStore::Get(absl::string_view event_id,
                                                    absl::string_view entity_code) {
  auto& s = c_.Prepare(std::string(kColumns) + "WHERE d.event_id = ? AND d.entity_code = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  if (!s.executeStep()) {
    return domain::NotFound("forum.v1.Delegation",
                            domain::EventChildName(event_id, "delegations", entity_code));
  }
  return Row(s);
}

bool DelegationStore::Exists(absl::string_view event_id, absl::string_view entity_code) {
  auto& s = c_.Prepare("SELECT 1 FROM delegations WHERE event_id = ? AND entity_code = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  return s.executeStep();
}

namespace {

// Binds the columns that Insert and Update write alike, as ?1..?12: the keys, the delegation's own
// fields and the time of the change.
void BindDelegation(SQLite::Statement& s, absl::string_view event_id, absl::string_view entity_code,
                    const v1::Delegation& d, int64_t now) {
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, d.state());
  s.bind(4, d.state_reason());
  s.bind(5, d.head().full_name());
  s.bind(6, d.head().title());
  s.bind(7, d.head().rank());
  s.bind(8, d.credentials().reference());
  s.bind(9, d.credentials().received_date());
  s.bind(10, d.contact_email());
  s.bind(11, d.notes());
  s.bind(12, now);
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
  s.exec();
}

void DelegationStore::Update(absl::string_view event_id, absl::string_view entity_code,
                             const v1::Delegation& d, int64_t now) {
  auto& s = c_.Prepare(
      "UPDATE delegations SET state = ?3, state_reason = ?4, head_name = ?5, head_title = ?6, "
      "head_rank = ?7, credentials_reference = ?8, credentials_received_date = ?9, "
      "contact_email = ?10, notes = ?11, update_time = ?12, version = version + 1 "
      "WHERE event_id = ?1 AND entity_code = ?2");
  BindDelegation(s, event_id, entity_code, d, now);
  s.exec();
}

std::vector<v1::Delegation> DelegationStore::List(absl::string_view event_id, const Query& q) {
  auto& s = c_.Prepare(std::string(kColumns) + kFilter +
                       "AND d.entity_code > ?5 ORDER BY d.entity_code LIMIT ?6");
  BindQuery(s, event_id, q);
  s.bind(5, q.after_code);
  s.bind(6, q.limit);
  std::vector<v1::Delegation> out;
  while (s.executeStep()) out.push_back(Row(s));
  return out;
}

int DelegationStore::Count(absl::string_view event_id, const Query& q) {
  if (q.entity_kind == 0 && q.regional_group == 0) {
    // Nothing asked of the entity: the count is read from the state index alone, without
    // looking up each delegation's entity (a tenth of a page's cost when it did).
    auto& s = c_.Prepare(
        "SELECT count(*) FROM delegations d WHERE d.event_id = ?1 AND (?2 = 0 OR d.state = ?2)");
    s.bind(1, std::string(event_id));
    s.bind(2, q.state);
    s.executeStep();
    return s.getColumn(0).getInt();
  }
  auto& s = c_.Prepare(
      std::string("SELECT count(*) FROM delegations d JOIN entities e ON e.code = d.entity_code ") +
      kFilter);
  BindQuery(s, event_id, q);
  s.executeStep();
  return s.getColumn(0).getInt();
}

int64_t DelegationStore::AddMember(absl::string_view event_id, absl::string_view entity_code,
                                   const v1::DelegationMember& m) {
  auto& next = c_.Prepare(
      "UPDATE delegations SET next_member_id = next_member_id + 1, member_count = member_count + "
      "1, "
      "version = version + 1 WHERE event_id = ? AND entity_code = ? RETURNING next_member_id - 1");
  next.bind(1, std::string(event_id));
  next.bind(2, std::string(entity_code));
  next.executeStep();
  int64_t id = next.getColumn(0).getInt64();
  next.reset();
  auto& s = c_.Prepare(
      "INSERT INTO delegation_members (event_id, entity_code, member_id, full_name, title, rank, "
      "role) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, id);
  s.bind(4, m.person().full_name());
  s.bind(5, m.person().title());
  s.bind(6, m.person().rank());
  s.bind(7, m.role());
  s.exec();
  return id;
}

absl::StatusOr<v1::DelegationMember> DelegationStore::GetMember(absl::string_view event_id,
                                                                absl::string_view entity_code,
                                                                int64_t member_id) {
  auto& s = c_.Prepare(std::string(kMemberColumns) +
                       "WHERE event_id = ? AND entity_code = ? AND member_id = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, member_id);
  if (!s.executeStep()) {
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
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, member_id);
  s.bind(4, m.person().full_name());
  s.bind(5, m.person().title());
  s.bind(6, m.person().rank());
  s.bind(7, m.role());
  s.exec();
}

void DelegationStore::RemoveMember(absl::string_view event_id, absl::string_view entity_code,
                                   int64_t member_id) {
  auto& s = c_.Prepare(
      "DELETE FROM delegation_members WHERE event_id = ? AND entity_code = ? AND member_id = ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, member_id);
  s.exec();
  auto& count = c_.Prepare(
      "UPDATE delegations SET member_count = member_count - 1, version = version + 1 "
      "WHERE event_id = ? AND entity_code = ?");
  count.bind(1, std::string(event_id));
  count.bind(2, std::string(entity_code));
  count.exec();
}

std::vector<v1::DelegationMember> DelegationStore::ListMembers(absl::string_view event_id,
                                                               absl::string_view entity_code,
                                                               int64_t after_id, int limit) {
  auto& s = c_.Prepare(std::string(kMemberColumns) +
                       "WHERE event_id = ? AND entity_code = ? AND member_id > ? "
                       "ORDER BY member_id LIMIT ?");
  s.bind(1, std::string(event_id));
  s.bind(2, std::string(entity_code));
  s.bind(3, after_id);
  s.bind(4, limit);
  std::vector<v1::DelegationMember> out;
  while (s.executeStep()) out.push_back(MemberRow(s));
  return out;
}

}  // namespace forum::storage::sqlite
