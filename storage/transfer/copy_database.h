// Copies a SQLite database into a PostgreSQL one, for a secretariat that moves to replicas:
// every table (audit records, document revisions, tokens and the change feed's log included),
// then proves the copy by counting and checksumming each table on both sides.
//
// The target is brought to the same schema version first (Database::Open does that) and must
// hold nothing but what a new database holds (the reference data): its rows are replaced, in one
// transaction, so a copy that fails leaves it as it was.
#ifndef FORUM_STORAGE_TRANSFER_COPY_DATABASE_H_
#define FORUM_STORAGE_TRANSFER_COPY_DATABASE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/postgresql/database.h"
#include "storage/sqlite/database.h"

namespace forum::storage::transfer {

struct TableCopy {
  std::string table;
  int64_t rows = 0;
  std::string checksum;  // SHA-256 of the table's rows in key order, the same on both sides
};

struct CopyReport {
  std::vector<TableCopy> tables;
  int64_t rows = 0;
};

// Copies `from` into `to` and verifies the copy. FAILED_PRECONDITION when the two are at
// different schema versions or the target already holds data of its own (a token, an audit
// record); DATA_LOSS when a table's count or checksum differs after the copy.
absl::StatusOr<CopyReport> CopyDatabase(sqlite::Database& from, postgresql::Database& to);

}  // namespace forum::storage::transfer

#endif  // FORUM_STORAGE_TRANSFER_COPY_DATABASE_H_
