// Requests the benchmarks send to a forum server: an open event, a registration, the Member
// States' codes. Plain protobuf messages built by hand, as any client would build them.
#ifndef FORUM_BENCH_FORUM_REQUESTS_H_
#define FORUM_BENCH_FORUM_REQUESTS_H_

#include <string>
#include <vector>

#include "forum/v1/delegation.pb.h"
#include "forum/v1/entity.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"

namespace forum::bench {

// An open two-day consultation `id`, taking registrations.
v1::CreateEventRequest OpenEvent(const std::string& id, const std::string& title);
// Creates OpenEvent(id) through `stub`; false if refused.
bool CreateOpenEvent(v1::EventService::Stub& stub, const std::string& id);
// The registration of Member State `code` for `event` (an event id), led by a minister.
v1::RegisterDelegationRequest Registration(const std::string& event, const std::string& code);
// The codes of the Member States the server knows (the reference data has 193).
std::vector<std::string> EntityCodes(v1::EntityService::Stub& stub);

}  // namespace forum::bench

#endif  // FORUM_BENCH_FORUM_REQUESTS_H_
