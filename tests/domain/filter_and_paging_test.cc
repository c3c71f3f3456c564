#include "domain/errors.h"
#include "domain/filter.h"
#include "domain/page_token.h"
#include "forum/v1/delegation.pb.h"
#include "forum/v1/entity.pb.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

const FilterSchema& Schema() {
  static const FilterSchema schema = {
      {"state", v1::DelegationState_descriptor()},
      {"regional_group", v1::RegionalGroup_descriptor()},
  };
  return schema;
}

TEST(ParseFilterTest, ReadsTermsWithOrWithoutPrefix) {
  auto parsed =
      ParseFilter("state = ACCREDITED AND regional_group=REGIONAL_GROUP_AFRICAN", Schema());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)["state"], v1::DELEGATION_STATE_ACCREDITED);
  EXPECT_EQ((*parsed)["regional_group"], v1::REGIONAL_GROUP_AFRICAN);
  EXPECT_TRUE(ParseFilter("  ", Schema())->empty());
}

TEST(ParseFilterTest, RefusesWhatItCannotRead) {
  for (const char* bad : {"state = NOPE", "colour = RED", "state ACCREDITED",
                          "state = ACCREDITED AND state = PENDING", "state = UNSPECIFIED",
                          "state = ACCREDITED OR state = PENDING"}) {
    auto parsed = ParseFilter(bad, Schema());
    ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(FieldViolationsOf(parsed.status())[0].field, "filter") << bad;
  }
}

TEST(PageTokenTest, RoundTripsAndIsBoundToItsQuery) {
  std::string token = EncodePageToken("state = PENDING", "bel");
  EXPECT_EQ(*DecodePageToken(token, "state = PENDING"), "bel");
  EXPECT_EQ(DecodePageToken(token, "state = ACCREDITED").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePageToken("not a token", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*DecodePageToken("", "x"), "");
}

TEST(PageSizeTest, DefaultsAndCaps) {
  EXPECT_EQ(*PageSize(0), 50);
  EXPECT_EQ(*PageSize(7), 7);
  EXPECT_EQ(*PageSize(5000), 1000);
  EXPECT_EQ(PageSize(-1).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace forum::domain
