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
  // Rewrites a speaker's fields, state, meeting and manual placement; moves its etag on.
  virtual void Update(absl::string_view event_id, absl::string_view list_id, absl::string_view id,
                      const v1::Speaker& speaker) = 0;
  // Sets the places in the speaking order (id, position; 0 for none). A place is derived from
  // the whole list, so it does not move a speaker's etag.
  virtual void SetPositions(absl::string_view event_id, absl::string_view list_id,
                            const std::vector<std::pair<std::string, int>>& positions) = 0;
  // Drops a list with its speakers (a deleted round table's).
  virtual void DropList(absl::string_view event_id, absl::string_view list_id) = 0;
  // Ids of the lists of the event on which the delegation has a speaker not withdrawn.
  virtual std::vector<std::string> ListsWith(absl::string_view event_id,
                                             absl::string_view entity_code) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_SPEAKER_STORE_H_
