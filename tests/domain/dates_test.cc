#include "domain/dates.h"

#include "gtest/gtest.h"

namespace forum::domain {
namespace {

TEST(ParseDateTest, AcceptsRealDaysOnly) {
  EXPECT_TRUE(ParseDate("2006-09-14").ok());
  EXPECT_TRUE(ParseDate("2008-02-29").ok());
  for (const char* bad :
       {"2007-02-29", "2006-13-01", "2006-9-14", "14/09/2006", "2006-09-14T10", "", "0000-01-01"}) {
    EXPECT_FALSE(ParseDate(bad).ok()) << bad;
  }
}

TEST(LoadZoneTest, AcceptsIanaNames) {
  EXPECT_TRUE(LoadZone("America/New_York").ok());
  EXPECT_TRUE(LoadZone("Europe/Brussels").ok());
  EXPECT_TRUE(LoadZone("UTC").ok());
  EXPECT_FALSE(LoadZone("Mars/Olympus_Mons").ok());
  EXPECT_FALSE(LoadZone("EST5").ok());
  EXPECT_FALSE(LoadZone("").ok());
}

TEST(DaysWindowTest, CoversWholeLocalDays) {
  // New York is at UTC-4 in September 2006 (daylight saving time).
  auto window = DaysWindow("2006-09-14", "2006-09-15", "America/New_York");
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", window->begin, absl::UTCTimeZone()),
            "2006-09-14T04:00:00Z");
  EXPECT_EQ(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", window->end, absl::UTCTimeZone()),
            "2006-09-16T04:00:00Z");
}

TEST(MicrosTest, RoundTripsIncludingBeforeEpoch) {
  for (int64_t micros : {int64_t{0}, int64_t{1158242400000000}, int64_t{-1}, int64_t{-1500001}}) {
    EXPECT_EQ(ToMicros(FromMicros(micros)), micros);
    EXPECT_TRUE(IsValidTimestamp(FromMicros(micros)));
  }
  google::protobuf::Timestamp bad;
  bad.set_nanos(-1);
  EXPECT_FALSE(IsValidTimestamp(bad));
  bad.set_nanos(0);
  bad.set_seconds(253402300800);
  EXPECT_FALSE(IsValidTimestamp(bad));
}

}  // namespace
}  // namespace forum::domain
