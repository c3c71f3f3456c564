// Escaping text for the formats the exports write: JSON strings, XML character data and
// attributes, Markdown table cells; and the width of text in a column of plain text.
#ifndef FORUM_DOMAIN_TEXT_FORMATS_H_
#define FORUM_DOMAIN_TEXT_FORMATS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace forum::domain {

// `text` as a JSON string literal, quotes included (control characters as \uXXXX).
std::string JsonString(absl::string_view text);

// `text` as XML 1.0 character data or attribute value: &, <, >, " and ' escaped; control
// characters XML cannot carry (all below 0x20 but tab, line feed and carriage return, and the
// noncharacters U+FFFE and U+FFFF) left out.
std::string XmlText(absl::string_view text);

// `text` as one cell of a Markdown table: |, \ and the characters that start emphasis, code or
// links escaped, line breaks turned into spaces.
std::string MarkdownCell(absl::string_view text);

// The number of code points in `text`, as a stand-in for its width in a monospaced column.
size_t TextWidth(absl::string_view text);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_TEXT_FORMATS_H_
