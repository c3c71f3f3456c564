// What the HTTP port's tests send below any HTTP client: bytes on a bare TCP connection (a
// head too large, one trickling in, a client that only connects), and gzip bodies.
#ifndef FORUM_TESTS_SUPPORT_RAW_HTTP_H_
#define FORUM_TESTS_SUPPORT_RAW_HTTP_H_

#include <chrono>
#include <string>

#include "absl/strings/string_view.h"

namespace forum::testing {

// `text` compressed as `gzip -c` would (zlib).
std::string Gzip(absl::string_view text);

// A TCP connection to 127.0.0.1:`port`, closed when destroyed.
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all of `bytes`; false once the server has closed or reset the connection.
  bool Send(absl::string_view bytes);
  // What arrives until the server closes the connection or `wait` passes, whichever is first.
  std::string ReadUntilClosed(std::chrono::milliseconds wait);
  // What arrives until `needle` has, or `wait` passes.
  std::string ReadUntil(absl::string_view needle, std::chrono::milliseconds wait);
  // True once the server has closed (or reset) the connection, waiting at most `wait`.
  bool ClosedWithin(std::chrono::milliseconds wait);

 private:
  int fd_ = -1;
  bool closed_ = false;
};

}  // namespace forum::testing

#endif  // FORUM_TESTS_SUPPORT_RAW_HTTP_H_
