// Stores events with their organizers, follow-ups, outcomes and figures, and their plenary
// meetings, rooms and themes.
#ifndef FORUM_STORAGE_EVENT_STORE_H_
#define FORUM_STORAGE_EVENT_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/event.pb.h"
#include "storage/database.h"

namespace forum::storage {

// What an event holds, to count.
enum class EventPart { kSessions, kRooms, kThemes, kRoundTables, kDocuments };

class EventStore {
 public:
  // How many of `part` the event holds.
  int64_t Count(absl::string_view event_id, EventPart part);
  // How many events there are.
  int64_t CountEvents();
  explicit EventStore(Connection& c) : c_(c) {}
  Connection& connection() { return c_; }

  // NOT_FOUND (naming `field` when given) when there is no such event.
  absl::StatusOr<v1::Event> Get(absl::string_view event_id, absl::string_view field = "");
  bool Exists(absl::string_view event_id);
  // Inserts a new event; create and update times are `now_micros`.
  void Insert(absl::string_view event_id, const v1::Event& event, int64_t now_micros);
  // Rewrites an existing event and increments its version.
  void Update(absl::string_view event_id, const v1::Event& event, int64_t now_micros);

  struct Query {
    int state = 0;      // 0: any
    int kind = 0;       // 0: any
    std::string after;  // exclusive cursor from Cursor()
    int limit = 50;
  };
  std::vector<v1::Event> List(const Query& q);
  // The list position of an event: start date, then id.
  static std::string Cursor(const v1::Event& event);

  absl::StatusOr<v1::Session> GetSession(absl::string_view event_id, absl::string_view session_id);
  void InsertSession(absl::string_view event_id, absl::string_view session_id,
                     const v1::Session& session);
  void UpdateSession(absl::string_view event_id, absl::string_view session_id,
                     const v1::Session& session);
  // Id of the session of the event with this number, if any.
  std::string SessionWithNumber(absl::string_view event_id, int number);
  // Meetings in `room_id` that overlap [start, end), excluding `except_session_id`.
  std::vector<v1::Session> SessionsInRoomOverlapping(absl::string_view event_id,
                                                     absl::string_view room_id,
                                                     int64_t start_micros, int64_t end_micros,
                                                     absl::string_view except_session_id);
  std::vector<v1::Session> ListSessions(absl::string_view event_id, int after_number, int limit);

  absl::StatusOr<v1::Room> GetRoom(absl::string_view event_id, absl::string_view room_id,
                                   absl::string_view field = "");
  void InsertRoom(absl::string_view event_id, absl::string_view room_id, const v1::Room& room);
  // Writes the room's display name, capacity and description, and bumps its version.
  void UpdateRoom(absl::string_view event_id, absl::string_view room_id, const v1::Room& room);
  std::vector<v1::Room> ListRooms(absl::string_view event_id, absl::string_view after_id,
                                  int limit);

  absl::StatusOr<v1::Theme> GetTheme(absl::string_view event_id, absl::string_view theme_id);
  // Writes the theme's number, title and description, and bumps its version.
  void UpdateTheme(absl::string_view event_id, absl::string_view theme_id, const v1::Theme& theme);
  bool ThemeExists(absl::string_view event_id, absl::string_view theme_id);
  std::string ThemeWithNumber(absl::string_view event_id, int number);
  void InsertTheme(absl::string_view event_id, absl::string_view theme_id, const v1::Theme& theme);
  std::vector<v1::Theme> ListThemes(absl::string_view event_id, int after_number, int limit);

 private:
  void LoadChildren(absl::string_view event_id, v1::Event& event);
  void WriteChildren(absl::string_view event_id, const v1::Event& event);

  Connection& c_;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_EVENT_STORE_H_
