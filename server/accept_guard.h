// Admission of new connections, below gRPC.
//
// gRPC 1.51 (Debian 12) gives up on a listening socket for good when accept4() fails with
// EMFILE or ENFILE: one flood of idle connections that exhausts the descriptors leaves forumd
// deaf to every new client, though its descriptors come back. forumd therefore provides its own
// accept4(), which the dynamic linker binds in place of libc's for every library of the process
// (gRPC included), and which:
//   - refuses (closes at once) a connection whose descriptor number reaches the admission limit:
//     descriptors are handed out lowest first, so a number below the limit bounds the number of
//     open connections, and descriptors above it stay free for the database and the server;
//   - on EMFILE or ENFILE all the same, drains the pending connections with a spare descriptor
//     kept for the purpose and reports EAGAIN, which gRPC answers by waiting for the next
//     connection instead of closing its listener.
// Until Configure() is called, accept4() behaves exactly as libc's.
#ifndef FORUM_SERVER_ACCEPT_GUARD_H_
#define FORUM_SERVER_ACCEPT_GUARD_H_

#include <sys/socket.h>

#include <cstdint>

namespace forum::server {

struct AcceptGuardStats {
  uint64_t refused_over_limit = 0;  // connections closed because the limit was reached
  uint64_t drained_on_emfile = 0;   // connections closed while descriptors were exhausted
};

// Admits connections whose descriptor is below `admit_below`; 0 admits all (the EMFILE drain
// stays on once configured). Keeps one spare descriptor open for the drain.
void ConfigureAcceptGuard(int admit_below);

// The descriptor number below which new connections are admitted, or 0.
int AcceptGuardLimit();

AcceptGuardStats GetAcceptGuardStats();

// What forumd's accept4() does; public for tests. `real` is the function that accepts.
using AcceptFunction = int (*)(int, sockaddr*, socklen_t*, int);
int GuardedAccept(AcceptFunction real, int listener, sockaddr* address, socklen_t* length,
                  int flags);

}  // namespace forum::server

#endif  // FORUM_SERVER_ACCEPT_GUARD_H_
