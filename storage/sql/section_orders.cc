#include "storage/sql/section_orders.h"

#include <algorithm>

namespace forum::storage::sql {

bool SectionOrders::With(const Section& section, int64_t tag,
                         absl::FunctionRef<void(const Order&)> use) {
  absl::MutexLock lock(&mu_);
  auto it = stored_.find(section);
  if (it == stored_.end() || it->second.tag != tag) return false;
  use(it->second.order);
  return true;
}

void SectionOrders::Put(const Section& section, int64_t tag, Order order) {
  absl::MutexLock lock(&mu_);
  auto it = stored_.find(section);
  if (it != stored_.end()) DropLocked(it);
  if (order.size() > max_entries_) return;
  // Crude but bounded: a server editing more long sections at once than the limit holds reads
  // some of them from the index again.
  while (entries_ + order.size() > max_entries_ && !stored_.empty()) DropLocked(stored_.begin());
  entries_ += order.size();
  stored_[section] = Stored{tag, std::move(order)};
}

bool SectionOrders::Holds(const Section& section) {
  absl::MutexLock lock(&mu_);
  return stored_.count(section) > 0;
}

void SectionOrders::Change(const Section& section, int64_t before, int64_t after,
                           const std::optional<Entry>& removed, const std::optional<Entry>& added) {
  absl::MutexLock lock(&mu_);
  auto it = stored_.find(section);
  if (it == stored_.end()) return;
  Stored& s = it->second;
  if (s.tag != before || after == 0 || after == before) {
    DropLocked(it);
    return;
  }
  // Filed under no tag while it changes: an allocation that fails half-way leaves nothing that
  // a caller could take for the section's order.
  s.tag = 0;
  try {
    if (removed) {
      auto at = std::lower_bound(s.order.begin(), s.order.end(), *removed);
      if (at == s.order.end() || *at != *removed) {
        DropLocked(it);
        return;
      }
      s.order.erase(at);
      --entries_;
    }
    if (added) {
      auto at = std::lower_bound(s.order.begin(), s.order.end(), *added);
      if (at != s.order.end() && *at == *added) {
        DropLocked(it);
        return;
      }
      s.order.insert(at, *added);
      ++entries_;
    }
  } catch (...) {
    DropLocked(it);
    throw;
  }
  s.tag = after;
}

size_t SectionOrders::entries() {
  absl::MutexLock lock(&mu_);
  return entries_;
}

void SectionOrders::DropLocked(std::map<Section, Stored>::iterator it) {
  entries_ -= it->second.order.size();
  stored_.erase(it);
}

}  // namespace forum::storage::sql
