// What the document store's files share about rows in order: the key a row is read with, and
// siblings sorted as SQL orders them.
#ifndef FORUM_STORAGE_SQL_ORDER_ROWS_H_
#define FORUM_STORAGE_SQL_ORDER_ROWS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "domain/order_key.h"
#include "storage/sql/connection.h"

namespace forum::storage::sql {

// The order key in `key_column`, or for a revision recorded before order keys, the key of the
// position in the column before it (sections and paragraphs all store a key since migration
// 0013; SQL orders them by it, so none may be NULL).
inline std::string KeyOf(Statement& s, int key_column) {
  if (s.Column(key_column).IsNull()) {
    return domain::KeyFromLegacyPosition(s.Column(key_column - 1).Double());
  }
  return s.Column(key_column).String();
}

// Siblings in order: by key, then by id. SQL cannot order legacy positions and keys together.
template <typename Item>
void SortByKey(std::vector<Item>& items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.key != b.key ? a.key < b.key : a.id < b.id;
  });
}

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_ORDER_ROWS_H_
