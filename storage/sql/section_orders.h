// The order of the paragraphs of long sections, kept in memory by the database and shared by its
// connections, so that placing and numbering a paragraph in a section of thousands is a binary
// search instead of a count over the index.
//
// An order is stored under the section's order tag (migration 0015): a random value that changes,
// by trigger, with every paragraph that enters, leaves or moves within the section. A caller reads
// the tag in its own transaction and uses an order only if it was stored under that tag, so a
// snapshot of any age gets the order it sees, and a write that is rolled back leaves a tag that no
// committed state carries. A write updates the stored order in place when it held the tag the
// write started from.
#ifndef FORUM_STORAGE_SQL_SECTION_ORDERS_H_
#define FORUM_STORAGE_SQL_SECTION_ORDERS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"

namespace forum::storage::sql {

class SectionOrders {
 public:
  // A paragraph's place: its order key, then its id, as SQL orders them.
  using Entry = std::pair<std::string, int64_t>;
  using Order = std::vector<Entry>;
  struct Section {
    std::string event;
    std::string document;
    int64_t id = 0;
    bool operator<(const Section& o) const {
      return std::tie(event, document, id) < std::tie(o.event, o.document, o.id);
    }
  };

  // Sections shorter than this are read from the index: a count over a few hundred entries costs
  // less than keeping them.
  static constexpr int64_t kFromParagraphs = 128;

  explicit SectionOrders(size_t max_entries = 200000) : max_entries_(max_entries) {}

  // Runs `use` on the order stored for `section` under `tag`, under the lock; false when there is
  // none (then nothing runs).
  bool With(const Section& section, int64_t tag, absl::FunctionRef<void(const Order&)> use);
  // Stores `order` (sorted) for `section` under `tag`, in place of what was stored; when the
  // orders kept would pass the limit of entries, the others are dropped first.
  void Put(const Section& section, int64_t tag, Order order);
  // Whether anything is stored for `section`, under any tag (a write then keeps it up to date).
  bool Holds(const Section& section);
  // A write changed the section from `before` to `after`: `removed` left it and `added` entered
  // it. The stored order follows if it was stored under `before`; otherwise it is dropped.
  void Change(const Section& section, int64_t before, int64_t after,
              const std::optional<Entry>& removed, const std::optional<Entry>& added);

  size_t entries();

 private:
  struct Stored {
    int64_t tag = 0;
    Order order;
  };
  void DropLocked(std::map<Section, Stored>::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_entries_;
  absl::Mutex mu_;
  std::map<Section, Stored> stored_ ABSL_GUARDED_BY(mu_);
  size_t entries_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_SECTION_ORDERS_H_
