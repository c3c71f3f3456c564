// forumd migrate's copy: a SQLite database in use (reference data, a token, its audit record, a
// new event, the change feed's log) into a new PostgreSQL database, verified table by table.
#include <memory>

#include "gtest/gtest.h"
#include "services/access.h"
#include "storage/transfer/copy_database.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace forum::storage::transfer {
namespace {

using forum::testing::Engine;

class CopyDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite::DatabaseOptions options;
    options.path = dir_.File("forum.db");
    options.durability = sqlite::Durability::kProcess;
    auto source = sqlite::Database::Open(options);
    ASSERT_TRUE(source.ok()) << source.status();
    source_ = std::move(*source);
    auto target = target_db_.Open();
    ASSERT_TRUE(target.ok()) << target.status();
    target_holder_ = std::move(*target);
    target_ = dynamic_cast<postgresql::Database*>(target_holder_.get());
    ASSERT_NE(target_, nullptr);
  }

  forum::testing::TempDir dir_;
  std::unique_ptr<sqlite::Database> source_;
  forum::testing::TestDatabase target_db_{dir_, Engine::kPostgres};
  std::unique_ptr<storage::Database> target_holder_;
  postgresql::Database* target_ = nullptr;
};

TEST_F(CopyDatabaseTest, ADatabaseInUseIsCopiedAndEveryTableVerified) {
  services::Access source_access(*source_);
  auto admin = source_access.Bootstrap();  // a token and its audit record
  ASSERT_TRUE(admin.ok() && admin->has_value());
  v1::Event e;
  e.set_title("Copied consultation");
  e.set_kind(v1::EVENT_KIND_CONSULTATION);
  e.set_venue("Geneva");
  e.set_time_zone("Europe/Zurich");
  e.set_start_date("2027-01-10");
  e.set_end_date("2027-01-11");
  e.set_state(v1::EVENT_STATE_PLANNED);
  ASSERT_TRUE(source_
                  ->Write(nullptr,
                          [&](Tx& tx) {
                            tx.events().Insert("copy-2027", e, 1000000);
                            return absl::OkStatus();
                          })
                  .ok());
  auto head = source_->Read([](Tx& tx) -> absl::StatusOr<int64_t> { return tx.changes().Head(); });
  ASSERT_TRUE(head.ok());

  auto report = CopyDatabase(*source_, *target_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GE(report->tables.size(), 30u);
  int64_t rows = 0;
  for (const auto& t : report->tables) {
    EXPECT_EQ(t.checksum.size(), 64u) << t.table;
    rows += t.rows;
    if (t.table == "tokens" || t.table == "audit_records") EXPECT_EQ(t.rows, 1) << t.table;
  }
  EXPECT_EQ(rows, report->rows);
  for (const auto& t : report->tables) {
    if (t.table == "entities") EXPECT_GE(t.rows, 193) << "the reference data came along";
    if (t.table == "document_paragraphs") EXPECT_GT(t.rows, 0) << "the chair's summary too";
    if (t.table == "changes") EXPECT_GT(t.rows, 0) << "and the change feed's log";
  }

  // What was copied is what the services read on PostgreSQL, and the new server goes on from it.
  auto token = target_->Read([&](Tx& tx) -> absl::StatusOr<std::string> {
    auto found = tx.tokens().Find((*admin)->token().name().substr(7));
    if (!found) return absl::NotFoundError("no token");
    return found->token.display_name();
  });
  ASSERT_TRUE(token.ok()) << token.status();
  auto copied = target_->Read([](Tx& tx) { return tx.events().Get("copy-2027"); });
  ASSERT_TRUE(copied.ok()) << copied.status();
  EXPECT_EQ(copied->title(), "Copied consultation");
  auto copied_head =
      target_->Read([](Tx& tx) -> absl::StatusOr<int64_t> { return tx.changes().Head(); });
  ASSERT_TRUE(copied_head.ok());
  EXPECT_EQ(*copied_head, *head) << "the change feed goes on from the same revision";
  services::Access target_access(*target_);
  v1::CreateTokenRequest more;
  more.mutable_token()->set_display_name("After the move");
  more.mutable_token()->add_bindings()->set_role(v1::ROLE_READER);
  storage::AuditScope audit({"local/forumd", "forumd", "test", "", ""});
  auto made = target_access.CreateToken(more, "tests", &audit);
  ASSERT_TRUE(made.ok()) << made.status() << ": numbering went on after the copied rows";
  auto after = target_->Read([](Tx& tx) -> absl::StatusOr<int64_t> { return tx.changes().Head(); });
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(target_db_.CountRows("audit_records"), 2);

  // A database with data of its own is never overwritten.
  EXPECT_EQ(CopyDatabase(*source_, *target_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(target_db_.CountRows("tokens"), 2);
}

}  // namespace
}  // namespace forum::storage::transfer
