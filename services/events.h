// The logic of forum.v1.EventService: events, plenary meetings, rooms and themes.
//
// Each method validates the request, then runs one write or read transaction in which it
// checks the rules against the stored state and changes it. Refusals change nothing.
#ifndef FORUM_SERVICES_EVENTS_H_
#define FORUM_SERVICES_EVENTS_H_

#include "absl/status/statusor.h"
#include "forum/v1/event.pb.h"
#include "storage/database.h"

namespace forum::services {

class Events {
 public:
  absl::StatusOr<v1::Event> CreateEvent(storage::Tx& tx, const v1::CreateEventRequest& request);
  absl::StatusOr<v1::Event> GetEvent(storage::Tx& tx, const v1::GetEventRequest& request);
  absl::StatusOr<v1::ListEventsResponse> ListEvents(storage::Tx& tx,
                                                    const v1::ListEventsRequest& request);
  absl::StatusOr<v1::Event> UpdateEvent(storage::Tx& tx, const v1::UpdateEventRequest& request);

  absl::StatusOr<v1::Session> CreateSession(storage::Tx& tx,
                                            const v1::CreateSessionRequest& request);
  absl::StatusOr<v1::Session> GetSession(storage::Tx& tx, const v1::GetSessionRequest& request);
  absl::StatusOr<v1::ListSessionsResponse> ListSessions(storage::Tx& tx,
                                                        const v1::ListSessionsRequest& request);
  absl::StatusOr<v1::Session> UpdateSession(storage::Tx& tx,
                                            const v1::UpdateSessionRequest& request);

  absl::StatusOr<v1::Room> CreateRoom(storage::Tx& tx, const v1::CreateRoomRequest& request);
  absl::StatusOr<v1::Room> GetRoom(storage::Tx& tx, const v1::GetRoomRequest& request);
  absl::StatusOr<v1::Room> UpdateRoom(storage::Tx& tx, const v1::UpdateRoomRequest& request);
  absl::StatusOr<v1::ListRoomsResponse> ListRooms(storage::Tx& tx,
                                                  const v1::ListRoomsRequest& request);

  absl::StatusOr<v1::Theme> CreateTheme(storage::Tx& tx, const v1::CreateThemeRequest& request);
  absl::StatusOr<v1::Theme> GetTheme(storage::Tx& tx, const v1::GetThemeRequest& request);
  absl::StatusOr<v1::Theme> UpdateTheme(storage::Tx& tx, const v1::UpdateThemeRequest& request);
  absl::StatusOr<v1::ListThemesResponse> ListThemes(storage::Tx& tx,
                                                    const v1::ListThemesRequest& request);

 private:
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_EVENTS_H_
