// What a hostile or careless client meets: malformed etags, out-of-range times, rate limits with
// a retry delay, count limits, and request ids that are the caller's own. Every refusal is
// checked for its exact code and for having changed nothing.
#include <atomic>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "domain/limits.h"
#include "forum/v1/errors.pb.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class HardeningTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    docs_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }

  grpc::Status CreateRoom(const std::string& secret, const std::string& event,
                          const std::string& id, const std::string& request_id = "",
                          v1::Room* out = nullptr) {
    v1::CreateRoomRequest r;
    r.set_parent("events/" + event);
    r.set_room_id(id);
    r.mutable_room()->set_display_name("Room " + id);
    r.mutable_room()->set_capacity(50);
    r.set_request_id(request_id);
    v1::Room ignored;
    return events_->CreateRoom(CallAs(secret).get(), r, out ? out : &ignored);
  }

  // A new draft chair's summary `events/{event}/documents/summary`; fails the test if refused.
  v1::Document Draft(const std::string& event) {
    v1::CreateDocumentRequest create;
    create.set_parent("events/" + event);
    create.set_document_id("summary");
    create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    create.mutable_document()->set_title("Summary");
    v1::Document d;
    grpc::Status status = docs_->CreateDocument(Call().get(), create, &d);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return d;
  }

  // A circulated chair's summary of `event` with one paragraph; returns the paragraph's name.
  std::string CirculatedParagraph(const std::string& event) {
    v1::Document d = Draft(event);
    v1::InsertSectionRequest section;
    section.set_parent(d.name());
    section.mutable_section()->set_title("Opening");
    v1::Section s;
    EXPECT_TRUE(docs_->InsertSection(Call().get(), section, &s).ok());
    v1::InsertParagraphRequest para;
    para.mutable_paragraph()->set_section(s.name());
    para.mutable_paragraph()->set_text("The chair opened the consultation.");
    v1::Paragraph p;
    EXPECT_TRUE(docs_->InsertParagraph(Call().get(), para, &p).ok());
    v1::CirculateDocumentRequest circulate;
    circulate.set_name(d.name());
    EXPECT_TRUE(docs_->CirculateDocument(Call().get(), circulate, &d).ok());
    return p.name();
  }

  grpc::Status Comment(const std::string& paragraph, const std::string& author,
                       const std::string& request_id = "", v1::Comment* out = nullptr) {
    v1::AddCommentRequest r;
    r.mutable_comment()->set_paragraph(paragraph);
    r.mutable_comment()->set_author(author);
    r.mutable_comment()->set_text("Please add the figures.");
    r.set_request_id(request_id);
    v1::Comment ignored;
    return docs_->AddComment(Call().get(), r, out ? out : &ignored);
  }

  std::unique_ptr<v1::DocumentService::Stub> docs_;
};

TEST_F(HardeningTest, AMalformedEtagIsInvalidArgumentAndAStaleOneAborted) {
  v1::Event event = CreateOpenEvent("etag-2027");
  v1::UpdateEventRequest update;
  update.mutable_event()->set_name(event.name());
  update.mutable_event()->set_title("Renamed");
  update.mutable_update_mask()->add_paths("title");
  v1::Event out;
  for (const char* bad : {"garbage", "W/\"x\"", "\"1\"", "W/\"-4\""}) {
    update.mutable_event()->set_etag(bad);
    grpc::Status status = events_->UpdateEvent(Call().get(), update, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"event.etag"}) << bad;
  }
  update.mutable_event()->set_etag("W/\"999\"");
  EXPECT_EQ(events_->UpdateEvent(Call().get(), update, &out).error_code(),
            grpc::StatusCode::ABORTED);
  v1::GetEventRequest get;
  get.set_name(event.name());
  ASSERT_TRUE(events_->GetEvent(Call().get(), get, &out).ok());
  EXPECT_EQ(out.title(), event.title());
  EXPECT_EQ(out.etag(), event.etag());
}

TEST_F(HardeningTest, TokenExpiriesOutsideTheTimestampRangeAreRefused) {
  int before = CountRows("tokens");
  for (int64_t seconds : {int64_t{253402300800}, int64_t{18448644073709},
                          int64_t{4102444800} /* 2100 */, int64_t{-62135596801}}) {
    v1::CreateTokenRequest r;
    r.mutable_token()->set_display_name("far future");
    r.mutable_token()->add_bindings()->set_role(v1::ROLE_READER);
    r.mutable_token()->mutable_expire_time()->set_seconds(seconds);
    v1::CreateTokenResponse out;
    grpc::Status status = access_->CreateToken(Call().get(), r, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << seconds;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"token.expire_time"}) << seconds;
  }
  v1::ListAuditRecordsRequest audit;
  audit.mutable_start_time()->set_seconds(int64_t{1} << 62);
  v1::ListAuditRecordsResponse records;
  EXPECT_EQ(access_->ListAuditRecords(Call().get(), audit, &records).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountRows("tokens"), before);
}

TEST_F(HardeningTest, WritesPastTheRateAreRefusedWithARetryDelayAndChangeNothing) {
  services_->access().SetCallRates({{1, 3}, {0, 1}});  // writes: 1 a second, 3 at once
  CreateOpenEvent("rate-2027");                        // one write spent
  std::string other = TokenFor({"admin"}, "second admin");
  EXPECT_TRUE(CreateRoom(admin_secret_, "rate-2027", "a").ok());
  EXPECT_TRUE(CreateRoom(admin_secret_, "rate-2027", "b").ok());
  int rooms = CountRows("rooms");
  grpc::Status refused = CreateRoom(admin_secret_, "rate-2027", "c");
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(CountRows("rooms"), rooms);
  v1::ErrorStatus details;
  ASSERT_TRUE(details.ParseFromString(refused.error_details()));
  bool found = false;
  for (const auto& any : details.details()) {
    v1::RetryInfo retry;
    if (any.type_url() == "type.googleapis.com/forum.v1.RetryInfo" &&
        retry.ParseFromString(any.value())) {
      found = true;
      int64_t micros = retry.retry_delay().seconds() * 1000000 + retry.retry_delay().nanos() / 1000;
      EXPECT_GT(micros, 0);
      EXPECT_LE(micros, 1000000);
    }
  }
  EXPECT_TRUE(found) << refused.error_message();
  // Reads are on their own (unlimited here); another token has its own bucket.
  v1::GetEventRequest get;
  get.set_name("events/rate-2027");
  v1::Event event;
  EXPECT_TRUE(events_->GetEvent(Call().get(), get, &event).ok());
  EXPECT_TRUE(CreateRoom(other, "rate-2027", "c").ok());
}

TEST_F(HardeningTest, ReadsHaveTheirOwnRate) {
  services_->access().SetCallRates({{0, 1}, {1, 2}});
  v1::GetEntityRequest r;
  r.set_name("entities/bel");
  v1::Entity out;
  EXPECT_TRUE(entities_->GetEntity(Call().get(), r, &out).ok());
  EXPECT_TRUE(entities_->GetEntity(Call().get(), r, &out).ok());
  EXPECT_EQ(entities_->GetEntity(Call().get(), r, &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Writes are unlimited here, and do not draw on the reads' bucket.
  CreateOpenEvent("reads-2027");
  EXPECT_TRUE(CreateRoom(admin_secret_, "reads-2027", "a").ok());
}

TEST_F(HardeningTest, RoomsPerEventAreCounted) {
  CreateOpenEvent("rooms-2027");
  for (int i = 0; i < domain::kMaxRoomsPerEvent; ++i) {
    ASSERT_TRUE(CreateRoom(admin_secret_, "rooms-2027", absl::StrCat("r", i)).ok()) << i;
  }
  int rooms = CountRows("rooms");
  grpc::Status status = CreateRoom(admin_secret_, "rooms-2027", "one-more");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"ROOM_COUNT"});
  EXPECT_EQ(CountRows("rooms"), rooms);
}

TEST_F(HardeningTest, CommentsPerAuthorAreCounted) {
  CreateOpenEvent("cmt-2027");
  std::string paragraph = CirculatedParagraph("cmt-2027");
  for (int i = 0; i < domain::kMaxCommentsPerAuthor; ++i) {
    ASSERT_TRUE(Comment(paragraph, "Delegation of Belgium").ok()) << i;
  }
  int comments = CountRows("document_comments");
  EXPECT_EQ(Comment(paragraph, "Delegation of Belgium").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(CountRows("document_comments"), comments);
  EXPECT_TRUE(Comment(paragraph, "Delegation of Senegal").ok());
}

TEST_F(HardeningTest, RequestIdsAreTheCallersOwn) {
  CreateOpenEvent("rid-2027");
  std::string other = TokenFor({"admin"}, "second admin");
  v1::Room first, again, theirs;
  ASSERT_TRUE(CreateRoom(admin_secret_, "rid-2027", "a", "req-1", &first).ok());
  // The same caller retrying gets the first answer; nothing new is made.
  ASSERT_TRUE(CreateRoom(admin_secret_, "rid-2027", "a", "req-1", &again).ok());
  EXPECT_EQ(again.name(), first.name());
  // Another caller's id of the same spelling is theirs: no refusal, no hint that it exists.
  grpc::Status status = CreateRoom(other, "rid-2027", "b", "req-1", &theirs);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(theirs.name(), "events/rid-2027/rooms/b");
  // The same caller reusing its id for another request is refused.
  status = CreateRoom(admin_secret_, "rid-2027", "c", "req-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
  EXPECT_EQ(CountRows("rooms WHERE event_id = 'rid-2027'"), 2);
}

TEST_F(HardeningTest, CommentsCorrigendaParticipantsAndTokensTakeRequestIds) {
  CreateOpenEvent("ids-2027");
  std::string paragraph = CirculatedParagraph("ids-2027");
  v1::Comment c1, c2;
  ASSERT_TRUE(Comment(paragraph, "Chair", "comment-1", &c1).ok());
  ASSERT_TRUE(Comment(paragraph, "Chair", "comment-1", &c2).ok());
  EXPECT_EQ(c1.name(), c2.name());
  EXPECT_EQ(CountRows("document_comments"), 1);

  v1::CreateTokenRequest token;
  token.mutable_token()->set_display_name("Reader");
  token.mutable_token()->add_bindings()->set_role(v1::ROLE_READER);
  token.set_request_id("token-1");
  int tokens = CountRows("tokens");
  v1::CreateTokenResponse t1, t2;
  ASSERT_TRUE(access_->CreateToken(Call().get(), token, &t1).ok());
  ASSERT_TRUE(access_->CreateToken(Call().get(), token, &t2).ok());
  EXPECT_EQ(t1.token().name(), t2.token().name());
  EXPECT_FALSE(t1.secret().empty());
  EXPECT_TRUE(t2.secret().empty()) << "a secret is shown once and never stored";
  EXPECT_EQ(CountRows("tokens"), tokens + 1);
  EXPECT_EQ(CountRows("request_log WHERE " +
                      std::string(database_.engine() == Engine::kSqlite
                                      ? "instr(response, '" + t1.secret() + "') > 0"
                                      : "position('" + t1.secret() + "'::bytea in response) > 0")),
            0);

  Accredited("ids-2027", "bel");
  v1::CreateRoundTableRequest table;
  table.set_parent("events/ids-2027");
  table.mutable_round_table()->set_number(1);
  table.mutable_round_table()->set_title("Labour mobility");
  table.mutable_round_table()->set_capacity(20);
  v1::RoundTable rt;
  ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), table, &rt).ok());
  v1::AddRoundTableParticipantRequest seat;
  seat.set_round_table(rt.name());
  seat.set_delegation("events/ids-2027/delegations/bel");
  seat.set_role(v1::PARTICIPANT_ROLE_PARTICIPANT);
  seat.set_request_id("seat-1");
  v1::RoundTableParticipant p1, p2;
  ASSERT_TRUE(round_tables_->AddRoundTableParticipant(Call().get(), seat, &p1).ok());
  grpc::Status retried = round_tables_->AddRoundTableParticipant(Call().get(), seat, &p2);
  EXPECT_TRUE(retried.ok()) << retried.error_message();
  EXPECT_EQ(p1.delegation(), p2.delegation());
}

TEST_F(HardeningTest, InsertsTakeRequestIdsSoARetryAddsNothing) {
  CreateOpenEvent("ins-2027");
  v1::Document d = Draft("ins-2027");
  ASSERT_FALSE(d.name().empty());
  v1::InsertSectionRequest section;
  section.set_parent(d.name());
  section.mutable_section()->set_title("Opening");
  section.set_request_id("section-1");
  v1::Section s1, s2;
  ASSERT_TRUE(docs_->InsertSection(Call().get(), section, &s1).ok());
  ASSERT_TRUE(docs_->InsertSection(Call().get(), section, &s2).ok());
  EXPECT_EQ(s1.name(), s2.name());
  v1::InsertParagraphRequest para;
  para.mutable_paragraph()->set_section(s1.name());
  para.mutable_paragraph()->set_text("The chair opened the consultation.");
  para.set_request_id("paragraph-1");
  v1::Paragraph p1, p2;
  ASSERT_TRUE(docs_->InsertParagraph(Call().get(), para, &p1).ok());
  // A client that timed out and sends again: one paragraph, the same answer.
  ASSERT_TRUE(docs_->InsertParagraph(Call().get(), para, &p2).ok());
  EXPECT_EQ(p1.name(), p2.name());
  EXPECT_EQ(CountRows("document_sections WHERE document_id = 'summary' AND event_id = 'ins-2027'"),
            1);
  EXPECT_EQ(
      CountRows("document_paragraphs WHERE document_id = 'summary' AND event_id = 'ins-2027'"), 1);
}

TEST_F(HardeningTest, SectionsPerDocumentAreCounted) {
  CreateOpenEvent("sec-2027");
  v1::Document d = Draft("sec-2027");
  ASSERT_FALSE(d.name().empty());
  v1::InsertSectionRequest section;
  section.set_parent(d.name());
  section.mutable_section()->set_title("Part");
  v1::Section out;
  for (int i = 0; i < domain::kMaxSectionsPerDocument; ++i) {
    ASSERT_TRUE(docs_->InsertSection(Call().get(), section, &out).ok()) << i;
  }
  int revisions = CountRows("document_revisions");
  grpc::Status status = docs_->InsertSection(Call().get(), section, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"SECTION_COUNT"});
  EXPECT_EQ(CountRows("document_revisions"), revisions);
  // A mistake in the request is still answered as such, full document or not.
  section.mutable_section()->set_theme("events/sec-2027/themes/no-such-theme");
  EXPECT_EQ(docs_->InsertSection(Call().get(), section, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(HardeningTest, CorrigendaPerDocumentAreCountedSoADocumentFitsOneAnswer) {
  CreateOpenEvent("corr-2027");
  std::string paragraph = CirculatedParagraph("corr-2027");
  std::string doc = paragraph.substr(0, paragraph.find("/paragraphs/"));
  v1::IssueDocumentRequest issue;
  issue.set_name(doc);
  issue.set_symbol("CORR/2027/1");
  v1::Document d;
  ASSERT_TRUE(docs_->IssueDocument(Call().get(), issue, &d).ok());
  v1::IssueCorrigendumRequest corr;
  corr.set_name(doc);
  corr.set_reason("A figure was wrong.");
  auto* fix = corr.add_corrections();
  fix->set_paragraph(paragraph);
  fix->set_text("The chair opened the consultation on 10 May.");
  for (int i = 0; i < domain::kMaxCorrigendaPerDocument; ++i) {
    grpc::Status status = docs_->IssueCorrigendum(Call().get(), corr, &d);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
  }
  int before = CountRows("document_corrigenda");
  grpc::Status status = docs_->IssueCorrigendum(Call().get(), corr, &d);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"CORRIGENDUM_COUNT"});
  EXPECT_EQ(CountRows("document_corrigenda"), before);
}

// Writes wait for their commit on threads of forumd's own, and a write beyond them is refused
// at once; reads of the local database are served on gRPC's threads meanwhile (on PostgreSQL,
// where a read waits for the network, they take a thread too).
TEST_F(HardeningTest, AWriteBeyondTheServingThreadsIsRefusedWhileReadsGoOn) {
  CreateOpenEvent("threads");
  // The thread that answered the last write counts as running until it has finished its task,
  // a moment after the answer reached the client.
  for (int i = 0; i < 500 && services_->runner().running() > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ(services_->runner().running(), 0);
  absl::Notification release;
  std::atomic<int> taken{0};
  while (services_->runner().Post([&] {
    ++taken;
    release.WaitForNotification();
  })) {
  }
  const int max_threads = services::CallRunnerOptions().max_threads;
  for (int i = 0; i < 500 && taken.load() < max_threads; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ(taken.load(), max_threads) << "every thread of the pool is held";
  int rooms = CountRows("rooms");
  grpc::Status refused = CreateRoom(admin_secret_, "threads", "plenary-hall");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_EQ(CountRows("rooms"), rooms);
  v1::GetEventRequest get;
  get.set_name("events/threads");
  v1::Event event;
  grpc::Status read = events_->GetEvent(Call().get(), get, &event);
  if (db_->reads_may_wait()) {
    EXPECT_EQ(read.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  } else {
    EXPECT_TRUE(read.ok()) << read.error_message();
    EXPECT_EQ(event.name(), "events/threads");
  }
  release.Notify();
  for (int i = 0; i < 500 && services_->runner().running() > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  grpc::Status created = CreateRoom(admin_secret_, "threads", "plenary-hall");
  EXPECT_TRUE(created.ok()) << created.error_message();
  EXPECT_EQ(CountRows("rooms"), rooms + 1);
}

}  // namespace
}  // namespace forum::testing
