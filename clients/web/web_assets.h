// The web client's files (clients/web), compiled into forumd, which serves them at `/`.
#ifndef FORUM_CLIENTS_WEB_WEB_ASSETS_H_
#define FORUM_CLIENTS_WEB_WEB_ASSETS_H_

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace forum::web {

struct WebAsset {
  const char* content_type;
  absl::string_view body;
};

// The file at `path` ("/index.html", "/views/floor.js"), or null.
const WebAsset* FindWebAsset(absl::string_view path);

}  // namespace forum::web

#endif  // FORUM_CLIENTS_WEB_WEB_ASSETS_H_
