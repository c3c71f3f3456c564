// Group commit's queue: writers line up, the one at the head leads. The leader takes the writes
// queued behind it (its own first, up to a bound), hands them to the committer as one batch, and
// gives every member its own status once the batch is done; then the next writer at the head
// leads. While a leader waits for its commit to reach the disk, the writes that arrive queue up,
// and the next leader commits them all with one sync. A writer alone pays what it paid before.
//
// The queue knows nothing of SQLite: the committer decides what a batch shares (one
// transaction) and what each member keeps apart (its savepoint, its status).
#ifndef FORUM_STORAGE_SQLITE_WRITE_QUEUE_H_
#define FORUM_STORAGE_SQLITE_WRITE_QUEUE_H_

#include <cstdint>
#include <deque>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "storage/audit_log.h"
#include "storage/database.h"

namespace forum::storage::sqlite {

// One queued write: what to run, for whom, and (once done) its outcome.
struct QueuedWrite {
  QueuedWrite(AuditScope* a, absl::FunctionRef<absl::Status(storage::Tx&)> f) : audit(a), fn(f) {}
  AuditScope* audit;
  absl::FunctionRef<absl::Status(storage::Tx&)> fn;
  absl::Status status;
  bool done = false;
};

class WriteQueue {
 public:
  using Committer = absl::FunctionRef<void(absl::Span<QueuedWrite* const>)>;

  explicit WriteQueue(size_t max_batch) : max_batch_(max_batch) {}

  // Queues `write` and returns once it is done: committed by this thread as leader (through
  // `commit`, which must set every member's status) or by another leader. Blocks meanwhile.
  absl::Status Submit(QueuedWrite& write, Committer commit);

  // Writes waiting or being committed now, and batches committed so far (for tests and stats).
  size_t queued() const;
  int64_t batches() const;

 private:
  const size_t max_batch_;
  mutable absl::Mutex mu_;
  std::deque<QueuedWrite*> queue_ ABSL_GUARDED_BY(mu_);
  int64_t batches_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace forum::storage::sqlite

#endif  // FORUM_STORAGE_SQLITE_WRITE_QUEUE_H_
