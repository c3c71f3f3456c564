// Replays fuzz inputs through the harness without libFuzzer, so that the seed corpus and every
// regression input run as ordinary tests in every build (and under gdb when one fails).
//
//   fuzz_replay SERVICE PATH...       replays each file (or each file under each folder)
//   fuzz_replay --expect-ok SERVICE PATH...
//                                     also fails unless every call answers OK and every
//                                     change is seen to commit (valid seeds)
//   fuzz_replay --verbose ...         also prints each call's answer
//   fuzz_replay --world               prints the fuzz world's resource names
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "services/access.h"
#include "tests/fuzz/harness.h"
#include "tests/fuzz/services.h"

namespace {

std::vector<std::filesystem::path> InputsIn(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--world") {
    std::fputs(forum::fuzz::Harness::Instance().WorldNames().c_str(), stdout);
    return 0;
  }
  bool expect_ok = false;
  bool verbose = false;
  while (!args.empty() && (args[0] == "--expect-ok" || args[0] == "--verbose")) {
    (args[0] == "--expect-ok" ? expect_ok : verbose) = true;
    args.erase(args.begin());
  }
  if (args.size() < 2) {
    std::fprintf(stderr,
                 "usage: fuzz_replay [--expect-ok] [--verbose] SERVICE PATH... | --world\n");
    return 2;
  }
  std::string service_name = forum::fuzz::FuzzedServiceNamed(args[0]);
  if (service_name.empty()) {
    std::fprintf(stderr, "fuzz_replay: no service %s\n", args[0].c_str());
    return 2;
  }
  const auto& service = forum::fuzz::ServiceNamed(service_name);
  auto& harness = forum::fuzz::Harness::Instance();
  int inputs = 0;
  int calls = 0;
  int not_ok = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    if (!std::filesystem::exists(args[i])) {
      std::fprintf(stderr, "fuzz_replay: %s does not exist\n", args[i].c_str());
      return 2;
    }
    for (const auto& file : InputsIn(args[i])) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      std::string data = bytes.str();
      auto results =
          harness.Run(service, reinterpret_cast<const uint8_t*>(data.data()), data.size());
      ++inputs;
      calls += static_cast<int>(results.size());
      if (verbose) {
        std::printf("%s\n", file.c_str());
        for (const auto& r : results) {
          std::printf("  %s: %d %s\n", r.method.c_str(), static_cast<int>(r.code),
                      r.message.substr(0, 160).c_str());
        }
      }
      if (!expect_ok) continue;
      if (results.empty()) {
        std::fprintf(stderr, "%s: holds no call\n", file.c_str());
        ++not_ok;
      }
      for (const auto& r : results) {
        // A valid change that the harness did not see commit would mean that its checks of
        // refused calls and audit records watch nothing.
        bool read = forum::services::IsReadMethod(r.method.substr(r.method.rfind('/') + 1));
        if (r.code == grpc::StatusCode::OK && !read && !r.wrote) {
          std::fprintf(stderr, "%s: %s answered OK but the harness saw no commit\n", file.c_str(),
                       r.method.c_str());
          ++not_ok;
        }
        if (r.code == grpc::StatusCode::OK) continue;
        std::fprintf(stderr, "%s: %s answered %d: %s\n", file.c_str(), r.method.c_str(),
                     static_cast<int>(r.code), r.message.c_str());
        ++not_ok;
      }
    }
  }
  if (inputs == 0) {
    std::fprintf(stderr, "fuzz_replay: no input found\n");
    return 1;
  }
  std::printf("fuzz_replay %s: %d inputs, %d calls replayed, no invariant broken", args[0].c_str(),
              inputs, calls);
  if (expect_ok) std::printf(", %d calls not OK", not_ok);
  std::printf("\n");
  return not_ok == 0 ? 0 : 1;
}
