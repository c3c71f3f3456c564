// The fixture of the tests of forum.v1.SpeakerService: an open event, and helpers to register
// and inscribe delegations, read the order, move speakers, change the list and add meetings.
#ifndef FORUM_TESTS_SERVICES_SPEAKER_FIXTURE_H_
#define FORUM_TESTS_SERVICES_SPEAKER_FIXTURE_H_

#include <string>
#include <vector>

#include "tests/support/service_fixture.h"

namespace forum::testing {

inline constexpr char kEvent[] = "gfmd-2027";
inline constexpr char kPlenary[] = "events/gfmd-2027/speakerLists/plenary";

class SpeakerServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateOpenEvent(kEvent);
  }

  grpc::Status Inscribe(const std::string& code, v1::ProtocolRank level, v1::Speaker* out,
                        v1::StatementKind kind = v1::STATEMENT_KIND_UNSPECIFIED,
                        const std::string& secret = "", const std::string& list = kPlenary,
                        const std::string& request_id = "") {
    v1::InscribeSpeakerRequest request;
    request.set_parent(list);
    request.mutable_speaker()->set_delegation(std::string("events/") + kEvent + "/delegations/" +
                                              code);
    request.mutable_speaker()->set_level(level);
    request.mutable_speaker()->set_kind(kind);
    if (kind == v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP || kind == v1::STATEMENT_KIND_JOINT) {
      request.mutable_speaker()->set_on_behalf_of("the Group of 77 and China");
    }
    request.set_request_id(request_id);
    auto ctx = secret.empty() ? Call() : CallAs(secret);
    return speakers_->InscribeSpeaker(ctx.get(), request, out);
  }

  v1::Speaker MustInscribe(const std::string& code, v1::ProtocolRank level,
                           v1::StatementKind kind = v1::STATEMENT_KIND_UNSPECIFIED) {
    Register(kEvent, code);
    v1::Speaker out;
    grpc::Status s = Inscribe(code, level, &out, kind);
    EXPECT_TRUE(s.ok()) << code << ": " << s.error_message();
    return out;
  }

  // The ids of the list's speakers, in the order ListSpeakers gives them.
  std::vector<std::string> Order(const std::string& list = kPlenary, bool withdrawn = false) {
    v1::ListSpeakersRequest request;
    request.set_parent(list);
    request.set_show_withdrawn(withdrawn);
    v1::ListSpeakersResponse out;
    grpc::Status s = speakers_->ListSpeakers(Call().get(), request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> ids;
    for (const auto& sp : out.speakers()) {
      ids.push_back(sp.name().substr(sp.name().rfind('/') + 1));
    }
    return ids;
  }

  grpc::Status Move(const std::string& id, const std::string& after, v1::Speaker* out,
                    const std::string& secret = "") {
    v1::MoveSpeakerRequest request;
    request.set_name(std::string(kPlenary) + "/speakers/" + id);
    if (!after.empty()) request.set_after(std::string(kPlenary) + "/speakers/" + after);
    request.set_reason("the minister must leave for another meeting");
    auto ctx = secret.empty() ? Call() : CallAs(secret);
    return speakers_->MoveSpeaker(ctx.get(), request, out);
  }

  grpc::Status UpdateList(const v1::SpeakerList& patch, const std::vector<std::string>& paths,
                          v1::SpeakerList* out, const std::string& secret = "") {
    v1::UpdateSpeakerListRequest request;
    *request.mutable_speaker_list() = patch;
    request.mutable_speaker_list()->set_name(kPlenary);
    for (const auto& p : paths) request.mutable_update_mask()->add_paths(p);
    auto ctx = secret.empty() ? Call() : CallAs(secret);
    return speakers_->UpdateSpeakerList(ctx.get(), request, out);
  }

  void AddSession(int number, const char* start, const char* end) {
    v1::CreateSessionRequest request;
    request.set_parent(std::string("events/") + kEvent);
    request.mutable_session()->set_number(number);
    *request.mutable_session()->mutable_start_time() = At(start);
    *request.mutable_session()->mutable_end_time() = At(end);
    v1::Session out;
    grpc::Status s = events_->CreateSession(Call().get(), request, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
};

// A floor call on the plenary list, as the secretariat.
template <typename Request>
Request OnPlenary() {
  Request r;
  r.set_speaker_list(kPlenary);
  return r;
}

}  // namespace forum::testing

#endif  // FORUM_TESTS_SERVICES_SPEAKER_FIXTURE_H_
