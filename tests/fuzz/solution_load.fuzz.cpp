// Boundary: a solution version file (.erec) from anywhere. Loading must reject what is damaged
// with an error, and whatever loads must serve a recommendation and a ranking without a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "edgerec/runtime.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto runtime = edgerec::Runtime::load(data, size);
  if (!runtime.ok()) return 0;
  edgerec::Runtime& rt = **runtime;
  const edgerec::Solution& solution = rt.solution();
  const std::string user = solution.users().size() > 0 ? std::string(solution.users().id(0)) : "nobody";
  std::string items = "[";
  for (uint32_t i = 0; i < solution.items().size() && i < 3; ++i) {
    items += (i > 0 ? ",\"" : "\"") + std::string(solution.items().id(i)) + "\"";
  }
  items += "]";
  (void)rt.get_recommendations_json("{\"userId\":\"" + user + "\",\"numResults\":5}");
  if (solution.items().size() > 0) {
    (void)rt.get_recommendations_json("{\"itemId\":\"" + std::string(solution.items().id(0)) + "\"}");
  }
  (void)rt.get_personalized_ranking_json("{\"userId\":\"" + user + "\",\"inputList\":" + items + "}");
  (void)rt.describe_json();
  return 0;
}
