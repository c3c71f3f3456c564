#include "storage/sqlite/database.h"

#include <fstream>

#include "SQLiteCpp/Database.h"
#include "SQLiteCpp/Statement.h"
#include "domain/order_key.h"
#include "forum/v1/event.pb.h"
#include "gtest/gtest.h"
#include "storage/migrations/migrations.h"
#include "storage/sql/transaction.h"
#include "tests/support/temp_dir.h"

namespace forum::storage::sqlite {
namespace {

using forum::testing::TempDir;

std::unique_ptr<Database> OpenAt(const std::string& path) {
  DatabaseOptions options;
  options.path = path;
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

int64_t Count(Database& db, const std::string& sql) {
  int64_t n = -1;
  EXPECT_TRUE(db.ReadTx([&](Connection& c) {
                  n = c.raw().execAndGet(sql).getInt64();
                  return absl::OkStatus();
                }).ok());
  return n;
}

TEST(DatabaseTest, NewDatabaseIsMigratedAndSeeded) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  EXPECT_EQ(db->SchemaVersion(), static_cast<int>(Migrations().size()));
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM entities WHERE kind = 1"), 193);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM entities WHERE regional_group = 3"), 23);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM events WHERE kind = 3"), 10);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM events WHERE kind IN (3, 5)"), 11);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM sessions WHERE event_id = 'hld-2006'"), 6);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM sessions WHERE times_indicative = 1"), 6);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM themes WHERE event_id = 'hld-2006' AND number <= 17"),
            17);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM round_tables"), 7);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM event_outcomes WHERE symbol = 'A/61/515'"), 1);
  EXPECT_EQ(Count(*db,
                  "SELECT count FROM event_participation WHERE event_id = 'hld-2006' "
                  "AND position = 0"),
            127);
  EXPECT_EQ(Count(*db,
                  "SELECT count(*) FROM event_follow_ups WHERE event_id = 'gfmd-2007' "
                  "AND follows_up = 'hld-2006'"),
            1);
  EXPECT_TRUE(db->IntegrityCheck().ok());
}

// The reference chair's summary was written with positions only (migration 0008, before order
// keys); migration 0013 gives every section and paragraph the key of its position, the key they
// were read with before, so SQL can order them by key.
TEST(DatabaseTest, RowsFromBeforeOrderKeysAreGivenTheKeyOfTheirPosition) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM document_paragraphs WHERE order_key IS NULL"), 0);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM document_sections WHERE order_key IS NULL"), 0);
  int checked = 0;
  ASSERT_TRUE(db->ReadTx([&](Connection& c) {
                  SQLite::Statement s(c.raw(),
                                      "SELECT position, order_key FROM document_paragraphs "
                                      "WHERE event_id = 'hld-2006'");
                  while (s.executeStep()) {
                    EXPECT_EQ(s.getColumn(1).getString(),
                              domain::KeyFromLegacyPosition(s.getColumn(0).getDouble()));
                    ++checked;
                  }
                  return absl::OkStatus();
                }).ok());
  EXPECT_GT(checked, 10);
  EXPECT_EQ(Count(*db,
                  "SELECT count(*) FROM document_sections s WHERE paragraph_count != (SELECT "
                  "count(*) FROM document_paragraphs p WHERE p.event_id = s.event_id AND "
                  "p.document_id = s.document_id AND p.section_id = s.section_id)"),
            0);
  EXPECT_GT(Count(*db, "SELECT sum(paragraph_count) FROM document_sections"), 10);
}

// A database left by a server before migration 0013, with two paragraphs tied on one position
// (as floating-point midpoints left them) and a section keyed by nothing but its position: the
// migration keys every row as it was read before and counts each section's paragraphs.
TEST(DatabaseTest, AnOlderDatabaseIsKeyedAndCountedByMigration13) {
  TempDir dir;
  const std::string path = dir.File("old.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA foreign_keys = ON");
    ASSERT_GE(Migrations().size(), 13u);
    for (int i = 0; i < 12; ++i) raw.exec(Migrations()[i].sql);
    raw.exec("PRAGMA user_version = 12");
    raw.exec(
        "INSERT INTO document_sections (event_id, document_id, section_id, position, title) "
        "VALUES ('hld-2006', 'chair-summary', 900, 7.25, 'Added late')");
    raw.exec(
        "INSERT INTO document_paragraphs (event_id, document_id, paragraph_id, section_id, "
        "position, text) VALUES ('hld-2006', 'chair-summary', 901, 900, 0.5, 'First.'), "
        "('hld-2006', 'chair-summary', 902, 900, 0.5, 'Tied with the first.'), "
        "('hld-2006', 'chair-summary', 903, 900, -3.0, 'Before both.')");
  }
  auto db = OpenAt(path);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->SchemaVersion(), static_cast<int>(Migrations().size()));
  EXPECT_EQ(Count(*db,
                  "SELECT count(*) FROM document_paragraphs WHERE section_id = 900 AND "
                  "order_key = '" +
                      domain::KeyFromLegacyPosition(0.5) + "'"),
            2);
  EXPECT_EQ(Count(*db,
                  "SELECT count(*) FROM document_paragraphs WHERE paragraph_id = 903 AND "
                  "order_key = '" +
                      domain::KeyFromLegacyPosition(-3.0) + "'"),
            1);
  EXPECT_EQ(
      Count(*db, "SELECT count(*) FROM document_sections WHERE section_id = 900 AND order_key = '" +
                     domain::KeyFromLegacyPosition(7.25) + "' AND paragraph_count = 3"),
      1);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM document_paragraphs WHERE order_key IS NULL"), 0);
  EXPECT_TRUE(db->IntegrityCheck().ok());
}

TEST(DatabaseTest, PragmasAreSet) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  ASSERT_TRUE(db->WriteTx([](Connection& c) {
                  EXPECT_EQ(c.raw().execAndGet("PRAGMA journal_mode").getString(), "wal");
                  EXPECT_EQ(c.raw().execAndGet("PRAGMA foreign_keys").getInt(), 1);
                  EXPECT_EQ(c.raw().execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
                  return absl::OkStatus();
                }).ok());
}

TEST(DatabaseTest, SecondOpenDoesNotSeedAgainAndKeepsChanges) {
  TempDir dir;
  {
    auto db = OpenAt(dir.File("f.db"));
    ASSERT_TRUE(db->WriteTx([](Connection& c) {
                    c.Exec("UPDATE entities SET description = 'kept' WHERE code = 'bel'");
                    return absl::OkStatus();
                  }).ok());
  }
  auto db = OpenAt(dir.File("f.db"));
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM entities WHERE kind = 1"), 193);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM events"), 16);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM entities WHERE description = 'kept'"), 1);
}

TEST(DatabaseTest, RefusesADatabaseFromANewerServer) {
  TempDir dir;
  {
    SQLite::Database raw(dir.File("f.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA user_version = 999");
  }
  DatabaseOptions options;
  options.path = dir.File("f.db");
  auto db = Database::Open(options);
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(DatabaseTest, RefusedWriteChangesNothing) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  absl::Status status = db->WriteTx([](Connection& c) {
    c.Exec("DELETE FROM entities WHERE code = 'vat'");
    return absl::FailedPreconditionError("refused after the delete");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM entities WHERE code = 'vat'"), 1);
}

// Prepared statements: a statement that has run to its end runs again only after Prepare hands
// it back reset (SQLite alone would start it over, repeating its change), and an engine error
// on one is classified as any other.
TEST(DatabaseTest, APreparedStatementRunsAgainOnlyOnceReset) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  const std::string append =
      "UPDATE entities SET description = coalesce(description, '') || 'x' WHERE code = ?";
  absl::Status twice = db->WriteTx([&](Connection& c) {
    sql::Statement& s = c.Prepare(append);
    s.Bind(1, "bel");
    EXPECT_EQ(s.Run(), 1);
    s.Run();
    return absl::OkStatus();
  });
  EXPECT_EQ(twice.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM entities WHERE description LIKE '%x'"), 0);
  absl::Status reset = db->WriteTx([&](Connection& c) {
    for (int i = 0; i < 2; ++i) {
      sql::Statement& s = c.Prepare(append);
      s.Bind(1, "bel");
      EXPECT_EQ(s.Run(), 1);
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(reset.ok()) << reset;
  EXPECT_EQ(Count(*db,
                  "SELECT count(*) FROM entities WHERE code = 'bel' AND description LIKE "
                  "'%xx'"),
            1);
  absl::Status duplicate = db->WriteTx([](Connection& c) {
    sql::Statement& s =
        c.Prepare("INSERT INTO entities (code, display_name, kind) VALUES (?, ?, 1)");
    s.Bind(1, "bel");
    s.Bind(2, "Again");
    s.Run();
    return absl::OkStatus();
  });
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists);
}

TEST(DatabaseTest, SqliteErrorsBecomeStatusesAndRollBack) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  absl::Status status = db->WriteTx([](Connection& c) {
    c.Exec("DELETE FROM entities WHERE code = 'vat'");
    // A second row with the same primary key: a constraint violation.
    c.Exec("INSERT INTO entities (code, display_name, kind) VALUES ('bel', 'Again', 1)");
    return absl::OkStatus();
  });
  // One writer runs every check in its transaction: a constraint hit is a check the services
  // missed, answered for what the constraint means and marked as the server's defect.
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(status.message().find("the server missed this check"), absl::string_view::npos);
  EXPECT_EQ(status.message().find("INSERT"), absl::string_view::npos) << "no SQL in messages";
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM entities WHERE code = 'vat'"), 1);
  absl::Status dangling = db->WriteTx([](Connection& c) {
    c.Exec(
        "INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time) "
        "VALUES ('no-such-event', 's', 1, 'x', 0, 1)");
    return absl::OkStatus();
  });
  EXPECT_EQ(dangling.code(), absl::StatusCode::kFailedPrecondition) << dangling;
  absl::Status missing = db->WriteTx([](Connection& c) {
    c.Exec("INSERT INTO entities (code, display_name, kind) VALUES ('zzz', NULL, 1)");
    return absl::OkStatus();
  });
  EXPECT_EQ(missing.code(), absl::StatusCode::kInternal) << missing;
  EXPECT_NE(missing.message().find("the server missed this check"), absl::string_view::npos);
  absl::Status bad_sql = db->ReadTx([](Connection& c) {
    c.Prepare("SELECT nonsense FROM nowhere");
    return absl::OkStatus();
  });
  EXPECT_EQ(bad_sql.code(), absl::StatusCode::kInternal);
}

TEST(DatabaseTest, ReadersSeeEachCommittedWrite) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  const std::string read = "SELECT count(*) FROM entities WHERE description = ?";
  for (int round = 1; round <= 3; ++round) {
    ASSERT_TRUE(db->WriteTx([&](Connection& c) {
                    auto& s = c.Prepare(
                        "UPDATE entities SET description = 'seen' WHERE code = "
                        "(SELECT code FROM entities WHERE description <> 'seen' "
                        "ORDER BY code LIMIT 1)");
                    s.Run();
                    return absl::OkStatus();
                  }).ok());
    // The same cached statement, stepped once and left, must not pin an old snapshot.
    int64_t seen = 0;
    ASSERT_TRUE(db->ReadTx([&](Connection& c) {
                    auto& s = c.Prepare(read);
                    s.Bind(1, "seen");
                    s.Step();
                    seen = s.Column(0).Int64();
                    return absl::OkStatus();
                  }).ok());
    EXPECT_EQ(seen, round);
  }
}

TEST(DatabaseTest, WriteAndReadReturnValues) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  absl::StatusOr<int> value = db->Read([](storage::Tx& tx) -> absl::StatusOr<int> {
    EXPECT_FALSE(tx.writes());
    return ConnectionOf(tx).raw().execAndGet("SELECT 41 + 1").getInt();
  });
  EXPECT_EQ(*value, 42);
  absl::StatusOr<int> refused = db->Write(
      nullptr, [](storage::Tx&) -> absl::StatusOr<int> { return absl::NotFoundError("nothing"); });
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kNotFound);
}

TEST(DatabaseTest, EveryTransactionIsCounted) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  int64_t before = db->transactions();
  (void)db->Read([](storage::Tx&) { return absl::OkStatus(); });
  (void)db->Write(nullptr, [](storage::Tx&) { return absl::NotFoundError("refused"); });
  ASSERT_TRUE(db->WriteTx([](Connection&) { return absl::OkStatus(); }).ok());
  EXPECT_EQ(db->transactions() - before, 3);
}

// The audit record travels with the change: appended by the transaction it was handed to, only
// when that transaction changed rows and committed, naming the resource the answer names.
TEST(DatabaseTest, AWriteCommitsWithTheAuditRecordItCarries) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  auto records = [&] { return Count(*db, "SELECT count(*) FROM audit_records"); };
  int64_t start = records();
  AuditScope quiet(
      {"tokens/aaaaaaaaaaaa", "Reader", "/forum.v1.EventService/UpdateEvent", "events/none", ""});
  ASSERT_TRUE(db->Write(&quiet, [](storage::Tx& tx) {
                  EXPECT_EQ(tx.caller(), "tokens/aaaaaaaaaaaa");
                  return absl::OkStatus();
                }).ok());
  EXPECT_EQ(records(), start) << "a write that changed nothing leaves no record";

  AuditScope refused({"tokens/aaaaaaaaaaaa", "Reader", "/forum.v1.EventService/UpdateEvent",
                      "events/hld-2006", ""});
  EXPECT_FALSE(db->Write(&refused, [](storage::Tx& tx) {
                   ConnectionOf(tx).Exec(
                       "UPDATE events SET title = 'x' WHERE event_id = 'hld-2006'");
                   return absl::FailedPreconditionError("refused");
                 }).ok());
  EXPECT_EQ(records(), start) << "a refused write is rolled back with its record";
  EXPECT_EQ(Count(*db, "SELECT count(*) FROM events WHERE title = 'x'"), 0);

  v1::Event answer;
  answer.set_name("events/hld-2006");
  AuditScope made({"tokens/bbbbbbbbbbbb", "Chair", "/forum.v1.EventService/UpdateEvent",
                   "events/other", "r-1"});
  auto written = db->Write(&made, [&](storage::Tx& tx) -> absl::StatusOr<v1::Event> {
    ConnectionOf(tx).Exec("UPDATE events SET title = title WHERE event_id = 'hld-2006'");
    return answer;
  });
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(records(), start + 1);
  EXPECT_EQ(Count(*db,
                  "SELECT count(*) FROM audit_records WHERE caller = 'tokens/bbbbbbbbbbbb' AND "
                  "resource = 'events/hld-2006' AND request_id = 'r-1'"),
            1);
  // Another write without a record attached writes none: nothing is left over from the last.
  ASSERT_TRUE(db->WriteTx([](Connection& c) {
                  c.Exec("UPDATE events SET title = title WHERE event_id = 'hld-2006'");
                  return absl::OkStatus();
                }).ok());
  EXPECT_EQ(records(), start + 1);
}

// A backup that fails midway hands its reader back: with one reader allowed, reads go on.
TEST(DatabaseTest, AFailedBackupReturnsItsReader) {
  TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("f.db");
  options.max_readers = 1;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status();
  {
    std::ofstream garbage(dir.File("not-a-db"));
    garbage << std::string(8192, 'x');
  }
  EXPECT_FALSE((*db)->Backup(dir.File("not-a-db")).ok());
  EXPECT_EQ(Count(**db, "SELECT 7"), 7);
  EXPECT_FALSE((*db)->Backup(dir.File("not-a-db")).ok());
  EXPECT_EQ(Count(**db, "SELECT 8"), 8);
}

TEST(DatabaseTest, OnlineBackupCopiesEverything) {
  TempDir dir;
  auto db = OpenAt(dir.File("f.db"));
  ASSERT_TRUE(db->Backup(dir.File("copy.db")).ok());
  SQLite::Database copy(dir.File("copy.db"), SQLite::OPEN_READONLY);
  EXPECT_EQ(copy.execAndGet("SELECT count(*) FROM entities").getInt(),
            Count(*db, "SELECT count(*) FROM entities"));
  EXPECT_EQ(copy.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST(DurabilityTest, ParsesItsNames) {
  EXPECT_EQ(*ParseDurability("full"), Durability::kFull);
  EXPECT_EQ(*ParseDurability("process"), Durability::kProcess);
  EXPECT_EQ(ParseDurability("fast").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace forum::storage::sqlite
