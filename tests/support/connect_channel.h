// A gRPC channel whose unary calls travel as Connect JSON over HTTP/1.1 instead of gRPC, so a
// test written against generated stubs (the access matrix) runs unchanged over forumd's HTTP
// port. A client interceptor hijacks each call: it posts the request as JSON with cpp-httplib's
// client, reads the answer or the Connect error back into the stub's response and status, and
// fails the test when the HTTP status is not the one the protocol gives the code.
#ifndef FORUM_TESTS_SUPPORT_CONNECT_CHANNEL_H_
#define FORUM_TESTS_SUPPORT_CONNECT_CHANNEL_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/server.h"

namespace forum::testing {

// A channel on `server` (in-process, never used for the calls themselves) whose unary calls go
// to the Connect port at 127.0.0.1:`http_port`.
std::shared_ptr<grpc::Channel> ConnectChannel(grpc::Server& server, int http_port);

// The HTTP status the Connect protocol gives each code, written out here from the protocol's
// text, apart from the server's own table.
int ExpectedHttpStatus(grpc::StatusCode code);

}  // namespace forum::testing

#endif  // FORUM_TESTS_SUPPORT_CONNECT_CHANNEL_H_
