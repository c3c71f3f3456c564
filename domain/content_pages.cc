#include "domain/content_pages.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"

namespace forum::domain {
namespace {

// What a nested message costs beyond its own bytes: its tag and length prefix, generously.
constexpr size_t kFraming = 16;

absl::Status BadToken() {
  return InvalidField("page_token",
                      "is not a token from a previous call of this read with the same request");
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t ParagraphBytes(const v1::SectionContent& section, int index) {
  return index < section.paragraphs_size() ? section.paragraphs(index).ByteSizeLong() + kFraming
                                           : 0;
}

bool Inside(const v1::DocumentContent& whole, const ContentPosition& from) {
  if (from.section < 0 || from.paragraph < 0) return false;
  if (whole.sections_size() == 0) return from.section == 0 && from.paragraph == 0;
  if (from.section >= whole.sections_size()) return false;
  int paragraphs = whole.sections(from.section).paragraphs_size();
  return from.paragraph < paragraphs || from.paragraph == 0;
}

}  // namespace

std::string EncodeContentPosition(const ContentPosition& position) {
  return absl::StrCat(position.revision, ":", position.section, ":", position.paragraph);
}

absl::StatusOr<ContentPosition> DecodeContentPosition(absl::string_view cursor) {
  std::vector<absl::string_view> parts = absl::StrSplit(cursor, ':');
  ContentPosition p;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &p.revision) ||
      !absl::SimpleAtoi(parts[1], &p.section) || !absl::SimpleAtoi(parts[2], &p.paragraph) ||
      p.revision <= 0 || p.section < 0 || p.paragraph < 0) {
    return BadToken();
  }
  return p;
}

std::string EncodeRevisionOffset(const RevisionOffset& position) {
  return absl::StrCat(position.revision, ":", position.offset);
}

absl::StatusOr<RevisionOffset> DecodeRevisionOffset(absl::string_view cursor) {
  std::vector<absl::string_view> parts = absl::StrSplit(cursor, ':');
  RevisionOffset p;
  uint64_t offset = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &p.revision) ||
      !absl::SimpleAtoi(parts[1], &offset) || p.revision <= 0) {
    return BadToken();
  }
  p.offset = static_cast<size_t>(offset);
  return p;
}

absl::StatusOr<v1::DocumentContent> ContentPage(const v1::DocumentContent& whole,
                                                const ContentPosition& from, int max_paragraphs,
                                                size_t max_bytes,
                                                std::optional<ContentPosition>* next) {
  next->reset();
  if (!Inside(whole, from)) return BadToken();
  v1::DocumentContent page;
  page.set_revision(whole.revision());
  if (from.section == 0 && from.paragraph == 0) *page.mutable_document() = whole.document();
  size_t bytes = page.ByteSizeLong();
  int count = 0;      // paragraphs on the page
  bool empty = true;  // nothing on the page yet but the header
  for (int s = from.section; s < whole.sections_size(); ++s) {
    const v1::SectionContent& section = whole.sections(s);
    int first = s == from.section ? from.paragraph : 0;
    size_t header = section.section().ByteSizeLong() + kFraming;
    // A section begins on this page only with its first paragraph (or empty, when it has none).
    if (!empty &&
        (count >= max_paragraphs || bytes + header + ParagraphBytes(section, first) > max_bytes)) {
      *next = ContentPosition{whole.revision(), s, first};
      return page;
    }
    v1::SectionContent* out = page.add_sections();
    *out->mutable_section() = section.section();
    bytes += header;
    empty = false;
    for (int p = first; p < section.paragraphs_size(); ++p) {
      size_t size = ParagraphBytes(section, p);
      if (count > 0 && (count >= max_paragraphs || bytes + size > max_bytes)) {
        *next = ContentPosition{whole.revision(), s, p};
        return page;
      }
      *out->add_paragraphs() = section.paragraphs(p);
      bytes += size;
      ++count;
    }
  }
  return page;
}

absl::StatusOr<absl::string_view> TextPiece(absl::string_view text, size_t offset,
                                            size_t max_bytes) {
  bool boundary = offset < text.size() ? !IsContinuationByte(text[offset]) : offset == 0;
  if (!boundary) return BadToken();
  size_t end = std::min(text.size(), offset + max_bytes);
  while (end > offset && end < text.size() && IsContinuationByte(text[end])) --end;
  // A budget smaller than one character still moves on by one character.
  if (end == offset && offset < text.size()) {
    ++end;
    while (end < text.size() && IsContinuationByte(text[end])) ++end;
  }
  return text.substr(offset, end - offset);
}

}  // namespace forum::domain
