// A caller's input of any length comes back in errors only as a short quote, so that the
// status (message and details travel as metadata, which clients cap at 8 KiB by default) is
// received as the INVALID_ARGUMENT or NOT_FOUND it is.
#include <functional>
#include <string>
#include <vector>

#include "forum/v1/errors.pb.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class LongInputTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    docs_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  std::unique_ptr<v1::DocumentService::Stub> docs_;
};

const std::string kLong(10000, 'x');

struct Case {
  const char* rpc;
  grpc::StatusCode code;
  std::function<grpc::Status()> call;
};

TEST_F(LongInputTest, TenThousandCharacterNamesAreQuotedShort) {
  CreateOpenEvent("long-2027");
  std::vector<Case> cases = {
      {"GetEvent", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::GetEventRequest r;
         r.set_name("events/" + kLong);
         v1::Event out;
         return events_->GetEvent(Call().get(), r, &out);
       }},
      {"CreateEvent time_zone", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::CreateEventRequest r;
         r.set_event_id("tz-2027");
         r.mutable_event()->set_title("Consultation");
         r.mutable_event()->set_kind(v1::EVENT_KIND_CONSULTATION);
         r.mutable_event()->set_venue("Geneva");
         r.mutable_event()->set_time_zone("Europe/" + kLong);
         r.mutable_event()->set_start_date("2027-05-10");
         r.mutable_event()->set_end_date(kLong);
         v1::Event out;
         return events_->CreateEvent(Call().get(), r, &out);
       }},
      {"UpdateEvent update_mask", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::UpdateEventRequest r;
         r.mutable_event()->set_name("events/long-2027");
         r.mutable_update_mask()->add_paths(kLong);
         v1::Event out;
         return events_->UpdateEvent(Call().get(), r, &out);
       }},
      {"ListDelegations parent", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::ListDelegationsRequest r;
         r.set_parent(kLong);
         v1::ListDelegationsResponse out;
         return delegations_->ListDelegations(Call().get(), r, &out);
       }},
      {"RegisterDelegation entity", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::RegisterDelegationRequest r;
         r.set_parent("events/long-2027");
         r.mutable_delegation()->set_entity("entities/" + kLong);
         r.mutable_delegation()->mutable_head()->set_full_name("Head");
         r.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
         v1::Delegation out;
         return delegations_->RegisterDelegation(Call().get(), r, &out);
       }},
      {"GetDocument", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::GetDocumentRequest r;
         r.set_name("events/long-2027/documents/" + kLong);
         v1::Document out;
         return docs_->GetDocument(Call().get(), r, &out);
       }},
      {"UpdateParagraph", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::UpdateParagraphRequest r;
         r.mutable_paragraph()->set_name("events/long-2027/documents/d/paragraphs/" + kLong);
         r.mutable_paragraph()->set_text("text");
         v1::Paragraph out;
         return docs_->UpdateParagraph(Call().get(), r, &out);
       }},
      {"GetRoundTable", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::GetRoundTableRequest r;
         r.set_name("events/long-2027/roundTables/" + kLong);
         v1::RoundTable out;
         return round_tables_->GetRoundTable(Call().get(), r, &out);
       }},
      {"ListEntities filter", grpc::StatusCode::INVALID_ARGUMENT,
       [&] {
         v1::ListEntitiesRequest r;
         r.set_filter("kind = " + std::string(990, 'y'));
         v1::ListEntitiesResponse out;
         return entities_->ListEntities(Call().get(), r, &out);
       }},
  };
  for (const Case& c : cases) {
    grpc::Status status = c.call();
    EXPECT_EQ(status.error_code(), c.code)
        << c.rpc << ": " << status.error_message().substr(0, 200);
    EXPECT_LT(status.error_message().size(), 1000u) << c.rpc;
    EXPECT_LT(status.error_details().size(), 2000u) << c.rpc;
    EXPECT_EQ(status.error_message().find(std::string(100, 'x')), std::string::npos) << c.rpc;
    EXPECT_EQ(status.error_message().find(std::string(100, 'y')), std::string::npos) << c.rpc;
  }
}

}  // namespace
}  // namespace forum::testing
