// The SQL implementation, shared by both engines, of storage::EventStore.
#ifndef FORUM_STORAGE_SQL_EVENT_STORE_H_
#define FORUM_STORAGE_SQL_EVENT_STORE_H_

#include "storage/event_store.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

class EventStore final : public storage::EventStore {
 public:
  explicit EventStore(Connection& c) : c_(c) {}

  int64_t Count(absl::string_view event_id, EventPart part) override;
  int64_t CountEvents() override;
  absl::StatusOr<v1::Event> Get(absl::string_view event_id, absl::string_view field = "") override;
  absl::StatusOr<v1::Event> GetHeader(absl::string_view event_id,
                                      absl::string_view field = "") override;
  bool Exists(absl::string_view event_id) override;
  void Insert(absl::string_view event_id, const v1::Event& event, int64_t now_micros) override;
  void Update(absl::string_view event_id, const v1::Event& event, int64_t now_micros) override;
  std::vector<v1::Event> List(const Query& q) override;
  absl::StatusOr<v1::Session> GetSession(absl::string_view event_id,
                                         absl::string_view session_id) override;
  void InsertSession(absl::string_view event_id, absl::string_view session_id,
                     const v1::Session& session) override;
  void UpdateSession(absl::string_view event_id, absl::string_view session_id,
                     const v1::Session& session) override;
  std::string SessionWithNumber(absl::string_view event_id, int number) override;
  std::vector<v1::Session> SessionsInRoomOverlapping(absl::string_view event_id,
                                                     absl::string_view room_id,
                                                     int64_t start_micros, int64_t end_micros,
                                                     absl::string_view except_session_id) override;
  std::vector<v1::Session> ListSessions(absl::string_view event_id, int after_number,
                                        int limit) override;
  absl::StatusOr<v1::Room> GetRoom(absl::string_view event_id, absl::string_view room_id,
                                   absl::string_view field = "") override;
  void InsertRoom(absl::string_view event_id, absl::string_view room_id,
                  const v1::Room& room) override;
  void UpdateRoom(absl::string_view event_id, absl::string_view room_id,
                  const v1::Room& room) override;
  std::vector<v1::Room> ListRooms(absl::string_view event_id, absl::string_view after_id,
                                  int limit) override;
  absl::StatusOr<v1::Theme> GetTheme(absl::string_view event_id,
                                     absl::string_view theme_id) override;
  void UpdateTheme(absl::string_view event_id, absl::string_view theme_id,
                   const v1::Theme& theme) override;
  bool ThemeExists(absl::string_view event_id, absl::string_view theme_id) override;
  std::string ThemeWithNumber(absl::string_view event_id, int number) override;
  void InsertTheme(absl::string_view event_id, absl::string_view theme_id,
                   const v1::Theme& theme) override;
  std::vector<v1::Theme> ListThemes(absl::string_view event_id, int after_number,
                                    int limit) override;
  std::vector<v1::Document> ListDocuments(absl::string_view event_id, absl::string_view after_id,
                                          int limit) override;

 private:
  void LoadChildren(absl::string_view event_id, v1::Event& event);
  void WriteChildren(absl::string_view event_id, const v1::Event& event);

  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_EVENT_STORE_H_
