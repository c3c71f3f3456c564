// Field behaviours as the protos mark them and as every call meets them: what the server sets is
// cleared from a request (and never stored), the name of a resource being created is the
// server's to make, and a required field left empty is refused naming its path. The markings
// themselves are checked over every method of the API.
#include "services/field_behavior.h"

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "domain/errors.h"
#include "forum/v1/access.grpc.pb.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/document.grpc.pb.h"
#include "forum/v1/entity.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"
#include "forum/v1/round_table.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::ServiceDescriptor;
using services::CheckRequiredFields;
using services::ClearServerFields;
using services::HasBehavior;

std::vector<const ServiceDescriptor*> Api() {
  std::vector<const ServiceDescriptor*> api;
  for (const char* name :
       {"forum.v1.EntityService", "forum.v1.EventService", "forum.v1.DelegationService",
        "forum.v1.RoundTableService", "forum.v1.DocumentService", "forum.v1.AccessService"}) {
    const ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    EXPECT_NE(service, nullptr) << name;
    if (service != nullptr) api.push_back(service);
  }
  return api;
}

TEST(FieldBehaviorTest, ClearsOutputOnlyFieldsAtAnyDepth) {
  v1::CreateDocumentRequest r;
  r.set_parent("events/x");
  r.mutable_document()->set_title("Summary");
  r.mutable_document()->set_state(v1::DOCUMENT_STATE_ISSUED);
  r.mutable_document()->set_symbol("A/61/515");
  r.mutable_document()->add_corrigenda()->set_symbol("A/61/515/Corr.1");
  r.mutable_document()->mutable_create_time()->set_seconds(1);
  ClearServerFields(r, /*creates=*/true);
  EXPECT_EQ(r.document().title(), "Summary");
  EXPECT_EQ(r.parent(), "events/x");
  EXPECT_EQ(r.document().state(), v1::DOCUMENT_STATE_UNSPECIFIED);
  EXPECT_EQ(r.document().symbol(), "");
  EXPECT_EQ(r.document().corrigenda_size(), 0);
  EXPECT_FALSE(r.document().has_create_time());
}

TEST(FieldBehaviorTest, KeepsTheNameOnUpdateAndDropsItOnCreate) {
  v1::UpdateRoomRequest update;
  update.mutable_room()->set_name("events/x/rooms/hall");
  update.mutable_room()->set_etag("e1");
  ClearServerFields(update, /*creates=*/false);
  EXPECT_EQ(update.room().name(), "events/x/rooms/hall");
  EXPECT_EQ(update.room().etag(), "e1");

  v1::CreateRoomRequest create;
  create.set_parent("events/x");
  create.mutable_room()->set_name("events/y/rooms/elsewhere");
  ClearServerFields(create, /*creates=*/true);
  EXPECT_EQ(create.room().name(), "");
  EXPECT_EQ(create.parent(), "events/x");
}

TEST(FieldBehaviorTest, NamesEveryMissingRequiredFieldWithItsPath) {
  v1::IssueCorrigendumRequest r;
  r.set_name("events/x/documents/d");
  auto* first = r.add_corrections();
  first->set_paragraph("events/x/documents/d/paragraphs/1");
  first->set_text("Corrected.");
  r.add_corrections()->set_text("No paragraph.");
  absl::Status status = CheckRequiredFields(r);
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("reason: is required"));
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("corrections[1].paragraph: is required"));
  EXPECT_THAT(std::string(status.message()),
              ::testing::Not(::testing::HasSubstr("corrections[0]")));

  r.set_reason("A paragraph was misquoted.");
  r.mutable_corrections(1)->set_paragraph("events/x/documents/d/paragraphs/2");
  EXPECT_TRUE(CheckRequiredFields(r).ok());
}

TEST(FieldBehaviorTest, AnswerNamesTwentyFieldsAndCountsTheRest) {
  v1::IssueCorrigendumRequest r;
  r.set_name("events/x/documents/d");
  r.set_reason("Many.");
  for (int i = 0; i < 5000; ++i) r.add_corrections();  // each without paragraph and text
  absl::Status status = CheckRequiredFields(r);
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  auto named = domain::FieldViolationsOf(status);
  ASSERT_EQ(named.size(), 21u);
  EXPECT_EQ(named[0].field, "corrections[0].paragraph");
  EXPECT_EQ(named[19].field, "corrections[9].text");
  EXPECT_EQ(named[20].description, "and 9980 more required fields are empty");
  EXPECT_LT(status.message().size(), 2000u);
}

// Identifiers are cleared from creating methods and read by updates; a method of any other kind
// that took a resource would have to decide which it is (and this test tells).
TEST(FieldBehaviorTest, OnlyCreatesAndUpdatesTakeAResourceWithItsName) {
  std::set<std::string> others;
  for (const ServiceDescriptor* service : Api()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      if (services::IsCreateMethod(method->name()) || absl::StartsWith(method->name(), "Update")) {
        continue;
      }
      const auto* input = method->input_type();
      for (int f = 0; f < input->field_count(); ++f) {
        const auto* type = input->field(f)->message_type();
        if (type == nullptr) continue;
        for (int g = 0; g < type->field_count(); ++g) {
          if (HasBehavior(*type->field(g), v1::FIELD_BEHAVIOR_IDENTIFIER)) {
            others.insert(method->full_name());
          }
        }
      }
    }
  }
  EXPECT_TRUE(others.empty()) << ::testing::PrintToString(others);
  EXPECT_TRUE(services::IsCreateMethod("RegisterDelegation"));
  EXPECT_TRUE(services::IsCreateMethod("InsertParagraph"));
  EXPECT_FALSE(services::IsCreateMethod("UpdateParagraph"));
  EXPECT_FALSE(services::IsCreateMethod("SetRoundTablePreferences"));
}

// Every method that takes a resource by `name` or lists or creates under a `parent` marks that
// field required; every resource's `name` is its identifier; nothing is both output only and
// required.
TEST(FieldBehaviorTest, EveryMethodMarksItsNamesAndParentsRequired) {
  std::set<std::string> unmarked;
  for (const ServiceDescriptor* service : Api()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* input = service->method(i)->input_type();
      for (const char* key : {"name", "parent"}) {
        const FieldDescriptor* field = input->FindFieldByName(key);
        if (field != nullptr && !HasBehavior(*field, v1::FIELD_BEHAVIOR_REQUIRED)) {
          unmarked.insert(field->full_name());
        }
      }
      const auto* output = service->method(i)->output_type();
      const FieldDescriptor* name = output->FindFieldByName("name");
      if (name != nullptr && name->type() == FieldDescriptor::TYPE_STRING &&
          !HasBehavior(*name, v1::FIELD_BEHAVIOR_IDENTIFIER)) {
        unmarked.insert(name->full_name());
      }
      for (int f = 0; f < output->field_count(); ++f) {
        const FieldDescriptor* field = output->field(f);
        if (HasBehavior(*field, v1::FIELD_BEHAVIOR_OUTPUT_ONLY) &&
            HasBehavior(*field, v1::FIELD_BEHAVIOR_REQUIRED)) {
          unmarked.insert(field->full_name() + " (both output only and required)");
        }
      }
    }
  }
  EXPECT_TRUE(unmarked.empty()) << ::testing::PrintToString(unmarked);
}

class FieldBehaviorServiceTest : public ServiceTest {};

// A create that sends what only the server sets succeeds, and none of it is kept.
TEST_F(FieldBehaviorServiceTest, OutputOnlyInputIsIgnoredAndNeverStored) {
  CreateOpenEvent("fb");
  v1::RegisterDelegationRequest r;
  r.set_parent("events/fb");
  r.mutable_delegation()->set_name("events/other/delegations/zzz");
  r.mutable_delegation()->set_entity("entities/bel");
  r.mutable_delegation()->mutable_head()->set_full_name("Head of delegation");
  r.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
  r.mutable_delegation()->set_state(v1::DELEGATION_STATE_ACCREDITED);
  r.mutable_delegation()->set_state_reason("self-accredited");
  r.mutable_delegation()->set_display_name("Not the registry's name");
  r.mutable_delegation()->mutable_registration_time()->set_seconds(253402300800);
  v1::Delegation made;
  ASSERT_TRUE(delegations_->RegisterDelegation(Call().get(), r, &made).ok());
  v1::GetDelegationRequest get;
  get.set_name("events/fb/delegations/bel");
  v1::Delegation stored;
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &stored).ok());
  for (const v1::Delegation& d : {made, stored}) {
    EXPECT_EQ(d.name(), "events/fb/delegations/bel");
    EXPECT_EQ(d.state(), v1::DELEGATION_STATE_PENDING);
    EXPECT_EQ(d.state_reason(), "");
    EXPECT_NE(d.display_name(), "Not the registry's name");
    EXPECT_LT(d.registration_time().seconds(), 253402300800);
  }
}

// A required field left empty is refused, naming it, and nothing changes.
TEST_F(FieldBehaviorServiceTest, MissingRequiredFieldIsRefusedWithItsName) {
  CreateOpenEvent("fb");
  v1::UpdateEventRequest update;
  update.mutable_event()->set_name("events/fb");
  update.mutable_event()->set_title("Renamed");
  v1::Event out;
  grpc::Status status = events_->UpdateEvent(Call().get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("update_mask: is required"));

  v1::CreateRoomRequest room;
  room.set_parent("events/fb");
  v1::Room made;
  grpc::Status refused = events_->CreateRoom(Call().get(), room, &made);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), ::testing::HasSubstr("room: is required"));
  EXPECT_THAT(refused.error_message(), ::testing::HasSubstr("room_id: is required"));

  v1::GetEventRequest get;
  get.set_name("events/fb");
  v1::Event read;
  ASSERT_TRUE(events_->GetEvent(Call().get(), get, &read).ok());
  EXPECT_NE(read.title(), "Renamed");
}

}  // namespace
}  // namespace forum::testing
