// WatchEvent: the change feed through real stubs, against the real feed and its log.
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "domain/page_token.h"
#include "forum/v1/document.grpc.pb.h"
#include "services/change_feed.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

using Response = v1::WatchEventResponse;

// One open watch and what it has received.
struct Watch {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<Response>> reader;
  std::vector<Response> received;

  // Reads until `done` holds for a message (true) or the stream ends (false).
  template <typename F>
  bool ReadUntil(F&& done) {
    Response r;
    while (reader->Read(&r)) {
      received.push_back(r);
      if (done(r)) return true;
    }
    return false;
  }
  // Reads until the snapshot's CURRENT marker; returns the snapshot's changes.
  std::vector<v1::Change> Snapshot() {
    std::vector<v1::Change> changes;
    ReadUntil([&](const Response& r) {
      for (const auto& c : r.changes()) changes.push_back(c);
      return r.kind() == Response::KIND_CURRENT;
    });
    return changes;
  }
  // Reads changes until one names `name`; returns every change read on the way, that one last.
  std::vector<v1::Change> ChangesUntil(const std::string& name) {
    std::vector<v1::Change> changes;
    bool found = ReadUntil([&](const Response& r) {
      bool hit = false;
      for (const auto& c : r.changes()) {
        changes.push_back(c);
        hit |= c.name() == name;
      }
      return hit;
    });
    EXPECT_TRUE(found) << "the stream ended before a change of " << name;
    return changes;
  }
  grpc::Status Finish() { return reader->Finish(); }
};

class WatchTest : public ServiceTest {
 protected:
  void SetUp() override {
    feed_options_.heartbeat = absl::Milliseconds(200);
    ServiceTest::SetUp();
    documents_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }

  Watch Open(const std::string& event, int64_t start, std::vector<std::string> prefixes = {},
             const std::string& secret = "") {
    Watch w;
    w.context = CallAs(secret.empty() ? admin_secret_ : secret);
    w.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::WatchEventRequest request;
    request.set_event(event);
    request.set_start_revision(start);
    for (auto& p : prefixes) request.add_prefixes(p);
    w.reader = watch_->WatchEvent(w.context.get(), request);
    return w;
  }

  // The status a watch that should be refused ends with.
  grpc::Status Refusal(const v1::WatchEventRequest& request, const std::string& secret) {
    auto context = CallAs(secret);
    auto reader = watch_->WatchEvent(context.get(), request);
    Response r;
    EXPECT_FALSE(reader->Read(&r)) << "a refused watch sent " << r.ShortDebugString();
    return reader->Finish();
  }

  v1::Delegation UpdateNotes(const std::string& name, const std::string& notes,
                             const std::string& secret = "") {
    v1::UpdateDelegationRequest update;
    update.mutable_delegation()->set_name(name);
    update.mutable_delegation()->set_notes(notes);
    update.mutable_delegation()->set_contact_email("focal@example.org");
    update.mutable_update_mask()->add_paths("notes");
    update.mutable_update_mask()->add_paths("contact_email");
    v1::Delegation out;
    grpc::Status status = delegations_->UpdateDelegation(
        CallAs(secret.empty() ? admin_secret_ : secret).get(), update, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // A chair's summary `draft` of `event`, drafted by the secretariat.
  v1::Document CreateDraft(const std::string& event) {
    v1::CreateDocumentRequest create;
    create.set_parent("events/" + event);
    create.set_document_id("draft");
    create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    create.mutable_document()->set_title("Draft summary");
    v1::Document doc;
    grpc::Status status = documents_->CreateDocument(Call().get(), create, &doc);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return doc;
  }

  int64_t Head() {
    int64_t head = 0;
    EXPECT_TRUE(db_->Read([&](storage::Tx& tx) -> absl::Status {
                     head = tx.changes().Head();
                     return absl::OkStatus();
                   })
                    .ok());
    return head;
  }

  std::unique_ptr<v1::DocumentService::Stub> documents_;
};

TEST_F(WatchTest, SnapshotThenMarkerThenChangesWithTheirResources) {
  CreateOpenEvent("feed-2027");
  Register("feed-2027", "mex");
  Watch w = Open("events/feed-2027", 0);
  std::vector<v1::Change> snapshot = w.Snapshot();
  std::set<std::string> names;
  for (const auto& c : snapshot) {
    EXPECT_EQ(c.type(), v1::CHANGE_TYPE_EXISTING);
    EXPECT_TRUE(c.has_resource()) << c.name();
    names.insert(c.name());
  }
  EXPECT_EQ(names, (std::set<std::string>{"events/feed-2027", "events/feed-2027/delegations/mex",
                                          "events/feed-2027/roundTableRules",
                                          "events/feed-2027/speakerLists/plenary",
                                          "events/feed-2027/speakerLists/plenary/floor"}));
  const int64_t marker = w.received.back().revision();
  EXPECT_EQ(marker, Head());

  v1::Delegation ken = Register("feed-2027", "ken");
  std::vector<v1::Change> changes = w.ChangesUntil(ken.name());
  ASSERT_EQ(changes.size(), 1u) << "one call that touches a resource makes one change";
  EXPECT_EQ(changes[0].type(), v1::CHANGE_TYPE_CREATED);
  EXPECT_EQ(changes[0].revision(), marker + 1);
  EXPECT_TRUE(changes[0].has_commit_time());
  v1::Delegation sent;
  ASSERT_TRUE(changes[0].resource().UnpackTo(&sent));
  EXPECT_EQ(sent.name(), ken.name());
  EXPECT_EQ(sent.etag(), ken.etag());

  v1::Delegation updated = UpdateNotes(ken.name(), "Arrives on the second day");
  changes = w.ChangesUntil(ken.name());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].type(), v1::CHANGE_TYPE_UPDATED);
  EXPECT_EQ(changes[0].revision(), marker + 2);
  ASSERT_TRUE(changes[0].resource().UnpackTo(&sent));
  EXPECT_EQ(sent.notes(), "Arrives on the second day");
  EXPECT_EQ(sent.etag(), updated.etag());
}

// Each delegation learns of a new release from the feed: the release comes as a resource of its
// own, with its changelog and the delegations it concerns; a later snapshot lists it.
TEST_F(WatchTest, APublishedReleaseComesWithItsChangelog) {
  CreateOpenEvent("pub-2027");
  Watch w = Open("events/pub-2027", 0, {"scheduleReleases/"});
  EXPECT_TRUE(w.Snapshot().empty());
  v1::CreateSessionRequest session;
  session.set_parent("events/pub-2027");
  session.mutable_session()->set_number(1);
  *session.mutable_session()->mutable_start_time() = At("2027-05-10T08:00:00Z");
  *session.mutable_session()->mutable_end_time() = At("2027-05-10T10:00:00Z");
  v1::Session made;
  ASSERT_TRUE(events_->CreateSession(Call().get(), session, &made).ok());
  v1::PublishScheduleRequest publish;
  publish.set_parent("events/pub-2027");
  publish.set_version("1");
  v1::ScheduleRelease release;
  ASSERT_TRUE(schedules_->PublishSchedule(Call().get(), publish, &release).ok());
  std::vector<v1::Change> changes = w.ChangesUntil(release.name());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].type(), v1::CHANGE_TYPE_CREATED);
  v1::ScheduleRelease sent;
  ASSERT_TRUE(changes[0].resource().UnpackTo(&sent));
  EXPECT_EQ(sent.SerializeAsString(), release.SerializeAsString());
  ASSERT_EQ(sent.changes_size(), 1);
  EXPECT_EQ(sent.changes(0).entry(), made.name());

  Watch later = Open("events/pub-2027", 0, {"scheduleReleases/"});
  std::vector<v1::Change> snapshot = later.Snapshot();
  ASSERT_EQ(snapshot.size(), 1u);
  EXPECT_EQ(snapshot[0].name(), "events/pub-2027/scheduleReleases/1");
}

TEST_F(WatchTest, EveryRevisionOnceInOrderAcrossReconnects) {
  CreateOpenEvent("feed-2027");
  const int64_t start = Head() + 1;
  std::vector<std::string> codes = {"mex", "ken", "bra", "fra", "ind", "jpn", "phl", "sen"};
  for (const auto& code : codes) Register("feed-2027", code);
  const int64_t end = Head();
  ASSERT_EQ(end - start + 1, static_cast<int64_t>(codes.size()));

  // From the start: each revision once, in order, without gaps.
  Watch all = Open("events/feed-2027", start);
  std::vector<int64_t> revisions;
  all.ReadUntil([&](const Response& r) {
    for (const auto& c : r.changes()) revisions.push_back(c.revision());
    return r.revision() >= end;
  });
  std::vector<int64_t> expected;
  for (int64_t r = start; r <= end; ++r) expected.push_back(r);
  EXPECT_EQ(revisions, expected);

  // A client that saw up to the fourth resumes with the fifth: the rest, none twice.
  Watch resumed = Open("events/feed-2027", start + 4);
  std::vector<int64_t> rest;
  resumed.ReadUntil([&](const Response& r) {
    for (const auto& c : r.changes()) rest.push_back(c.revision());
    return r.revision() >= end;
  });
  EXPECT_EQ(rest, std::vector<int64_t>(expected.begin() + 4, expected.end()));

  // Changes made while nobody watched arrive when a client resumes, then the live ones.
  Register("feed-2027", "chl");
  Watch later = Open("events/feed-2027", end + 1);
  std::vector<v1::Change> got = later.ChangesUntil("events/feed-2027/delegations/chl");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].revision(), end + 1);
  Register("feed-2027", "arg");
  got = later.ChangesUntil("events/feed-2027/delegations/arg");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].revision(), end + 2);
}

TEST_F(WatchTest, PrefixesAndEventsFilterAndHeartbeatsCarryTheRevision) {
  CreateOpenEvent("feed-2027");
  CreateOpenEvent("other-2027");
  Watch w = Open("events/feed-2027", Head() + 1, {"delegations/ken"});
  Register("feed-2027", "mex");
  Register("other-2027", "ken");
  Register("feed-2027", "ken");
  std::vector<v1::Change> got = w.ChangesUntil("events/feed-2027/delegations/ken");
  ASSERT_EQ(got.size(), 1u) << "mex and the other event's ken are filtered out";
  const int64_t head = Head();
  // Nothing more to send: a heartbeat comes with the newest revision.
  ASSERT_TRUE(w.ReadUntil([](const Response& r) { return r.kind() == Response::KIND_HEARTBEAT; }));
  EXPECT_EQ(w.received.back().revision(), head);
  EXPECT_EQ(w.received.back().changes_size(), 0);
  // Changes it does not follow move its position on too, told by the next heartbeat.
  Register("feed-2027", "bra");
  const int64_t later = Head();
  ASSERT_TRUE(w.ReadUntil([&](const Response& r) {
    EXPECT_EQ(r.changes_size(), 0) << r.ShortDebugString();
    return r.kind() == Response::KIND_HEARTBEAT && r.revision() == later;
  }));
}

TEST_F(WatchTest, ADeletedDraftIsToldToThoseWhoCouldDraftIt) {
  CreateOpenEvent("feed-2027");
  v1::Document doc = CreateDraft("feed-2027");
  Watch chair = Open("events/feed-2027", Head() + 1, {"documents/"},
                     TokenFor({"chair=events/feed-2027"}, "Chair"));
  Watch reader =
      Open("events/feed-2027", Head() + 1, {"documents/"}, TokenFor({"reader"}, "Observer"));
  v1::DeleteDocumentRequest remove;
  remove.set_name(doc.name());
  v1::DeleteDocumentResponse removed;
  grpc::Status status = documents_->DeleteDocument(Call().get(), remove, &removed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const int64_t head = Head();
  bool deleted = false;
  for (const auto& c : chair.ChangesUntil(doc.name())) {
    deleted |= c.name() == doc.name() && c.type() == v1::CHANGE_TYPE_DELETED;
  }
  EXPECT_TRUE(deleted) << "the event's chair, who could have drafted it, is told";
  ASSERT_TRUE(reader.ReadUntil([&](const Response& r) {
    EXPECT_EQ(r.changes_size(), 0) << "a draft's deletion reached a reader";
    return r.revision() >= head;
  }));
}

TEST_F(WatchTest, RedactsAsTheReadsDoAndKeepsDraftsToTheirAuthors) {
  CreateOpenEvent("feed-2027");
  v1::Delegation mex = Register("feed-2027", "mex");
  v1::Delegation ken = Register("feed-2027", "ken");
  std::string mex_focal = TokenFor({"focal-point=events/feed-2027/delegations/mex"}, "Mexico");
  Watch w = Open("events/feed-2027", Head() + 1, {}, mex_focal);

  // A draft: its paragraphs reach its authors (the secretariat here), not a focal point.
  v1::Document doc = CreateDraft("feed-2027");
  v1::InsertSectionRequest section;
  section.set_parent(doc.name());
  section.mutable_section()->set_title("Remittances");
  v1::Section s;
  ASSERT_TRUE(documents_->InsertSection(Call().get(), section, &s).ok());
  Watch admin = Open("events/feed-2027", Head() + 1);
  v1::InsertParagraphRequest paragraph;
  paragraph.mutable_paragraph()->set_section(s.name());
  paragraph.mutable_paragraph()->set_text("Not for the focal points yet.");
  v1::Paragraph p;
  ASSERT_TRUE(documents_->InsertParagraph(Call().get(), paragraph, &p).ok());

  UpdateNotes(ken.name(), "Kenya's own note");
  UpdateNotes(mex.name(), "Mexico's own note", mex_focal);

  std::vector<v1::Change> seen = w.ChangesUntil(mex.name());
  std::map<std::string, v1::Change> by_name;
  for (const auto& c : seen) by_name[c.name()] = c;
  for (const auto& c : seen) {
    EXPECT_EQ(c.name().find("/documents/"), std::string::npos) << "a draft leaked: " << c.name();
  }
  ASSERT_TRUE(by_name.count(ken.name()));
  v1::Delegation sent;
  ASSERT_TRUE(by_name[ken.name()].resource().UnpackTo(&sent));
  EXPECT_EQ(sent.notes(), "") << "another delegation's notes";
  EXPECT_EQ(sent.contact_email(), "");
  ASSERT_TRUE(by_name[mex.name()].resource().UnpackTo(&sent));
  EXPECT_EQ(sent.notes(), "Mexico's own note");
  EXPECT_EQ(sent.contact_email(), "focal@example.org");

  std::vector<v1::Change> authors = admin.ChangesUntil(p.name());
  v1::Paragraph sent_paragraph;
  for (const auto& c : authors) {
    if (c.name() == p.name()) {
      ASSERT_TRUE(c.resource().UnpackTo(&sent_paragraph));
    }
  }
  EXPECT_EQ(sent_paragraph.text(), "Not for the focal points yet.");
  EXPECT_EQ(sent_paragraph.etag(), p.etag());
}

TEST_F(WatchTest, TheFloorReachesItsWatchers) {
  CreateOpenEvent("feed-2027");
  v1::CreateSessionRequest meeting;
  meeting.set_parent("events/feed-2027");
  meeting.mutable_session()->set_number(1);
  *meeting.mutable_session()->mutable_start_time() = At("2027-05-10T08:00:00Z");
  *meeting.mutable_session()->mutable_end_time() = At("2027-05-10T11:00:00Z");
  v1::Session session;
  ASSERT_TRUE(events_->CreateSession(Call().get(), meeting, &session).ok());
  Accredited("feed-2027", "mex");
  v1::InscribeSpeakerRequest inscribe;
  inscribe.set_parent("events/feed-2027/speakerLists/plenary");
  inscribe.mutable_speaker()->set_delegation("events/feed-2027/delegations/mex");
  inscribe.mutable_speaker()->set_level(v1::PROTOCOL_RANK_MINISTER);
  v1::Speaker speaker;
  grpc::Status status = speakers_->InscribeSpeaker(Call().get(), inscribe, &speaker);
  ASSERT_TRUE(status.ok()) << status.error_message();
  Watch w = Open("events/feed-2027", 0, {"speakerLists/plenary"});
  std::vector<v1::Change> snapshot = w.Snapshot();
  ASSERT_EQ(snapshot.size(), 3u) << "the list, its floor and its speaker";
  v1::StartNextSpeakerRequest next;
  next.set_speaker_list("events/feed-2027/speakerLists/plenary");
  next.set_session(session.name());
  v1::Floor floor;
  status = speakers_->StartNextSpeaker(Call().get(), next, &floor);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> names;
  v1::Floor sent;
  w.ReadUntil([&](const Response& r) {
    for (const auto& c : r.changes()) {
      names.insert(c.name());
      if (c.name() == "events/feed-2027/speakerLists/plenary/floor") {
        EXPECT_TRUE(c.resource().UnpackTo(&sent));
      }
    }
    return names.size() >= 4;
  });
  // The list (its count of turns), the floor, the speaker called and the turn begun.
  EXPECT_EQ(names, (std::set<std::string>{"events/feed-2027/speakerLists/plenary",
                                          "events/feed-2027/speakerLists/plenary/floor",
                                          speaker.name(), floor.current().name()}));
  EXPECT_EQ(sent.current().speaker(), speaker.name());
}

TEST_F(WatchTest, ARevokedTokenEndsItsStreams) {
  CreateOpenEvent("feed-2027");
  std::string reader = TokenFor({"reader"}, "Observer");
  Watch w = Open("events/feed-2027", 0, {}, reader);
  w.Snapshot();
  v1::RevokeTokenRequest revoke;
  revoke.set_name("tokens/" + services::TokenIdOf(reader));
  v1::Token revoked;
  ASSERT_TRUE(access_->RevokeToken(Call().get(), revoke, &revoked).ok());
  Response r;
  while (w.reader->Read(&r)) {
  }
  EXPECT_EQ(w.Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(WatchTest, AStartOlderThanTheLogIsReset) {
  CreateOpenEvent("feed-2027");
  for (const char* code : {"mex", "ken", "bra"}) Register("feed-2027", code);
  const int64_t head = Head();
  ASSERT_TRUE(db_->Write(nullptr,
                         [](storage::Tx& tx) -> absl::Status {
                           tx.changes().Prune(INT64_MAX, 0);
                           return absl::OkStatus();
                         })
                  .ok());
  Watch w = Open("events/feed-2027", 1);
  ASSERT_TRUE(w.ReadUntil([](const Response& r) { return r.kind() == Response::KIND_RESET; }));
  EXPECT_EQ(w.received.back().compacted_revision(), head - 1);
  Response r;
  EXPECT_FALSE(w.reader->Read(&r)) << "the stream ends after a reset";
  EXPECT_TRUE(w.Finish().ok());
  // The newest change is kept: a client that saw everything before it resumes.
  Watch fine = Open("events/feed-2027", head);
  std::vector<v1::Change> got = fine.ChangesUntil("events/feed-2027/delegations/bra");
  EXPECT_EQ(got.back().revision(), head);
}

TEST_F(WatchTest, RefusesBadRequestsWithTheirCodes) {
  CreateOpenEvent("feed-2027");
  v1::WatchEventRequest request;
  EXPECT_EQ(Refusal(request, admin_secret_).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.set_event("events/nowhere");
  EXPECT_EQ(Refusal(request, admin_secret_).error_code(), grpc::StatusCode::NOT_FOUND);
  request.set_event("events/feed-2027");
  EXPECT_EQ(Refusal(request, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  request.add_prefixes("../tokens");
  grpc::Status status = Refusal(request, admin_secret_);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"prefixes[0]"});
  request.clear_prefixes();
  for (int i = 0; i < 17; ++i) request.add_prefixes("delegations/");
  EXPECT_EQ(Refusal(request, admin_secret_).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.clear_prefixes();
  request.set_start_revision(-1);
  EXPECT_EQ(Refusal(request, admin_secret_).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.set_start_revision(Head() + 2);
  EXPECT_EQ(Refusal(request, admin_secret_).error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

TEST_F(WatchTest, StoppingTheFeedEndsEveryStreamForClientsToResume) {
  CreateOpenEvent("feed-2027");
  Watch w = Open("events/feed-2027", 0);
  w.Snapshot();
  services_->StopStreams();
  Response r;
  while (w.reader->Read(&r)) {
  }
  EXPECT_EQ(w.Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::WatchEventRequest request;
  request.set_event("events/feed-2027");
  EXPECT_EQ(Refusal(request, admin_secret_).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(WatchTest, ManyWatchersEachGetEveryChangeOnce) {
  CreateOpenEvent("feed-2027");
  std::string reader = TokenFor({"reader"}, "Observer");
  constexpr int kWatchers = 60;  // two roles, so the feed prepares two kinds of message
  std::vector<Watch> watches;
  for (int i = 0; i < kWatchers; ++i) {
    watches.push_back(Open("events/feed-2027", 0, {"delegations/"}, i % 2 ? reader : ""));
  }
  for (auto& w : watches) w.Snapshot();
  EXPECT_EQ(services_->feed().watchers(), kWatchers);
  const int64_t start = Head() + 1;
  for (const char* code : {"mex", "ken", "bra"})
    UpdateNotes(Register("feed-2027", code).name(), "Arrives late");
  const int64_t end = Head();
  for (size_t i = 0; i < watches.size(); ++i) {
    std::vector<int64_t> revisions;
    watches[i].ReadUntil([&](const Response& r) {
      for (const auto& c : r.changes()) {
        revisions.push_back(c.revision());
        v1::Delegation d;
        EXPECT_TRUE(c.resource().UnpackTo(&d));
        if (c.type() == v1::CHANGE_TYPE_UPDATED) {
          EXPECT_EQ(d.notes(), i % 2 ? "" : "Arrives late") << "watcher " << i;
        }
      }
      return r.revision() >= end;
    });
    std::vector<int64_t> expected;
    for (int64_t r = start; r <= end; ++r) expected.push_back(r);
    EXPECT_EQ(revisions, expected) << "watcher " << i;
  }
}

TEST_F(WatchTest, AnUpdateFollowedByAnotherChangeOfItsResourceIsFoldedIntoIt) {
  CreateOpenEvent("feed-2027");
  v1::Delegation mex = Register("feed-2027", "mex");
  v1::Delegation ken = Register("feed-2027", "ken");
  const int64_t start = Head() + 1;
  UpdateNotes(mex.name(), "Arrives late");                             // start: folded
  v1::Delegation latest = UpdateNotes(mex.name(), "Arrives on time");  // start + 1
  UpdateNotes(ken.name(), "Two delegates");                            // start + 2
  v1::Delegation chl = Register("feed-2027", "chl");                   // start + 3
  UpdateNotes(chl.name(), "Observer status");                          // start + 4
  const int64_t end = Head();
  ASSERT_EQ(end, start + 4);

  // A client that resumes from `start` gets the five changes in its first message.
  Watch w = Open("events/feed-2027", start, {"delegations/"});
  std::vector<v1::Change> changes;
  ASSERT_TRUE(w.ReadUntil([&](const Response& r) {
    for (const auto& c : r.changes()) changes.push_back(c);
    return r.revision() >= end;
  }));
  EXPECT_EQ(w.received.back().revision(), end) << "the position covers the folded update";
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& c : changes) got.emplace_back(c.revision(), c.name());
  // The first update of mex only repeated the state its second carries; a creation is never
  // folded, so chl comes as created and then updated.
  EXPECT_EQ(got, (std::vector<std::pair<int64_t, std::string>>{{start + 1, mex.name()},
                                                               {start + 2, ken.name()},
                                                               {start + 3, chl.name()},
                                                               {start + 4, chl.name()}}));
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].type(), v1::CHANGE_TYPE_UPDATED);
  v1::Delegation sent;
  ASSERT_TRUE(changes[0].resource().UnpackTo(&sent));
  EXPECT_EQ(sent.notes(), "Arrives on time");
  EXPECT_EQ(sent.etag(), latest.etag());
  EXPECT_EQ(changes[2].type(), v1::CHANGE_TYPE_CREATED);
  EXPECT_EQ(changes[3].type(), v1::CHANGE_TYPE_UPDATED);
}

v1::Change ChangeOf(int64_t revision, const std::string& name, v1::ChangeType type) {
  v1::Change c;
  c.set_revision(revision);
  c.set_name(name);
  c.set_type(type);
  return c;
}

// (revision, name) of each change of each message.
std::vector<std::vector<std::pair<int64_t, std::string>>> Contents(
    const std::vector<std::unique_ptr<Response>>& messages) {
  std::vector<std::vector<std::pair<int64_t, std::string>>> out;
  for (const auto& m : messages) {
    out.emplace_back();
    for (const auto& c : m->changes()) out.back().emplace_back(c.revision(), c.name());
  }
  return out;
}

TEST(PackChangesTest, FoldsAnUpdateIntoALaterChangeOfTheSameResourceOnly) {
  using services::feed_internal::PackChanges;
  std::vector<v1::Change> changes = {
      ChangeOf(1, "a", v1::CHANGE_TYPE_UPDATED),  // folded into 2
      ChangeOf(2, "a", v1::CHANGE_TYPE_UPDATED),  // folded into 5
      ChangeOf(3, "b", v1::CHANGE_TYPE_CREATED),  // a creation stays
      ChangeOf(4, "b", v1::CHANGE_TYPE_UPDATED),  // the last of b
      ChangeOf(5, "a", v1::CHANGE_TYPE_DELETED),  // a deletion stays
      ChangeOf(6, "c", v1::CHANGE_TYPE_UPDATED),
      ChangeOf(7, "a", v1::CHANGE_TYPE_CREATED),  // created again
  };
  auto messages = PackChanges(changes, domain::kMaxPageBytes);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]->kind(), Response::KIND_CHANGES);
  EXPECT_EQ(messages[0]->revision(), 7);
  EXPECT_EQ(Contents(messages), (std::vector<std::vector<std::pair<int64_t, std::string>>>{
                                    {{3, "b"}, {4, "b"}, {5, "a"}, {6, "c"}, {7, "a"}}}));
}

TEST(PackChangesTest, NeverFoldsAcrossMessages) {
  using services::feed_internal::PackChanges;
  std::vector<v1::Change> changes;
  for (int64_t r = 1; r <= 6; ++r) changes.push_back(ChangeOf(r, "a", v1::CHANGE_TYPE_UPDATED));
  // Room for two changes a message: three messages, each with its last update of `a` only, so
  // that each message's revision is a position the client has the state of.
  size_t two = 2 * (changes[0].ByteSizeLong() + 16);
  auto messages = PackChanges(changes, two);
  EXPECT_EQ(Contents(messages), (std::vector<std::vector<std::pair<int64_t, std::string>>>{
                                    {{2, "a"}}, {{4, "a"}}, {{6, "a"}}}));
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0]->revision(), 2);
  EXPECT_EQ(messages[1]->revision(), 4);
  EXPECT_EQ(messages[2]->revision(), 6);
  // A change larger than the budget still goes, alone.
  EXPECT_EQ(PackChanges({ChangeOf(9, "big", v1::CHANGE_TYPE_CREATED)}, 1).size(), 1u);
  EXPECT_TRUE(PackChanges({}, two).empty());
}

class BoundedWatchTest : public WatchTest {
 protected:
  void SetUp() override {
    feed_options_.max_backlog_bytes = 4096;
    feed_options_.max_watchers_per_token = 2;
    WatchTest::SetUp();
  }
};

TEST_F(BoundedWatchTest, ASlowReaderIsResetAndDroppedAndMemoryStaysBounded) {
  CreateOpenEvent("feed-2027");
  v1::Delegation mex = Register("feed-2027", "mex");
  Watch slow = Open("events/feed-2027", Head() + 1);
  // The client reads nothing while a few megabytes of changes are made.
  std::string note(3000, 'n');
  for (int i = 0; i < 800; ++i) UpdateNotes(mex.name(), note + std::to_string(i));
  bool reset = slow.ReadUntil([](const Response& r) { return r.kind() == Response::KIND_RESET; });
  EXPECT_TRUE(reset) << "the backlog never overflowed";
  Response r;
  EXPECT_FALSE(slow.reader->Read(&r));
  EXPECT_TRUE(slow.Finish().ok());
  for (int i = 0; i < 500 && services_->feed().watchers() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(services_->feed().watchers(), 0) << "a reset watcher is dropped";
}

TEST_F(BoundedWatchTest, WatchesPerTokenAreBounded) {
  CreateOpenEvent("feed-2027");
  Watch a = Open("events/feed-2027", 0);
  a.Snapshot();
  Watch b = Open("events/feed-2027", 0);
  b.Snapshot();
  v1::WatchEventRequest request;
  request.set_event("events/feed-2027");
  grpc::Status status = Refusal(request, admin_secret_);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"WATCH_COUNT"});
  // Another token still may.
  Watch c = Open("events/feed-2027", 0, {}, TokenFor({"reader"}, "Observer"));
  EXPECT_FALSE(c.Snapshot().empty());
}

}  // namespace
}  // namespace forum::testing
