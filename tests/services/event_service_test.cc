#include "absl/time/time.h"
#include "domain/dates.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class EventServiceTest : public ServiceTest {
 protected:
  grpc::Status CreateSession(const std::string& event, int number, const char* start,
                             const char* end, const std::string& room, v1::Session* out) {
    v1::CreateSessionRequest request;
    request.set_parent("events/" + event);
    request.mutable_session()->set_number(number);
    *request.mutable_session()->mutable_start_time() = At(start);
    *request.mutable_session()->mutable_end_time() = At(end);
    if (!room.empty()) request.mutable_session()->set_room("events/" + event + "/rooms/" + room);
    return events_->CreateSession(Call().get(), request, out);
  }

  grpc::Status CreateRoom(const std::string& event, const std::string& id, int capacity) {
    v1::CreateRoomRequest request;
    request.set_parent("events/" + event);
    request.set_room_id(id);
    request.mutable_room()->set_display_name("Room " + id);
    request.mutable_room()->set_capacity(capacity);
    v1::Room room;
    return events_->CreateRoom(Call().get(), request, &room);
  }
};

TEST_F(EventServiceTest, ReferenceDialogueIsThere) {
  v1::GetEventRequest request;
  request.set_name("events/hld-2006");
  v1::Event event;
  ASSERT_TRUE(events_->GetEvent(Call().get(), request, &event).ok());
  EXPECT_EQ(event.state(), v1::EVENT_STATE_CONCLUDED);
  EXPECT_EQ(event.time_zone(), "America/New_York");
  EXPECT_EQ(event.start_date(), "2006-09-14");
  ASSERT_EQ(event.outcome_documents_size(), 1);
  EXPECT_EQ(event.outcome_documents(0).symbol(), "A/61/515");
  EXPECT_EQ(event.participation_size(), 8);
  EXPECT_EQ(event.participation(3).count(), 162);

  v1::ListSessionsRequest sessions;
  sessions.set_parent("events/hld-2006");
  v1::ListSessionsResponse meetings;
  ASSERT_TRUE(events_->ListSessions(Call().get(), sessions, &meetings).ok());
  ASSERT_EQ(meetings.sessions_size(), 6);
  for (const auto& s : meetings.sessions()) EXPECT_TRUE(s.times_indicative());

  v1::ListThemesRequest themes;
  themes.set_parent("events/hld-2006");
  v1::ListThemesResponse topics;
  ASSERT_TRUE(events_->ListThemes(Call().get(), themes, &topics).ok());
  ASSERT_EQ(topics.themes_size(), 21);  // the 17 topics of the summary, then 4 round-table themes
  EXPECT_EQ(topics.themes(3).title(), "Remittances as a tool of development");
  EXPECT_EQ(topics.themes(16).number(), 17);

  request.set_name("events/gfmd-2007");
  ASSERT_TRUE(events_->GetEvent(Call().get(), request, &event).ok());
  EXPECT_EQ(event.follows_up(0), "events/hld-2006");
  EXPECT_EQ(event.time_zone(), "Europe/Brussels");
}

TEST_F(EventServiceTest, ListsEventsInDateOrderWithFilter) {
  v1::ListEventsRequest request;
  request.set_filter("kind = GLOBAL_FORUM");
  v1::ListEventsResponse response;
  ASSERT_TRUE(events_->ListEvents(Call().get(), request, &response).ok());
  ASSERT_EQ(response.events_size(), 3);
  EXPECT_EQ(response.events(0).name(), "events/gfmd-2007");
  EXPECT_EQ(response.events(2).name(), "events/gfmd-2009");

  request.set_filter("");
  request.set_page_size(5);
  std::vector<std::string> names;
  do {
    ASSERT_TRUE(events_->ListEvents(Call().get(), request, &response).ok());
    for (const auto& e : response.events()) names.push_back(e.start_date());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(names.size(), 16u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST_F(EventServiceTest, CreatesAnEventAndRefusesADuplicate) {
  v1::Event created = CreateOpenEvent("gfmd-2027");
  EXPECT_EQ(created.name(), "events/gfmd-2027");
  EXPECT_EQ(created.state(), v1::EVENT_STATE_OPEN_FOR_REGISTRATION);
  EXPECT_FALSE(created.etag().empty());
  EXPECT_GT(created.create_time().seconds(), 0);

  v1::CreateEventRequest again;
  again.set_event_id("gfmd-2027");
  *again.mutable_event() = created;
  v1::Event out;
  EXPECT_EQ(events_->CreateEvent(Call().get(), again, &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(CountRows("events"), 17);
}

TEST_F(EventServiceTest, NewEventStartsPlanned) {
  v1::CreateEventRequest request;
  request.set_event_id("planned-2028");
  auto* e = request.mutable_event();
  e->set_title("Planned");
  e->set_kind(v1::EVENT_KIND_CONFERENCE);
  e->set_venue("Rabat");
  e->set_time_zone("Africa/Casablanca");
  e->set_start_date("2028-03-01");
  e->set_end_date("2028-03-01");
  v1::Event out;
  ASSERT_TRUE(events_->CreateEvent(Call().get(), request, &out).ok());
  EXPECT_EQ(out.state(), v1::EVENT_STATE_PLANNED);
}

TEST_F(EventServiceTest, RefusesBadEventsAndCreatesNothing) {
  v1::CreateEventRequest request;
  request.set_event_id("Bad Id");
  auto* e = request.mutable_event();
  e->set_title(std::string(501, 'x'));
  e->set_kind(static_cast<v1::EventKind>(77));
  e->set_venue("Geneva");
  e->set_time_zone("Geneva");
  e->set_start_date("2027-05-11");
  e->set_end_date("2027-05-10");
  v1::Event out;
  grpc::Status status = events_->CreateEvent(Call().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"event_id", "event.title", "event.kind", "event.time_zone",
                                      "event.end_date"}));
  EXPECT_EQ(CountRows("events"), 16);
}

TEST_F(EventServiceTest, FollowUpMustExist) {
  v1::CreateEventRequest request;
  request.set_event_id("orphan");
  auto* e = request.mutable_event();
  e->set_title("Orphan");
  e->set_kind(v1::EVENT_KIND_CONSULTATION);
  e->set_venue("Geneva");
  e->set_time_zone("Europe/Zurich");
  e->set_start_date("2027-05-10");
  e->set_end_date("2027-05-10");
  e->add_follows_up("events/nowhere-1999");
  v1::Event out;
  grpc::Status status = events_->CreateEvent(Call().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"event.follows_up[0]"});
  EXPECT_EQ(CountRows("events"), 16);
}

TEST_F(EventServiceTest, RetriedCreateReturnsTheFirstResult) {
  v1::CreateEventRequest request;
  request.set_event_id("retry-2027");
  request.set_request_id("6c1f4e0a-2b7d-4d8e-9a51-0f3c2e7b9d44");
  auto* e = request.mutable_event();
  e->set_title("Retried");
  e->set_kind(v1::EVENT_KIND_CONSULTATION);
  e->set_venue("Geneva");
  e->set_time_zone("Europe/Zurich");
  e->set_start_date("2027-05-10");
  e->set_end_date("2027-05-10");
  v1::Event first, second;
  ASSERT_TRUE(events_->CreateEvent(Call().get(), request, &first).ok());
  ASSERT_TRUE(events_->CreateEvent(Call().get(), request, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(CountRows("events"), 17);

  request.mutable_event()->set_title("Another request, same id");
  grpc::Status status = events_->CreateEvent(Call().get(), request, &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
}

TEST_F(EventServiceTest, UpdateHonoursMaskEtagAndLifecycle) {
  v1::Event event = CreateOpenEvent("upd-2027");
  v1::UpdateEventRequest request;
  request.mutable_event()->set_name(event.name());
  request.mutable_event()->set_title("New title");
  request.mutable_event()->set_venue("ignored: not in the mask");
  v1::Event out;
  // No mask.
  EXPECT_EQ(events_->UpdateEvent(Call().get(), request, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // A path that cannot change.
  request.mutable_update_mask()->add_paths("create_time");
  grpc::Status status = events_->UpdateEvent(Call().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"update_mask"});

  request.mutable_update_mask()->Clear();
  request.mutable_update_mask()->add_paths("title");
  request.mutable_event()->set_etag(event.etag());
  ASSERT_TRUE(events_->UpdateEvent(Call().get(), request, &out).ok());
  EXPECT_EQ(out.title(), "New title");
  EXPECT_EQ(out.venue(), event.venue());
  EXPECT_NE(out.etag(), event.etag());

  // The etag read before the first update is stale now.
  request.mutable_event()->set_title("Lost update");
  status = events_->UpdateEvent(Call().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  v1::GetEventRequest get;
  get.set_name(event.name());
  ASSERT_TRUE(events_->GetEvent(Call().get(), get, &out).ok());
  EXPECT_EQ(out.title(), "New title");

  // Back to planned is not a move the lifecycle allows.
  v1::UpdateEventRequest back;
  back.mutable_event()->set_name(event.name());
  back.mutable_event()->set_state(v1::EVENT_STATE_PLANNED);
  back.mutable_update_mask()->add_paths("state");
  status = events_->UpdateEvent(Call().get(), back, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"EVENT_STATE"});
}

TEST_F(EventServiceTest, SchedulesPlenaryMeetingsInsideTheEventAndItsRooms) {
  CreateOpenEvent("plen-2027");
  ASSERT_TRUE(CreateRoom("plen-2027", "hall", 900).ok());
  v1::Session first;
  ASSERT_TRUE(CreateSession("plen-2027", 1, "2027-05-10T10:00:00+02:00",
                            "2027-05-10T13:00:00+02:00", "hall", &first)
                  .ok());
  EXPECT_EQ(first.name(), "events/plen-2027/sessions/meeting-1");
  EXPECT_EQ(first.room(), "events/plen-2027/rooms/hall");

  v1::Session out;
  grpc::Status status = CreateSession("plen-2027", 2, "2027-05-10T12:00:00+02:00",
                                      "2027-05-10T14:00:00+02:00", "hall", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ROOM_BUSY"});
  // Another room at the same time is fine; the same number is not.
  ASSERT_TRUE(CreateRoom("plen-2027", "annex", 100).ok());
  EXPECT_TRUE(CreateSession("plen-2027", 2, "2027-05-10T12:00:00+02:00",
                            "2027-05-10T14:00:00+02:00", "annex", &out)
                  .ok());
  EXPECT_EQ(CreateSession("plen-2027", 2, "2027-05-11T12:00:00+02:00", "2027-05-11T14:00:00+02:00",
                          "", &out)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // Outside the event's days in Europe/Zurich: 23:30 UTC on the 11th is 01:30 on the 12th.
  status = CreateSession("plen-2027", 3, "2027-05-11T23:30:00Z", "2027-05-12T01:00:00Z", "", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"OUTSIDE_EVENT_DATES"});
  // End before start.
  status = CreateSession("plen-2027", 3, "2027-05-11T12:00:00Z", "2027-05-11T11:00:00Z", "", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"session.end_time"});
  // A room that does not exist.
  status =
      CreateSession("plen-2027", 3, "2027-05-11T08:00:00Z", "2027-05-11T09:00:00Z", "attic", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"session.room"});
  EXPECT_EQ(CountRows("sessions WHERE event_id = 'plen-2027'"), 2);
}

TEST_F(EventServiceTest, MovesAMeetingWithItsEtag) {
  CreateOpenEvent("move-2027");
  v1::Session meeting;
  ASSERT_TRUE(
      CreateSession("move-2027", 1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z", "", &meeting)
          .ok());
  v1::UpdateSessionRequest request;
  *request.mutable_session() = meeting;
  *request.mutable_session()->mutable_start_time() = At("2027-05-11T08:00:00Z");
  *request.mutable_session()->mutable_end_time() = At("2027-05-11T10:00:00Z");
  request.mutable_update_mask()->add_paths("start_time");
  request.mutable_update_mask()->add_paths("end_time");
  v1::Session moved;
  ASSERT_TRUE(events_->UpdateSession(Call().get(), request, &moved).ok());
  EXPECT_EQ(moved.start_time().seconds(), At("2027-05-11T08:00:00Z").seconds());
  EXPECT_EQ(events_->UpdateSession(Call().get(), request, &moved).error_code(),
            grpc::StatusCode::ABORTED);

  // The event cannot shrink to leave the meeting outside its dates.
  v1::UpdateEventRequest shrink;
  shrink.mutable_event()->set_name("events/move-2027");
  shrink.mutable_event()->set_end_date("2027-05-10");
  shrink.mutable_update_mask()->add_paths("end_date");
  v1::Event event;
  grpc::Status status = events_->UpdateEvent(Call().get(), shrink, &event);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"SESSION_OUTSIDE_DATES"});
}

TEST_F(EventServiceTest, ConcludedEventsTakeNoNewMeetings) {
  v1::Session out;
  grpc::Status status =
      CreateSession("hld-2006", 7, "2006-09-15T14:00:00Z", "2006-09-15T15:00:00Z", "", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"EVENT_STATE"});
  EXPECT_EQ(CreateSession("nowhere", 1, "2006-09-15T14:00:00Z", "2006-09-15T15:00:00Z", "", &out)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(EventServiceTest, RoomsAndThemes) {
  CreateOpenEvent("rt-2027");
  EXPECT_EQ(CreateRoom("rt-2027", "hall", 0).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(CreateRoom("rt-2027", "hall", 500).ok());
  EXPECT_EQ(CreateRoom("rt-2027", "hall", 500).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  v1::ListRoomsRequest rooms;
  rooms.set_parent("events/rt-2027");
  v1::ListRoomsResponse listed;
  ASSERT_TRUE(events_->ListRooms(Call().get(), rooms, &listed).ok());
  ASSERT_EQ(listed.rooms_size(), 1);
  EXPECT_EQ(listed.rooms(0).capacity(), 500);

  v1::CreateThemeRequest theme;
  theme.set_parent("events/rt-2027");
  theme.mutable_theme()->set_number(1);
  theme.mutable_theme()->set_title("Labour mobility");
  v1::Theme created;
  ASSERT_TRUE(events_->CreateTheme(Call().get(), theme, &created).ok());
  EXPECT_EQ(created.name(), "events/rt-2027/themes/theme-1");
  theme.set_theme_id("other");
  EXPECT_EQ(events_->CreateTheme(Call().get(), theme, &created).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

}  // namespace
}  // namespace forum::testing
