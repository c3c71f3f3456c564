// The store of round tables, their participants, the delegations' preferences and the event's
// round-table rules.
#ifndef FORUM_STORAGE_ROUND_TABLE_STORE_H_
#define FORUM_STORAGE_ROUND_TABLE_STORE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/round_table.pb.h"

namespace forum::storage {

class RoundTableStore {
 public:
  virtual ~RoundTableStore() = default;

  // NOT_FOUND (naming `field` when given) when there is no such round table.
  virtual absl::StatusOr<v1::RoundTable> Get(absl::string_view event_id, absl::string_view id,
                                             absl::string_view field = "") = 0;
  // Id of the round table with this number, if any.
  virtual std::string WithNumber(absl::string_view event_id, int number) = 0;
  // Inserts a round table with its scalar fields; participants are added separately.
  virtual void Insert(absl::string_view event_id, absl::string_view id,
                      const v1::RoundTable& rt) = 0;
  // Rewrites the scalar fields and the slot, increments the version.
  virtual void Update(absl::string_view event_id, absl::string_view id,
                      const v1::RoundTable& rt) = 0;
  virtual void Delete(absl::string_view event_id, absl::string_view id) = 0;
  virtual std::vector<v1::RoundTable> List(absl::string_view event_id, int after_number,
                                           int limit) = 0;
  // Scheduled round tables in `room_id` overlapping [start, end), other than `except_id`.
  virtual std::vector<v1::RoundTable> InRoomOverlapping(absl::string_view event_id,
                                                        absl::string_view room_id,
                                                        int64_t start_micros, int64_t end_micros,
                                                        absl::string_view except_id) = 0;
  // Scheduled round tables co-chaired by `entity_code` overlapping [start, end), other than
  // `except_id`.
  virtual std::vector<v1::RoundTable> CoChairedOverlapping(absl::string_view event_id,
                                                           absl::string_view entity_code,
                                                           int64_t start_micros, int64_t end_micros,
                                                           absl::string_view except_id) = 0;

  // Participants, by entity code, with the entity's name, kind and group: those after entity
  // code `after` (empty: from the first), at most `limit` (negative: all).
  virtual std::vector<v1::RoundTableParticipant> Participants(absl::string_view event_id,
                                                              absl::string_view id,
                                                              absl::string_view after = "",
                                                              int limit = -1) = 0;
  // The role of `entity_code` at the round table, or 0 when it is not a participant.
  virtual int RoleOf(absl::string_view event_id, absl::string_view id,
                     absl::string_view entity_code) = 0;
  virtual void AddParticipant(absl::string_view event_id, absl::string_view id,
                              absl::string_view entity_code, int role, int64_t now_micros) = 0;
  virtual void RemoveParticipant(absl::string_view event_id, absl::string_view id,
                                 absl::string_view entity_code) = 0;
  // What a cancelled round table gives up: the seats of its participants (its co-chairs stay
  // on record; a cancelled table counts for nobody) and its place in every delegation's
  // ranking (the tables ranked after it move up). Bumps its version.
  virtual void ReleaseCancelled(absl::string_view event_id, absl::string_view id) = 0;
  // What a withdrawn or rejected delegation gives up: every seat, co-chairs' included, and its
  // ranking. Bumps the version of each table it sat at.
  virtual void ReleaseDelegation(absl::string_view event_id, absl::string_view entity_code) = 0;
  // Drops a deleted table from every ranking (the tables ranked after it move up).
  virtual void DropFromPreferences(absl::string_view event_id, absl::string_view id) = 0;

  // Ids of the round tables of the event, not cancelled, at which `entity_code` sits.
  virtual std::vector<std::string> TablesOf(absl::string_view event_id,
                                            absl::string_view entity_code) = 0;

  // Ranked round-table ids of a delegation, and when they were set (0 if never).
  struct Preferences {
    std::vector<std::string> round_tables;
    int64_t update_micros = 0;
  };
  virtual Preferences GetPreferences(absl::string_view event_id, absl::string_view entity_code) = 0;
  virtual void SetPreferences(absl::string_view event_id, absl::string_view entity_code,
                              const std::vector<std::string>& round_tables, int64_t now_micros) = 0;
  // Every delegation's ranked ids, by entity code.
  virtual std::map<std::string, std::vector<std::string>> AllPreferences(
      absl::string_view event_id) = 0;
  // Number of delegations that rank the round table.
  virtual int PreferenceCount(absl::string_view event_id, absl::string_view id) = 0;

  // The rules, defaults (version 0) when never set.
  virtual v1::RoundTableRules GetRules(absl::string_view event_id) = 0;
  virtual void SetRules(absl::string_view event_id, const v1::RoundTableRules& rules) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_ROUND_TABLE_STORE_H_
