#include "scoring/packed_item_factors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "scoring/factor_scoring.h"

namespace edgerec {

PackedItemFactors::PackedItemFactors(const int8_t* rows, const float* scales, const float* biases, size_t items,
                                     uint32_t dims)
    : items_(items), dims_(dims), groups_((dims + kGroupDims - 1) / kGroupDims) {
  // |item| * |scale| per item, in double; not finite (a damaged scale) sorts first and keeps
  // every bound infinite, so nothing is skipped.
  std::vector<double> norms(items);
  for (size_t i = 0; i < items; ++i) {
    double squares = 0.0;
    for (uint32_t d = 0; d < dims; ++d) {
      const auto x = static_cast<double>(rows[i * dims + d]);
      squares += x * x;
    }
    const double norm = std::sqrt(squares) * std::fabs(double{scales[i]});
    norms[i] = std::isfinite(norm) ? norm : std::numeric_limits<double>::infinity();
  }
  order_.resize(items);
  std::iota(order_.begin(), order_.end(), 0u);
  std::sort(order_.begin(), order_.end(), [&norms](uint32_t a, uint32_t b) {
    return norms[a] != norms[b] ? norms[a] > norms[b] : a < b;
  });

  const size_t blocks = (items + kBlockItems - 1) / kBlockItems;
  const size_t block_bytes = size_t{groups_} * kGroupDims * kBlockItems;
  blocks_.assign(blocks * block_bytes, 0);
  sums_.assign(blocks * kBlockItems, 0);
  scales_.assign(blocks * kBlockItems, 0.0f);
  if (biases != nullptr) {
    biases_.assign(blocks * kBlockItems, 0.0f);
    max_bias_ = -std::numeric_limits<float>::infinity();
  }
  block_bounds_.resize(blocks);
  for (size_t p = 0; p < items; ++p) {
    const uint32_t item = order_[p];
    const int8_t* row = rows + size_t{item} * dims;
    int8_t* block = blocks_.data() + (p / kBlockItems) * block_bytes + (p % kBlockItems) * kGroupDims;
    int32_t sum = 0;
    for (uint32_t d = 0; d < dims; ++d) {
      block[(d / kGroupDims) * kGroupDims * kBlockItems + d % kGroupDims] = row[d];
      sum += row[d];
    }
    sums_[p] = sum;
    scales_[p] = scales[item];
    if (biases != nullptr) {
      biases_[p] = biases[item];
      // A NaN bias makes that item's score NaN, never selected; it bounds nothing.
      if (!std::isnan(biases[item])) max_bias_ = std::max(max_bias_, biases[item]);
    }
    if (p % kBlockItems == 0) {
      // The block's first item has its largest norm; rounded up so the bound stays a bound.
      const auto bound = static_cast<float>(norms[item]);
      block_bounds_[p / kBlockItems] =
          static_cast<double>(bound) >= norms[item] ? bound : std::nextafter(bound, std::numeric_limits<float>::infinity());
    }
  }
  if (std::isinf(max_bias_) && max_bias_ < 0.0f) max_bias_ = 0.0f;  // no bias that is not NaN
}

size_t PackedItemFactors::bytes() const {
  return order_.size() * sizeof(uint32_t) + blocks_.size() + sums_.size() * sizeof(int32_t) +
         (scales_.size() + biases_.size() + block_bounds_.size()) * sizeof(float);
}

bool packed_scoring_available() { return default_scoring_kernel() == ScoringKernel::kAvx512; }

}  // namespace edgerec
