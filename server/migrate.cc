#include "server/migrate.h"

#include <filesystem>
#include <iostream>

#include "absl/strings/str_format.h"
#include "server/open_database.h"
#include "storage/postgresql/database.h"
#include "storage/sqlite/database.h"
#include "storage/transfer/copy_database.h"

namespace forum::server {

int MigrateToPostgres(const std::string& from, const std::string& to, int pool) {
  // A mistyped --from must not create an empty database and copy that.
  std::error_code error;
  if (!std::filesystem::is_regular_file(from, error)) {
    std::cerr << "forumd migrate: there is no SQLite database at " << from << "\n";
    return 2;
  }
  if (!storage::postgresql::IsPostgresUri(to)) {
    std::cerr << "forumd migrate: --to names a PostgreSQL database, postgresql://...\n";
    return 2;
  }
  storage::sqlite::DatabaseOptions source_options;
  source_options.path = from;
  auto source = storage::sqlite::Database::Open(source_options);
  if (!source.ok()) {
    std::cerr << "forumd migrate: cannot open " << from << ": " << source.status() << "\n";
    return 1;
  }
  storage::postgresql::DatabaseOptions target_options;
  target_options.uri = to;
  target_options.pool_size = pool;
  auto target = storage::postgresql::Database::Open(target_options);
  if (!target.ok()) {
    std::cerr << "forumd migrate: cannot open " << WithoutPassword(to) << ": " << target.status()
              << "\n";
    return 1;
  }
  auto report = storage::transfer::CopyDatabase(**source, **target);
  if (!report.ok()) {
    std::cerr << "forumd migrate: " << report.status() << "\n";
    return 1;
  }
  for (const auto& t : report->tables) {
    std::cout << absl::StrFormat("%-28s %8d rows  sha256 %s\n", t.table, t.rows,
                                 t.checksum.substr(0, 16));
  }
  std::cout << absl::StrFormat("copied %d rows in %d tables from %s to %s; every table verified\n",
                               report->rows, report->tables.size(), from, WithoutPassword(to));
  return 0;
}

}  // namespace forum::server
