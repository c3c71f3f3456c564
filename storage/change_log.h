// The change feed's log: every committed change to a resource of an event, by revision.
//
// Revisions are given in commit order by the change's own transaction, together with the change
// and its audit record, so a reader that sees revision N sees every revision before it. One call
// that touches a resource several times leaves one change. The log keeps a window of recent
// changes; pruning drops the oldest and remembers up to where (`Compacted`).
#ifndef FORUM_STORAGE_CHANGE_LOG_H_
#define FORUM_STORAGE_CHANGE_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace forum::storage {

enum class ChangeKind { kCreated = 1, kUpdated = 2, kDeleted = 3 };

struct ChangeRecord {
  int64_t revision = 0;
  std::string name;  // the resource, `events/{event}/...`
  ChangeKind kind = ChangeKind::kUpdated;
  int64_t commit_micros = 0;
};

class ChangeLog {
 public:
  virtual ~ChangeLog() = default;

  // The newest revision written (0 on a database that has none yet).
  virtual int64_t Head() = 0;
  // Every revision up to this one has been pruned from the log.
  virtual int64_t Compacted() = 0;
  // The changes of `event_id` with revisions in (after, up_to], oldest first, at most `limit`.
  virtual std::vector<ChangeRecord> Since(absl::string_view event_id, int64_t after, int64_t up_to,
                                          int limit) = 0;
  // The names of the resources of `event_id` that the feed reports, in byte order, after
  // `after_name` (empty: from the first), at most `limit`.
  virtual std::vector<std::string> ResourceNames(absl::string_view event_id,
                                                 absl::string_view after_name, int limit) = 0;
  // Drops the changes committed before `older_than_micros` that are not among the newest
  // `keep_count` (the newest change always stays); returns how many were dropped.
  virtual int64_t Prune(int64_t older_than_micros, int64_t keep_count) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_CHANGE_LOG_H_
