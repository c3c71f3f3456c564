// The storage seen by the services: a database that runs transactions, and the transaction
// object that hands out one store per aggregate. Engines implement both in folders of their own
// (storage/sqlite/ for the embedded default); the services name only what is declared here.
//
// Every call runs in exactly one transaction, a Tx. A write carries the audit record of the call
// that made it (storage/audit_log.h), appended just before the commit when the transaction
// changed anything, so a change and its record commit or vanish together. The database counts
// the transactions it begins, so a test can hold every call to one.
#ifndef FORUM_STORAGE_DATABASE_H_
#define FORUM_STORAGE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/audit_log.h"
#include "storage/change_log.h"
#include "storage/delegation_store.h"
#include "storage/document_store.h"
#include "storage/entity_store.h"
#include "storage/event_store.h"
#include "storage/rate_buckets.h"
#include "storage/request_log.h"
#include "storage/round_table_store.h"
#include "storage/schedule_store.h"
#include "storage/speaker_store.h"
#include "storage/token_store.h"

namespace forum::storage {

// One transaction: whether it may write, the audit record a write commits with (null for reads
// and unattributed writes), and the stores, all reading and writing inside it.
class Tx {
 public:
  Tx(bool writes, AuditScope* audit) : writes_(writes), audit_(audit) {}
  virtual ~Tx() = default;
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  bool writes() const { return writes_; }
  AuditScope* audit() const { return audit_; }
  // The caller the change is made for (`tokens/{id}`, `local/forumd`), or empty.
  absl::string_view caller() const {
    return audit_ != nullptr ? audit_->caller() : absl::string_view();
  }

  virtual EntityStore& entities() = 0;
  virtual EventStore& events() = 0;
  virtual DelegationStore& delegations() = 0;
  virtual RoundTableStore& round_tables() = 0;
  virtual SpeakerStore& speakers() = 0;
  virtual ScheduleStore& schedules() = 0;
  // The store of one document, `events/{event_id}/documents/{document_id}`; it lives as long as
  // the transaction.
  virtual DocumentStore& document(absl::string_view event_id, absl::string_view document_id) = 0;
  virtual TokenStore& tokens() = 0;
  virtual AuditLog& audit_log() = 0;
  virtual RequestLog& requests() = 0;
  virtual ChangeLog& changes() = 0;

 private:
  bool writes_;
  AuditScope* audit_;
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs `fn` in one transaction: a write (serialized with every other write, committed when
  // `fn` returns OK and rolled back otherwise) or a read (one consistent snapshot). A write that
  // changed anything appends `audit`'s record, when given, just before it commits. Failures of
  // the engine come back as statuses: busy → UNAVAILABLE, full → RESOURCE_EXHAUSTED; a
  // constraint the services failed to check → ALREADY_EXISTS, FAILED_PRECONDITION or INTERNAL
  // by what it means, logged as the missing check it is.
  virtual absl::Status Transact(bool write, AuditScope* audit,
                                absl::FunctionRef<absl::Status(Tx&)> fn) = 0;
  // The number of transactions begun since the database was opened (migrations excluded).
  virtual int64_t transactions() const = 0;
  // Calls `listener` after every commit that may have changed something (from the committing
  // thread, so it must only signal). Set once, before serving.
  virtual void SetCommitListener(std::function<void()> listener) = 0;
  // Buckets shared by every server over this database, when several may serve it at once
  // (PostgreSQL); null when this process alone serves it (SQLite), which keeps them in memory.
  virtual RateBuckets* shared_rate_buckets() { return nullptr; }
  // Whether a read transaction may wait for a server on the network. Reads that do not are
  // served on gRPC's own threads (services/call_runner.h); they may still wait briefly for a
  // free reader connection while every one is taken by other reads.
  virtual bool reads_may_wait() const { return true; }
  // The database's version, read afresh: a number that changes with every commit to the
  // database, by this process or any other, once that commit is visible to a new read. A read
  // that takes it before its transaction begins sees every change committed up to it. -1 when
  // the engine cannot say (PostgreSQL).
  virtual int64_t data_version() { return -1; }

  // The same for functions that return a value, `StatusOr<T> fn(Tx&)`; a write's answer names
  // the resource of its audit record when it names one (a create learns its new name).
  template <typename F>
  auto Run(bool write, AuditScope* audit, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    using Result = decltype(fn(std::declval<Tx&>()));
    std::optional<Result> result;
    absl::Status status = Transact(write, audit, [&](Tx& tx) -> absl::Status {
      result.emplace(fn(tx));
      if (write && audit != nullptr) audit->NoteResult(*result);
      return StatusOf(*result);
    });
    if (!result.has_value() || (!status.ok() && StatusOf(*result).ok())) return Result(status);
    return std::move(*result);
  }
  template <typename F>
  auto Write(AuditScope* audit, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return Run(true, audit, std::forward<F>(fn));
  }
  template <typename F>
  auto Read(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return Run(false, nullptr, std::forward<F>(fn));
  }

 private:
  static absl::Status StatusOf(const absl::Status& s) { return s; }
  template <typename T>
  static absl::Status StatusOf(const absl::StatusOr<T>& s) {
    return s.status();
  }
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_DATABASE_H_
