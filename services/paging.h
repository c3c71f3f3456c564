// Helpers for List methods: cursors, page sizes, next-page tokens, and the byte budget that
// keeps every page receivable (domain::kMaxPageBytes).
#ifndef FORUM_SERVICES_PAGING_H_
#define FORUM_SERVICES_PAGING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "domain/document_model.h"
#include "domain/errors.h"
#include "domain/filter.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "google/protobuf/message_lite.h"

namespace forum::services {

// What one item of a page costs in the response: its bytes, and its tag and length prefix
// (generously).
inline size_t PageItemBytes(const google::protobuf::MessageLite& item) {
  return item.ByteSizeLong() + 16;
}
// A revision goes out as a forum.v1.Revision: its author, change and target, not its text.
inline size_t PageItemBytes(const domain::RevisionRecord& r) {
  return r.author.size() + r.change.size() + r.kind.size() + 256;
}

// How many of the first `most` rows fit in a page: all of them unless their size would pass
// domain::kMaxPageBytes, and never fewer than one, so that reading always advances.
template <typename T>
size_t RowsThatFit(const std::vector<T>& rows, size_t most) {
  size_t bytes = 0;
  size_t n = 0;
  for (; n < rows.size() && n < most; ++n) {
    bytes += PageItemBytes(rows[n]);
    if (n > 0 && bytes > domain::kMaxPageBytes) break;
  }
  return n;
}

// Rows were fetched with one more than the page size: trims that extra row, and the rows past
// the byte budget, and returns the token of the next page, or an empty token on the last page.
template <typename T, typename CursorFn>
std::string TrimPage(std::vector<T>& rows, int page_size, absl::string_view query,
                     CursorFn cursor_of) {
  size_t keep = RowsThatFit(rows, static_cast<size_t>(page_size));
  if (keep == rows.size()) return std::string();
  rows.resize(keep);
  return domain::EncodePageToken(query, cursor_of(rows.back()));
}

// What a filtered List request asks for, read and checked.
struct ListQuery {
  domain::ParsedFilter filter;  // key → enum number; absent keys read as 0 (any)
  int page_size = 0;
  std::string cursor;  // empty for the first page
};

// Reads a List request's filter, page size and page token. `query` is what the token is bound
// to: the filter, and the parent for lists under a parent.
inline absl::StatusOr<ListQuery> ReadListQuery(absl::string_view filter,
                                               const domain::FilterSchema& schema,
                                               int32_t page_size, absl::string_view page_token,
                                               absl::string_view query) {
  auto parsed = domain::ParseFilter(filter, schema);
  if (!parsed.ok()) return parsed.status();
  auto size = domain::PageSize(page_size);
  if (!size.ok()) return size.status();
  auto cursor = domain::DecodePageToken(page_token, query);
  if (!cursor.ok()) return cursor.status();
  return ListQuery{*std::move(parsed), *size, *std::move(cursor)};
}

// A numeric cursor (meeting number, member number) from a page token; 0 for the first page.
inline absl::StatusOr<int64_t> NumericCursor(absl::string_view token, absl::string_view query) {
  auto cursor = domain::DecodePageToken(token, query);
  if (!cursor.ok()) return cursor.status();
  if (cursor->empty()) return 0;
  int64_t value = 0;
  if (!absl::SimpleAtoi(*cursor, &value)) {
    return domain::InvalidField("page_token", "is not a token from a previous call of this list");
  }
  return value;
}

using domain::LastSegment;

}  // namespace forum::services

#endif  // FORUM_SERVICES_PAGING_H_
