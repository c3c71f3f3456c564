// Errors quote a caller's input only as far as a short length.
#include "domain/errors.h"

#include <string>

#include "gtest/gtest.h"

namespace forum::domain {
namespace {

TEST(ShortInput, CutsAtACharacterAfterTheLimit) {
  EXPECT_EQ(ShortInput("events/x"), "events/x");
  EXPECT_EQ(ShortInput(std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_EQ(ShortInput(std::string(65, 'a')), std::string(64, 'a') + "…");
  // Four-byte characters are kept whole: 64 of them, then the ellipsis.
  std::string clef;
  for (int i = 0; i < 100; ++i) clef += "\xF0\x9D\x84\x9E";
  EXPECT_EQ(ShortInput(clef), clef.substr(0, 256) + "…");
  // Bytes that are no UTF-8 at all are cut too.
  EXPECT_EQ(ShortInput(std::string(1000, '\x80')).size(), 256 + std::string("…").size());
  EXPECT_EQ(Quote(std::string(100, 'z')), "'" + std::string(64, 'z') + "…'");
  EXPECT_EQ(ShortInput(std::string(300, 'n'), kMaxQuotedName), std::string(256, 'n') + "…");
}

}  // namespace
}  // namespace forum::domain
