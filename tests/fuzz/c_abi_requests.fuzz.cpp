// Boundary: request JSON through the C ABI (edgerec.h), what the wasm build and every embedder
// pass: GetRecommendations, GetPersonalizedRanking, PutEvents and a campaign config, on one
// runtime that keeps its sessions from call to call. Input: one byte for the call, then the
// request's bytes (not necessarily text, not NUL-terminated).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgerec/edgerec.h"
#include "fuzz/fuzz_solution.h"

namespace {

edgerec_runtime* runtime() {
  static edgerec_runtime* rt = [] {
    const std::vector<uint8_t> bytes = edgerec::fuzz::fuzz_solution_bytes();
    edgerec_runtime* loaded = nullptr;
    if (edgerec_runtime_load(bytes.data(), bytes.size(), &loaded) != EDGEREC_OK) __builtin_trap();
    return loaded;
  }();
  return rt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char* request = reinterpret_cast<const char*>(data) + 1;
  const size_t length = size - 1;
  char* out = nullptr;
  size_t out_len = 0;
  switch (data[0] % 4) {
    case 0: edgerec_get_recommendations(runtime(), request, length, &out, &out_len); break;
    case 1: edgerec_get_personalized_ranking(runtime(), request, length, &out, &out_len); break;
    case 2: edgerec_put_events(runtime(), request, length, &out, &out_len); break;
    default: {
      // A campaign config on a runtime of its own: a good one would change every later answer.
      static edgerec_runtime* configured = [] {
        const std::vector<uint8_t> bytes = edgerec::fuzz::fuzz_solution_bytes();
        edgerec_runtime* loaded = nullptr;
        if (edgerec_runtime_load(bytes.data(), bytes.size(), &loaded) != EDGEREC_OK) __builtin_trap();
        return loaded;
      }();
      edgerec_runtime_set_campaign_config(configured, request, length);
      break;
    }
  }
  if (out != nullptr) edgerec_string_free(out);
  return 0;
}
