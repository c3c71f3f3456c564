// The standard methods that complete the API toward Google's AIPs: Get for plenary meetings,
// rooms and themes; Update for rooms and themes; update masks on sections and paragraphs (an
// update that names no mask changes only what it sets); an etag on DeleteDocument; and the
// `parent` of ListRevisions. Every refusal is checked for its exact code and for having changed
// nothing.
#include <string>

#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class AipMethodsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    docs_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
    CreateOpenEvent("aip");
    v1::CreateRoomRequest room;
    room.set_parent("events/aip");
    room.set_room_id("hall");
    room.mutable_room()->set_display_name("Hall");
    room.mutable_room()->set_capacity(300);
    ASSERT_TRUE(events_->CreateRoom(Call().get(), room, &room_).ok());
    v1::CreateThemeRequest theme;
    theme.set_parent("events/aip");
    theme.set_theme_id("mobility");
    theme.mutable_theme()->set_number(1);
    theme.mutable_theme()->set_title("Labour mobility");
    ASSERT_TRUE(events_->CreateTheme(Call().get(), theme, &theme_).ok());
  }

  // A draft with one section (on the theme) holding one paragraph that cites the theme.
  void Draft() {
    v1::CreateDocumentRequest create;
    create.set_parent("events/aip");
    create.set_document_id("summary");
    create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    create.mutable_document()->set_title("Summary");
    ASSERT_TRUE(docs_->CreateDocument(Call().get(), create, &doc_).ok());
    v1::InsertSectionRequest section;
    section.set_parent(doc_.name());
    section.mutable_section()->set_title("Opening");
    section.mutable_section()->set_theme(theme_.name());
    ASSERT_TRUE(docs_->InsertSection(Call().get(), section, &section_).ok());
    v1::InsertParagraphRequest para;
    para.mutable_paragraph()->set_section(section_.name());
    para.mutable_paragraph()->set_text("The chair opened the consultation.");
    para.mutable_paragraph()->add_citations(theme_.name());
    ASSERT_TRUE(docs_->InsertParagraph(Call().get(), para, &paragraph_).ok());
  }

  std::unique_ptr<v1::DocumentService::Stub> docs_;
  v1::Room room_;
  v1::Theme theme_;
  v1::Document doc_;
  v1::Section section_;
  v1::Paragraph paragraph_;
};

TEST_F(AipMethodsTest, GetReadsSessionsRoomsAndThemesByName) {
  v1::CreateSessionRequest create;
  create.set_parent("events/aip");
  create.set_session_id("meeting-1");
  create.mutable_session()->set_number(1);
  create.mutable_session()->set_title("Opening");
  *create.mutable_session()->mutable_start_time() = At("2027-05-10T08:00:00Z");
  *create.mutable_session()->mutable_end_time() = At("2027-05-10T10:00:00Z");
  v1::Session session;
  ASSERT_TRUE(events_->CreateSession(Call().get(), create, &session).ok());

  v1::GetSessionRequest get_session;
  get_session.set_name(session.name());
  v1::Session read_session;
  ASSERT_TRUE(events_->GetSession(Call().get(), get_session, &read_session).ok());
  EXPECT_EQ(read_session.title(), "Opening");
  EXPECT_EQ(read_session.etag(), session.etag());

  v1::GetRoomRequest get_room;
  get_room.set_name("events/aip/rooms/hall");
  v1::Room read_room;
  ASSERT_TRUE(events_->GetRoom(CallAs(TokenFor({"reader"})).get(), get_room, &read_room).ok());
  EXPECT_EQ(read_room.capacity(), 300);

  v1::GetThemeRequest get_theme;
  get_theme.set_name(theme_.name());
  v1::Theme read_theme;
  ASSERT_TRUE(events_->GetTheme(Call().get(), get_theme, &read_theme).ok());
  EXPECT_EQ(read_theme.title(), "Labour mobility");
  EXPECT_EQ(read_theme.etag(), "W/\"1\"");
  EXPECT_EQ(theme_.etag(), "W/\"1\"") << "a created theme carries its etag";

  get_theme.set_name("events/aip/themes/none");
  EXPECT_EQ(events_->GetTheme(Call().get(), get_theme, &read_theme).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get_room.set_name("events/aip/sessions/meeting-1");
  grpc::Status wrong = events_->GetRoom(Call().get(), get_room, &read_room);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(wrong), std::vector<std::string>{"name"});
  get_session.set_name("events/nowhere/sessions/meeting-1");
  EXPECT_EQ(events_->GetSession(Call().get(), get_session, &read_session).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AipMethodsTest, UpdateRoomChangesWhatTheMaskNamesWithItsEtag) {
  v1::UpdateRoomRequest r;
  r.mutable_room()->set_name(room_.name());
  r.mutable_room()->set_capacity(250);
  r.mutable_room()->set_display_name("ignored: not in the mask");
  r.mutable_room()->set_etag(room_.etag());
  r.mutable_update_mask()->add_paths("capacity");
  v1::Room updated;
  ASSERT_TRUE(events_->UpdateRoom(Call().get(), r, &updated).ok());
  EXPECT_EQ(updated.capacity(), 250);
  EXPECT_EQ(updated.display_name(), "Hall");
  EXPECT_NE(updated.etag(), room_.etag());

  // The old etag is stale now; a mask without paths and an unknown path are refused.
  v1::Room out;
  EXPECT_EQ(events_->UpdateRoom(Call().get(), r, &out).error_code(), grpc::StatusCode::ABORTED);
  r.mutable_room()->clear_etag();
  r.mutable_update_mask()->clear_paths();
  grpc::Status no_mask = events_->UpdateRoom(Call().get(), r, &out);
  EXPECT_EQ(no_mask.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(no_mask), std::vector<std::string>{"update_mask"});
  r.mutable_update_mask()->add_paths("name");
  EXPECT_EQ(events_->UpdateRoom(Call().get(), r, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  r.mutable_update_mask()->clear_paths();
  r.mutable_update_mask()->add_paths("capacity");
  r.mutable_room()->set_capacity(0);
  grpc::Status zero = events_->UpdateRoom(Call().get(), r, &out);
  EXPECT_EQ(zero.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(zero), std::vector<std::string>{"room.capacity"});

  // Only the secretariat changes rooms.
  r.mutable_room()->set_capacity(200);
  EXPECT_EQ(events_->UpdateRoom(CallAs(TokenFor({"chair=events/aip"})).get(), r, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::GetRoomRequest get;
  get.set_name(room_.name());
  v1::Room now;
  ASSERT_TRUE(events_->GetRoom(Call().get(), get, &now).ok());
  EXPECT_EQ(now.capacity(), 250);
  EXPECT_EQ(now.etag(), updated.etag());
}

TEST_F(AipMethodsTest, ARoomCannotShrinkBelowARoundTableItHolds) {
  v1::CreateRoundTableRequest create;
  create.set_parent("events/aip");
  create.set_round_table_id("round-table-1");
  create.mutable_round_table()->set_number(1);
  create.mutable_round_table()->set_title("Round table 1");
  create.mutable_round_table()->set_capacity(120);
  v1::RoundTable rt;
  ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), create, &rt).ok());
  v1::ScheduleRoundTableRequest schedule;
  schedule.set_name(rt.name());
  *schedule.mutable_start_time() = At("2027-05-10T12:00:00Z");
  *schedule.mutable_end_time() = At("2027-05-10T14:00:00Z");
  schedule.set_room(room_.name());
  ASSERT_TRUE(round_tables_->ScheduleRoundTable(Call().get(), schedule, &rt).ok());

  v1::UpdateRoomRequest r;
  r.mutable_room()->set_name(room_.name());
  r.mutable_room()->set_capacity(100);
  r.mutable_update_mask()->add_paths("capacity");
  v1::Room out;
  grpc::Status status = events_->UpdateRoom(Call().get(), r, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"OVER_ROOM_CAPACITY"});
  r.mutable_room()->set_capacity(120);
  ASSERT_TRUE(events_->UpdateRoom(Call().get(), r, &out).ok());
  EXPECT_EQ(out.capacity(), 120);
  EXPECT_EQ(out.etag(), "W/\"2\"") << "the refused update left the version alone";
}

TEST_F(AipMethodsTest, UpdateThemeKeepsNumbersUnique) {
  v1::CreateThemeRequest second;
  second.set_parent("events/aip");
  second.set_theme_id("remittances");
  second.mutable_theme()->set_number(2);
  second.mutable_theme()->set_title("Remittances");
  v1::Theme made;
  ASSERT_TRUE(events_->CreateTheme(Call().get(), second, &made).ok());

  v1::UpdateThemeRequest r;
  r.mutable_theme()->set_name(made.name());
  r.mutable_theme()->set_number(1);
  r.mutable_update_mask()->add_paths("number");
  v1::Theme out;
  EXPECT_EQ(events_->UpdateTheme(Call().get(), r, &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  r.mutable_theme()->set_number(3);
  r.mutable_theme()->set_title("Remittances and development");
  r.mutable_theme()->set_etag(made.etag());
  r.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(events_->UpdateTheme(Call().get(), r, &out).ok());
  EXPECT_EQ(out.number(), 3);
  EXPECT_EQ(out.title(), "Remittances and development");
  EXPECT_EQ(out.etag(), "W/\"2\"");
  EXPECT_EQ(events_->UpdateTheme(Call().get(), r, &out).error_code(), grpc::StatusCode::ABORTED);
  r.mutable_theme()->clear_etag();
  r.mutable_theme()->set_title("");
  grpc::Status untitled = events_->UpdateTheme(Call().get(), r, &out);
  EXPECT_EQ(untitled.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(untitled), std::vector<std::string>{"theme.title"});
}

TEST_F(AipMethodsTest, UpdateSectionWithoutAMaskChangesOnlyWhatItSets) {
  Draft();
  v1::UpdateSectionRequest r;
  r.mutable_section()->set_name(section_.name());
  r.mutable_section()->set_title("Opening of the meeting");
  v1::Section out;
  ASSERT_TRUE(docs_->UpdateSection(Call().get(), r, &out).ok());
  EXPECT_EQ(out.title(), "Opening of the meeting");
  EXPECT_EQ(out.theme(), theme_.name()) << "a title alone no longer clears the theme";

  // Named in the mask and left empty, the theme is cleared; the title stays.
  r.mutable_section()->clear_title();
  r.mutable_update_mask()->add_paths("theme");
  ASSERT_TRUE(docs_->UpdateSection(Call().get(), r, &out).ok());
  EXPECT_EQ(out.theme(), "");
  EXPECT_EQ(out.title(), "Opening of the meeting");

  // A title named in the mask is still required; unknown paths and empty updates are refused.
  r.mutable_update_mask()->add_paths("title");
  grpc::Status untitled = docs_->UpdateSection(Call().get(), r, &out);
  EXPECT_EQ(untitled.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(untitled), std::vector<std::string>{"section.title"});
  r.mutable_update_mask()->clear_paths();
  r.mutable_update_mask()->add_paths("index");
  EXPECT_EQ(docs_->UpdateSection(Call().get(), r, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  r.mutable_update_mask()->clear_paths();
  grpc::Status nothing = docs_->UpdateSection(Call().get(), r, &out);
  EXPECT_EQ(nothing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(nothing), std::vector<std::string>{"update_mask"});
}

TEST_F(AipMethodsTest, UpdateParagraphWithoutAMaskChangesOnlyWhatItSets) {
  Draft();
  v1::UpdateParagraphRequest r;
  r.mutable_paragraph()->set_name(paragraph_.name());
  r.mutable_paragraph()->set_text("The chair opened the consultation at ten.");
  v1::Paragraph out;
  ASSERT_TRUE(docs_->UpdateParagraph(Call().get(), r, &out).ok());
  EXPECT_EQ(out.text(), "The chair opened the consultation at ten.");
  ASSERT_EQ(out.citations_size(), 1) << "text alone no longer drops the citations";

  r.mutable_paragraph()->clear_text();
  r.mutable_update_mask()->add_paths("citations");
  ASSERT_TRUE(docs_->UpdateParagraph(Call().get(), r, &out).ok());
  EXPECT_EQ(out.citations_size(), 0);
  EXPECT_EQ(out.text(), "The chair opened the consultation at ten.");
}

TEST_F(AipMethodsTest, DeleteDocumentChecksItsEtag) {
  Draft();
  v1::DeleteDocumentRequest r;
  r.set_name(doc_.name());
  r.set_etag("W/\"999\"");
  v1::DeleteDocumentResponse out;
  EXPECT_EQ(docs_->DeleteDocument(Call().get(), r, &out).error_code(), grpc::StatusCode::ABORTED);
  r.set_etag("garbage");
  grpc::Status malformed = docs_->DeleteDocument(Call().get(), r, &out);
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(malformed), std::vector<std::string>{"etag"});

  v1::GetDocumentRequest get;
  get.set_name(doc_.name());
  v1::Document now;
  ASSERT_TRUE(docs_->GetDocument(Call().get(), get, &now).ok());
  r.set_etag(now.etag());
  ASSERT_TRUE(docs_->DeleteDocument(Call().get(), r, &out).ok());
  EXPECT_EQ(docs_->GetDocument(Call().get(), get, &now).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(AipMethodsTest, ListRevisionsTakesTheDocumentAsParent) {
  Draft();
  v1::ListRevisionsRequest r;
  r.set_parent(doc_.name());
  v1::ListRevisionsResponse out;
  ASSERT_TRUE(docs_->ListRevisions(Call().get(), r, &out).ok());
  EXPECT_GE(out.revisions_size(), 2);  // at least the section and the paragraph
  r.set_parent("events/aip");
  grpc::Status wrong = docs_->ListRevisions(Call().get(), r, &out);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(wrong), std::vector<std::string>{"parent"});
}

}  // namespace
}  // namespace forum::testing
