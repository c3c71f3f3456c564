// A stable 64-bit digest (FNV-1a) of bytes: the same across processes, builds and machines,
// unlike std::hash or absl::Hash, so it can be stored and compared later.
#ifndef FORUM_DOMAIN_DIGEST_H_
#define FORUM_DOMAIN_DIGEST_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace forum::domain {

inline uint64_t StableDigest(absl::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_DIGEST_H_
