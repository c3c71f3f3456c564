// The text a drafter edits in `forumctl documents edit`: the document as Markdown with a marker
// before each section and paragraph naming it and its etag, and the reading of it back.
#ifndef FORUM_CLIENTS_DOCUMENT_EDITING_H_
#define FORUM_CLIENTS_DOCUMENT_EDITING_H_

#include <string>
#include <vector>

#include "forum/v1/document.pb.h"

namespace forum::client {

// The editable text of `content`.
std::string ToEditable(const v1::DocumentContent& content);

// One section heading or paragraph as read back from the edited text.
struct EditedItem {
  std::string name;  // the section or paragraph
  std::string etag;  // as it was when the file was written
  std::string text;  // heading or paragraph text after editing
  bool section = false;
};

// The items of an edited text, in order; items whose markers were removed are left out.
std::vector<EditedItem> ParseEditable(const std::string& text);

}  // namespace forum::client

#endif  // FORUM_CLIENTS_DOCUMENT_EDITING_H_
