// Order keys: the place of a section among sections, or of a paragraph in its section, as a
// string compared byte by byte. A key is a fraction in (0, 1) written in base 62 with the digits
// "0-9A-Za-z" (whose ASCII order is their numeric order) and never ends in '0', so two keys
// compare as strings exactly as their fractions compare, and there is always a key between two
// different keys: unlike a floating-point midpoint, an order key never runs out of precision.
#ifndef FORUM_DOMAIN_ORDER_KEY_H_
#define FORUM_DOMAIN_ORDER_KEY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forum::domain {

// Whether `key` is a non-empty string of the 62 digits that does not end in '0'.
bool IsOrderKey(std::string_view key);

// A key strictly between `before` and `after`. An empty `before` means no lower neighbour, an
// empty `after` no upper neighbour. Keys stay short when items are appended, prepended, or
// inserted again and again at one place: about one more character per 60 such inserts.
// Returns an empty string when there is no such key: `before` is not below `after`, or either
// is not a key.
std::string KeyBetween(std::string_view before, std::string_view after);

// The neighbours of a place among siblings: the key just before it (empty at the start) and the
// key just after it (empty at the end).
struct KeyGap {
  std::string before;
  std::string after;
};

// The gap that 1-based `index` names among siblings whose keys are `sorted` (the item to place
// left out): before the first for 1, after the last for 0 or anything past the end. A store that
// reads only the two neighbours (storage::DocumentStore::ParagraphGap) answers exactly this.
KeyGap GapAt(const std::vector<std::string>& sorted, int index);

// The 1-based place an item takes when put at `index` among `siblings` others, as GapAt reads
// `index`: `index` itself, or after the last for 0 or anything past the end.
int PlaceAt(int index, int64_t siblings);

// The key that puts an item at 1-based `index` among siblings whose keys are `sorted` (the item
// itself left out); 0 or past the end: last. Empty when the neighbours at that place share one
// key, as rows written before order keys can.
std::string KeyAt(const std::vector<std::string>& sorted, int index);

// The key of a position stored before order keys: an order-preserving, fixed-width encoding of
// the double (12 digits), so rows and revisions that only hold a position keep their order.
std::string KeyFromLegacyPosition(double position);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ORDER_KEY_H_
