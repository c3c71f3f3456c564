// Pages of a document's content and pieces of its exports, so that no answer passes the byte
// budget of a response (kMaxPageBytes) however long the document grows.
//
// Content pages hold whole paragraphs: the first page carries the document's header, and a
// section split across pages comes again, with its header, at the head of the next page. An
// export is cut into pieces of text at UTF-8 character boundaries. Both are positions in what
// was built for one revision, so the caller pins the revision beside the position.
#ifndef FORUM_DOMAIN_CONTENT_PAGES_H_
#define FORUM_DOMAIN_CONTENT_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/document.pb.h"

namespace forum::domain {

// Where a content page starts: the section (0-based, in document order) and the paragraph in
// it (0-based), at a revision.
struct ContentPosition {
  int64_t revision = 0;
  int section = 0;
  int paragraph = 0;
};

std::string EncodeContentPosition(const ContentPosition& position);
// INVALID_ARGUMENT on `page_token` when `cursor` is not one EncodeContentPosition made.
absl::StatusOr<ContentPosition> DecodeContentPosition(absl::string_view cursor);

// The page of `whole` that starts at `from`: at most `max_paragraphs` paragraphs, fewer when
// their serialized size would pass `max_bytes` (but at least one paragraph or one empty
// section, so that reading always advances). `next` is where the next page starts, or empty on
// the last page. INVALID_ARGUMENT on `page_token` when `from` lies outside `whole`.
absl::StatusOr<v1::DocumentContent> ContentPage(const v1::DocumentContent& whole,
                                                const ContentPosition& from, int max_paragraphs,
                                                size_t max_bytes,
                                                std::optional<ContentPosition>* next);

// A place in a sequence built for one revision: a byte of an export, a change of a diff.
struct RevisionOffset {
  int64_t revision = 0;
  size_t offset = 0;
};

std::string EncodeRevisionOffset(const RevisionOffset& position);
// INVALID_ARGUMENT on `page_token` when `cursor` is not one EncodeRevisionOffset made.
absl::StatusOr<RevisionOffset> DecodeRevisionOffset(absl::string_view cursor);

// The piece of `text` from byte `offset`: at most `max_bytes` bytes, ending at a UTF-8
// character boundary. INVALID_ARGUMENT on `page_token` when `offset` is not a character
// boundary inside `text`.
absl::StatusOr<absl::string_view> TextPiece(absl::string_view text, size_t offset,
                                            size_t max_bytes);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_CONTENT_PAGES_H_
