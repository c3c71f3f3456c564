// The database forumd serves from, by what --db names: a file (SQLite, the embedded default) or
// postgresql://... (PostgreSQL, for several replicas over one database).
#ifndef FORUM_SERVER_OPEN_DATABASE_H_
#define FORUM_SERVER_OPEN_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/config.h"
#include "storage/database.h"
#include "storage/postgresql/database.h"
#include "storage/sqlite/database.h"

namespace forum::server {

struct OpenedDatabase {
  std::unique_ptr<storage::Database> db;
  // The same database as its engine, for what only that engine has (one of them is set).
  storage::sqlite::Database* sqlite = nullptr;
  storage::postgresql::Database* postgres = nullptr;

  // Where the data is, for logs: the file, or the URI without its password.
  std::string where;
  // The number of migrations applied, or -1 when it cannot be read.
  int SchemaVersion();
};

// Opens and migrates the database --db names.
absl::StatusOr<OpenedDatabase> OpenDatabase(const Config& config);

// A URI with the password left out (postgresql://user:secret@host → postgresql://user@host;
// ?password=secret goes too).
std::string WithoutPassword(const std::string& uri);

}  // namespace forum::server

#endif  // FORUM_SERVER_OPEN_DATABASE_H_
