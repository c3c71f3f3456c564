// The store of delegations and their members.
#ifndef FORUM_STORAGE_DELEGATION_STORE_H_
#define FORUM_STORAGE_DELEGATION_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/delegation.pb.h"

namespace forum::storage {

class DelegationStore {
 public:
  virtual ~DelegationStore() = default;

  // NOT_FOUND when the event has no delegation of that entity.
  virtual absl::StatusOr<v1::Delegation> Get(absl::string_view event_id,
                                             absl::string_view entity_code) = 0;
  virtual bool Exists(absl::string_view event_id, absl::string_view entity_code) = 0;
  // Registers a delegation in state `d.state()` at `now_micros`.
  virtual void Insert(absl::string_view event_id, absl::string_view entity_code,
                      const v1::Delegation& d, int64_t now_micros) = 0;
  // Rewrites the mutable fields and state, increments the version.
  virtual void Update(absl::string_view event_id, absl::string_view entity_code,
                      const v1::Delegation& d, int64_t now_micros) = 0;
  // The same, leaving the state (and its reason) as stored: the index by state is not touched,
  // so an edit writes one page fewer.
  virtual void UpdateFields(absl::string_view event_id, absl::string_view entity_code,
                            const v1::Delegation& d, int64_t now_micros) = 0;

  struct Query {
    int state = 0;           // 0: any
    int entity_kind = 0;     // 0: any
    int regional_group = 0;  // 0: any
    std::string after_code;  // exclusive cursor
    int limit = 50;
  };
  virtual std::vector<v1::Delegation> List(absl::string_view event_id, const Query& q) = 0;
  virtual int Count(absl::string_view event_id, const Query& q) = 0;

  // Adds a member and returns its assigned number.
  virtual int64_t AddMember(absl::string_view event_id, absl::string_view entity_code,
                            const v1::DelegationMember& m) = 0;
  virtual absl::StatusOr<v1::DelegationMember> GetMember(absl::string_view event_id,
                                                         absl::string_view entity_code,
                                                         int64_t member_id) = 0;
  virtual void UpdateMember(absl::string_view event_id, absl::string_view entity_code,
                            int64_t member_id, const v1::DelegationMember& m) = 0;
  virtual void RemoveMember(absl::string_view event_id, absl::string_view entity_code,
                            int64_t member_id) = 0;
  virtual std::vector<v1::DelegationMember> ListMembers(absl::string_view event_id,
                                                        absl::string_view entity_code,
                                                        int64_t after_id, int limit) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_DELEGATION_STORE_H_
