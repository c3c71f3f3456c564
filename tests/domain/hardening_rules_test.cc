// Rules that bound what a hostile caller can do: rate limits, etag forms, loopback addresses.
#include <string>

#include "domain/access.h"
#include "domain/etag.h"
#include "domain/rate_limit.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

constexpr int64_t kSecond = 1000000;

TEST(RateLimiterTest, GrantsTheBurstThenRefusesWithTheTimeToWait) {
  RateLimiter limiter(RateLimit{2, 5});  // 2 a second, 5 at once
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Take("tokens/a", 0), 0) << i;
  EXPECT_EQ(limiter.Take("tokens/a", 0), kSecond / 2);
  // Half a second later one permit is back, and only one.
  EXPECT_EQ(limiter.Take("tokens/a", kSecond / 2), 0);
  EXPECT_GT(limiter.Take("tokens/a", kSecond / 2), 0);
}

TEST(RateLimiterTest, KeysHaveTheirOwnBuckets) {
  RateLimiter limiter(RateLimit{1, 1});
  EXPECT_EQ(limiter.Take("tokens/a", 0), 0);
  EXPECT_GT(limiter.Take("tokens/a", 0), 0);
  EXPECT_EQ(limiter.Take("tokens/b", 0), 0);
}

TEST(RateLimiterTest, RefillStopsAtTheBurstAndIgnoresAClockGoingBack) {
  RateLimiter limiter(RateLimit{10, 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("k", 0), 0);
  // An hour idle gives back the burst, not 36,000 permits.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("k", 3600 * kSecond), 0);
  EXPECT_GT(limiter.Take("k", 3600 * kSecond), 0);
  // The clock steps back: nothing is added, nothing breaks.
  EXPECT_GT(limiter.Take("k", 0), 0);
}

TEST(RateLimiterTest, ZeroRateMeansUnlimited) {
  RateLimiter limiter(RateLimit{0, 1});
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(limiter.Take("k", 0), 0);
  EXPECT_EQ(limiter.KeyCount(), 0u);
}

TEST(RateLimiterTest, TheNumberOfKeysIsBounded) {
  RateLimiter limiter(RateLimit{1, 1}, 100);
  // Every key stays busy (its bucket empty), so eviction has to drop the oldest.
  for (int i = 0; i < 10000; ++i) limiter.Take("tokens/" + std::to_string(i), i);
  EXPECT_LE(limiter.KeyCount(), 100u);
  EXPECT_GT(limiter.KeyCount(), 0u);
}

TEST(EtagTest, OnlyTheFormsTheServerIssuesAreWellFormed) {
  EXPECT_TRUE(IsWellFormedEtag(EtagOf(1)));
  EXPECT_TRUE(IsWellFormedEtag(EtagOf(0)));
  EXPECT_TRUE(IsWellFormedEtag(EtagOf(123456789012345678)));
  for (const char* bad : {"x", "W/\"\"", "W/\"01\"", "W/\"-1\"", "\"3\"", "W/3", "W/\"3",
                          "W/\"1234567890123456789\"", "W/\"3\" ", "W/\"3a\""}) {
    EXPECT_FALSE(IsWellFormedEtag(bad)) << bad;
  }
}

TEST(EtagTest, MalformedIsInvalidArgumentAndStaleIsAborted) {
  EXPECT_TRUE(CheckEtag("", "W/\"2\"", "t", "n").ok());
  EXPECT_TRUE(CheckEtag("W/\"2\"", "W/\"2\"", "t", "n").ok());
  EXPECT_EQ(CheckEtag("W/\"1\"", "W/\"2\"", "t", "n").code(), absl::StatusCode::kAborted);
  absl::Status bad = CheckEtag("garbage", "W/\"2\"", "t", "n", "event.etag");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolationsOf(bad).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(bad)[0].field, "event.etag");
}

TEST(LoopbackTest, OnlyAddressesOnThisMachine) {
  for (const char* local : {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "[::1]:50051",
                            "unix:/tmp/forum.sock", "ipv4:127.0.0.1:5", "dns:///localhost:1"}) {
    EXPECT_TRUE(IsLoopbackAddress(local)) << local;
  }
  for (const char* remote : {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", "forum.example:443",
                             "127.example.org:50051", "[::1", "192.168.1.2:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(remote)) << remote;
  }
}

}  // namespace
}  // namespace forum::domain
