// What the document store's files share about rows in order: the key a row is read with, and
// siblings sorted as SQL orders them.
#ifndef FORUM_STORAGE_SQLITE_ORDER_ROWS_H_
#define FORUM_STORAGE_SQLITE_ORDER_ROWS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "SQLiteCpp/Statement.h"
#include "domain/order_key.h"

namespace forum::storage::sqlite {

// The order key in `key_column`, or for a revision recorded before order keys, the key of the
// position in the column before it (sections and paragraphs all store a key since migration
// 0013; SQL orders them by it, so none may be NULL).
inline std::string KeyOf(SQLite::Statement& s, int key_column) {
  if (s.getColumn(key_column).isNull()) {
    return domain::KeyFromLegacyPosition(s.getColumn(key_column - 1).getDouble());
  }
  return s.getColumn(key_column).getString();
}

// Siblings in order: by key, then by id. SQL cannot order legacy positions and keys together.
template <typename Item>
void SortByKey(std::vector<Item>& items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.key != b.key ? a.key < b.key : a.id < b.id;
  });
}

}  // namespace forum::storage::sqlite

#endif  // FORUM_STORAGE_SQLITE_ORDER_ROWS_H_
