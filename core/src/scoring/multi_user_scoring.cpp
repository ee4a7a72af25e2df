// Several users against the whole catalog (see multi_user_scoring.h).
#include "scoring/multi_user_scoring.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "scoring/factor_scoring_kernels.h"

namespace edgerec {
namespace {

void score_interleaved_scalar(const InterleavedItemFactors& interleaved, const FactorQuery* const* queries,
                              size_t count, float* const* out) {
  const uint32_t groups = interleaved.groups();
  constexpr uint32_t kItems = InterleavedItemFactors::kBlockItems;
  for (size_t first = 0; first < interleaved.items(); first += kItems) {
    const int8_t* block = interleaved.blocks() + first / kItems * groups * 16;
    const size_t n = std::min<size_t>(kItems, interleaved.items() - first);
    for (size_t u = 0; u < count; ++u) {
      const int16_t* q = queries[u]->quantized();
      for (size_t j = 0; j < n; ++j) {
        int32_t dot = 0;
        for (uint32_t g = 0; g < groups; ++g) {
          dot += int32_t{block[16 * g + 2 * j]} * q[2 * g] + int32_t{block[16 * g + 2 * j + 1]} * q[2 * g + 1];
        }
        out[u][first + j] = (static_cast<float>(dot) * queries[u]->quantized_scale()) * interleaved.scales()[first + j];
      }
    }
  }
}

}  // namespace

bool multi_user_scoring_available(const fb::FactorModel& model) {
#ifdef EDGEREC_SCORING_X86
  return model.item_encoding() == fb::FactorEncoding::INT8 && scoring::cpu_has_avx2();
#else
  (void)model;
  return false;
#endif
}

void score_interleaved_i8(const InterleavedItemFactors& interleaved, const FactorQuery* const* queries, size_t count,
                          float* const* out, ScoringKernel kernel) {
#ifdef EDGEREC_SCORING_X86
  if (kernel == ScoringKernel::kAvx2 && scoring::cpu_has_avx2()) {
    const int16_t* users[kMultiUserBlock];
    float scales[kMultiUserBlock];
    for (size_t u = 0; u < count; ++u) {
      users[u] = queries[u]->quantized();
      scales[u] = queries[u]->quantized_scale();
    }
    scoring::score_interleaved_i8_avx2(interleaved.blocks(), interleaved.scales(), interleaved.items(),
                                       interleaved.groups(), users, scales, count, out);
    return;
  }
#endif
  (void)kernel;
  score_interleaved_scalar(interleaved, queries, count, out);
}

void score_all_items_for_users(const fb::FactorModel& model, uint32_t items, const float* const* users, size_t count,
                               float* const* out, const InterleavedItemFactors* interleaved) {
  if (interleaved == nullptr || !multi_user_scoring_available(model) || interleaved->items() != items) {
    for (size_t u = 0; u < count; ++u) score_all_items(model, items, users[u], out[u]);
    return;
  }
  const flatbuffers::Vector<float>* biases = model.item_biases();
  for (size_t begin = 0; begin < count; begin += kMultiUserBlock) {
    const size_t n = std::min(kMultiUserBlock, count - begin);
    FactorQuery queries[kMultiUserBlock];
    const FactorQuery* pointers[kMultiUserBlock];
    for (size_t u = 0; u < n; ++u) {
      queries[u].set(users[begin + u], model.dimensions());
      pointers[u] = &queries[u];
    }
    score_interleaved_i8(*interleaved, pointers, n, out + begin, ScoringKernel::kAvx2);
    if (biases != nullptr) {
      // score_all_items' addition, after the product, in the same float operation.
      const float* b = biases->data();
      for (size_t u = 0; u < n; ++u) {
        float* o = out[begin + u];
        for (uint32_t i = 0; i < items; ++i) o[i] += b[i];
      }
    }
  }
}

}  // namespace edgerec
