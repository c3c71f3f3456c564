// The store of events with their organizers, follow-ups, outcomes and figures, and their plenary
// meetings, rooms and themes.
#ifndef FORUM_STORAGE_EVENT_STORE_H_
#define FORUM_STORAGE_EVENT_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "forum/v1/document.pb.h"
#include "forum/v1/event.pb.h"

namespace forum::storage {

// What an event holds, to count.
enum class EventPart { kSessions, kRooms, kThemes, kRoundTables, kDocuments };

class EventStore {
 public:
  virtual ~EventStore() = default;

  // How many of `part` the event holds.
  virtual int64_t Count(absl::string_view event_id, EventPart part) = 0;
  // How many events there are.
  virtual int64_t CountEvents() = 0;
  // NOT_FOUND (naming `field` when given) when there is no such event.
  virtual absl::StatusOr<v1::Event> Get(absl::string_view event_id,
                                        absl::string_view field = "") = 0;
  // The event's own fields without its lists (organizers, follow-ups, outcome documents,
  // participation figures): what the rules for its delegations, documents and meetings read.
  virtual absl::StatusOr<v1::Event> GetHeader(absl::string_view event_id,
                                              absl::string_view field = "") = 0;
  virtual bool Exists(absl::string_view event_id) = 0;
  // Inserts a new event; create and update times are `now_micros`.
  virtual void Insert(absl::string_view event_id, const v1::Event& event, int64_t now_micros) = 0;
  // Rewrites an existing event and increments its version.
  virtual void Update(absl::string_view event_id, const v1::Event& event, int64_t now_micros) = 0;

  struct Query {
    int state = 0;      // 0: any
    int kind = 0;       // 0: any
    std::string after;  // exclusive cursor from Cursor()
    int limit = 50;
  };
  virtual std::vector<v1::Event> List(const Query& q) = 0;
  // The list position of an event: start date, then id.
  static std::string Cursor(const v1::Event& event) {
    return absl::StrCat(event.start_date(), "|",
                        event.name().substr(absl::string_view("events/").size()));
  }
  virtual absl::StatusOr<v1::Session> GetSession(absl::string_view event_id,
                                                 absl::string_view session_id) = 0;
  virtual void InsertSession(absl::string_view event_id, absl::string_view session_id,
                             const v1::Session& session) = 0;
  virtual void UpdateSession(absl::string_view event_id, absl::string_view session_id,
                             const v1::Session& session) = 0;
  // Id of the session of the event with this number, if any.
  virtual std::string SessionWithNumber(absl::string_view event_id, int number) = 0;
  // Meetings in `room_id` that overlap [start, end), excluding `except_session_id`.
  virtual std::vector<v1::Session> SessionsInRoomOverlapping(
      absl::string_view event_id, absl::string_view room_id, int64_t start_micros,
      int64_t end_micros, absl::string_view except_session_id) = 0;
  virtual std::vector<v1::Session> ListSessions(absl::string_view event_id, int after_number,
                                                int limit) = 0;
  virtual absl::StatusOr<v1::Room> GetRoom(absl::string_view event_id, absl::string_view room_id,
                                           absl::string_view field = "") = 0;
  virtual void InsertRoom(absl::string_view event_id, absl::string_view room_id,
                          const v1::Room& room) = 0;
  // Writes the room's display name, capacity and description, and bumps its version.
  virtual void UpdateRoom(absl::string_view event_id, absl::string_view room_id,
                          const v1::Room& room) = 0;
  virtual std::vector<v1::Room> ListRooms(absl::string_view event_id, absl::string_view after_id,
                                          int limit) = 0;
  virtual absl::StatusOr<v1::Theme> GetTheme(absl::string_view event_id,
                                             absl::string_view theme_id) = 0;
  // Writes the theme's number, title and description, and bumps its version.
  virtual void UpdateTheme(absl::string_view event_id, absl::string_view theme_id,
                           const v1::Theme& theme) = 0;
  virtual bool ThemeExists(absl::string_view event_id, absl::string_view theme_id) = 0;
  virtual std::string ThemeWithNumber(absl::string_view event_id, int number) = 0;
  virtual void InsertTheme(absl::string_view event_id, absl::string_view theme_id,
                           const v1::Theme& theme) = 0;
  virtual std::vector<v1::Theme> ListThemes(absl::string_view event_id, int after_number,
                                            int limit) = 0;
  // The documents of the event, by id after `after_id`, at most `limit`.
  virtual std::vector<v1::Document> ListDocuments(absl::string_view event_id,
                                                  absl::string_view after_id, int limit) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_EVENT_STORE_H_
