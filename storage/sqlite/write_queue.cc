#include "storage/sqlite/write_queue.h"

#include <algorithm>
#include <vector>

namespace forum::storage::sqlite {

absl::Status WriteQueue::Submit(QueuedWrite& write, Committer commit) {
  std::vector<QueuedWrite*> batch;
  {
    absl::MutexLock lock(&mu_);
    queue_.push_back(&write);
    auto done_or_head = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return write.done || queue_.front() == &write;
    };
    mu_.Await(absl::Condition(&done_or_head));
    if (write.done) return write.status;
    // This writer leads: it and the writers behind it, up to the bound, form the batch. Writers
    // that arrive from now on queue behind the batch and wait for the next leader.
    size_t n = std::min(queue_.size(), max_batch_);
    batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
  }
  // The queue's lock is not held while the batch commits, so writers keep queueing. Whatever
  // happens in the committer, the batch leaves the queue and every member is answered.
  try {
    commit(batch);
  } catch (...) {
    for (QueuedWrite* member : batch) {
      member->status = absl::InternalError("storage failure during write");
    }
  }
  absl::MutexLock lock(&mu_);
  ++batches_;
  for (QueuedWrite* member : batch) {
    queue_.pop_front();
    member->done = true;
  }
  return write.status;
}

size_t WriteQueue::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

int64_t WriteQueue::batches() const {
  absl::MutexLock lock(&mu_);
  return batches_;
}

}  // namespace forum::storage::sqlite
