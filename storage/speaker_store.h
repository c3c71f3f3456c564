// The store of lists of speakers: each list's settings (a list without a row of its own has the
// defaults, domain::DefaultSpeakerList) and its speakers, kept with their place in the speaking
// order so that a page of the list is one range of an index.
#ifndef FORUM_STORAGE_SPEAKER_STORE_H_
#define FORUM_STORAGE_SPEAKER_STORE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/speaker.pb.h"

namespace forum::storage {

class SpeakerStore {
 public:
  virtual ~SpeakerStore() = default;

  // The list's settings and etag (name, title and count left to the caller).
  virtual v1::SpeakerList GetList(absl::string_view event_id, absl::string_view list_id) = 0;
  // Writes the list's settings and moves its etag on.
  virtual void PutList(absl::string_view event_id, absl::string_view list_id,
                       const v1::SpeakerList& list) = 0;
  // The next number of the list's manual moves (1, 2, ...).
  virtual int64_t NextMoveSeq(absl::string_view event_id, absl::string_view list_id) = 0;

  // NOT_FOUND (naming `field` when given) when there is no such speaker.
  virtual absl::StatusOr<v1::Speaker> Get(absl::string_view event_id, absl::string_view list_id,
                                          absl::string_view id, absl::string_view field = "") = 0;
  // Every speaker of the list, withdrawn ones too, in no particular order.
  virtual std::vector<v1::Speaker> All(absl::string_view event_id, absl::string_view list_id) = 0;

  // Which speakers of a list a page reads: those given `session_id` (empty: any), withdrawn
  // ones too when asked; `after_position` and `after_id` continue from the last one read.
  struct Query {
    std::string session_id;
    bool show_withdrawn = false;
    int64_t after_position = -1;
    std::string after_id;
    int limit = 50;
  };
  // In speaking order; withdrawn speakers (position 0) after the others, by id.
  virtual std::vector<v1::Speaker> List(absl::string_view event_id, absl::string_view list_id,
                                        const Query& q) = 0;
  virtual int Count(absl::string_view event_id, absl::string_view list_id, const Query& q) = 0;
  // Speakers on the list, withdrawn ones included.
  virtual int64_t CountAll(absl::string_view event_id, absl::string_view list_id) = 0;
  // Ids of the entries the delegation holds on the list, withdrawn ones included.
  virtual std::vector<std::string> IdsOf(absl::string_view event_id, absl::string_view list_id,
                                         absl::string_view entity_code) = 0;

  // Writes a new speaker (its id, delegation, fields, state, inscription time).
  virtual void Insert(absl::string_view event_id, absl::string_view list_id, absl::string_view id,
                      const v1::Speaker& speaker) = 0;
  // Rewrites a speaker's fields, inscription time, state, meeting and manual placement; moves
  // its etag on.
  virtual void Update(absl::string_view event_id, absl::string_view list_id, absl::string_view id,
                      const v1::Speaker& speaker) = 0;
  // Sets the places in the speaking order (id, position; 0 for none). A place is derived from
  // the whole list, so it does not move a speaker's etag.
  virtual void SetPositions(absl::string_view event_id, absl::string_view list_id,
                            const std::vector<std::pair<std::string, int>>& positions) = 0;
  // The floor of a list, as stored: statement numbers are 0 when unset.
  struct FloorRow {
    std::string session_id;
    int64_t current = 0;
    int64_t interrupted = 0;
    int64_t paused_since = 0;
    int64_t interrupted_paused_since = 0;
  };
  virtual FloorRow GetFloor(absl::string_view event_id, absl::string_view list_id) = 0;
  virtual void PutFloor(absl::string_view event_id, absl::string_view list_id,
                        const FloorRow& floor) = 0;

  // A turn at the floor as stored; times are microseconds, 0 when unset.
  struct StatementRow {
    int64_t id = 0;
    int turn = 0;
    std::string speaker_id;
    std::string entity_code;
    int kind = 0;
    int level = 0;
    std::string speaker_name, speaker_title;
    std::string session_id;
    int64_t request_micros = 0, start_micros = 0, end_micros = 0, paused_micros = 0;
    int limit_seconds = 0;
    int reply_number = 0;
    // Read only: the entity's name and kind.
    std::string display_name;
    int entity_kind = 0;
  };
  // Writes a new turn with the list's next number (never given before) and returns it.
  virtual int64_t InsertStatement(absl::string_view event_id, absl::string_view list_id,
                                  const StatementRow& row) = 0;
  virtual void UpdateStatement(absl::string_view event_id, absl::string_view list_id,
                               const StatementRow& row) = 0;
  virtual void DeleteStatement(absl::string_view event_id, absl::string_view list_id,
                               int64_t id) = 0;
  virtual absl::StatusOr<StatementRow> GetStatement(absl::string_view event_id,
                                                    absl::string_view list_id, int64_t id) = 0;
  // Rights of reply queued (not started) for the meeting (empty: the list's), by request; at
  // most 1,000.
  virtual std::vector<StatementRow> QueuedReplies(absl::string_view event_id,
                                                  absl::string_view list_id,
                                                  absl::string_view session_id) = 0;
  // Rights of reply of the delegation in the meeting (empty: on the list), queued or given.
  virtual int CountReplies(absl::string_view event_id, absl::string_view list_id,
                           absl::string_view entity_code, absl::string_view session_id) = 0;
  // Turns on the list: delivered, under way and queued.
  virtual int64_t CountStatements(absl::string_view event_id, absl::string_view list_id) = 0;
  // Turns delivered, in the order they began: those after number `after_id`, of the meeting
  // (empty: any), at most `limit`.
  virtual std::vector<StatementRow> Delivered(absl::string_view event_id, absl::string_view list_id,
                                              absl::string_view session_id, int64_t after_id,
                                              int limit) = 0;

  // Drops the rights of reply a delegation has queued on every list of the event.
  virtual void DropQueuedReplies(absl::string_view event_id, absl::string_view entity_code) = 0;

  // Drops a list with its speakers (a deleted round table's).
  virtual void DropList(absl::string_view event_id, absl::string_view list_id) = 0;
  // Ids of the lists of the event on which the delegation has a speaker not withdrawn.
  virtual std::vector<std::string> ListsWith(absl::string_view event_id,
                                             absl::string_view entity_code) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_SPEAKER_STORE_H_
