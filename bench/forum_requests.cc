#include "bench/forum_requests.h"

#include "bench/harness.h"

namespace forum::bench {

v1::CreateEventRequest OpenEvent(const std::string& id, const std::string& title) {
  v1::CreateEventRequest request;
  request.set_event_id(id);
  auto* e = request.mutable_event();
  e->set_title(title);
  e->set_kind(v1::EVENT_KIND_CONSULTATION);
  e->set_venue("Geneva");
  e->set_time_zone("Europe/Zurich");
  e->set_start_date("2027-05-10");
  e->set_end_date("2027-05-11");
  e->set_state(v1::EVENT_STATE_OPEN_FOR_REGISTRATION);
  return request;
}

bool CreateOpenEvent(v1::EventService::Stub& stub, const std::string& id) {
  v1::Event out;
  return stub.CreateEvent(Deadline().get(), OpenEvent(id, "Benchmark event " + id), &out).ok();
}

v1::RegisterDelegationRequest Registration(const std::string& event, const std::string& code) {
  v1::RegisterDelegationRequest request;
  request.set_parent("events/" + event);
  request.mutable_delegation()->set_entity("entities/" + code);
  request.mutable_delegation()->mutable_head()->set_full_name("Head of delegation " + code);
  request.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
  return request;
}

std::vector<std::string> EntityCodes(v1::EntityService::Stub& stub) {
  v1::ListEntitiesRequest request;
  request.set_filter("kind = MEMBER_STATE");
  request.set_page_size(1000);
  v1::ListEntitiesResponse response;
  stub.ListEntities(Deadline().get(), request, &response);
  std::vector<std::string> codes;
  for (const auto& e : response.entities()) codes.push_back(e.name().substr(9));
  return codes;
}

}  // namespace forum::bench
