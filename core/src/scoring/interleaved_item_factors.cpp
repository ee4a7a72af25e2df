#include "scoring/interleaved_item_factors.h"

namespace edgerec {

InterleavedItemFactors::InterleavedItemFactors(const int8_t* rows, const float* scales, size_t items, uint32_t dims)
    : items_(items), dims_(dims), groups_((dims + kGroupDims - 1) / kGroupDims) {
  const size_t blocks = (items + kBlockItems - 1) / kBlockItems;
  const size_t block_bytes = size_t{groups_} * kGroupDims * kBlockItems;
  blocks_.assign(blocks * block_bytes, 0);
  scales_.assign(blocks * kBlockItems, 0.0f);
  for (size_t i = 0; i < items; ++i) {
    const int8_t* row = rows + i * dims;
    int8_t* block = blocks_.data() + (i / kBlockItems) * block_bytes + (i % kBlockItems) * kGroupDims;
    for (uint32_t d = 0; d < dims; ++d) block[(d / kGroupDims) * kGroupDims * kBlockItems + d % kGroupDims] = row[d];
    scales_[i] = scales[i];
  }
}

}  // namespace edgerec
