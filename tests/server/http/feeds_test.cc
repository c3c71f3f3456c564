// The programme's feeds at the HTTP port: conditional GETs that let calendar apps poll cheaply,
// feed tokens in the address (scoped, revocable, never an API token there), and the documents
// each address serves.
#include <chrono>
#include <string>
#include <thread>

#include "forum/v1/access.grpc.pb.h"
#include "forum/v1/schedule.grpc.pb.h"
#include "httplib.h"
#include "server/http/conditional_get.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

using server::http::EntityTag;
using server::http::HttpDate;
using server::http::NotModified;
using server::http::ParseHttpDate;
using server::http::QueryParameter;

TEST(ConditionalGetTest, TagsDatesAndTheirComparison) {
  EXPECT_EQ(EntityTag("abc"), EntityTag("abc"));
  EXPECT_NE(EntityTag("abc"), EntityTag("abd"));
  EXPECT_EQ(EntityTag("abc").front(), '"');
  EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_FALSE(ParseHttpDate("yesterday").has_value());
  const std::string tag = EntityTag("body");
  EXPECT_TRUE(NotModified(tag, "", tag, 0));
  EXPECT_TRUE(NotModified("\"x\", W/" + tag, "", tag, 0)) << "weak comparison, in a list";
  EXPECT_TRUE(NotModified("*", "", tag, 0));
  EXPECT_FALSE(NotModified("\"x\"", "", tag, 0));
  // If-None-Match wins over If-Modified-Since.
  EXPECT_FALSE(NotModified("\"x\"", HttpDate(2000), tag, 1000));
  EXPECT_TRUE(NotModified("", HttpDate(1000), tag, 1000));
  EXPECT_FALSE(NotModified("", HttpDate(999), tag, 1000));
  EXPECT_FALSE(NotModified("", "garbage", tag, 1000));
  EXPECT_FALSE(NotModified("", "", tag, 1000));
  EXPECT_FALSE(NotModified("", "Fri, 01 Jan 9999 00:00:00 GMT", tag, 1000))
      << "a date in the future is no date the server gave";
  EXPECT_EQ(QueryParameter("/a?b=1&token=forum_x%2By+z", "token"), "forum_x+y z");
  EXPECT_EQ(QueryParameter("/a?token=%zz", "token"), "");
  EXPECT_EQ(QueryParameter("/a", "token"), "");
}

class FeedsTest : public ServiceTest {
 protected:
  // An open event with a plenary meeting and two round tables, Mexico seated at the second.
  void SetUp() override {
    ServiceTest::SetUp();
    port_ = ServeHttp();
    CreateOpenEvent("cal-2027");
    v1::CreateRoomRequest room;
    room.set_parent("events/cal-2027");
    room.set_room_id("hall");
    room.mutable_room()->set_display_name("Hall");
    room.mutable_room()->set_capacity(500);
    v1::Room made_room;
    ASSERT_TRUE(events_->CreateRoom(Call().get(), room, &made_room).ok());
    v1::CreateSessionRequest session;
    session.set_parent("events/cal-2027");
    session.mutable_session()->set_number(1);
    session.mutable_session()->set_title("Opening plenary");
    session.mutable_session()->set_room("events/cal-2027/rooms/hall");
    *session.mutable_session()->mutable_start_time() = At("2027-05-10T08:00:00Z");
    *session.mutable_session()->mutable_end_time() = At("2027-05-10T10:00:00Z");
    v1::Session made_session;
    ASSERT_TRUE(events_->CreateSession(Call().get(), session, &made_session).ok());
    for (int n : {1, 2}) {
      v1::CreateRoundTableRequest create;
      create.set_parent("events/cal-2027");
      create.mutable_round_table()->set_number(n);
      create.mutable_round_table()->set_title(n == 1 ? "Labour mobility" : "Remittances");
      create.mutable_round_table()->set_capacity(20);
      v1::RoundTable table;
      ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), create, &table).ok());
      v1::ScheduleRoundTableRequest schedule;
      schedule.set_name(table.name());
      *schedule.mutable_start_time() = At(n == 1 ? "2027-05-10T12:00:00Z" : "2027-05-10T15:00:00Z");
      *schedule.mutable_end_time() = At(n == 1 ? "2027-05-10T14:00:00Z" : "2027-05-10T17:00:00Z");
      schedule.set_room("events/cal-2027/rooms/hall");
      grpc::Status s = round_tables_->ScheduleRoundTable(Call().get(), schedule, &table);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    Accredited("cal-2027", "mex");
    v1::AddRoundTableParticipantRequest seat;
    seat.set_round_table("events/cal-2027/roundTables/round-table-2");
    seat.set_delegation("events/cal-2027/delegations/mex");
    seat.set_role(v1::PARTICIPANT_ROLE_PARTICIPANT);
    v1::RoundTableParticipant seated;
    grpc::Status s = round_tables_->AddRoundTableParticipant(Call().get(), seat, &seated);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void Publish(const std::string& version) {
    v1::PublishScheduleRequest request;
    request.set_parent("events/cal-2027");
    request.set_version(version);
    v1::ScheduleRelease release;
    grpc::Status s = schedules_->PublishSchedule(Call().get(), request, &release);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // A new feed token for `scope`: its secret and name.
  std::pair<std::string, std::string> FeedToken(const std::string& scope) {
    v1::CreateTokenRequest request;
    request.mutable_token()->set_display_name("Calendar");
    auto* b = request.mutable_token()->add_bindings();
    b->set_role(v1::ROLE_FEED);
    b->set_scope(scope);
    v1::CreateTokenResponse created;
    EXPECT_TRUE(access_->CreateToken(Call().get(), request, &created).ok());
    return {created.secret(), created.token().name()};
  }

  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    return client.Get(path.c_str(), headers);
  }

  int port_ = 0;
};

TEST_F(FeedsTest, AnswersConditionalRequestsSoThatPollingIsCheap) {
  Publish("1.0");
  httplib::Headers auth = {{"Authorization", "Bearer " + admin_secret_}};
  auto first = Get("/events/cal-2027/schedule.ics", auth);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(first->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  EXPECT_EQ(first->get_header_value("Cache-Control"), "private, no-cache");
  std::string etag = first->get_header_value("ETag");
  std::string modified = first->get_header_value("Last-Modified");
  ASSERT_FALSE(etag.empty());
  ASSERT_TRUE(ParseHttpDate(modified).has_value()) << modified;
  EXPECT_NE(first->body.find("BEGIN:VCALENDAR"), std::string::npos);

  // The same release gives the same bytes a second later: the tag holds.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  httplib::Headers again = auth;
  again.insert({"If-None-Match", etag});
  auto same = Get("/events/cal-2027/schedule.ics", again);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 304);
  EXPECT_TRUE(same->body.empty());
  EXPECT_EQ(same->get_header_value("ETag"), etag);
  httplib::Headers since = auth;
  since.insert({"If-Modified-Since", modified});
  auto unchanged = Get("/events/cal-2027/schedule.ics", since);
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->status, 304);

  // The draft changes: the feed still serves the release.
  v1::UpdateSessionRequest update;
  update.mutable_session()->set_name("events/cal-2027/sessions/meeting-1");
  update.mutable_session()->set_title("Opening plenary meeting, with the Secretary-General");
  update.mutable_update_mask()->add_paths("title");
  v1::Session session;
  ASSERT_TRUE(events_->UpdateSession(Call().get(), update, &session).ok());
  auto before = Get("/events/cal-2027/schedule.ics", again);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 304);
  // A new release: a new document, a new tag.
  Publish("1.1");
  auto after = Get("/events/cal-2027/schedule.ics", again);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_NE(after->get_header_value("ETag"), etag);
  EXPECT_NE(after->body.find("SUMMARY:Opening plenary meeting\\, with the Secretary-General"),
            std::string::npos);
  EXPECT_NE(after->body.find("SEQUENCE:1"), std::string::npos);

  for (const char* format : {"json", "xml"}) {
    auto doc = Get(std::string("/events/cal-2027/schedule.") + format, auth);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->status, 200) << format;
    EXPECT_NE(doc->body.find("cal_2027"), std::string::npos) << format;
  }
  auto head = httplib::Client("127.0.0.1", port_).Head("/events/cal-2027/schedule.xml", auth);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST_F(FeedsTest, AFeedTokenOpensItsOwnFeedsOnlyUntilRevoked) {
  auto unpublished =
      Get("/events/cal-2027/schedule.ics", {{"Authorization", "Bearer " + admin_secret_}});
  ASSERT_TRUE(unpublished);
  EXPECT_EQ(unpublished->status, 404) << "nothing published yet";
  Publish("1.0");
  auto [mine, name] = FeedToken("events/cal-2027/delegations/mex");
  auto own = Get("/events/cal-2027/delegations/mex/schedule.ics?token=" + mine);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200) << own->body;
  EXPECT_NE(own->body.find("SUMMARY:Remittances"), std::string::npos) << "the table it sits at";
  EXPECT_EQ(own->body.find("Labour mobility"), std::string::npos) << "and no other";
  EXPECT_NE(own->body.find("SUMMARY:Opening plenary"), std::string::npos) << "with the plenary";
  EXPECT_EQ(own->get_header_value("Content-Disposition"), "inline; filename=\"cal-2027-mex.ics\"");

  // Another delegation's calendar, or the whole programme: not this token's.
  auto other = Get("/events/cal-2027/delegations/bel/schedule.ics?token=" + mine);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  auto whole = Get("/events/cal-2027/schedule.json?token=" + mine);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 403);
  // An event-wide feed token reads both.
  auto event_token = FeedToken("events/cal-2027").first;
  auto everything = Get("/events/cal-2027/schedule.json?token=" + event_token);
  ASSERT_TRUE(everything);
  EXPECT_EQ(everything->status, 200);
  EXPECT_EQ(Get("/events/cal-2027/delegations/mex/schedule.xml?token=" + event_token)->status, 200);

  // An API token never goes in an address; no token at all is refused.
  auto api = Get("/events/cal-2027/schedule.ics?token=" + admin_secret_);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  auto none = Get("/events/cal-2027/schedule.ics");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(Get("/events/cal-2027/schedule.ics?token=forum_bogus_x")->status, 401);
  EXPECT_EQ(Get("/events/cal-2027/schedule.pdf?token=" + mine)->status, 404);
  EXPECT_EQ(Get("/events/no-such/schedule.ics?token=" + event_token)->status, 403);

  // Revoked: refused at once.
  v1::RevokeTokenRequest revoke;
  revoke.set_name(name);
  v1::Token revoked;
  ASSERT_TRUE(access_->RevokeToken(Call().get(), revoke, &revoked).ok());
  auto after = Get("/events/cal-2027/delegations/mex/schedule.ics?token=" + mine);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

}  // namespace
}  // namespace forum::testing
