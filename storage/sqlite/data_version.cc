// The database's version (storage::Database::data_version): SQLite's PRAGMA data_version on a
// connection of its own that never writes, so that every commit moves it, the writer's and
// other processes' alike.
#include <sqlite3.h>

#include "storage/sqlite/database.h"

namespace forum::storage::sqlite {

Database::~Database() {
  absl::MutexLock lock(&version_mu_);
  if (version_statement_ != nullptr) sqlite3_finalize(version_statement_);
  version_statement_ = nullptr;
}

int64_t Database::data_version() {
  absl::MutexLock lock(&version_mu_);
  if (version_failed_) return -1;
  // The connection is opened once and never again: the numbers of another would not compare.
  if (version_ == nullptr) {
    try {
      version_ = std::make_unique<Connection>(
          options_.path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, options_);
    } catch (...) {
      version_failed_ = true;
      return -1;
    }
    if (sqlite3_prepare_v3(version_->raw().getHandle(), "PRAGMA data_version", -1,
                           SQLITE_PREPARE_PERSISTENT, &version_statement_, nullptr) != SQLITE_OK) {
      version_failed_ = true;
      return -1;
    }
  }
  int64_t version = -1;
  if (sqlite3_step(version_statement_) == SQLITE_ROW) {
    version = sqlite3_column_int64(version_statement_, 0);
  }
  sqlite3_reset(version_statement_);
  return version;
}

}  // namespace forum::storage::sqlite
