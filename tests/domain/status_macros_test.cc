#include "domain/status_macros.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace forum::domain {
namespace {

absl::Status Fails(int* calls) {
  ++*calls;
  return absl::NotFoundError("missing");
}

absl::Status Succeeds(int* calls) {
  ++*calls;
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<std::string>> Make(bool ok, int* calls) {
  ++*calls;
  if (!ok) return absl::InvalidArgumentError("bad");
  return std::make_unique<std::string>("made");
}

absl::Status TwoChecks(bool first_fails, int* calls) {
  if (first_fails)
    RETURN_IF_ERROR(Fails(calls));
  else
    RETURN_IF_ERROR(Succeeds(calls));
  RETURN_IF_ERROR(Succeeds(calls));
  return absl::OkStatus();
}

absl::StatusOr<std::string> Unwrap(bool ok, int* calls) {
  ASSIGN_OR_RETURN(auto made, Make(ok, calls));
  std::string out = *made;
  ASSIGN_OR_RETURN(made, Make(true, calls));
  return out + "+" + *made;
}

TEST(StatusMacrosTest, ReturnIfErrorReturnsTheFirstErrorAndEvaluatesOnce) {
  int calls = 0;
  absl::Status status = TwoChecks(true, &calls);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(calls, 1);
}

TEST(StatusMacrosTest, ReturnIfErrorGoesOnWhenOkEvenUnderAnUnbracedIf) {
  int calls = 0;
  EXPECT_TRUE(TwoChecks(false, &calls).ok());
  EXPECT_EQ(calls, 2);
}

TEST(StatusMacrosTest, ReturnIfErrorTakesAStatusOr) {
  int calls = 0;
  auto f = [&]() -> absl::Status {
    RETURN_IF_ERROR(Make(false, &calls));
    return absl::OkStatus();
  };
  EXPECT_EQ(f().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calls, 1);
}

TEST(StatusMacrosTest, AssignOrReturnMovesTheValueOutAndAssignsAgain) {
  int calls = 0;
  auto result = Unwrap(true, &calls);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, "made+made");
  EXPECT_EQ(calls, 2);
}

TEST(StatusMacrosTest, AssignOrReturnReturnsTheErrorIntoAStatusOr) {
  int calls = 0;
  auto result = Unwrap(false, &calls);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "bad");
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace forum::domain
