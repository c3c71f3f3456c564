#include "server/open_database.h"

#include "gtest/gtest.h"

namespace forum::server {
namespace {

TEST(WithoutPasswordTest, LogsNeverShowAPassword) {
  EXPECT_EQ(WithoutPassword("postgresql://forum:s3cret@db.example.org:5432/forum"),
            "postgresql://forum@db.example.org:5432/forum");
  EXPECT_EQ(WithoutPassword("postgresql://forum@db/forum?password=s3cret&sslmode=require"),
            "postgresql://forum@db/forum?sslmode=require");
  EXPECT_EQ(WithoutPassword("postgresql://forum@db/forum?sslmode=require&password=s3cret"),
            "postgresql://forum@db/forum?sslmode=require");
  EXPECT_EQ(WithoutPassword("postgresql://forum@localhost:5432/forum?host=/tmp/pg"),
            "postgresql://forum@localhost:5432/forum?host=/tmp/pg");
  EXPECT_EQ(WithoutPassword("forum.db"), "forum.db");
}

}  // namespace
}  // namespace forum::server
