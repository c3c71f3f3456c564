// spdlog set-up for forumd: text for people, JSON lines for log collectors.
#ifndef FORUM_SERVER_LOGGING_H_
#define FORUM_SERVER_LOGGING_H_

#include <string>

namespace forum::server {

// Sends the default logger to stderr at `level` in `format` ("text" or "json").
void SetUpLogging(const std::string& level, const std::string& format);

}  // namespace forum::server

#endif  // FORUM_SERVER_LOGGING_H_
