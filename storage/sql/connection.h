// What the stores need of a database connection, whichever engine holds it: prepared statements
// with positional parameters, their rows, and the errors they raise. The stores in this folder
// are written once against these interfaces; storage/sqlite/ and storage/postgresql/ implement
// them over their client libraries.
//
// The SQL the stores write is the dialect both engines share. Parameters are `?` or `?N`
// (1-based); the PostgreSQL connection rewrites them to `$N`. PostgreSQL types a parameter where
// it first meets it, so each one appears in the statement, and first where its type shows
// (`(col = ?3 OR ?3 IS NULL)`, not the other way round). Where the dialects differ, a store
// asks the connection which one it speaks (Dialect) and writes each form. Values travel as
// 64-bit integers, doubles, text and blobs; booleans are the integers 0 and 1 on both engines.
#ifndef FORUM_STORAGE_SQL_CONNECTION_H_
#define FORUM_STORAGE_SQL_CONNECTION_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace forum::storage::sql {

class SectionOrders;

enum class Dialect { kSqlite, kPostgres };

// A failure the engine reports, classified so that each engine's database can answer it with
// the same status (busy → UNAVAILABLE, full → RESOURCE_EXHAUSTED, ...).
class Error : public std::runtime_error {
 public:
  enum class Kind {
    kBusy,           // locked by another writer past the timeout
    kSerialization,  // a concurrent transaction conflicted with this one: run it again
    kUnique,         // a unique or primary key constraint
    kForeignKey,     // a foreign key constraint
    kConstraint,     // any other constraint (check, not null)
    kNulInText,      // a text with a NUL character, which the engine cannot store (PostgreSQL)
    kFull,           // out of disk
    kReadOnly,       // the database refuses writes
    kCorrupt,        // a stored value that cannot be what it should be
    kUnreachable,    // the connection to the server is lost
    kOther,
  };
  Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Statement;

// One column of a statement's current row.
class Field {
 public:
  Field(Statement& s, int index) : s_(s), index_(index) {}
  bool IsNull() const;
  int Int() const { return static_cast<int>(Int64()); }
  int64_t Int64() const;
  double Double() const;
  std::string String() const;
  // The bytes of a blob column.
  std::string Blob() const;

 private:
  Statement& s_;
  int index_;
};

// A prepared statement, owned by its connection and reused: Prepare hands it back reset, with no
// parameters bound. Parameters are numbered from 1, columns from 0.
class Statement {
 public:
  virtual ~Statement() = default;

  template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
  void Bind(int index, T value) {
    BindInt64(index, static_cast<int64_t>(value));
  }
  void Bind(int index, double value) { BindDouble(index, value); }
  void Bind(int index, absl::string_view text) { BindText(index, text); }
  void Bind(int index, const std::string& text) { BindText(index, text); }
  void Bind(int index, const char* text) { BindText(index, text); }

  virtual void BindInt64(int index, int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  virtual void BindText(int index, absl::string_view text) = 0;
  virtual void BindBlob(int index, absl::string_view bytes) = 0;
  virtual void BindNull(int index) = 0;

  // Moves to the next row: false when there is none. The first call runs the statement.
  virtual bool Step() = 0;
  // Runs a statement that returns no rows; answers the number of rows it changed.
  virtual int64_t Run() = 0;
  // Forgets the rows and the parameters, for the statement's next use.
  virtual void Reset() = 0;

  Field Column(int index) { return Field(*this, index); }
  virtual bool ColumnIsNull(int index) = 0;
  virtual int64_t ColumnInt64(int index) = 0;
  virtual double ColumnDouble(int index) = 0;
  virtual std::string ColumnText(int index) = 0;
  virtual std::string ColumnBlob(int index) = 0;
};

// The value to bind to a LIMIT: every row for a negative limit, as SQLite reads one (PostgreSQL
// refuses it).
inline int64_t AllIfNegative(int limit) { return limit < 0 ? INT64_MAX : limit; }

inline bool Field::IsNull() const { return s_.ColumnIsNull(index_); }
inline int64_t Field::Int64() const { return s_.ColumnInt64(index_); }
inline double Field::Double() const { return s_.ColumnDouble(index_); }
inline std::string Field::String() const { return s_.ColumnText(index_); }
inline std::string Field::Blob() const { return s_.ColumnBlob(index_); }

// A connection inside one transaction: the stores prepare their statements on it.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;
  // A prepared statement for `sql`, reset and with no bindings. Prepared once per connection.
  virtual Statement& Prepare(const std::string& sql) = 0;
  // Rows changed by the last statement run.
  virtual int64_t Changes() = 0;
  // Runs SQL without parameters or results (DDL, maintenance; tests).
  virtual void Exec(const std::string& sql) = 0;
  // The orders of long sections, shared by the database's connections (null on none).
  SectionOrders* section_orders() const { return section_orders_; }
  void set_section_orders(SectionOrders* orders) { section_orders_ = orders; }

 private:
  SectionOrders* section_orders_ = nullptr;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_CONNECTION_H_
