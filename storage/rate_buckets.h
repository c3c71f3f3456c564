// Rate-limit buckets kept in the database, for limits that hold across every server over it.
//
// One forumd over a SQLite file keeps its callers' buckets in memory (domain/rate_limit.h). Over
// PostgreSQL, several replicas serve the same callers, and a bucket each would let a caller make
// as many times its rate as there are replicas: the engine then hands out the permits from one
// bucket per key in the database. The services take them in small leases
// (services/call_limits.h), so most calls do not ask the database.
#ifndef FORUM_STORAGE_RATE_BUCKETS_H_
#define FORUM_STORAGE_RATE_BUCKETS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace forum::storage {

class RateBuckets {
 public:
  struct Taken {
    int64_t permits = 0;      // taken, from 0 to what was asked
    int64_t wait_micros = 0;  // when none: the time until one will be there
  };
  virtual ~RateBuckets() = default;
  // Takes up to `want` permits from the bucket `key`, which holds at most `burst` and gains
  // `rate` a second on the database's clock (a new bucket starts full). Runs in a transaction of
  // its own, so a call that is later refused or rolled back has still spent its permit.
  virtual absl::StatusOr<Taken> Take(absl::string_view key, double rate, double burst,
                                     int64_t want) = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_RATE_BUCKETS_H_
