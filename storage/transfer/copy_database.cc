#include "storage/transfer/copy_database.h"

#include <openssl/sha.h>

#include <algorithm>
#include <map>
#include <set>

#include "SQLiteCpp/Statement.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "spdlog/spdlog.h"
#include "storage/sql/transaction.h"

namespace forum::storage::transfer {
namespace {

enum class Type { kInteger, kReal, kText, kBlob };

struct Column {
  std::string name;
  Type type;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> key;        // primary key columns, in order
  std::vector<std::string> refers_to;  // tables its foreign keys name
};

Type TypeOf(const std::string& declared) {
  if (declared == "INTEGER") return Type::kInteger;
  if (declared == "REAL") return Type::kReal;
  if (declared == "BLOB") return Type::kBlob;
  return Type::kText;
}

// An identifier as SQL names it: quoted, with its quotes doubled, whatever the file it came
// from holds.
std::string Quoted(const std::string& identifier) {
  return absl::StrCat("\"", absl::StrReplaceAll(identifier, {{"\"", "\"\""}}), "\"");
}

// The tables of the SQLite database, parents before the tables that refer to them.
std::vector<Table> ReadTables(sqlite::Connection& c) {
  std::vector<Table> tables;
  SQLite::Statement names(c.raw(),
                          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                          "'sqlite_%' ORDER BY name");
  while (names.executeStep()) tables.push_back({names.getColumn(0).getString(), {}, {}, {}});
  for (Table& t : tables) {
    SQLite::Statement info(c.raw(), absl::StrCat("PRAGMA table_info(", Quoted(t.name), ")"));
    std::map<int, std::string> key;
    while (info.executeStep()) {
      t.columns.push_back({info.getColumn(1).getString(), TypeOf(info.getColumn(2).getString())});
      int pk = info.getColumn(5).getInt();
      if (pk > 0) key[pk] = info.getColumn(1).getString();
    }
    for (auto& [position, name] : key) t.key.push_back(name);
    if (t.key.empty()) {
      for (const Column& column : t.columns) t.key.push_back(column.name);
    }
    SQLite::Statement fks(c.raw(), absl::StrCat("PRAGMA foreign_key_list(", Quoted(t.name), ")"));
    while (fks.executeStep()) t.refers_to.push_back(fks.getColumn(2).getString());
  }
  // Parents first; the change feed's log last.
  std::vector<Table> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    bool progress = false;
    for (const Table& t : tables) {
      if (placed.count(t.name) != 0 || t.name == "changes") continue;
      bool ready = std::all_of(t.refers_to.begin(), t.refers_to.end(), [&](const std::string& r) {
        return r == t.name || placed.count(r) != 0;
      });
      if (!ready) continue;
      ordered.push_back(t);
      placed.insert(t.name);
      progress = true;
    }
    if (!progress) break;
  }
  for (const Table& t : tables) {
    if (placed.count(t.name) == 0) ordered.push_back(t);  // `changes`, and any cycle
  }
  return ordered;
}

std::string SelectInKeyOrder(const Table& t, const std::vector<std::string>& columns) {
  std::vector<std::string> quoted;
  for (const std::string& c : columns) quoted.push_back(Quoted(c));
  std::vector<std::string> key;
  for (const std::string& c : t.key) key.push_back(Quoted(c));
  return absl::StrCat("SELECT ", absl::StrJoin(quoted, ", "), " FROM ", Quoted(t.name),
                      " ORDER BY ", absl::StrJoin(key, ", "));
}

std::vector<std::string> Names(const Table& t) {
  std::vector<std::string> names;
  for (const Column& c : t.columns) names.push_back(c.name);
  return names;
}

// A table's digest: every value with its type, in key order.
class Digest {
 public:
  Digest() { SHA256_Init(&ctx_); }
  void Add(bool null, Type type, const std::string& canonical) {
    std::string item = null ? std::string("N") : absl::StrCat(static_cast<int>(type), ":");
    if (!null) item += canonical;
    absl::StrAppend(&item, "|", item.size(), ";");
    SHA256_Update(&ctx_, item.data(), item.size());
  }
  std::string Hex() {
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256_Final(out, &ctx_);
    return absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(out), sizeof(out)));
  }

 private:
  SHA256_CTX ctx_;
};

std::string Canonical(Type type, sql::Field f) {
  switch (type) {
    case Type::kInteger:
      return absl::StrCat(f.Int64());
    case Type::kReal:
      return absl::StrFormat("%.17g", f.Double());
    case Type::kBlob:
      return absl::BytesToHexString(f.Blob());
    case Type::kText:
      break;
  }
  return f.String();
}

// Counts and digests a table through the engine-neutral statement interface.
TableCopy Summarize(sql::Connection& c, const Table& t) {
  TableCopy copy{t.name, 0, ""};
  Digest digest;
  sql::Statement& s = c.Prepare(SelectInKeyOrder(t, Names(t)));
  while (s.Step()) {
    ++copy.rows;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      sql::Field f = s.Column(static_cast<int>(i));
      bool null = f.IsNull();
      digest.Add(null, t.columns[i].type, null ? std::string() : Canonical(t.columns[i].type, f));
    }
  }
  copy.checksum = digest.Hex();
  return copy;
}

}  // namespace

absl::StatusOr<CopyReport> CopyDatabase(sqlite::Database& from, postgresql::Database& to) {
  auto target_version = to.SchemaVersion();
  if (!target_version.ok()) return target_version.status();
  if (from.SchemaVersion() != *target_version) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the SQLite database is at schema version ", from.SchemaVersion(),
        " and the PostgreSQL one at ", *target_version, "; copy with the forumd that runs both"));
  }
  std::vector<Table> tables;
  std::vector<TableCopy> source;
  CopyReport report;
  // One read transaction of the source (the copy is of one moment of it) and one write of the
  // target: the rows are summarized, copied, and summarized again on the target before it
  // commits, so a copy that does not match is rolled back, never left half proven.
  absl::Status copied = from.ReadTx([&](sqlite::Connection& src) -> absl::Status {
    tables = ReadTables(src);
    for (const Table& t : tables) source.push_back(Summarize(src, t));
    return to.Transact(true, nullptr, [&](storage::Tx& tx) -> absl::Status {
      report = CopyReport();  // a run again after a lost connection starts over
      sql::Connection& dst = static_cast<sql::Tx&>(tx).connection();
      // Only the tables the target's schema has, by their exact names.
      for (const Table& t : tables) {
        sql::Statement& exists = dst.Prepare(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = ?1");
        exists.Bind(1, t.name);
        exists.Step();
        if (exists.Column(0).Int64() != 1) {
          return absl::FailedPreconditionError(
              absl::StrCat("the SQLite database has a table the PostgreSQL one has not: ",
                           absl::CHexEscape(t.name.substr(0, 64))));
        }
      }
      for (const char* own : {"tokens", "audit_records"}) {
        sql::Statement& count = dst.Prepare(absl::StrCat("SELECT count(*) FROM ", own));
        count.Step();
        if (count.Column(0).Int64() != 0) {
          return absl::FailedPreconditionError(absl::StrCat(
              "the PostgreSQL database already holds ", own,
              " of its own: copy into a new, empty database (forumd migrate never merges)"));
        }
      }
      // The rows are copied as they are: no trigger adds to them (the change feed's log, order
      // tags, the token generation come from the source). Foreign keys stay checked. Turning
      // triggers off is part of the transaction: a copy that fails turns nothing off.
      for (const Table& t : tables) {
        dst.Exec(absl::StrCat("ALTER TABLE ", Quoted(t.name), " DISABLE TRIGGER USER"));
      }
      for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
        dst.Exec(absl::StrCat("DELETE FROM ", Quoted(it->name)));
      }
      for (const Table& t : tables) {
        std::vector<std::string> names = Names(t);
        std::vector<std::string> marks;
        for (size_t i = 0; i < names.size(); ++i) marks.push_back(absl::StrCat("?", i + 1));
        std::vector<std::string> quoted;
        for (const std::string& n : names) quoted.push_back(Quoted(n));
        // A table whose rows SQLite numbers itself (tokens' rowid) keeps those numbers.
        bool has_rowid = false;
        {
          sql::Statement& probe = dst.Prepare(
              "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
              "current_schema() AND table_name = ?1 AND column_name = 'rowid'");
          probe.Bind(1, t.name);
          probe.Step();
          has_rowid = probe.Column(0).Int64() > 0 &&
                      std::find(names.begin(), names.end(), "rowid") == names.end();
        }
        std::string select = SelectInKeyOrder(t, names);
        if (has_rowid) {
          quoted.push_back("rowid");
          marks.push_back(absl::StrCat("?", names.size() + 1));
          select = absl::StrCat("SELECT *, rowid FROM ", Quoted(t.name));
        }
        sql::Statement& insert = dst.Prepare(
            absl::StrCat("INSERT INTO ", Quoted(t.name), " (", absl::StrJoin(quoted, ", "),
                         ") OVERRIDING SYSTEM VALUE VALUES (", absl::StrJoin(marks, ", "), ")"));
        SQLite::Statement rows(src.raw(), select);
        const int width = rows.getColumnCount();
        while (rows.executeStep()) {
          insert.Reset();
          for (int i = 0; i < width; ++i) {
            SQLite::Column v = rows.getColumn(i);
            if (v.isNull()) {
              insert.BindNull(i + 1);
            } else if (v.isInteger()) {
              insert.Bind(i + 1, v.getInt64());
            } else if (v.isFloat()) {
              insert.Bind(i + 1, v.getDouble());
            } else if (v.isBlob()) {
              insert.BindBlob(i + 1, absl::string_view(static_cast<const char*>(v.getBlob()),
                                                       static_cast<size_t>(v.getBytes())));
            } else {
              insert.Bind(i + 1, v.getString());
            }
          }
          insert.Run();
        }
      }
      // Numbers the target gives from now on follow the ones copied.
      sql::Statement& identities = dst.Prepare(
          "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
          "current_schema() AND is_identity = 'YES'");
      std::vector<std::pair<std::string, std::string>> numbered;
      while (identities.Step()) {
        numbered.emplace_back(identities.Column(0).String(), identities.Column(1).String());
      }
      for (const auto& [table, column] : numbered) {
        dst.Exec(absl::StrCat("SELECT setval(pg_get_serial_sequence('", Quoted(table), "', '",
                              column, "'), coalesce((SELECT max(", Quoted(column), ") FROM ",
                              Quoted(table), "), 0) + 1, false)"));
      }
      for (const Table& t : tables) {
        dst.Exec(absl::StrCat("ALTER TABLE ", Quoted(t.name), " ENABLE TRIGGER USER"));
      }
      // Proof: every table, counted and digested again on the target, as it was on the source.
      for (size_t i = 0; i < tables.size(); ++i) {
        TableCopy copy = Summarize(dst, tables[i]);
        if (copy.rows != source[i].rows || copy.checksum != source[i].checksum) {
          return absl::DataLossError(absl::StrCat(
              "table ", tables[i].name, " differs after the copy: ", source[i].rows, " rows (",
              source[i].checksum.substr(0, 12), ") in SQLite, ", copy.rows, " rows (",
              copy.checksum.substr(0, 12), ") in PostgreSQL; nothing was kept"));
        }
        report.rows += copy.rows;
        report.tables.push_back(std::move(copy));
      }
      return absl::OkStatus();
    });
  });
  if (!copied.ok()) return copied;
  return report;
}

}  // namespace forum::storage::transfer
