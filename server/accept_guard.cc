#include "server/accept_guard.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>

#include "spdlog/spdlog.h"

namespace forum::server {
namespace {

std::atomic<bool> configured{false};
std::atomic<int> admit_below{0};
std::atomic<uint64_t> refused{0};
std::atomic<uint64_t> drained{0};

// The spare descriptor, given up for a moment to accept-and-close while none is free.
std::mutex spare_mutex;
int spare_fd = -1;

// At most one warning every ten seconds, whatever the flood.
std::atomic<int64_t> last_warning_seconds{0};

void WarnNow(const char* what) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t last = last_warning_seconds.load();
  if (now - last < 10 || !last_warning_seconds.compare_exchange_strong(last, now)) return;
  spdlog::warn(
      "connections refused: {} (so far {} over the connection limit, {} while descriptors were "
      "exhausted)",
      what, refused.load(), drained.load());
}

// Accepts and closes every pending connection while no descriptor is free.
void DrainWithSpare(AcceptFunction real, int listener) {
  std::lock_guard<std::mutex> lock(spare_mutex);
  if (spare_fd >= 0) {
    ::close(spare_fd);
    spare_fd = -1;
  }
  for (;;) {
    int fd = real(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) break;
    ::close(fd);
    drained.fetch_add(1);
  }
  spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

AcceptFunction LibcAccept4() {
  static AcceptFunction real = reinterpret_cast<AcceptFunction>(dlsym(RTLD_NEXT, "accept4"));
  return real;
}

}  // namespace

void ConfigureAcceptGuard(int limit) {
  {
    std::lock_guard<std::mutex> lock(spare_mutex);
    if (spare_fd < 0) spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }
  admit_below.store(limit > 0 ? limit : 0);
  configured.store(true);
}

int AcceptGuardLimit() { return admit_below.load(); }

AcceptGuardStats GetAcceptGuardStats() { return {refused.load(), drained.load()}; }

int GuardedAccept(AcceptFunction real, int listener, sockaddr* address, socklen_t* length,
                  int flags) {
  for (;;) {
    int fd = real(listener, address, length, flags);
    if (!configured.load()) return fd;
    if (fd >= 0) {
      int limit = admit_below.load();
      if (limit == 0 || fd < limit) return fd;
      ::close(fd);
      refused.fetch_add(1);
      WarnNow("the connection limit is reached");
      // Refuse every pending one before answering: gRPC's poller is edge-triggered, so a
      // connection left waiting would be seen only when another arrives.
      continue;
    }
    if (errno == EMFILE || errno == ENFILE) {
      DrainWithSpare(real, listener);
      WarnNow("no file descriptor is free");
      errno = EAGAIN;
    }
    return -1;
  }
}

}  // namespace forum::server

// Interposes libc's accept4 for the whole process (gRPC's listeners call it by name).
extern "C" int accept4(int listener, sockaddr* address, socklen_t* length, int flags) {
  return forum::server::GuardedAccept(forum::server::LibcAccept4(), listener, address, length,
                                      flags);
}
