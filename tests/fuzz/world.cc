#include "tests/fuzz/world.h"

#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/access.h"
#include "forum/v1/access.pb.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/document.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"
#include "forum/v1/round_table.grpc.pb.h"
#include "forum/v1/speaker.grpc.pb.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/client_context.h"

namespace forum::fuzz {
namespace {

using google::protobuf::util::TimeUtil;

class Builder {
 public:
  Builder(const std::shared_ptr<grpc::Channel>& channel, std::string admin_secret)
      : events_(v1::EventService::NewStub(channel)),
        delegations_(v1::DelegationService::NewStub(channel)),
        round_tables_(v1::RoundTableService::NewStub(channel)),
        documents_(v1::DocumentService::NewStub(channel)),
        speakers_(v1::SpeakerService::NewStub(channel)),
        secret_(std::move(admin_secret)) {}

  // Runs `rpc` on `stub` as the admin; the first failure is kept and later calls are skipped.
  template <typename Stub, typename Request, typename Response>
  Response Call(Stub& stub,
                grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                const Request& request, const char* what) {
    Response response;
    if (!status_.ok()) return response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    context.AddMetadata("authorization", "Bearer " + secret_);
    grpc::Status status = (stub.*rpc)(&context, request, &response);
    if (!status.ok()) {
      status_ = absl::InternalError(
          absl::StrCat("building the fuzz world: ", what, ": ", status.error_message()));
    }
    return response;
  }

  v1::EventService::Stub& events() { return *events_; }
  v1::DelegationService::Stub& delegations() { return *delegations_; }
  v1::RoundTableService::Stub& round_tables() { return *round_tables_; }
  v1::DocumentService::Stub& documents() { return *documents_; }
  v1::SpeakerService::Stub& speakers() { return *speakers_; }
  const absl::Status& status() const { return status_; }

 private:
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::DelegationService::Stub> delegations_;
  std::unique_ptr<v1::RoundTableService::Stub> round_tables_;
  std::unique_ptr<v1::DocumentService::Stub> documents_;
  std::unique_ptr<v1::SpeakerService::Stub> speakers_;
  std::string secret_;
  absl::Status status_;
};

google::protobuf::Timestamp At(const char* rfc3339) {
  google::protobuf::Timestamp t;
  TimeUtil::FromString(rfc3339, &t);
  return t;
}

// Creates a token holding `roles`; returns it with its secret.
absl::StatusOr<v1::CreateTokenResponse> Token(services::ForumServices& services,
                                              const std::string& name,
                                              const std::vector<std::string>& roles) {
  v1::CreateTokenRequest request;
  request.mutable_token()->set_display_name(name);
  for (const auto& role : roles) {
    auto binding = domain::ParseBinding(role);
    if (!binding.ok()) return binding.status();
    *request.mutable_token()->add_bindings() = *binding;
  }
  return services.access().CreateToken(request, "fuzz");
}

}  // namespace

absl::Status BuildWorld(services::ForumServices& services,
                        const std::shared_ptr<grpc::Channel>& channel, World& world) {
  auto& names = world.names;
  const std::string event = "events/fuzz";
  names["event"] = event;
  auto token = [&](const std::string& role, const std::string& binding) -> absl::Status {
    auto created = Token(services, "Fuzz " + role, {binding});
    if (!created.ok()) return created.status();
    world.secrets[role] = created->secret();
    names[role + "_token"] = created->token().name();
    return absl::OkStatus();
  };
  if (absl::Status s = token("admin", "admin"); !s.ok()) return s;
  Builder b(channel, world.secrets["admin"]);

  v1::CreateEventRequest create_event;
  create_event.set_event_id("fuzz");
  v1::Event* e = create_event.mutable_event();
  e->set_title("Consultation on labour mobility");
  e->set_kind(v1::EVENT_KIND_CONSULTATION);
  e->set_venue("Palais des Nations, Geneva");
  e->set_time_zone("Europe/Zurich");
  e->set_start_date("2027-05-10");
  e->set_end_date("2027-05-11");
  e->set_state(v1::EVENT_STATE_OPEN_FOR_REGISTRATION);
  e->add_follows_up("events/gfmd-2007");
  b.Call(b.events(), &v1::EventService::Stub::CreateEvent, create_event, "CreateEvent");

  v1::CreateRoomRequest room;
  room.set_parent(event);
  room.set_room_id("hall");
  room.mutable_room()->set_display_name("Salle XIX");
  room.mutable_room()->set_capacity(300);
  names["room"] = b.Call(b.events(), &v1::EventService::Stub::CreateRoom, room, "room").name();

  v1::CreateSessionRequest session;
  session.set_parent(event);
  session.set_session_id("meeting-1");
  v1::Session* s = session.mutable_session();
  s->set_number(1);
  s->set_title("1st plenary meeting");
  *s->mutable_start_time() = At("2027-05-10T07:00:00Z");
  *s->mutable_end_time() = At("2027-05-10T09:00:00Z");
  s->set_room(names["room"]);
  s->set_presiding_officer("The Chair");
  names["session"] =
      b.Call(b.events(), &v1::EventService::Stub::CreateSession, session, "session").name();

  v1::CreateThemeRequest theme;
  theme.set_parent(event);
  theme.set_theme_id("theme-1");
  theme.mutable_theme()->set_number(1);
  theme.mutable_theme()->set_title("Labour mobility");
  names["theme"] = b.Call(b.events(), &v1::EventService::Stub::CreateTheme, theme, "theme").name();

  for (const char* code : {"bel", "sen", "chl"}) {
    v1::RegisterDelegationRequest r;
    r.set_parent(event);
    r.mutable_delegation()->set_entity(absl::StrCat("entities/", code));
    r.mutable_delegation()->mutable_head()->set_full_name(absl::StrCat("Head of ", code));
    r.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
    names[code] = b.Call(b.delegations(), &v1::DelegationService::Stub::RegisterDelegation, r,
                         "RegisterDelegation")
                      .name();
  }
  for (const char* code : {"bel", "chl"}) {
    v1::AccreditDelegationRequest r;
    r.set_name(names[code]);
    b.Call(b.delegations(), &v1::DelegationService::Stub::AccreditDelegation, r, "Accredit");
  }
  // Senegal, inscribed first, has the floor in the plenary meeting; Belgium waits.
  names["plenary"] = event + "/speakerLists/plenary";
  for (const char* code : {"sen", "bel"}) {
    v1::InscribeSpeakerRequest r;
    r.set_parent(names["plenary"]);
    r.mutable_speaker()->set_delegation(names[code]);
    r.mutable_speaker()->set_level(v1::PROTOCOL_RANK_MINISTER);
    names[absl::StrCat(code, "_speaker")] =
        b.Call(b.speakers(), &v1::SpeakerService::Stub::InscribeSpeaker, r, "InscribeSpeaker")
            .name();
  }
  v1::StartNextSpeakerRequest start;
  start.set_speaker_list(names["plenary"]);
  start.set_session(names["session"]);
  b.Call(b.speakers(), &v1::SpeakerService::Stub::StartNextSpeaker, start, "StartNextSpeaker");
  names["statement"] = names["plenary"] + "/statements/1";

  v1::AddDelegationMemberRequest member;
  member.set_parent(names["bel"]);
  member.mutable_member()->mutable_person()->set_full_name("Adviser One");
  member.mutable_member()->mutable_person()->set_rank(v1::PROTOCOL_RANK_OTHER);
  member.mutable_member()->set_role("adviser");
  names["member"] = b.Call(b.delegations(), &v1::DelegationService::Stub::AddDelegationMember,
                           member, "AddDelegationMember")
                        .name();

  for (int number : {1, 2}) {
    v1::CreateRoundTableRequest r;
    r.set_parent(event);
    r.set_round_table_id(absl::StrCat("round-table-", number));
    r.mutable_round_table()->set_number(number);
    r.mutable_round_table()->set_title(absl::StrCat("Round table ", number));
    if (number == 1) r.mutable_round_table()->set_theme(names["theme"]);
    r.mutable_round_table()->set_capacity(10);
    r.mutable_round_table()->set_reserved_seats(2);
    names[absl::StrCat("rt", number)] =
        b.Call(b.round_tables(), &v1::RoundTableService::Stub::CreateRoundTable, r,
               "CreateRoundTable")
            .name();
  }
  v1::ScheduleRoundTableRequest schedule;
  schedule.set_name(names["rt1"]);
  *schedule.mutable_start_time() = At("2027-05-10T12:00:00Z");
  *schedule.mutable_end_time() = At("2027-05-10T14:00:00Z");
  schedule.set_room(names["room"]);
  b.Call(b.round_tables(), &v1::RoundTableService::Stub::ScheduleRoundTable, schedule, "Schedule");
  v1::AddRoundTableParticipantRequest participant;
  participant.set_round_table(names["rt1"]);
  participant.set_delegation(names["bel"]);
  participant.set_role(v1::PARTICIPANT_ROLE_PARTICIPANT);
  b.Call(b.round_tables(), &v1::RoundTableService::Stub::AddRoundTableParticipant, participant,
         "AddRoundTableParticipant");
  v1::SetRoundTablePreferencesRequest preferences;
  preferences.mutable_preferences()->set_delegation(names["chl"]);
  preferences.mutable_preferences()->add_round_tables(names["rt1"]);
  b.Call(b.round_tables(), &v1::RoundTableService::Stub::SetRoundTablePreferences, preferences,
         "SetRoundTablePreferences");
  names["rules"] = event + "/roundTableRules";

  auto document = [&](const char* id, v1::DocumentKind kind, const char* title,
                      const std::string& round_table) {
    v1::CreateDocumentRequest r;
    r.set_parent(event);
    r.set_document_id(id);
    r.mutable_document()->set_kind(kind);
    r.mutable_document()->set_title(title);
    r.mutable_document()->set_round_table(round_table);
    r.mutable_document()->add_authors("The Chair");
    return b.Call(b.documents(), &v1::DocumentService::Stub::CreateDocument, r, "CreateDocument")
        .name();
  };
  auto section = [&](const std::string& doc, const char* title) {
    v1::InsertSectionRequest r;
    r.set_parent(doc);
    r.mutable_section()->set_title(title);
    return b.Call(b.documents(), &v1::DocumentService::Stub::InsertSection, r, "InsertSection")
        .name();
  };
  auto paragraph = [&](const std::string& sec, const char* text) {
    v1::InsertParagraphRequest r;
    r.mutable_paragraph()->set_section(sec);
    r.mutable_paragraph()->set_text(text);
    return b.Call(b.documents(), &v1::DocumentService::Stub::InsertParagraph, r, "InsertParagraph")
        .name();
  };
  names["summary"] =
      document("chair-summary", v1::DOCUMENT_KIND_CHAIR_SUMMARY, "Chair's summary", "");
  names["section"] = section(names["summary"], "Opening");
  names["empty_section"] = section(names["summary"], "Closing");
  names["paragraph"] = paragraph(names["section"], "The Chair opened the meeting.");
  names["second_paragraph"] = paragraph(names["section"], "Delegations took the floor.");

  names["circulated"] = document("outcome", v1::DOCUMENT_KIND_OUTCOME_DOCUMENT, "Outcome", "");
  names["circulated_section"] = section(names["circulated"], "Conclusions");
  names["circulated_paragraph"] =
      paragraph(names["circulated_section"], "Participants agreed on next steps.");
  v1::CirculateDocumentRequest circulate;
  circulate.set_name(names["circulated"]);
  b.Call(b.documents(), &v1::DocumentService::Stub::CirculateDocument, circulate, "Circulate");

  names["issued"] = document("rt1-summary", v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY,
                             "Summary of round table 1", names["rt1"]);
  names["issued_section"] = section(names["issued"], "Discussion");
  names["issued_paragraph"] =
      paragraph(names["issued_section"], "Participants discussed circular migration.");
  v1::IssueDocumentRequest issue;
  issue.set_name(names["issued"]);
  issue.set_symbol("FORUM/2027/RT.1");
  b.Call(b.documents(), &v1::DocumentService::Stub::IssueDocument, issue, "IssueDocument");
  if (!b.status().ok()) return b.status();

  for (const auto& [role, binding] : std::vector<std::pair<std::string, std::string>>{
           {"reader", "reader"},
           {"focal-point", "focal-point=" + names["bel"]},
           {"chair", "chair=" + event}}) {
    if (absl::Status s = token(role, binding); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace forum::fuzz
