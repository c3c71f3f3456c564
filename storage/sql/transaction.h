// The transaction handed to a call, on either engine: its stores share the transaction's
// connection.
#ifndef FORUM_STORAGE_SQL_TRANSACTION_H_
#define FORUM_STORAGE_SQL_TRANSACTION_H_

#include <memory>
#include <vector>

#include "storage/database.h"
#include "storage/sql/audit_log.h"
#include "storage/sql/change_log.h"
#include "storage/sql/connection.h"
#include "storage/sql/delegation_store.h"
#include "storage/sql/document_store.h"
#include "storage/sql/entity_store.h"
#include "storage/sql/event_store.h"
#include "storage/sql/request_log.h"
#include "storage/sql/round_table_store.h"
#include "storage/sql/schedule_store.h"
#include "storage/sql/speaker_store.h"
#include "storage/sql/token_store.h"

namespace forum::storage::sql {

class Tx final : public storage::Tx {
 public:
  Tx(Connection& c, bool writes, AuditScope* audit)
      : storage::Tx(writes, audit),
        c_(c),
        entities_(c),
        events_(c),
        delegations_(c),
        round_tables_(c),
        speakers_(c),
        schedules_(c),
        tokens_(c),
        audit_log_(c),
        requests_(c),
        changes_(c) {}

  // The connection, for what only one engine does (pragmas in tests and tools).
  Connection& connection() { return c_; }

  storage::EntityStore& entities() override { return entities_; }
  storage::EventStore& events() override { return events_; }
  storage::DelegationStore& delegations() override { return delegations_; }
  storage::RoundTableStore& round_tables() override { return round_tables_; }
  storage::SpeakerStore& speakers() override { return speakers_; }
  storage::ScheduleStore& schedules() override { return schedules_; }
  storage::DocumentStore& document(absl::string_view event_id,
                                   absl::string_view document_id) override {
    return *documents_.emplace_back(std::make_unique<DocumentStore>(c_, event_id, document_id));
  }
  storage::TokenStore& tokens() override { return tokens_; }
  storage::AuditLog& audit_log() override { return audit_log_; }
  storage::RequestLog& requests() override { return requests_; }
  storage::ChangeLog& changes() override { return changes_; }

 private:
  Connection& c_;
  EntityStore entities_;
  EventStore events_;
  DelegationStore delegations_;
  RoundTableStore round_tables_;
  SpeakerStore speakers_;
  ScheduleStore schedules_;
  TokenStore tokens_;
  AuditLog audit_log_;
  RequestLog requests_;
  ChangeLog changes_;
  std::vector<std::unique_ptr<DocumentStore>> documents_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_TRANSACTION_H_
