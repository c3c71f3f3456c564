// http_bench: forumd's HTTP port measured from outside, beside its gRPC port in the same run.
// It starts forumd as a process of its own and drives both ports with the same closed-loop load
// generator at 1, 4 and 16 clients, each client on a connection of its own (kept alive):
//   - GetEvent over gRPC: the baseline, the path every HTTP call is made through in forumd;
//   - GET /app.js: the HTTP port's ceiling, a static file that makes no call;
//   - GetEvent over Connect JSON, Connect binary and gRPC-Web: the gateway's cost on top.
// The HTTP client is cpp-httplib's, none of forumd's code. Prints figures and forumd's CPU time
// per call; asserts nothing.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "bench/harness.h"
#include "bench/load.h"
#include "bench/process.h"
#include "forum/v1/event.grpc.pb.h"
#include "httplib.h"

namespace forum::bench {
namespace {

struct Options {
  double seconds = 4;
  std::vector<int> clients = {1, 4, 16};
};

// The five-byte envelope of gRPC-Web: flags, then the length big-endian.
std::string Envelope(const std::string& message) {
  std::string framed(5, '\0');
  uint32_t size = static_cast<uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) framed[4 - i] = static_cast<char>((size >> (8 * i)) & 0xff);
  return framed + message;
}

void Run(const Options& options, const std::string& dir) {
  ServerProcess forumd(
      "forumd", FORUMD_PATH,
      {"--db", dir + "/forum.db", "--log-level", "warn", "--admin-token-file", dir + "/token",
       "--write-rate", "0", "--read-rate", "0", "--http-listen", "127.0.0.1:0", "--http-port-file",
       dir + "/http.port", "--http-threads", "64", "--max-http-streams", "8"},
      dir);
  std::string token;
  std::ifstream(dir + "/token") >> token;
  int http_port = 0;
  std::ifstream(dir + "/http.port") >> http_port;
  if (token.empty() || http_port == 0) throw std::runtime_error("forumd wrote no token or port");

  v1::GetEventRequest request;
  request.set_name("events/hld-2006");
  const std::string json = R"({"name":"events/hld-2006"})";
  const std::string binary = request.SerializeAsString();
  const std::string framed = Envelope(binary);
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};

  struct Scenario {
    std::string name;
    std::function<bool(httplib::Client&, v1::EventService::Stub&)> call;
  };
  const std::vector<Scenario> scenarios = {
      {"GetEvent, gRPC",
       [&](httplib::Client&, v1::EventService::Stub& stub) {
         v1::Event event;
         return stub.GetEvent(Deadline().get(), request, &event).ok();
       }},
      {"GET /app.js (no call)",
       [&](httplib::Client& http, v1::EventService::Stub&) {
         auto answer = http.Get("/app.js");
         return answer && answer->status == 200;
       }},
      {"GetEvent, Connect JSON",
       [&](httplib::Client& http, v1::EventService::Stub&) {
         auto answer = http.Post("/forum.v1.EventService/GetEvent", auth, json, "application/json");
         return answer && answer->status == 200;
       }},
      {"GetEvent, Connect binary",
       [&](httplib::Client& http, v1::EventService::Stub&) {
         auto answer =
             http.Post("/forum.v1.EventService/GetEvent", auth, binary, "application/proto");
         return answer && answer->status == 200;
       }},
      {"GetEvent, gRPC-Web",
       [&](httplib::Client& http, v1::EventService::Stub&) {
         auto answer = http.Post("/forum.v1.EventService/GetEvent", auth, framed,
                                 "application/grpc-web+proto");
         return answer && answer->status == 200 &&
                answer->body.find("grpc-status: 0") != std::string::npos;
       }},
  };

  Header("forumd, one process: its gRPC port against its HTTP port");
  std::printf("%34s %7s %12s %10s %10s %8s %12s\n", "", "", "", "", "", "", "CPU µs/call");
  for (int clients : options.clients) {
    for (const auto& scenario : scenarios) {
      std::vector<std::unique_ptr<httplib::Client>> http(clients);
      std::vector<std::unique_ptr<v1::EventService::Stub>> stubs(clients);
      double cpu_before = forumd.CpuSeconds();
      LoadResult result = RunLoad(
          clients, options.seconds,
          [&](int thread) {
            http[thread] = std::make_unique<httplib::Client>("127.0.0.1", http_port);
            http[thread]->set_keep_alive(true);
            // As curl and browsers do: without it, a request's head and body wait out the
            // server's delayed acknowledgement (40 ms) between them.
            http[thread]->set_tcp_nodelay(true);
            stubs[thread] = v1::EventService::NewStub(OwnChannel(forumd.address(), token));
          },
          [&](int thread, long) { return scenario.call(*http[thread], *stubs[thread]); });
      double cpu = forumd.CpuSeconds() - cpu_before;
      std::printf("%s %12.0f\n", FormatRow(scenario.name, clients, result).c_str(),
                  result.calls > 0 ? cpu * 1e6 / static_cast<double>(result.calls) : 0.0);
    }
  }
  std::printf("\nforumd peak resident memory: %ld KiB\n", forumd.StatusKib("VmHWM"));
}

}  // namespace
}  // namespace forum::bench

int main(int argc, char** argv) {
  forum::bench::Options options;
  CLI::App app{"http_bench: forumd's HTTP port beside its gRPC port, same process, same run"};
  app.add_option("--seconds", options.seconds, "Seconds per figure")->capture_default_str();
  app.add_option("--clients", options.clients, "Concurrent clients to try")->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  std::string dir = forum::bench::MakeTempDir();
  std::printf("http_bench: %.1f s a figure, %u cores\n", options.seconds,
              std::thread::hardware_concurrency());
  try {
    forum::bench::Run(options, dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "http_bench: %s\n", e.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
