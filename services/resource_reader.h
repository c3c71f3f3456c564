// Reads any resource of an event by its name, as a given caller may see it: what the change feed
// sends with each change. Each kind is read by the same logic and under the same rules as its
// own Get method (services/visibility.h), inside the transaction it is given.
#ifndef FORUM_SERVICES_RESOURCE_READER_H_
#define FORUM_SERVICES_RESOURCE_READER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/any.pb.h"
#include "services/access.h"
#include "services/delegations.h"
#include "services/documents.h"
#include "services/events.h"
#include "services/round_tables.h"
#include "services/schedules.h"
#include "services/speakers.h"
#include "storage/database.h"

namespace forum::services {

class ResourceReader {
 public:
  ResourceReader(Events& events, Delegations& delegations, RoundTables& round_tables,
                 Schedules& schedules, Speakers& speakers, Documents& documents, Access& access)
      : events_(events),
        delegations_(delegations),
        round_tables_(round_tables),
        schedules_(schedules),
        speakers_(speakers),
        documents_(documents),
        access_(access) {}

  // The resource named `name` (`events/{event}/...`) as `caller` may see it, packed in an Any:
  // NOT_FOUND when it does not exist, PERMISSION_DENIED when the caller may not read it,
  // INVALID_ARGUMENT for a name of no kind the feed reports.
  absl::StatusOr<google::protobuf::Any> Read(storage::Tx& tx, const Caller& caller,
                                             absl::string_view name);

 private:
  Events& events_;
  Delegations& delegations_;
  RoundTables& round_tables_;
  Schedules& schedules_;
  Speakers& speakers_;
  Documents& documents_;
  Access& access_;
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_RESOURCE_READER_H_
