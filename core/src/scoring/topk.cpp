// Top-k: a bounded heap (TopK: O(n log k), the worst kept candidate at the heap's front) and a
// threshold selector for whole catalogs (BlockTopK).
#include "edgerec/topk.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__AVX512F__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace edgerec {
namespace {

// Heap comparator: "a is better than b" puts the worst item at the front of a std heap.
bool better(const ScoredItem& a, const ScoredItem& b) { return ranks_before(a, b); }

}  // namespace

void TopK::push(uint32_t index, float score) {
  if (k_ == 0 || std::isnan(score)) return;
  const ScoredItem candidate{index, score};
  if (heap_.size() < k_) {
    heap_.push_back(candidate);
    std::push_heap(heap_.begin(), heap_.end(), better);
    return;
  }
  if (!ranks_before(candidate, heap_.front())) return;
  std::pop_heap(heap_.begin(), heap_.end(), better);
  heap_.back() = candidate;
  std::push_heap(heap_.begin(), heap_.end(), better);
}

std::vector<ScoredItem> TopK::take() {
  std::sort_heap(heap_.begin(), heap_.end(), better);
  std::vector<ScoredItem> out;
  out.swap(heap_);
  return out;
}

namespace {

/// Whether any of the 16 scores at p beats t (NaN does not): one or four vector compares, as
/// the build's target allows (compilers leave the plain loop scalar).
inline bool any_above(const float* p, float t) {
#if defined(__wasm_simd128__)
  const v128_t th = wasm_f32x4_splat(t);
  const v128_t m = wasm_v128_or(wasm_v128_or(wasm_f32x4_gt(wasm_v128_load(p), th), wasm_f32x4_gt(wasm_v128_load(p + 4), th)),
                                wasm_v128_or(wasm_f32x4_gt(wasm_v128_load(p + 8), th), wasm_f32x4_gt(wasm_v128_load(p + 12), th)));
  return wasm_v128_any_true(m);
#elif defined(__AVX512F__)
  return _mm512_cmp_ps_mask(_mm512_loadu_ps(p), _mm512_set1_ps(t), _CMP_GT_OQ) != 0;
#elif defined(__SSE2__)
  const __m128 th = _mm_set1_ps(t);
  const __m128 m = _mm_or_ps(_mm_or_ps(_mm_cmpgt_ps(_mm_loadu_ps(p), th), _mm_cmpgt_ps(_mm_loadu_ps(p + 4), th)),
                             _mm_or_ps(_mm_cmpgt_ps(_mm_loadu_ps(p + 8), th), _mm_cmpgt_ps(_mm_loadu_ps(p + 12), th)));
  return _mm_movemask_ps(m) != 0;
#else
  bool any = false;
  for (int j = 0; j < 16; ++j) any = any || p[j] > t;
  return any;
#endif
}

}  // namespace

BlockTopK::BlockTopK(size_t k, bool in_index_order) : k_(k), in_index_order_(in_index_order) {
  kept_.reserve(2 * k);
}

void BlockTopK::cut() {
  std::nth_element(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(k_ - 1), kept_.end(), ranks_before);
  kept_.resize(k_);
  threshold_ = kept_[k_ - 1].score;
  full_ = true;
}

void BlockTopK::offer(const float* scores, size_t n, uint32_t first_index, const uint32_t* indices,
                      const uint8_t* allowed) {
  if (k_ == 0) return;
  constexpr float kMinusInfinity = -std::numeric_limits<float>::infinity();
  size_t i = 0;
  while (i < n) {
    if (full_ && (in_index_order_ || threshold_ > kMinusInfinity)) {
      // Out of index order a tie may still rank first: skip only what is below the threshold.
      const float cut = in_index_order_ ? threshold_ : std::nextafter(threshold_, kMinusInfinity);
      while (i + 16 <= n && !any_above(scores + i, cut)) i += 16;
    }
    const size_t group_end = std::min(n, i + 16);
    for (; i < group_end; ++i) {
      const float s = scores[i];
      const bool candidate = full_ ? s > threshold_ || (!in_index_order_ && s == threshold_) : !std::isnan(s);
      if (!candidate) continue;
      const uint32_t index = indices != nullptr ? indices[i] : first_index + static_cast<uint32_t>(i);
      if (allowed != nullptr && allowed[index] == 0) continue;
      kept_.push_back({index, s});
      if (kept_.size() == 2 * k_) cut();
    }
  }
}

std::vector<ScoredItem> BlockTopK::take() {
  std::sort(kept_.begin(), kept_.end(), ranks_before);
  if (kept_.size() > k_) kept_.resize(k_);
  std::vector<ScoredItem> out;
  out.swap(kept_);
  full_ = false;
  return out;
}

std::vector<ScoredItem> top_k(const float* scores, size_t n, size_t k, const uint8_t* allowed) {
  BlockTopK selector(std::min(k, n), /*in_index_order=*/true);
  selector.offer(scores, n, 0, nullptr, allowed);
  return selector.take();
}

}  // namespace edgerec
