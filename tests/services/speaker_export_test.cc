// The exports of a list of speakers through the real server (the rolling list meeting by
// meeting, the record as Akoma Ntoso, both paged from one state of the list), a chair's summary
// citing a statement, and the bound on the turns a list records.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/page_token.h"
#include "domain/speaker_rules.h"
#include "google/protobuf/util/json_util.h"
#include "tests/services/speaker_fixture.h"

namespace forum::testing {
namespace {

class SpeakerExportTest : public SpeakerServiceTest {
 protected:
  grpc::Status Export(v1::SpeakerListFormat format, v1::SpeakerExport* out,
                      const std::string& session = "", const std::string& list = kPlenary,
                      const std::string& token = "", const std::string& secret = "") {
    v1::ExportSpeakerListRequest request;
    request.set_name(list);
    request.set_format(format);
    request.set_session(session);
    request.set_page_token(token);
    auto ctx = secret.empty() ? Call() : CallAs(secret);
    return speakers_->ExportSpeakerList(ctx.get(), request, out);
  }

  // Runs meeting 1: France speaks, Switzerland raises a point of order, Belgium speaks and
  // replies once.
  void RunMeeting() {
    AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
    MustInscribe("fra", v1::PROTOCOL_RANK_HEAD_OF_STATE);
    MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);
    Register(kEvent, "che");
    v1::Floor floor;
    auto start = OnPlenary<v1::StartNextSpeakerRequest>();
    start.set_session(std::string("events/") + kEvent + "/sessions/meeting-1");
    ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
    auto poo = OnPlenary<v1::RaisePointOfOrderRequest>();
    poo.set_delegation(std::string("events/") + kEvent + "/delegations/che");
    ASSERT_TRUE(speakers_->RaisePointOfOrder(Call().get(), poo, &floor).ok());
    ASSERT_TRUE(
        speakers_->EndSpeaker(Call().get(), OnPlenary<v1::EndSpeakerRequest>(), &floor).ok());
    start.clear_session();
    ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());  // Belgium
    auto reply = OnPlenary<v1::RequestRightOfReplyRequest>();
    reply.set_delegation(std::string("events/") + kEvent + "/delegations/bel");
    v1::Statement queued;
    ASSERT_TRUE(speakers_->RequestRightOfReply(Call().get(), reply, &queued).ok());
    ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());  // the reply
    ASSERT_TRUE(
        speakers_->EndSpeaker(Call().get(), OnPlenary<v1::EndSpeakerRequest>(), &floor).ok());
  }

  grpc::Status ExportRecord(v1::SpeakerExport* out, const std::string& session = "",
                            const std::string& list = kPlenary) {
    v1::ExportStatementsRequest request;
    request.set_parent(list);
    request.set_format(v1::STATEMENTS_FORMAT_AKOMA_NTOSO);
    request.set_session(session);
    return speakers_->ExportStatements(Call().get(), request, out);
  }
};

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(SpeakerExportTest, TheRollingListGoesMeetingByMeetingInSpeakingOrder) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T09:00:00Z");
  AddSession(2, "2027-05-10T12:00:00Z", "2027-05-10T13:00:00Z");
  MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("fra", v1::PROTOCOL_RANK_HEAD_OF_STATE);
  v1::DistributeSpeakersRequest distribute;
  distribute.set_speaker_list(kPlenary);
  v1::DistributeSpeakersResponse plan;
  ASSERT_TRUE(speakers_->DistributeSpeakers(Call().get(), distribute, &plan).ok());
  MustInscribe("che", v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE);  // after the distribution

  v1::SpeakerExport md;
  ASSERT_TRUE(Export(v1::SPEAKER_LIST_FORMAT_MARKDOWN, &md).ok());
  EXPECT_EQ(md.content_type(), "text/markdown; charset=utf-8");
  EXPECT_EQ(md.file_name(), "gfmd-2027-plenary-speakers.md");
  EXPECT_TRUE(md.next_page_token().empty());
  const std::string& text = md.content();
  size_t first = text.find("## "), second = text.find("## ", first + 1),
         rest = text.find("## Not yet given a meeting");
  ASSERT_NE(rest, std::string::npos) << text;
  EXPECT_LT(first, second);
  EXPECT_LT(second, rest);
  // France (head of State) before Belgium, both in the first meeting; Switzerland unplaced.
  size_t fra = text.find("| 1 | France"), bel = text.find("| 2 | Belgium"),
         che = text.find("| 3 | Switzerland");
  ASSERT_NE(fra, std::string::npos) << text;
  ASSERT_NE(bel, std::string::npos) << text;
  ASSERT_NE(che, std::string::npos) << text;
  EXPECT_LT(first, fra) << text;
  EXPECT_LT(fra, bel);
  EXPECT_LT(bel, second);
  EXPECT_LT(rest, che);
  EXPECT_TRUE(absl::StrContains(text, "Monday 10 May 2027, 10:00\u201311:00")) << text;

  // One meeting alone.
  v1::SpeakerExport one;
  const std::string meeting2 = std::string("events/") + kEvent + "/sessions/meeting-2";
  ASSERT_TRUE(Export(v1::SPEAKER_LIST_FORMAT_TEXT, &one, meeting2).ok());
  EXPECT_EQ(one.file_name(), "gfmd-2027-plenary-meeting-2-speakers.txt");
  EXPECT_TRUE(absl::StrContains(one.content(), "No speaker.\n")) << one.content();
  EXPECT_FALSE(absl::StrContains(one.content(), "France"));

  // JSON is the RollingList message.
  v1::SpeakerExport json;
  ASSERT_TRUE(Export(v1::SPEAKER_LIST_FORMAT_JSON, &json).ok());
  EXPECT_EQ(json.content_type(), "application/json");
  v1::RollingList parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.content(), &parsed).ok());
  ASSERT_EQ(parsed.meetings_size(), 3);
  EXPECT_EQ(parsed.meetings(0).speakers(0).name(), std::string(kPlenary) + "/speakers/fra");
  EXPECT_EQ(parsed.meetings(2).session(), "");
  EXPECT_EQ(parsed.meetings(2).speakers(0).name(), std::string(kPlenary) + "/speakers/che");

  // A reader may export; a caller without a token may not.
  v1::SpeakerExport out;
  EXPECT_TRUE(
      Export(v1::SPEAKER_LIST_FORMAT_TEXT, &out, "", kPlenary, "", TokenFor({"reader"})).ok());
  v1::ExportSpeakerListRequest anonymous;
  anonymous.set_name(kPlenary);
  anonymous.set_format(v1::SPEAKER_LIST_FORMAT_TEXT);
  EXPECT_EQ(speakers_->ExportSpeakerList(CallAs("").get(), anonymous, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SpeakerExportTest, ARoundTablesListIsOnePartWithTheTablesTitleAndTime) {
  v1::CreateRoundTableRequest table;
  table.set_parent(std::string("events/") + kEvent);
  table.set_round_table_id("table-a");
  table.mutable_round_table()->set_number(1);
  table.mutable_round_table()->set_title("Labour mobility <& skills>");
  table.mutable_round_table()->set_capacity(20);
  v1::RoundTable rt;
  ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), table, &rt).ok());
  const std::string list = std::string("events/") + kEvent + "/speakerLists/table-a";
  MustInscribe("bel", v1::PROTOCOL_RANK_MINISTER);  // on the plenary's list only
  v1::Speaker che;
  Register(kEvent, "che");
  ASSERT_TRUE(Inscribe("che", v1::PROTOCOL_RANK_MINISTER, &che, {}, "", list).ok());

  v1::SpeakerExport json;
  ASSERT_TRUE(Export(v1::SPEAKER_LIST_FORMAT_JSON, &json, "", list).ok());
  EXPECT_EQ(json.file_name(), "gfmd-2027-table-a-speakers.json");
  v1::RollingList parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.content(), &parsed).ok());
  ASSERT_EQ(parsed.meetings_size(), 1);
  EXPECT_EQ(parsed.title(), "Labour mobility <& skills>");
  EXPECT_EQ(parsed.meetings(0).title(), "Labour mobility <& skills>");
  ASSERT_EQ(parsed.meetings(0).speakers_size(), 1);
  EXPECT_EQ(parsed.meetings(0).speakers(0).name(), list + "/speakers/che");

  // No plenary meeting to limit it to.
  v1::SpeakerExport out;
  grpc::Status s = Export(v1::SPEAKER_LIST_FORMAT_TEXT, &out,
                          std::string("events/") + kEvent + "/sessions/meeting-1", list);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"session"});

  // Its record, run at the table: one section with the table's title, escaped.
  auto start = OnPlenary<v1::StartNextSpeakerRequest>();
  start.set_speaker_list(list);
  v1::Floor floor;
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  v1::EndSpeakerRequest end;
  end.set_speaker_list(list);
  ASSERT_TRUE(speakers_->EndSpeaker(Call().get(), end, &floor).ok());
  ASSERT_TRUE(ExportRecord(&out, "", list).ok());
  EXPECT_EQ(Count(out.content(), "<debateSection "), 1u) << out.content();
  EXPECT_TRUE(absl::StrContains(out.content(), "<heading>Labour mobility &lt;&amp; skills&gt;"))
      << out.content();
  EXPECT_EQ(Count(out.content(), "<speech "), 1u);
}

TEST_F(SpeakerExportTest, BadExportRequestsAnswerTheirOwnCodes) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T09:00:00Z");
  v1::SpeakerExport out;
  grpc::Status s = Export(v1::SPEAKER_LIST_FORMAT_UNSPECIFIED, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"format"});
  EXPECT_EQ(Export(static_cast<v1::SpeakerListFormat>(99), &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      Export(v1::SPEAKER_LIST_FORMAT_TEXT, &out, "events/gfmd-2027/sessions/no-such").error_code(),
      grpc::StatusCode::NOT_FOUND);
  s = Export(v1::SPEAKER_LIST_FORMAT_TEXT, &out, "events/hld-2006/sessions/meeting-1");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"session"});
  EXPECT_EQ(Export(v1::SPEAKER_LIST_FORMAT_TEXT, &out, "meeting-1").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Export(v1::SPEAKER_LIST_FORMAT_TEXT, &out, "", "events/gfmd-2027/speakerLists/none")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Export(v1::SPEAKER_LIST_FORMAT_TEXT, &out, "", kPlenary, "not-a-token").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ExportStatementsRequest record;
  record.set_parent(kPlenary);
  EXPECT_EQ(speakers_->ExportStatements(Call().get(), record, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SpeakerExportTest, ALargeListComesInPiecesFromOneStateOfTheList) {
  // 110 delegations with five entries each, names and titles of 200 four-byte characters:
  // about 2.5 KB a speaker in JSON, past the byte budget of one response.
  v1::SpeakerList patch;
  patch.set_allow_multiple_national(true);
  v1::SpeakerList list;
  ASSERT_TRUE(UpdateList(patch, {"allow_multiple_national"}, &list).ok());
  v1::ListEntitiesRequest states;
  states.set_filter("kind = MEMBER_STATE");
  states.set_page_size(110);
  v1::ListEntitiesResponse entities;
  ASSERT_TRUE(entities_->ListEntities(Call().get(), states, &entities).ok());
  ASSERT_EQ(entities.entities_size(), 110);
  std::string wide;
  for (int i = 0; i < 199; ++i) wide += "\xF0\x9D\x84\x9E";  // U+1D11E
  for (const auto& e : entities.entities()) {
    std::string code = e.name().substr(e.name().rfind('/') + 1);
    Register(kEvent, code);
    for (int n = 0; n < 5; ++n) {
      v1::InscribeSpeakerRequest request;
      request.set_parent(kPlenary);
      request.mutable_speaker()->set_delegation(std::string("events/") + kEvent + "/delegations/" +
                                                code);
      request.mutable_speaker()->set_level(v1::PROTOCOL_RANK_MINISTER);
      request.mutable_speaker()->set_speaker_name(absl::StrCat(n, wide));
      request.mutable_speaker()->set_speaker_title(absl::StrCat(n, wide));
      v1::Speaker out;
      grpc::Status s = speakers_->InscribeSpeaker(Call().get(), request, &out);
      ASSERT_TRUE(s.ok()) << code << ": " << s.error_message();
    }
  }

  std::string whole, file;
  std::string token;
  int pages = 0;
  do {
    v1::SpeakerExport page;
    grpc::Status s = Export(v1::SPEAKER_LIST_FORMAT_JSON, &page, "", kPlenary, token);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LE(page.content().size(), domain::kMaxPageBytes);
    if (pages == 0) file = page.file_name();
    EXPECT_EQ(page.file_name(), file);
    whole += page.content();
    token = page.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_GE(pages, 2);
  v1::RollingList parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(whole, &parsed).ok());
  ASSERT_EQ(parsed.meetings_size(), 1);
  EXPECT_EQ(parsed.meetings(0).speakers_size(), 550);

  // Whatever the state (each one a different digest in the token), the second piece follows.
  for (int round = 0; round < 6; ++round) {
    v1::UpdateSpeakerRequest rename;
    rename.mutable_speaker()->set_name(parsed.meetings(0).speakers(round).name());
    rename.mutable_speaker()->set_speaker_name(absl::StrCat("Round ", round));
    rename.mutable_update_mask()->add_paths("speaker_name");
    v1::Speaker renamed;
    ASSERT_TRUE(speakers_->UpdateSpeaker(Call().get(), rename, &renamed).ok());
    v1::SpeakerExport first, second;
    ASSERT_TRUE(Export(v1::SPEAKER_LIST_FORMAT_JSON, &first).ok());
    ASSERT_FALSE(first.next_page_token().empty());
    grpc::Status s =
        Export(v1::SPEAKER_LIST_FORMAT_JSON, &second, "", kPlenary, first.next_page_token());
    EXPECT_TRUE(s.ok()) << "round " << round << ": " << s.error_message();
  }

  // A change after the first page: the next piece is refused, and a new export starts over.
  v1::SpeakerExport page;
  ASSERT_TRUE(Export(v1::SPEAKER_LIST_FORMAT_JSON, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  v1::WithdrawSpeakerRequest withdraw;
  withdraw.set_name(parsed.meetings(0).speakers(0).name());
  v1::Speaker gone;
  ASSERT_TRUE(speakers_->WithdrawSpeaker(Call().get(), withdraw, &gone).ok());
  v1::SpeakerExport next;
  EXPECT_EQ(Export(v1::SPEAKER_LIST_FORMAT_JSON, &next, "", kPlenary, page.next_page_token())
                .error_code(),
            grpc::StatusCode::ABORTED);
  // A token is bound to its request.
  EXPECT_EQ(Export(v1::SPEAKER_LIST_FORMAT_MARKDOWN, &next, "", kPlenary, page.next_page_token())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SpeakerExportTest, TheRecordIsAnAkomaNtosoDebateOfTheTurnsDelivered) {
  RunMeeting();
  v1::SpeakerExport xml;
  ASSERT_TRUE(ExportRecord(&xml).ok());
  EXPECT_EQ(xml.content_type(), "application/akn+xml");
  EXPECT_EQ(xml.file_name(), "gfmd-2027-plenary-record.xml");
  const std::string& text = xml.content();
  EXPECT_TRUE(absl::StartsWith(text,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<akomaNtoso "
                               "xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"))
      << text;
  EXPECT_EQ(Count(text, "<speech "), 4u) << text;  // France, Switzerland, Belgium, the reply
  EXPECT_EQ(Count(text, "<pointOfOrder "), 1u);
  EXPECT_EQ(Count(text, "name=\"rightOfReply\""), 1u);
  EXPECT_EQ(Count(text, "<TLCOrganization eId=\"del_"), 3u);
  // In the order turns began; a speaker inscribed without a name speaks as its delegation.
  std::vector<std::string> from;
  for (size_t at = text.find("<from>"); at != std::string::npos; at = text.find("<from>", at + 1)) {
    from.push_back(text.substr(at + 6, text.find("</from>", at) - at - 6));
  }
  EXPECT_EQ(from, (std::vector<std::string>{"France", "Head of che (Switzerland)", "Belgium",
                                            "Head of bel (Belgium)"}));

  // One meeting; a meeting nobody spoke in is still a valid debate.
  v1::SpeakerExport one;
  ASSERT_TRUE(ExportRecord(&one, std::string("events/") + kEvent + "/sessions/meeting-1").ok());
  std::string whole = text;
  for (const std::string end : {"/", "\""}) {
    const std::string from = "gfmd-2027-plenary" + end, to = "gfmd-2027-plenary-meeting-1" + end;
    for (size_t at = whole.find(from); at != std::string::npos; at = whole.find(from, at)) {
      whole.replace(at, from.size(), to);
      at += to.size();
    }
  }
  EXPECT_EQ(one.content(), whole);  // the same turns, under the meeting's own identity
  EXPECT_TRUE(absl::StrContains(text, "<heading>Plenary meeting 1</heading>")) << text;
  AddSession(2, "2027-05-11T08:00:00Z", "2027-05-11T10:00:00Z");
  ASSERT_TRUE(ExportRecord(&one, std::string("events/") + kEvent + "/sessions/meeting-2").ok());
  EXPECT_EQ(Count(one.content(), "<speech "), 0u);
  EXPECT_TRUE(absl::StrContains(one.content(), "<p>No statement was made.</p>"));
}

TEST_F(SpeakerExportTest, ASummaryParagraphCitesAStatementDelivered) {
  RunMeeting();
  v1::CreateDocumentRequest create;
  create.set_parent(std::string("events/") + kEvent);
  create.set_document_id("summary");
  create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
  create.mutable_document()->set_title("Chair's summary");
  auto documents = v1::DocumentService::NewStub(server_->InProcessChannel({}));
  v1::Document doc;
  ASSERT_TRUE(documents->CreateDocument(Call().get(), create, &doc).ok());
  v1::InsertSectionRequest section;
  section.set_parent(doc.name());
  section.mutable_section()->set_title("Plenary");
  v1::Section made;
  ASSERT_TRUE(documents->InsertSection(Call().get(), section, &made).ok());

  auto cite = [&](const std::string& citation) {
    v1::InsertParagraphRequest p;
    p.mutable_paragraph()->set_section(made.name());
    p.mutable_paragraph()->set_text("The President of France opened the general debate.");
    p.mutable_paragraph()->add_citations(citation);
    v1::Paragraph out;
    return documents->InsertParagraph(Call().get(), p, &out);
  };
  const std::string statements = std::string(kPlenary) + "/statements/";
  EXPECT_TRUE(cite(statements + "1").ok());
  EXPECT_EQ(cite(statements + "99").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(cite(statements + "0").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(cite(statements + "01").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(cite("events/hld-2006/speakerLists/plenary/statements/1").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A turn still under way is not delivered yet; nor is a reply still queued.
  v1::Floor floor;
  auto next = OnPlenary<v1::StartNextSpeakerRequest>();
  MustInscribe("deu", v1::PROTOCOL_RANK_MINISTER);
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), next, &floor).ok());
  ASSERT_TRUE(floor.has_current());
  EXPECT_EQ(cite(floor.current().name()).error_code(), grpc::StatusCode::NOT_FOUND);
  auto reply = OnPlenary<v1::RequestRightOfReplyRequest>();
  reply.set_delegation(std::string("events/") + kEvent + "/delegations/fra");
  v1::Statement queued;
  ASSERT_TRUE(speakers_->RequestRightOfReply(Call().get(), reply, &queued).ok());
  EXPECT_EQ(cite(queued.name()).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(SpeakerExportTest, AListTakesNoMoreInterruptionsOnceItsRecordIsFull) {
  AddSession(1, "2027-05-10T08:00:00Z", "2027-05-10T10:00:00Z");
  Register(kEvent, "che");
  v1::Floor floor;
  auto start = OnPlenary<v1::StartNextSpeakerRequest>();
  start.set_session(std::string("events/") + kEvent + "/sessions/meeting-1");
  ASSERT_TRUE(speakers_->StartNextSpeaker(Call().get(), start, &floor).ok());
  // All but one of the turns a list may hold, as an import would leave them.
  ExecSql(
      absl::StrCat("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ",
                   domain::kMaxStatementsPerList - 1,
                   ") INSERT INTO statements (event_id, list_id, statement_id, turn, entity_code, "
                   "session_id, request_time, start_time, end_time) SELECT 'gfmd-2027', 'plenary', "
                   "100000 + i, 2, 'che', 'meeting-1', i, i, i + 1 FROM n"));
  auto poo = OnPlenary<v1::RaisePointOfOrderRequest>();
  poo.set_delegation(std::string("events/") + kEvent + "/delegations/che");
  ASSERT_TRUE(speakers_->RaisePointOfOrder(Call().get(), poo, &floor).ok());
  ASSERT_TRUE(speakers_->EndSpeaker(Call().get(), OnPlenary<v1::EndSpeakerRequest>(), &floor).ok());
  grpc::Status full = speakers_->RaisePointOfOrder(Call().get(), poo, &floor);
  EXPECT_EQ(full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(PreconditionTypes(full), std::vector<std::string>{"STATEMENT_COUNT"});
  auto reply = OnPlenary<v1::RequestRightOfReplyRequest>();
  reply.set_delegation(std::string("events/") + kEvent + "/delegations/che");
  v1::Statement out;
  EXPECT_EQ(speakers_->RequestRightOfReply(Call().get(), reply, &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  // The whole record still exports, under the byte budget page by page.
  v1::ExportStatementsRequest record;
  record.set_parent(kPlenary);
  record.set_format(v1::STATEMENTS_FORMAT_AKOMA_NTOSO);
  std::string whole;
  int pages = 0;
  do {
    v1::SpeakerExport page;
    ASSERT_TRUE(speakers_->ExportStatements(Call().get(), record, &page).ok());
    whole += page.content();
    record.set_page_token(page.next_page_token());
    ++pages;
  } while (!record.page_token().empty() && pages < 20);
  EXPECT_EQ(Count(whole, "<pointOfOrder "), static_cast<size_t>(domain::kMaxStatementsPerList));
  EXPECT_TRUE(absl::EndsWith(whole, "</akomaNtoso>\n"));
}

}  // namespace
}  // namespace forum::testing
