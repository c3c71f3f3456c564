// forumd's accept4: connections past the admission limit are closed as they arrive, and when no
// descriptor is free the waiting connections are drained and the caller is told to wait (EAGAIN),
// never the EMFILE that makes gRPC 1.51 close its listener for good.
#include "server/accept_guard.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "gtest/gtest.h"

namespace forum::server {
namespace {

int SystemAccept4(int fd, sockaddr* address, socklen_t* length, int flags) {
  return static_cast<int>(syscall(SYS_accept4, fd, address, length, flags));
}

class AcceptGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener_, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener_, 64), 0);
    socklen_t length = sizeof address_;
    ASSERT_EQ(getsockname(listener_, reinterpret_cast<sockaddr*>(&address_), &length), 0);
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved_), 0);
  }

  void TearDown() override {
    setrlimit(RLIMIT_NOFILE, &saved_);
    for (int fd : open_) close(fd);
    close(listener_);
    ConfigureAcceptGuard(0);
  }

  int Connect() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address_), sizeof address_), 0);
    open_.push_back(fd);
    return fd;
  }

  int Accept() {
    return GuardedAccept(SystemAccept4, listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  }

  // Whether the peer closed the connection.
  static bool ClosedByPeer(int fd) {
    char byte;
    timeval wait{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ssize_t n = recv(fd, &byte, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

  int listener_ = -1;
  sockaddr_in address_{};
  rlimit saved_{};
  std::vector<int> open_;
};

TEST_F(AcceptGuardTest, WithoutDescriptorsItDrainsAndSaysWaitNotEmfile) {
  ConfigureAcceptGuard(0);
  uint64_t drained = GetAcceptGuardStats().drained_on_emfile;
  std::vector<int> clients = {Connect(), Connect(), Connect()};
  // Use up every descriptor under a lowered limit.
  int highest = 0;
  for (int fd = 0; fd < 4096; ++fd) {
    if (fcntl(fd, F_GETFD) != -1) highest = fd;
  }
  rlimit low = saved_;
  low.rlim_cur = static_cast<rlim_t>(highest) + 8;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> fillers;
  for (;;) {
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) break;
    fillers.push_back(fd);
  }
  ASSERT_EQ(errno, EMFILE);

  errno = 0;
  EXPECT_EQ(Accept(), -1);
  EXPECT_EQ(errno, EAGAIN);
  EXPECT_EQ(GetAcceptGuardStats().drained_on_emfile, drained + 3);
  for (int fd : clients) EXPECT_TRUE(ClosedByPeer(fd));

  // Descriptors come back: the next connection is accepted as usual.
  for (int fd : fillers) close(fd);
  Connect();
  int accepted = Accept();
  EXPECT_GE(accepted, 0);
  if (accepted >= 0) close(accepted);
}

TEST_F(AcceptGuardTest, ConnectionsPastTheLimitAreClosedAsTheyArrive) {
  Connect();
  ConfigureAcceptGuard(1 << 20);
  int admitted = Accept();
  ASSERT_GE(admitted, 0);
  // Admit nothing more: the limit is the next free descriptor.
  ConfigureAcceptGuard(admitted);
  uint64_t refused = GetAcceptGuardStats().refused_over_limit;
  int second = Connect();
  errno = 0;
  EXPECT_EQ(Accept(), -1);
  EXPECT_EQ(errno, EAGAIN);
  EXPECT_EQ(GetAcceptGuardStats().refused_over_limit, refused + 1);
  EXPECT_TRUE(ClosedByPeer(second));
  close(admitted);
}

}  // namespace
}  // namespace forum::server
