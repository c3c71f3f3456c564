// One libFuzzer target: FORUM_FUZZ_SERVICE names the service whose RPCs the input calls.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/harness.h"

#ifndef FORUM_FUZZ_SERVICE
#error "FORUM_FUZZ_SERVICE must name the service under fuzzing"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const google::protobuf::ServiceDescriptor& service =
      forum::fuzz::ServiceNamed(FORUM_FUZZ_SERVICE);
  forum::fuzz::Harness::Instance().Run(service, data, size);
  return 0;
}
