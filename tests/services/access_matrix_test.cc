// Every RPC of every service against every role: no token, reader, focal point of `bel`, chair of
// the event, admin. Each row states which roles may make the call; the call is then made once
// per role on a world of its own (a fresh event and fresh tokens), so an allowed call must
// succeed (OK) and a refused one must answer PERMISSION_DENIED, or UNAUTHENTICATED without a
// token. Each call must also run in exactly one transaction: the token check, the access facts
// and the change (or the read) see one snapshot. A last check makes sure that no RPC of the API is
// missing from the table.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "tests/support/connect_channel.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

// kFeed: a calendar feed's token for the whole event, which no method of the API takes.
enum class Role { kNone, kFeed, kReader, kFocalPoint, kChair, kAdmin };

const char* RoleName(Role r) {
  switch (r) {
    case Role::kNone:
      return "no token";
    case Role::kFeed:
      return "feed token of the event";
    case Role::kReader:
      return "reader";
    case Role::kFocalPoint:
      return "focal point of bel";
    case Role::kChair:
      return "chair of the event";
    case Role::kAdmin:
      return "admin";
  }
  return "";
}

google::protobuf::Timestamp At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return domain::FromMicros(absl::ToUnixMicros(t));
}

// One world: an event open for registration with a room, and the callers' tokens.
struct World {
  std::string id;     // mx-N
  std::string event;  // events/mx-N
  std::string secret;
  std::string spare_token;  // tokens/{id} of a reader's token, for RevokeToken
  std::string Delegation(const std::string& code) const { return event + "/delegations/" + code; }
};

class AccessMatrixTest : public ServiceTest {
 protected:
  using Run = std::function<grpc::Status(World&, grpc::ClientContext*)>;
  struct Row {
    std::string method;   // Service/Method
    std::string allowed;  // letters: R reader, F focal point, C chair, A admin
    Run run;
  };

  void SetUp() override {
    ServiceTest::SetUp();
    docs_ = v1::DocumentService::NewStub(channel_);
  }

  World NewWorld(Role role) {
    World w;
    w.id = absl::StrCat("mx-", ++worlds_);
    w.event = "events/" + w.id;
    CreateOpenEvent(w.id);
    v1::CreateRoomRequest room;
    room.set_parent(w.event);
    room.set_room_id("hall");
    room.mutable_room()->set_display_name("Hall");
    room.mutable_room()->set_capacity(500);
    v1::Room made;
    EXPECT_TRUE(events_->CreateRoom(Call().get(), room, &made).ok());
    switch (role) {
      case Role::kNone:
        break;
      case Role::kFeed:
        w.secret = TokenFor({"feed=" + w.event});
        break;
      case Role::kReader:
        w.secret = TokenFor({"reader"});
        break;
      case Role::kFocalPoint:
        w.secret = TokenFor({"focal-point=" + w.Delegation("bel")});
        break;
      case Role::kChair:
        w.secret = TokenFor({"chair=" + w.event});
        break;
      case Role::kAdmin:
        w.secret = admin_secret_;
        break;
    }
    w.spare_token = "tokens/" + TokenFor({"reader"}, "spare").substr(6, 12);
    return w;
  }

  // Setup helpers, all as admin.
  v1::RoundTable Table(const World& w, int number = 1) {
    v1::CreateRoundTableRequest r;
    r.set_parent(w.event);
    r.mutable_round_table()->set_number(number);
    r.mutable_round_table()->set_title("Round table");
    r.mutable_round_table()->set_capacity(30);
    v1::RoundTable out;
    grpc::Status s = round_tables_->CreateRoundTable(Call().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  v1::DelegationMember Member(const World& w, const std::string& code) {
    v1::AddDelegationMemberRequest r;
    r.set_parent(w.Delegation(code));
    r.mutable_member()->mutable_person()->set_full_name("Adviser");
    r.mutable_member()->set_role("adviser");
    v1::DelegationMember out;
    grpc::Status s = delegations_->AddDelegationMember(Call().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  // Schedules plenary meeting `version` (1 or 2) and publishes the programme as release
  // `version`.
  void Publish(const World& w, const std::string& version) {
    {
      int n = std::stoi(version);
      v1::CreateSessionRequest r;
      r.set_parent(w.event);
      r.mutable_session()->set_number(n);
      *r.mutable_session()->mutable_start_time() =
          At(n == 1 ? "2027-05-10T08:00:00Z" : "2027-05-10T12:00:00Z");
      *r.mutable_session()->mutable_end_time() =
          At(n == 1 ? "2027-05-10T10:00:00Z" : "2027-05-10T14:00:00Z");
      v1::Session out;
      grpc::Status made = events_->CreateSession(Call().get(), r, &out);
      EXPECT_TRUE(made.ok()) << made.error_message();
    }
    v1::PublishScheduleRequest r;
    r.set_parent(w.event);
    r.set_version(version);
    v1::ScheduleRelease out;
    grpc::Status s = schedules_->PublishSchedule(Call().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  // Belgium's delegation with its national statement on the plenary list.
  v1::Speaker BelgiumSpeaks(const World& w) {
    Register(w.id, "bel");
    v1::InscribeSpeakerRequest r;
    r.set_parent(w.event + "/speakerLists/plenary");
    r.mutable_speaker()->set_delegation(w.Delegation("bel"));
    r.mutable_speaker()->set_level(v1::PROTOCOL_RANK_MINISTER);
    v1::Speaker out;
    grpc::Status s = speakers_->InscribeSpeaker(Call().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  // The plenary meeting under way with Belgium at the floor.
  void FloorUnderWay(const World& w) {
    BelgiumSpeaks(w);
    v1::CreateSessionRequest session;
    session.set_parent(w.event);
    session.mutable_session()->set_number(1);
    *session.mutable_session()->mutable_start_time() = At("2027-05-10T08:00:00Z");
    *session.mutable_session()->mutable_end_time() = At("2027-05-10T10:00:00Z");
    v1::Session made;
    grpc::Status s = events_->CreateSession(Call().get(), session, &made);
    EXPECT_TRUE(s.ok()) << s.error_message();
    v1::StartNextSpeakerRequest start;
    start.set_speaker_list(w.event + "/speakerLists/plenary");
    start.set_session(made.name());
    v1::Floor floor;
    s = speakers_->StartNextSpeaker(Call().get(), start, &floor);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  // A document with one section holding one paragraph, in `state`.
  struct Doc {
    v1::Document document;
    v1::Section section;
    v1::Paragraph paragraph;
  };
  Doc Document(const World& w, const std::string& id, v1::DocumentState state,
               const std::string& round_table = "") {
    Doc d;
    v1::CreateDocumentRequest create;
    create.set_parent(w.event);
    create.set_document_id(id);
    create.mutable_document()->set_kind(round_table.empty()
                                            ? v1::DOCUMENT_KIND_CHAIR_SUMMARY
                                            : v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY);
    create.mutable_document()->set_round_table(round_table);
    create.mutable_document()->set_title("Chair's summary");
    EXPECT_TRUE(docs_->CreateDocument(Call().get(), create, &d.document).ok());
    v1::InsertSectionRequest section;
    section.set_parent(d.document.name());
    section.mutable_section()->set_title("Opening");
    EXPECT_TRUE(docs_->InsertSection(Call().get(), section, &d.section).ok());
    v1::InsertParagraphRequest paragraph;
    paragraph.mutable_paragraph()->set_section(d.section.name());
    paragraph.mutable_paragraph()->set_text("The Chair opened the meeting.");
    EXPECT_TRUE(docs_->InsertParagraph(Call().get(), paragraph, &d.paragraph).ok());
    if (state != v1::DOCUMENT_STATE_DRAFT) {
      v1::CirculateDocumentRequest circulate;
      circulate.set_name(d.document.name());
      EXPECT_TRUE(docs_->CirculateDocument(Call().get(), circulate, &d.document).ok());
    }
    if (state == v1::DOCUMENT_STATE_ISSUED) {
      v1::IssueDocumentRequest issue;
      issue.set_name(d.document.name());
      issue.set_symbol(absl::StrCat("GFMD/", w.id, "/", id));
      EXPECT_TRUE(docs_->IssueDocument(Call().get(), issue, &d.document).ok());
    }
    return d;
  }

  std::vector<Row> Rows();
  void CheckEveryRpcAgainstEveryRole();

  std::unique_ptr<v1::DocumentService::Stub> docs_;
  int worlds_ = 0;
};

constexpr char kAll[] = "RFCA";
constexpr char kAdmin[] = "A";
constexpr char kFocal[] = "FA";
constexpr char kAuthor[] = "CA";

std::vector<AccessMatrixTest::Row> AccessMatrixTest::Rows() {
  std::vector<Row> rows;
  auto add = [&rows](std::string method, std::string allowed, Run run) {
    rows.push_back({std::move(method), std::move(allowed), std::move(run)});
  };

  // EntityService
  add("EntityService/ListEntities", kAll, [this](World&, grpc::ClientContext* c) {
    v1::ListEntitiesResponse out;
    return entities_->ListEntities(c, v1::ListEntitiesRequest(), &out);
  });
  add("EntityService/GetEntity", kAll, [this](World&, grpc::ClientContext* c) {
    v1::GetEntityRequest r;
    r.set_name("entities/bel");
    v1::Entity out;
    return entities_->GetEntity(c, r, &out);
  });

  // EventService
  add("EventService/CreateEvent", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::CreateEventRequest r;
    r.set_event_id(w.id + "-new");
    auto* e = r.mutable_event();
    e->set_title("Follow-up consultation");
    e->set_kind(v1::EVENT_KIND_CONSULTATION);
    e->set_venue("Geneva");
    e->set_time_zone("Europe/Zurich");
    e->set_start_date("2027-09-01");
    e->set_end_date("2027-09-01");
    v1::Event out;
    return events_->CreateEvent(c, r, &out);
  });
  add("EventService/GetEvent", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetEventRequest r;
    r.set_name(w.event);
    v1::Event out;
    return events_->GetEvent(c, r, &out);
  });
  add("EventService/ListEvents", kAll, [this](World&, grpc::ClientContext* c) {
    v1::ListEventsResponse out;
    return events_->ListEvents(c, v1::ListEventsRequest(), &out);
  });
  add("EventService/UpdateEvent", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::UpdateEventRequest r;
    r.mutable_event()->set_name(w.event);
    r.mutable_event()->set_title("Renamed");
    r.mutable_update_mask()->add_paths("title");
    v1::Event out;
    return events_->UpdateEvent(c, r, &out);
  });
  auto session_request = [](const World& w) {
    v1::CreateSessionRequest r;
    r.set_parent(w.event);
    r.mutable_session()->set_number(1);
    *r.mutable_session()->mutable_start_time() = At("2027-05-10T08:00:00Z");
    *r.mutable_session()->mutable_end_time() = At("2027-05-10T10:00:00Z");
    return r;
  };
  add("EventService/CreateSession", kAdmin, [this, session_request](World& w, auto* c) {
    v1::Session out;
    return events_->CreateSession(c, session_request(w), &out);
  });
  add("EventService/GetSession", kAll, [this, session_request](World& w, auto* c) {
    v1::Session made;
    EXPECT_TRUE(events_->CreateSession(Call().get(), session_request(w), &made).ok());
    v1::GetSessionRequest r;
    r.set_name(made.name());
    v1::Session out;
    return events_->GetSession(c, r, &out);
  });
  add("EventService/ListSessions", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListSessionsRequest r;
    r.set_parent(w.event);
    v1::ListSessionsResponse out;
    return events_->ListSessions(c, r, &out);
  });
  add("EventService/UpdateSession", kAdmin, [this, session_request](World& w, auto* c) {
    v1::Session made;
    EXPECT_TRUE(events_->CreateSession(Call().get(), session_request(w), &made).ok());
    v1::UpdateSessionRequest r;
    r.mutable_session()->set_name(made.name());
    r.mutable_session()->set_title("Opening plenary");
    r.mutable_update_mask()->add_paths("title");
    v1::Session out;
    return events_->UpdateSession(c, r, &out);
  });
  add("EventService/CreateRoom", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::CreateRoomRequest r;
    r.set_parent(w.event);
    r.set_room_id("annex");
    r.mutable_room()->set_display_name("Annex");
    r.mutable_room()->set_capacity(40);
    v1::Room out;
    return events_->CreateRoom(c, r, &out);
  });
  // Every world has a room `hall` of 500 seats.
  add("EventService/GetRoom", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetRoomRequest r;
    r.set_name(w.event + "/rooms/hall");
    v1::Room out;
    return events_->GetRoom(c, r, &out);
  });
  add("EventService/UpdateRoom", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::UpdateRoomRequest r;
    r.mutable_room()->set_name(w.event + "/rooms/hall");
    r.mutable_room()->set_capacity(250);
    r.mutable_update_mask()->add_paths("capacity");
    v1::Room out;
    return events_->UpdateRoom(c, r, &out);
  });
  add("EventService/ListRooms", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListRoomsRequest r;
    r.set_parent(w.event);
    v1::ListRoomsResponse out;
    return events_->ListRooms(c, r, &out);
  });
  add("EventService/CreateTheme", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::CreateThemeRequest r;
    r.set_parent(w.event);
    r.set_theme_id("remittances");
    r.mutable_theme()->set_number(1);
    r.mutable_theme()->set_title("Remittances");
    v1::Theme out;
    return events_->CreateTheme(c, r, &out);
  });
  auto make_theme = [this](World& w) {
    v1::CreateThemeRequest r;
    r.set_parent(w.event);
    r.set_theme_id("mobility");
    r.mutable_theme()->set_number(2);
    r.mutable_theme()->set_title("Labour mobility");
    v1::Theme made;
    EXPECT_TRUE(events_->CreateTheme(Call().get(), r, &made).ok());
    return made;
  };
  add("EventService/GetTheme", kAll, [this, make_theme](World& w, grpc::ClientContext* c) {
    v1::GetThemeRequest r;
    r.set_name(make_theme(w).name());
    v1::Theme out;
    return events_->GetTheme(c, r, &out);
  });
  add("EventService/UpdateTheme", kAdmin, [this, make_theme](World& w, grpc::ClientContext* c) {
    v1::UpdateThemeRequest r;
    r.mutable_theme()->set_name(make_theme(w).name());
    r.mutable_theme()->set_title("Labour mobility and skills");
    r.mutable_update_mask()->add_paths("title");
    v1::Theme out;
    return events_->UpdateTheme(c, r, &out);
  });
  add("EventService/ListThemes", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListThemesRequest r;
    r.set_parent(w.event);
    v1::ListThemesResponse out;
    return events_->ListThemes(c, r, &out);
  });

  // DelegationService: the focal point acts for bel only.
  add("DelegationService/RegisterDelegation", kFocal, [this](World& w, grpc::ClientContext* c) {
    v1::RegisterDelegationRequest r;
    r.set_parent(w.event);
    r.mutable_delegation()->set_entity("entities/bel");
    r.mutable_delegation()->mutable_head()->set_full_name("Head of bel");
    r.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
    v1::Delegation out;
    return delegations_->RegisterDelegation(c, r, &out);
  });
  add("DelegationService/GetDelegation", kAll, [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "fra");
    v1::GetDelegationRequest r;
    r.set_name(w.Delegation("fra"));
    v1::Delegation out;
    return delegations_->GetDelegation(c, r, &out);
  });
  add("DelegationService/ListDelegations", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListDelegationsRequest r;
    r.set_parent(w.event);
    v1::ListDelegationsResponse out;
    return delegations_->ListDelegations(c, r, &out);
  });
  add("DelegationService/UpdateDelegation", kFocal, [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "bel");
    v1::UpdateDelegationRequest r;
    r.mutable_delegation()->set_name(w.Delegation("bel"));
    r.mutable_delegation()->set_notes("Arrives on the 9th");
    r.mutable_update_mask()->add_paths("notes");
    v1::Delegation out;
    return delegations_->UpdateDelegation(c, r, &out);
  });
  add("DelegationService/AccreditDelegation", kAdmin, [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "bel");
    v1::AccreditDelegationRequest r;
    r.set_name(w.Delegation("bel"));
    v1::Delegation out;
    return delegations_->AccreditDelegation(c, r, &out);
  });
  add("DelegationService/RejectDelegation", kAdmin, [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "bel");
    v1::RejectDelegationRequest r;
    r.set_name(w.Delegation("bel"));
    r.set_reason("Credentials not received");
    v1::Delegation out;
    return delegations_->RejectDelegation(c, r, &out);
  });
  add("DelegationService/WithdrawDelegation", kFocal, [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "bel");
    v1::WithdrawDelegationRequest r;
    r.set_name(w.Delegation("bel"));
    r.set_reason("Cannot travel");
    v1::Delegation out;
    return delegations_->WithdrawDelegation(c, r, &out);
  });
  add("DelegationService/AddDelegationMember", kFocal, [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "bel");
    v1::AddDelegationMemberRequest r;
    r.set_parent(w.Delegation("bel"));
    r.mutable_member()->mutable_person()->set_full_name("Adviser");
    r.mutable_member()->set_role("adviser");
    v1::DelegationMember out;
    return delegations_->AddDelegationMember(c, r, &out);
  });
  add("DelegationService/ListDelegationMembers", kAll, [this](World& w, auto* c) {
    Register(w.id, "fra");
    v1::ListDelegationMembersRequest r;
    r.set_parent(w.Delegation("fra"));
    v1::ListDelegationMembersResponse out;
    return delegations_->ListDelegationMembers(c, r, &out);
  });
  add("DelegationService/UpdateDelegationMember", kFocal, [this](World& w, auto* c) {
    Register(w.id, "bel");
    v1::UpdateDelegationMemberRequest r;
    *r.mutable_member() = Member(w, "bel");
    r.mutable_member()->set_role("senior adviser");
    r.mutable_update_mask()->add_paths("role");
    v1::DelegationMember out;
    return delegations_->UpdateDelegationMember(c, r, &out);
  });
  add("DelegationService/RemoveDelegationMember", kFocal, [this](World& w, auto* c) {
    Register(w.id, "bel");
    v1::RemoveDelegationMemberRequest r;
    r.set_name(Member(w, "bel").name());
    v1::RemoveDelegationMemberResponse out;
    return delegations_->RemoveDelegationMember(c, r, &out);
  });

  // SpeakerService
  add("SpeakerService/GetSpeakerList", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetSpeakerListRequest r;
    r.set_name(w.event + "/speakerLists/plenary");
    v1::SpeakerList out;
    return speakers_->GetSpeakerList(c, r, &out);
  });
  add("SpeakerService/ListSpeakerLists", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListSpeakerListsRequest r;
    r.set_parent(w.event);
    v1::ListSpeakerListsResponse out;
    return speakers_->ListSpeakerLists(c, r, &out);
  });
  add("SpeakerService/UpdateSpeakerList", "CA", [this](World& w, grpc::ClientContext* c) {
    v1::UpdateSpeakerListRequest r;
    r.mutable_speaker_list()->set_name(w.event + "/speakerLists/plenary");
    r.mutable_speaker_list()->set_open(false);
    r.mutable_update_mask()->add_paths("open");
    v1::SpeakerList out;
    return speakers_->UpdateSpeakerList(c, r, &out);
  });
  add("SpeakerService/InscribeSpeaker", "FCA", [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "bel");
    v1::InscribeSpeakerRequest r;
    r.set_parent(w.event + "/speakerLists/plenary");
    r.mutable_speaker()->set_delegation(w.Delegation("bel"));
    r.mutable_speaker()->set_level(v1::PROTOCOL_RANK_MINISTER);
    v1::Speaker out;
    return speakers_->InscribeSpeaker(c, r, &out);
  });
  add("SpeakerService/GetSpeaker", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetSpeakerRequest r;
    r.set_name(BelgiumSpeaks(w).name());
    v1::Speaker out;
    return speakers_->GetSpeaker(c, r, &out);
  });
  add("SpeakerService/ListSpeakers", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListSpeakersRequest r;
    r.set_parent(w.event + "/speakerLists/plenary");
    v1::ListSpeakersResponse out;
    return speakers_->ListSpeakers(c, r, &out);
  });
  add("SpeakerService/UpdateSpeaker", "FCA", [this](World& w, grpc::ClientContext* c) {
    v1::UpdateSpeakerRequest r;
    r.mutable_speaker()->set_name(BelgiumSpeaks(w).name());
    r.mutable_speaker()->set_speaker_name("H.E. Ms. Example");
    r.mutable_update_mask()->add_paths("speaker_name");
    v1::Speaker out;
    return speakers_->UpdateSpeaker(c, r, &out);
  });
  add("SpeakerService/WithdrawSpeaker", "FCA", [this](World& w, grpc::ClientContext* c) {
    v1::WithdrawSpeakerRequest r;
    r.set_name(BelgiumSpeaks(w).name());
    v1::Speaker out;
    return speakers_->WithdrawSpeaker(c, r, &out);
  });
  add("SpeakerService/MoveSpeaker", "CA", [this](World& w, grpc::ClientContext* c) {
    v1::MoveSpeakerRequest r;
    r.set_name(BelgiumSpeaks(w).name());
    r.set_reason("protocol");
    v1::Speaker out;
    return speakers_->MoveSpeaker(c, r, &out);
  });
  add("SpeakerService/DistributeSpeakers", "CA", [this](World& w, grpc::ClientContext* c) {
    BelgiumSpeaks(w);
    v1::DistributeSpeakersRequest r;
    r.set_speaker_list(w.event + "/speakerLists/plenary");
    v1::DistributeSpeakersResponse out;
    return speakers_->DistributeSpeakers(c, r, &out);
  });
  add("SpeakerService/GetFloor", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetFloorRequest r;
    r.set_name(w.event + "/speakerLists/plenary/floor");
    v1::Floor out;
    return speakers_->GetFloor(c, r, &out);
  });
  add("SpeakerService/StartNextSpeaker", "CA", [this](World& w, grpc::ClientContext* c) {
    FloorUnderWay(w);
    v1::StartNextSpeakerRequest r;
    r.set_speaker_list(w.event + "/speakerLists/plenary");
    v1::Floor out;
    return speakers_->StartNextSpeaker(c, r, &out);
  });
  add("SpeakerService/PauseSpeaker", "CA", [this](World& w, grpc::ClientContext* c) {
    FloorUnderWay(w);
    v1::PauseSpeakerRequest r;
    r.set_speaker_list(w.event + "/speakerLists/plenary");
    v1::Floor out;
    return speakers_->PauseSpeaker(c, r, &out);
  });
  add("SpeakerService/ResumeSpeaker", "CA", [this](World& w, grpc::ClientContext* c) {
    FloorUnderWay(w);
    v1::ResumeSpeakerRequest r;
    r.set_speaker_list(w.event + "/speakerLists/plenary");
    v1::Floor out;
    return speakers_->ResumeSpeaker(c, r, &out);
  });
  add("SpeakerService/EndSpeaker", "CA", [this](World& w, grpc::ClientContext* c) {
    FloorUnderWay(w);
    v1::EndSpeakerRequest r;
    r.set_speaker_list(w.event + "/speakerLists/plenary");
    v1::Floor out;
    return speakers_->EndSpeaker(c, r, &out);
  });
  add("SpeakerService/RaisePointOfOrder", "CA", [this](World& w, grpc::ClientContext* c) {
    FloorUnderWay(w);
    v1::RaisePointOfOrderRequest r;
    r.set_speaker_list(w.event + "/speakerLists/plenary");
    r.set_delegation(w.Delegation("bel"));
    v1::Floor out;
    return speakers_->RaisePointOfOrder(c, r, &out);
  });
  add("SpeakerService/RequestRightOfReply", "FCA", [this](World& w, grpc::ClientContext* c) {
    FloorUnderWay(w);
    v1::RequestRightOfReplyRequest r;
    r.set_speaker_list(w.event + "/speakerLists/plenary");
    r.set_delegation(w.Delegation("bel"));
    v1::Statement out;
    return speakers_->RequestRightOfReply(c, r, &out);
  });
  add("SpeakerService/ListStatements", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListStatementsRequest r;
    r.set_parent(w.event + "/speakerLists/plenary");
    v1::ListStatementsResponse out;
    return speakers_->ListStatements(c, r, &out);
  });
  add("SpeakerService/GetParticipation", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetParticipationRequest r;
    r.set_name(w.event + "/speakerLists/plenary/participation");
    v1::Participation out;
    return speakers_->GetParticipation(c, r, &out);
  });
  add("SpeakerService/ExportSpeakerList", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ExportSpeakerListRequest r;
    r.set_name(w.event + "/speakerLists/plenary");
    r.set_format(v1::SPEAKER_LIST_FORMAT_MARKDOWN);
    v1::SpeakerExport out;
    return speakers_->ExportSpeakerList(c, r, &out);
  });
  add("SpeakerService/ExportStatements", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ExportStatementsRequest r;
    r.set_parent(w.event + "/speakerLists/plenary");
    r.set_format(v1::STATEMENTS_FORMAT_AKOMA_NTOSO);
    v1::SpeakerExport out;
    return speakers_->ExportStatements(c, r, &out);
  });
  // RoundTableService
  add("RoundTableService/CreateRoundTable", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::CreateRoundTableRequest r;
    r.set_parent(w.event);
    r.mutable_round_table()->set_number(7);
    r.mutable_round_table()->set_title("Round table 7");
    r.mutable_round_table()->set_capacity(20);
    v1::RoundTable out;
    return round_tables_->CreateRoundTable(c, r, &out);
  });
  add("RoundTableService/GetRoundTable", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetRoundTableRequest r;
    r.set_name(Table(w).name());
    v1::RoundTable out;
    return round_tables_->GetRoundTable(c, r, &out);
  });
  add("RoundTableService/ListRoundTables", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListRoundTablesRequest r;
    r.set_parent(w.event);
    v1::ListRoundTablesResponse out;
    return round_tables_->ListRoundTables(c, r, &out);
  });
  add("RoundTableService/UpdateRoundTable", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::UpdateRoundTableRequest r;
    r.mutable_round_table()->set_name(Table(w).name());
    r.mutable_round_table()->set_title("Renamed");
    r.mutable_update_mask()->add_paths("title");
    v1::RoundTable out;
    return round_tables_->UpdateRoundTable(c, r, &out);
  });
  add("RoundTableService/DeleteRoundTable", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::DeleteRoundTableRequest r;
    r.set_name(Table(w).name());
    v1::DeleteRoundTableResponse out;
    return round_tables_->DeleteRoundTable(c, r, &out);
  });
  add("RoundTableService/ScheduleRoundTable", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::ScheduleRoundTableRequest r;
    r.set_name(Table(w).name());
    *r.mutable_start_time() = At("2027-05-10T13:00:00Z");
    *r.mutable_end_time() = At("2027-05-10T15:00:00Z");
    r.set_room(w.event + "/rooms/hall");
    v1::RoundTable out;
    return round_tables_->ScheduleRoundTable(c, r, &out);
  });
  add("RoundTableService/ListScheduleConflicts", kAll, [this](World& w, auto* c) {
    v1::ListScheduleConflictsRequest r;
    r.set_parent(w.event);
    v1::ListScheduleConflictsResponse out;
    return round_tables_->ListScheduleConflicts(c, r, &out);
  });
  add("RoundTableService/AddRoundTableParticipant", kAdmin, [this](World& w, auto* c) {
    Accredited(w.id, "fra");
    v1::AddRoundTableParticipantRequest r;
    r.set_round_table(Table(w).name());
    r.set_delegation(w.Delegation("fra"));
    r.set_role(v1::PARTICIPANT_ROLE_PARTICIPANT);
    v1::RoundTableParticipant out;
    return round_tables_->AddRoundTableParticipant(c, r, &out);
  });
  add("RoundTableService/RemoveRoundTableParticipant", kAdmin, [this](World& w, auto* c) {
    Accredited(w.id, "fra");
    v1::AddRoundTableParticipantRequest seat;
    seat.set_round_table(Table(w).name());
    seat.set_delegation(w.Delegation("fra"));
    seat.set_role(v1::PARTICIPANT_ROLE_PARTICIPANT);
    v1::RoundTableParticipant seated;
    EXPECT_TRUE(round_tables_->AddRoundTableParticipant(Call().get(), seat, &seated).ok());
    v1::RemoveRoundTableParticipantRequest r;
    r.set_round_table(seat.round_table());
    r.set_delegation(seat.delegation());
    v1::RemoveRoundTableParticipantResponse out;
    return round_tables_->RemoveRoundTableParticipant(c, r, &out);
  });
  add("RoundTableService/ListRoundTableParticipants", kAll, [this](World& w, auto* c) {
    v1::ListRoundTableParticipantsRequest r;
    r.set_round_table(Table(w).name());
    v1::ListRoundTableParticipantsResponse out;
    return round_tables_->ListRoundTableParticipants(c, r, &out);
  });
  add("RoundTableService/SetRoundTablePreferences", kFocal, [this](World& w, auto* c) {
    Accredited(w.id, "bel");
    v1::SetRoundTablePreferencesRequest r;
    r.mutable_preferences()->set_delegation(w.Delegation("bel"));
    r.mutable_preferences()->add_round_tables(Table(w).name());
    v1::RoundTablePreferences out;
    return round_tables_->SetRoundTablePreferences(c, r, &out);
  });
  add("RoundTableService/GetRoundTablePreferences", kFocal, [this](World& w, auto* c) {
    Accredited(w.id, "bel");
    v1::GetRoundTablePreferencesRequest r;
    r.set_delegation(w.Delegation("bel"));
    v1::RoundTablePreferences out;
    return round_tables_->GetRoundTablePreferences(c, r, &out);
  });
  add("RoundTableService/GetRoundTableRules", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::GetRoundTableRulesRequest r;
    r.set_name(w.event + "/roundTableRules");
    v1::RoundTableRules out;
    return round_tables_->GetRoundTableRules(c, r, &out);
  });
  add("RoundTableService/UpdateRoundTableRules", kAdmin, [this](World& w, auto* c) {
    v1::UpdateRoundTableRulesRequest r;
    r.mutable_rules()->set_name(w.event + "/roundTableRules");
    r.mutable_rules()->set_regional_slack(2);
    r.mutable_update_mask()->add_paths("regional_slack");
    v1::RoundTableRules out;
    return round_tables_->UpdateRoundTableRules(c, r, &out);
  });
  add("RoundTableService/AllocateRoundTables", kAdmin, [this](World& w, auto* c) {
    Table(w);
    v1::AllocateRoundTablesRequest r;
    r.set_parent(w.event);
    r.set_dry_run(true);
    v1::AllocationReport out;
    return round_tables_->AllocateRoundTables(c, r, &out);
  });
  add("RoundTableService/ExportSchedule", kAll, [this](World& w, grpc::ClientContext* c) {
    Publish(w, "1");
    v1::ExportScheduleRequest r;
    r.set_parent(w.event);
    r.set_format(v1::SCHEDULE_FORMAT_ICALENDAR);
    v1::ExportScheduleResponse out;
    return round_tables_->ExportSchedule(c, r, &out);
  });
  add("RoundTableService/ExportSchedule(draft)", kAdmin, [this](World& w, auto* c) {
    v1::ExportScheduleRequest r;
    r.set_parent(w.event);
    r.set_format(v1::SCHEDULE_FORMAT_FRAB_XML);
    r.set_draft(true);
    v1::ExportScheduleResponse out;
    return round_tables_->ExportSchedule(c, r, &out);
  });

  // ScheduleService: the secretariat publishes and compares with its draft; everyone reads.
  add("ScheduleService/PublishSchedule", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::PublishScheduleRequest r;
    r.set_parent(w.event);
    r.set_version("1.0");
    v1::ScheduleRelease out;
    return schedules_->PublishSchedule(c, r, &out);
  });
  add("ScheduleService/ListScheduleReleases", kAll, [this](World& w, auto* c) {
    Publish(w, "1");
    v1::ListScheduleReleasesRequest r;
    r.set_parent(w.event);
    v1::ListScheduleReleasesResponse out;
    return schedules_->ListScheduleReleases(c, r, &out);
  });
  add("ScheduleService/GetScheduleRelease", kAll, [this](World& w, grpc::ClientContext* c) {
    Publish(w, "1");
    v1::GetScheduleReleaseRequest r;
    r.set_name(w.event + "/scheduleReleases/1");
    v1::ScheduleRelease out;
    return schedules_->GetScheduleRelease(c, r, &out);
  });
  add("ScheduleService/DiffScheduleReleases", kAll, [this](World& w, auto* c) {
    Publish(w, "1");
    Publish(w, "2");
    v1::DiffScheduleReleasesRequest r;
    r.set_from_release(w.event + "/scheduleReleases/1");
    r.set_to_release(w.event + "/scheduleReleases/2");
    v1::DiffScheduleReleasesResponse out;
    return schedules_->DiffScheduleReleases(c, r, &out);
  });
  add("ScheduleService/DiffScheduleReleases(draft)", kAdmin, [this](World& w, auto* c) {
    Publish(w, "1");
    v1::DiffScheduleReleasesRequest r;
    r.set_from_release(w.event + "/scheduleReleases/latest");
    v1::DiffScheduleReleasesResponse out;
    return schedules_->DiffScheduleReleases(c, r, &out);
  });

  // DocumentService: drafts belong to the event's chair; the focal point reads and comments
  // once a document is circulated; everybody reads what is issued.
  add("DocumentService/CreateDocument", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::CreateDocumentRequest r;
    r.set_parent(w.event);
    r.set_document_id("summary");
    r.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    r.mutable_document()->set_title("Chair's summary");
    v1::Document out;
    return docs_->CreateDocument(c, r, &out);
  });
  add("DocumentService/GetDocument", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::GetDocumentRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    v1::Document out;
    return docs_->GetDocument(c, r, &out);
  });
  add("DocumentService/ListDocuments", kAll, [this](World& w, grpc::ClientContext* c) {
    v1::ListDocumentsRequest r;
    r.set_parent(w.event);
    v1::ListDocumentsResponse out;
    return docs_->ListDocuments(c, r, &out);
  });
  add("DocumentService/UpdateDocument", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::UpdateDocumentRequest r;
    r.mutable_document()->set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    r.mutable_document()->set_title("Retitled");
    r.mutable_update_mask()->add_paths("title");
    v1::Document out;
    return docs_->UpdateDocument(c, r, &out);
  });
  add("DocumentService/DeleteDocument", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::DeleteDocumentRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    v1::DeleteDocumentResponse out;
    return docs_->DeleteDocument(c, r, &out);
  });
  add("DocumentService/InsertSection", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::InsertSectionRequest r;
    r.set_parent(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    r.mutable_section()->set_title("Follow-up");
    v1::Section out;
    return docs_->InsertSection(c, r, &out);
  });
  add("DocumentService/UpdateSection", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::UpdateSectionRequest r;
    *r.mutable_section() = Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).section;
    r.mutable_section()->set_title("Opening of the Dialogue");
    v1::Section out;
    return docs_->UpdateSection(c, r, &out);
  });
  add("DocumentService/MoveSection", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::MoveSectionRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).section.name());
    r.set_index(1);
    v1::Section out;
    return docs_->MoveSection(c, r, &out);
  });
  add("DocumentService/DeleteSection", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::InsertSectionRequest empty;
    empty.set_parent(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    empty.mutable_section()->set_title("Annex");
    v1::Section annex;
    EXPECT_TRUE(docs_->InsertSection(Call().get(), empty, &annex).ok());
    v1::DeleteSectionRequest r;
    r.set_name(annex.name());
    v1::DeleteSectionResponse out;
    return docs_->DeleteSection(c, r, &out);
  });
  add("DocumentService/InsertParagraph", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::InsertParagraphRequest r;
    r.mutable_paragraph()->set_section(
        Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).section.name());
    r.mutable_paragraph()->set_text("Delegations welcomed the exchange.");
    v1::Paragraph out;
    return docs_->InsertParagraph(c, r, &out);
  });
  add("DocumentService/UpdateParagraph", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::UpdateParagraphRequest r;
    *r.mutable_paragraph() = Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).paragraph;
    r.mutable_paragraph()->set_text("The Chair declared the meeting open.");
    v1::Paragraph out;
    return docs_->UpdateParagraph(c, r, &out);
  });
  add("DocumentService/MoveParagraph", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::MoveParagraphRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).paragraph.name());
    r.set_index(1);
    v1::Paragraph out;
    return docs_->MoveParagraph(c, r, &out);
  });
  add("DocumentService/DeleteParagraph", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::DeleteParagraphRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).paragraph.name());
    v1::DeleteParagraphResponse out;
    return docs_->DeleteParagraph(c, r, &out);
  });
  add("DocumentService/GetDocumentContent", kAuthor, [this](World& w, auto* c) {
    v1::GetDocumentContentRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    v1::DocumentContent out;
    return docs_->GetDocumentContent(c, r, &out);
  });
  add("DocumentService/ListRevisions", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::ListRevisionsRequest r;
    r.set_parent(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    v1::ListRevisionsResponse out;
    return docs_->ListRevisions(c, r, &out);
  });
  add("DocumentService/DiffRevisions", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::DiffRevisionsRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    r.set_from_revision(1);
    r.set_to_revision(2);
    v1::DiffRevisionsResponse out;
    return docs_->DiffRevisions(c, r, &out);
  });
  add("DocumentService/CirculateDocument", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::CirculateDocumentRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    v1::Document out;
    return docs_->CirculateDocument(c, r, &out);
  });
  add("DocumentService/IssueDocument", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::IssueDocumentRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_CIRCULATED).document.name());
    r.set_symbol("GFMD/2027/1");
    v1::Document out;
    return docs_->IssueDocument(c, r, &out);
  });
  add("DocumentService/IssueCorrigendum", kAdmin, [this](World& w, grpc::ClientContext* c) {
    Doc d = Document(w, "issued", v1::DOCUMENT_STATE_ISSUED);
    v1::IssueCorrigendumRequest r;
    r.set_name(d.document.name());
    r.set_reason("A date was wrong.");
    r.add_corrections()->set_paragraph(d.paragraph.name());
    r.mutable_corrections(0)->set_text("The Chair opened the meeting on 14 September.");
    v1::Document out;
    return docs_->IssueCorrigendum(c, r, &out);
  });
  add("DocumentService/AddComment", "FCA", [this](World& w, grpc::ClientContext* c) {
    Register(w.id, "bel");
    v1::AddCommentRequest r;
    r.mutable_comment()->set_paragraph(
        Document(w, "circulated", v1::DOCUMENT_STATE_CIRCULATED).paragraph.name());
    r.mutable_comment()->set_author(w.Delegation("bel"));
    r.mutable_comment()->set_text("Please mention the host country.");
    v1::Comment out;
    return docs_->AddComment(c, r, &out);
  });
  add("DocumentService/ListComments", "FCA", [this](World& w, grpc::ClientContext* c) {
    v1::ListCommentsRequest r;
    r.set_parent(Document(w, "circulated", v1::DOCUMENT_STATE_CIRCULATED).document.name());
    v1::ListCommentsResponse out;
    return docs_->ListComments(c, r, &out);
  });
  add("DocumentService/CompileDocument", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::CompileDocumentRequest r;
    r.set_source(Document(w, "issued", v1::DOCUMENT_STATE_ISSUED, Table(w).name()).document.name());
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    v1::Section out;
    return docs_->CompileDocument(c, r, &out);
  });
  add("DocumentService/ExportDocument", kAuthor, [this](World& w, grpc::ClientContext* c) {
    v1::ExportDocumentRequest r;
    r.set_name(Document(w, "draft", v1::DOCUMENT_STATE_DRAFT).document.name());
    r.set_format(v1::DOCUMENT_FORMAT_MARKDOWN);
    v1::ExportDocumentResponse out;
    return docs_->ExportDocument(c, r, &out);
  });

  // AccessService
  add("AccessService/CreateToken", kAdmin, [this](World&, grpc::ClientContext* c) {
    v1::CreateTokenRequest r;
    r.mutable_token()->set_display_name("Reader");
    r.mutable_token()->add_bindings()->set_role(v1::ROLE_READER);
    v1::CreateTokenResponse out;
    return access_->CreateToken(c, r, &out);
  });
  add("AccessService/ListTokens", kAdmin, [this](World&, grpc::ClientContext* c) {
    v1::ListTokensResponse out;
    return access_->ListTokens(c, v1::ListTokensRequest(), &out);
  });
  add("AccessService/RevokeToken", kAdmin, [this](World& w, grpc::ClientContext* c) {
    v1::RevokeTokenRequest r;
    r.set_name(w.spare_token);
    v1::Token out;
    return access_->RevokeToken(c, r, &out);
  });
  add("AccessService/GetCaller", kAll, [this](World&, grpc::ClientContext* c) {
    v1::Token out;
    return access_->GetCaller(c, v1::GetCallerRequest(), &out);
  });
  add("AccessService/ListAuditRecords", kAdmin, [this](World&, grpc::ClientContext* c) {
    v1::ListAuditRecordsResponse out;
    return access_->ListAuditRecords(c, v1::ListAuditRecordsRequest(), &out);
  });
  return rows;
}

void AccessMatrixTest::CheckEveryRpcAgainstEveryRole() {
  const std::map<Role, char> letters = {
      {Role::kReader, 'R'}, {Role::kFocalPoint, 'F'}, {Role::kChair, 'C'}, {Role::kAdmin, 'A'}};
  for (const Row& row : Rows()) {
    for (Role role :
         {Role::kNone, Role::kFeed, Role::kReader, Role::kFocalPoint, Role::kChair, Role::kAdmin}) {
      World w = NewWorld(role);
      bool anonymous = role == Role::kNone || role == Role::kFeed;
      bool allowed = !anonymous && row.allowed.find(letters.at(role)) != std::string::npos;
      grpc::StatusCode expected = anonymous ? grpc::StatusCode::UNAUTHENTICATED
                                  : allowed ? grpc::StatusCode::OK
                                            : grpc::StatusCode::PERMISSION_DENIED;
      int64_t transactions = db_->transactions();
      int calls = calls_made();
      grpc::Status status = row.run(w, CallAs(w.secret).get());
      EXPECT_EQ(status.error_code(), expected)
          << row.method << " as " << RoleName(role) << ": " << status.error_message();
      // Every call runs in exactly one transaction, whatever its answer (the setup calls some
      // rows make first included); a call without a token is refused before any.
      int measured_calls = calls_made() - calls - (role == Role::kNone ? 1 : 0);
      EXPECT_EQ(db_->transactions() - transactions, measured_calls)
          << row.method << " as " << RoleName(role) << " (" << status.error_message() << ")";
    }
  }
}

TEST_F(AccessMatrixTest, EveryRpcAgainstEveryRole) { CheckEveryRpcAgainstEveryRole(); }

// The same table with every call (the setup calls too) made as Connect JSON over the HTTP port:
// the same codes, the same access rules, one transaction a call.
class AccessMatrixOverHttpTest : public AccessMatrixTest {
 protected:
  void SetUp() override {
    AccessMatrixTest::SetUp();
    UseChannel(ConnectChannel(*server_, ServeHttp()));
    docs_ = v1::DocumentService::NewStub(channel_);
  }
};

TEST_F(AccessMatrixOverHttpTest, EveryRpcAgainstEveryRole) {
  int calls = calls_made();
  int64_t over_http = http_->calls();
  CheckEveryRpcAgainstEveryRole();
  // Every call the table made (its setup calls too) went over the HTTP port.
  EXPECT_EQ(http_->calls() - over_http, calls_made() - calls);
}

TEST_F(AccessMatrixTest, TheTableCoversEveryRpcOfTheApi) {
  std::set<std::string> in_table;
  for (const Row& row : Rows()) in_table.insert(row.method.substr(0, row.method.find('(')));
  std::set<std::string> in_api;
  for (const char* name :
       {"EntityService", "EventService", "DelegationService", "RoundTableService",
        "DocumentService", "AccessService", "SpeakerService", "ScheduleService"}) {
    const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
        absl::StrCat("forum.v1.", name));
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      in_api.insert(absl::StrCat(service->name(), "/", service->method(i)->name()));
    }
  }
  EXPECT_EQ(in_table, in_api);
}

}  // namespace
}  // namespace forum::testing
