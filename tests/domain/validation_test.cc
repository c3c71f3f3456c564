#include "domain/validation.h"

#include <string>

#include "forum/v1/delegation.pb.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

TEST(CodePointsTest, CountsCharactersNotBytes) {
  EXPECT_EQ(CodePoints("abc"), 3);
  EXPECT_EQ(CodePoints("Régine"), 6);
  EXPECT_EQ(CodePoints("山田"), 2);
  EXPECT_EQ(CodePoints("\xF0\x9F\x8C\x8D"), 1);
  EXPECT_EQ(CodePoints("\xC3"), -1);
  EXPECT_EQ(CodePoints("\x80"), -1);
}

TEST(ValidatorTest, CollectsEveryViolation) {
  Validator v;
  v.Text("a", "", 10, true);
  v.Text("b", std::string(11, 'x'), 10, true);
  v.Text("c", "line\nbreak", 100, false);
  v.Text("d", "line\nbreak", 100, false, true);
  v.Text("e", "   ", 10, true);
  v.Date("f", "2007-02-30", true);
  v.Enum("g", 99, v1::ProtocolRank_IsValid, false);
  v.Enum("h", 0, v1::ProtocolRank_IsValid, true);
  v.Email("i", "no-at-sign");
  v.RequestId("j", "has space");
  v.Range("k", 0, 1, 5);
  v.Count("l", 101, 100);
  absl::Status status = v.Finish();
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& violation : FieldViolationsOf(status)) fields.push_back(violation.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"a", "b", "c", "e", "f", "g", "h", "i", "j", "k", "l"}));
}

TEST(ValidatorTest, KeepsUnicodeWithinLimits) {
  Validator v;
  v.Text("name", "Régine De Clercq", 16, true);
  v.Text("name", std::string("山", 3) + std::string("田", 3), 2, true);
  v.Email("email", "focal.point@diplomatie.be");
  v.RequestId("request_id", "3f2b8c1e-6a4d-4c59-9f0e-0b6f1d2a7c11");
  EXPECT_TRUE(v.Finish().ok());
}

}  // namespace
}  // namespace forum::domain
