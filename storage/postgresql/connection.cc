#include "storage/postgresql/connection.h"

#include <cstdlib>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/postgresql/dialect.h"

namespace forum::storage::postgresql {
namespace {

constexpr pqxx::oid kByteaOid = 17;

using Kind = sql::Error::Kind;

// Turns the exception being handled, from libpqxx or libpq, into a sql::Error.
[[noreturn]] void Rethrow() {
  try {
    throw;
  } catch (const sql::Error&) {
    throw;
  } catch (const pqxx::in_doubt_error& e) {
    throw sql::Error(Kind::kUnreachable, e.what());
  } catch (const pqxx::broken_connection& e) {
    throw sql::Error(Kind::kUnreachable, e.what());
  } catch (const pqxx::serialization_failure& e) {
    throw sql::Error(Kind::kSerialization, e.what());
  } catch (const pqxx::deadlock_detected& e) {
    throw sql::Error(Kind::kSerialization, e.what());
  } catch (const pqxx::unique_violation& e) {
    throw sql::Error(Kind::kUnique, e.what());
  } catch (const pqxx::foreign_key_violation& e) {
    throw sql::Error(Kind::kForeignKey, e.what());
  } catch (const pqxx::integrity_constraint_violation& e) {
    throw sql::Error(Kind::kConstraint, e.what());
  } catch (const pqxx::disk_full& e) {
    throw sql::Error(Kind::kFull, e.what());
  } catch (const pqxx::sql_error& e) {
    const std::string& state = e.sqlstate();
    Kind kind = Kind::kOther;
    if (state == "25006") {
      kind = Kind::kReadOnly;
    } else if (state == "40001" || state == "40P01") {
      kind = Kind::kSerialization;
    } else if (state == "55P03" || state == "57014") {
      kind = Kind::kBusy;  // a lock or statement timeout
    } else if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P")) {
      kind = Kind::kUnreachable;  // connection failure, shutdown, crash, restart
    }
    throw sql::Error(kind, e.what());
  } catch (const std::exception& e) {
    throw sql::Error(Kind::kOther, e.what());
  }
}

// Whether a statement changes rows (its count of rows is of rows changed, not read).
bool ChangesRows(absl::string_view sql) {
  sql = absl::StripLeadingAsciiWhitespace(sql);
  return absl::StartsWithIgnoreCase(sql, "INSERT") || absl::StartsWithIgnoreCase(sql, "UPDATE") ||
         absl::StartsWithIgnoreCase(sql, "DELETE");
}

std::string HexBytea(absl::string_view bytes) {
  return absl::StrCat("\\x", absl::BytesToHexString(bytes));
}

}  // namespace

bool IsPostgresUri(absl::string_view db) {
  return absl::StartsWith(db, "postgresql://") || absl::StartsWith(db, "postgres://");
}

std::string WithTimeouts(const std::string& uri) {
  std::string out = uri;
  auto add = [&](absl::string_view parameter) {
    absl::StrAppend(&out, absl::StrContains(out, "?") ? "&" : "?", parameter);
  };
  const char* env = std::getenv("PGCONNECT_TIMEOUT");
  if (!absl::StrContains(uri, "connect_timeout=") && (env == nullptr || *env == '\0')) {
    add("connect_timeout=5");
  }
  if (!absl::StrContains(uri, "tcp_user_timeout=")) add("tcp_user_timeout=30000");
  return out;
}

// sql::Statement over a statement prepared on the server. Parameters travel as text (a blob as
// bytea's hex form); the server infers their types from where they stand. The first Step runs
// the statement and keeps its rows.
class Connection::PgStatement final : public sql::Statement {
 public:
  PgStatement(Connection& c, std::string name) : c_(c), name_(std::move(name)) {}

  void BindInt64(int index, int64_t value) override { Set(index, absl::StrCat(value)); }
  void BindDouble(int index, double value) override { Set(index, absl::StrFormat("%.17g", value)); }
  void BindText(int index, absl::string_view text) override {
    if (text.find('\0') != absl::string_view::npos) {
      throw sql::Error(Kind::kNulInText, "text with a NUL byte, which PostgreSQL cannot store");
    }
    Set(index, std::string(text));
  }
  void BindBlob(int index, absl::string_view bytes) override { Set(index, HexBytea(bytes)); }
  void BindNull(int index) override {
    Grow(index);
    null_[index - 1] = true;
  }

  bool Step() override {
    if (!ran_) Execute();
    ++row_;
    return row_ < static_cast<int64_t>(result_.size());
  }
  int64_t Run() override {
    Execute();
    return c_.last_changes_;
  }
  void Reset() override {
    values_.clear();
    null_.clear();
    result_.clear();
    ran_ = false;
    row_ = -1;
  }

  bool ColumnIsNull(int index) override { return Field(index).is_null(); }
  int64_t ColumnInt64(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return 0;
    absl::string_view text(f.c_str(), f.size());
    if (text == "t") return 1;  // a boolean expression
    if (text == "f") return 0;
    int64_t value = 0;
    if (!absl::SimpleAtoi(text, &value)) {
      // A whole number stored as numeric (sum(), avg() of integers) comes with a point.
      double d = 0;
      if (!absl::SimpleAtod(text, &d)) {
        throw sql::Error(Kind::kCorrupt, absl::StrCat("not an integer: ", text.substr(0, 40)));
      }
      value = static_cast<int64_t>(d);
    }
    return value;
  }
  double ColumnDouble(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return 0;
    double value = 0;
    if (!absl::SimpleAtod(absl::string_view(f.c_str(), f.size()), &value)) {
      throw sql::Error(Kind::kCorrupt, "not a number");
    }
    return value;
  }
  std::string ColumnText(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return std::string();
    return std::string(f.c_str(), f.size());
  }
  std::string ColumnBlob(int index) override {
    pqxx::field f = Field(index);
    if (f.is_null()) return std::string();
    absl::string_view text(f.c_str(), f.size());
    if (result_.column_type(static_cast<pqxx::row::size_type>(index)) != kByteaOid) {
      return std::string(text);
    }
    if (!absl::StartsWith(text, "\\x")) {
      throw sql::Error(Kind::kCorrupt, "bytea not in hex form");
    }
    return absl::HexStringToBytes(text.substr(2));
  }

  void Prepare(const std::string& sql) {
    sql_ = sql;
    changes_ = ChangesRows(sql);
    try {
      try {
        c_.conn_->prepare(name_, NumberParameters(sql, &sources_));
      } catch (...) {
        Rethrow();
      }
    } catch (const sql::Error& e) {
      throw WithStatement(e);
    }
  }

 private:
  // The failure with the statement named, for the log; never its parameters.
  sql::Error WithStatement(const sql::Error& e) const {
    return sql::Error(e.kind(), absl::StrCat(absl::StripTrailingAsciiWhitespace(e.what()),
                                             " (statement: ", sql_.substr(0, 300), ")"));
  }
  void Grow(int index) {
    if (index < 1) throw sql::Error(Kind::kOther, "parameters are numbered from 1");
    if (values_.size() < static_cast<size_t>(index)) {
      values_.resize(index);
      null_.resize(index, true);
    }
  }
  void Set(int index, std::string value) {
    Grow(index);
    values_[index - 1] = std::move(value);
    null_[index - 1] = false;
  }
  void Execute() {
    // Only the parameters the statement uses go, in the order the server numbers them.
    std::vector<const char*> params(sources_.size(), nullptr);
    for (size_t i = 0; i < sources_.size(); ++i) {
      size_t from = static_cast<size_t>(sources_[i]) - 1;
      if (from < values_.size() && !null_[from]) params[i] = values_[from].c_str();
    }
    try {
      try {
        result_ = c_.transaction().exec_prepared(name_, pqxx::prepare::make_dynamic_params(params));
      } catch (...) {
        Rethrow();
      }
    } catch (const sql::Error& e) {
      throw WithStatement(e);
    }
    if (changes_) c_.Count(static_cast<int64_t>(result_.affected_rows()));
    ran_ = true;
    row_ = -1;
  }
  pqxx::field Field(int index) {
    if (row_ < 0 || row_ >= static_cast<int64_t>(result_.size())) {
      throw sql::Error(Kind::kOther, "a column read without a current row");
    }
    return result_[static_cast<pqxx::result::size_type>(row_)]
                  [static_cast<pqxx::row::size_type>(index)];
  }

  Connection& c_;
  const std::string name_;
  std::string sql_;
  std::vector<int> sources_;  // for each $N, the parameter it is
  bool changes_ = false;      // an INSERT, UPDATE or DELETE
  std::vector<std::string> values_;
  std::vector<bool> null_;
  pqxx::result result_;
  bool ran_ = false;
  int64_t row_ = -1;
};

Connection::Connection(const std::string& uri) {
  try {
    conn_ = std::make_unique<pqxx::connection>(WithTimeouts(uri));
    // A transaction left open by a stalled replica must not hold its locks for long.
    pqxx::nontransaction setup(*conn_);
    setup.exec("SET idle_in_transaction_session_timeout = '60s'");
  } catch (...) {
    Rethrow();
  }
}

Connection::~Connection() = default;

bool Connection::is_open() const { return conn_ != nullptr && conn_->is_open(); }

pqxx::transaction_base& Connection::transaction() {
  if (tx_ == nullptr) throw sql::Error(Kind::kOther, "a statement outside a transaction");
  return *tx_;
}

void Connection::Count(int64_t rows) {
  last_changes_ = rows;
  total_changes_ += rows;
}

sql::Statement& Connection::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto statement = std::make_unique<PgStatement>(*this, absl::StrCat("s", ++next_statement_));
    statement->Prepare(sql);
    it = statements_.emplace(sql, std::move(statement)).first;
  }
  it->second->Reset();
  return *it->second;
}

void Connection::Exec(const std::string& sql) {
  pqxx::result r;
  try {
    r = transaction().exec(sql);
  } catch (...) {
    Rethrow();
  }
  if (ChangesRows(sql)) Count(static_cast<int64_t>(r.affected_rows()));
}

[[noreturn]] void RethrowAsSqlError() { Rethrow(); }

}  // namespace forum::storage::postgresql
