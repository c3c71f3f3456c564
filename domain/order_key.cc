#include "domain/order_key.h"

#include <bit>
#include <cstdint>

namespace forum::domain {
namespace {

constexpr std::string_view kDigits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kBase = 62;
constexpr char kFirstKey = 'V';  // the middle digit: room on both sides

int ValueOf(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'A' && digit <= 'Z') return digit - 'A' + 10;
  if (digit >= 'a' && digit <= 'z') return digit - 'a' + 36;
  return -1;
}

// A key above `a` (empty: zero) with no upper neighbour. Incrementing the first digit that can
// be incremented, rather than halving the distance to one, keeps appended keys short.
std::string Above(std::string_view a) {
  if (a.empty()) return std::string(1, kFirstKey);
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != 'z') return std::string(a.substr(0, i)) + kDigits[ValueOf(a[i]) + 1];
  }
  return std::string(a) + '1';
}

// A key below `b` (a key) and above zero, the mirror of Above.
std::string Below(std::string_view b) {
  size_t i = b.find_first_not_of('0');
  if (i + 1 < b.size()) return std::string(b.substr(0, i + 1));
  if (b[i] != '1') return std::string(b.substr(0, i)) + kDigits[ValueOf(b[i]) - 1];
  return std::string(b.substr(0, i)) + "0z";
}

}  // namespace

bool IsOrderKey(std::string_view key) {
  if (key.empty() || key.back() == '0') return false;
  for (char c : key) {
    if (ValueOf(c) < 0) return false;
  }
  return true;
}

std::string KeyBetween(std::string_view before, std::string_view after) {
  if ((!before.empty() && !IsOrderKey(before)) || (!after.empty() && !IsOrderKey(after))) {
    return "";
  }
  if (after.empty()) return Above(before);
  if (before.empty()) return Below(after);
  if (before >= after) return "";
  size_t n = 0;
  while (n < before.size() && before[n] == after[n]) ++n;
  std::string key(after.substr(0, n));
  std::string_view a = before.substr(n), b = after.substr(n);
  // `before` is a prefix of `after`: anything between zero and the rest of `after` follows it.
  if (a.empty()) return key + Below(b);
  int low = ValueOf(a[0]), high = ValueOf(b[0]);
  if (high - low > 1) return key + kDigits[(low + high) / 2];
  if (b.size() > 1) return key + b[0];
  return key + a[0] + Above(a.substr(1));
}

KeyGap GapAt(const std::vector<std::string>& sorted, int index) {
  int n = static_cast<int>(sorted.size());
  if (index <= 0 || index > n) return KeyGap{n == 0 ? "" : sorted.back(), ""};
  return KeyGap{index == 1 ? "" : sorted[index - 2], sorted[index - 1]};
}

int PlaceAt(int index, int64_t siblings) {
  if (index <= 0 || index > siblings) return static_cast<int>(siblings) + 1;
  return index;
}

std::string KeyAt(const std::vector<std::string>& sorted, int index) {
  KeyGap gap = GapAt(sorted, index);
  return KeyBetween(gap.before, gap.after);
}

std::string KeyFromLegacyPosition(double position) {
  if (position == 0) position = 0;  // -0 and +0 were the same position
  auto bits = std::bit_cast<uint64_t>(position);
  bits = (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
  std::string key(12, kFirstKey);
  for (int i = 10; i >= 0; --i) {
    key[i] = kDigits[bits % kBase];
    bits /= kBase;
  }
  return key;
}

}  // namespace forum::domain
