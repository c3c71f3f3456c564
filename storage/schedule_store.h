// The store of an event's published programmes: releases are appended, never changed.
#ifndef FORUM_STORAGE_SCHEDULE_STORE_H_
#define FORUM_STORAGE_SCHEDULE_STORE_H_

#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "forum/v1/schedule.pb.h"

namespace forum::storage {

class ScheduleStore {
 public:
  virtual ~ScheduleStore() = default;

  // The release with this number (with its changes), if any.
  virtual std::optional<v1::ScheduleRelease> Get(absl::string_view event_id, int number) = 0;
  // The newest release's number, 0 when there is none.
  virtual int LatestNumber(absl::string_view event_id) = 0;
  // Whether a release of the event has this version label.
  virtual bool HasVersion(absl::string_view event_id, absl::string_view version) = 0;
  // What a release was published with, its entries and the event as it was then, read in one
  // go (empty when there is no such release).
  virtual v1::ScheduleEntries Contents(absl::string_view event_id, int number) = 0;
  // Releases numbered below `before` (0: from the newest), newest first, at most `limit`,
  // without their changes.
  virtual std::vector<v1::ScheduleRelease> List(absl::string_view event_id, int before,
                                                int limit) = 0;
  // Appends a release; its number is `release.number()`, the next after the latest.
  virtual void Insert(absl::string_view event_id, const v1::ScheduleRelease& release,
                      const std::vector<v1::ScheduleEntry>& entries, const v1::Event& event) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_SCHEDULE_STORE_H_
