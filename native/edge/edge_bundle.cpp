// Edge bundles through FlatBuffers' object API: unpack, drop the user side, pack, seal.
#include "edge/edge_bundle.h"

#include <algorithm>

#include "edgerec/solution_generated.h"
#include "train/solution_writer.h"

namespace edgerec {

Result<std::vector<uint8_t>> export_edge_bundle(const Solution& solution) {
  std::unique_ptr<fb::SolutionT> content(solution.root().UnPack());
  content->users.reset();
  content->histories.reset();
  content->recent_interactions.reset();
  if (content->factors) content->factors->user_factors.clear();
  if (!content->metadata) return invalid_input("solution has no metadata");
  auto& config = content->metadata->solution_config;
  const auto flag = std::find_if(config.begin(), config.end(), [](const std::unique_ptr<fb::KeyValueT>& kv) {
    return kv && kv->key == "edgeBundle";
  });
  if (flag == config.end()) {
    auto kv = std::make_unique<fb::KeyValueT>();
    kv->key = "edgeBundle";
    kv->value = "true";
    // Keys stay in ascending order, as the writer stores them.
    const auto at = std::find_if(config.begin(), config.end(),
                                 [&](const std::unique_ptr<fb::KeyValueT>& e) { return e && e->key > kv->key; });
    config.insert(at, std::move(kv));
  }
  flatbuffers::FlatBufferBuilder fbb(1 << 20);
  fb::FinishSolutionBuffer(fbb, fb::Solution::Pack(fbb, content.get()));
  return seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
}

}  // namespace edgerec
