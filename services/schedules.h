// The logic of forum.v1.ScheduleService, and the exports and feeds it serves: the programme as
// the secretariat edits it (the draft), its numbered releases, their changelogs, and the
// documents made from the latest release.
#ifndef FORUM_SERVICES_SCHEDULES_H_
#define FORUM_SERVICES_SCHEDULES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/round_table.pb.h"
#include "forum/v1/schedule.pb.h"
#include "storage/database.h"

namespace forum::services {

// Where forumd is published when nothing else is configured (`--public-url`).
inline constexpr char kDefaultPublicUrl[] = "http://localhost:8080/";

class Schedules {
 public:
  // `base_url`: forumd's public address, absolute, ending in `/` (domain::NormalizeBaseUrl).
  explicit Schedules(std::string base_url = kDefaultPublicUrl) : base_url_(std::move(base_url)) {}

  absl::StatusOr<v1::ScheduleRelease> Publish(storage::Tx& tx,
                                              const v1::PublishScheduleRequest& request);
  absl::StatusOr<v1::ListScheduleReleasesResponse> List(
      storage::Tx& tx, const v1::ListScheduleReleasesRequest& request);
  absl::StatusOr<v1::ScheduleRelease> Get(storage::Tx& tx,
                                          const v1::GetScheduleReleaseRequest& request);
  absl::StatusOr<v1::DiffScheduleReleasesResponse> Diff(
      storage::Tx& tx, const v1::DiffScheduleReleasesRequest& request);
  // ExportSchedule (RoundTableService): a release, or the draft when asked.
  absl::StatusOr<v1::ExportScheduleResponse> Export(storage::Tx& tx,
                                                    const v1::ExportScheduleRequest& request);

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
};

// The programme as it stands: plenary meetings and round tables with hours, cancelled round
// tables included, each with its chairs, speakers and the delegations concerned.
absl::StatusOr<std::vector<v1::ScheduleEntry>> DraftEntries(storage::Tx& tx,
                                                            absl::string_view event_id);

}  // namespace forum::services

#endif  // FORUM_SERVICES_SCHEDULES_H_
