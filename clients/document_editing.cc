#include "clients/document_editing.h"

#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace forum::client {
namespace {

constexpr char kOpen[] = "<!-- forum ";
constexpr char kClose[] = " -->";

std::string Marker(const std::string& name, const std::string& etag) {
  return absl::StrCat(kOpen, name, " ", etag, kClose);
}

}  // namespace

std::string ToEditable(const v1::DocumentContent& content) {
  std::string out =
      absl::StrCat("<!-- ", content.document().name(), " at revision ", content.revision(),
                   ". Edit headings and paragraph texts; keep every marker line as it is. -->\n");
  for (const auto& s : content.sections()) {
    absl::StrAppend(&out, "\n", Marker(s.section().name(), s.section().etag()), "\n## ",
                    s.section().title(), "\n");
    for (const auto& p : s.paragraphs()) {
      absl::StrAppend(&out, "\n", Marker(p.name(), p.etag()), "\n", p.text(), "\n");
    }
  }
  return out;
}

std::vector<EditedItem> ParseEditable(const std::string& text) {
  std::vector<EditedItem> items;
  std::vector<std::string> body;
  auto flush = [&] {
    if (items.empty()) return;
    std::string joined = absl::StrJoin(body, "\n");
    std::string trimmed(absl::StripAsciiWhitespace(joined));
    if (items.back().section) {
      trimmed = std::string(absl::StripAsciiWhitespace(absl::StripPrefix(trimmed, "##")));
    }
    items.back().text = trimmed;
    body.clear();
  };
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, kOpen) && absl::EndsWith(line, kClose)) {
      flush();
      absl::string_view inner = line.substr(sizeof(kOpen) - 1);
      inner.remove_suffix(sizeof(kClose) - 1);
      std::vector<std::string> parts = absl::StrSplit(inner, absl::MaxSplits(' ', 1));
      if (parts.size() != 2) continue;
      EditedItem item;
      item.name = parts[0];
      item.etag = parts[1];
      item.section = item.name.find("/sections/") != std::string::npos;
      items.push_back(std::move(item));
    } else if (!items.empty()) {
      body.emplace_back(line);
    }
  }
  flush();
  return items;
}

}  // namespace forum::client
