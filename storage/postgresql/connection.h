// A connection to a PostgreSQL server through libpqxx, as the stores see one
// (storage/sql/connection.h): statements prepared once per connection with their parameters
// renumbered for the server (dialect.h), rows read as text, and every libpqxx failure turned
// into a sql::Error of its kind.
#ifndef FORUM_STORAGE_POSTGRESQL_CONNECTION_H_
#define FORUM_STORAGE_POSTGRESQL_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>
#include <unordered_map>

#include "absl/strings/string_view.h"
#include "storage/sql/connection.h"

namespace forum::storage::postgresql {

// Whether `db` names a PostgreSQL database (postgresql://... or postgres://...) rather than a file.
bool IsPostgresUri(absl::string_view db);
// The URI with timeouts added where it (or, for connecting, PGCONNECT_TIMEOUT) sets none, so a
// server that stops answering fails a call rather than hang it for as long as TCP retries:
// `connect_timeout=5` (seconds to connect), and `tcp_user_timeout=30000` (milliseconds that sent
// data may stay unacknowledged over TCP; a Unix socket ignores it).
std::string WithTimeouts(const std::string& uri);

// Turns the exception being handled (from libpqxx, libpq or the standard library) into a
// sql::Error of its kind and throws that. Call only inside a catch block.
[[noreturn]] void RethrowAsSqlError();

// One connection to the server and the statements prepared on it.
class Connection final : public sql::Connection {
 public:
  explicit Connection(const std::string& uri);
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  sql::Statement& Prepare(const std::string& sql) override;
  int64_t Changes() override { return last_changes_; }
  void Exec(const std::string& sql) override;

  bool is_open() const;
  pqxx::connection& raw() { return *conn_; }
  // The transaction the statements run in; set for its length by the database.
  void set_transaction(pqxx::transaction_base* tx) { tx_ = tx; }
  pqxx::transaction_base& transaction();
  // Rows inserted, updated or deleted since the connection opened.
  int64_t total_changes() const { return total_changes_; }

 private:
  class PgStatement;
  friend class PgStatement;
  void Count(int64_t rows);

  std::unique_ptr<pqxx::connection> conn_;
  pqxx::transaction_base* tx_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> statements_;
  int next_statement_ = 0;
  int64_t last_changes_ = 0;
  int64_t total_changes_ = 0;
};

}  // namespace forum::storage::postgresql

#endif  // FORUM_STORAGE_POSTGRESQL_CONNECTION_H_
