// Top-k with a bounded heap: O(n log k), the worst kept candidate at the heap's front.
#include "edgerec/topk.h"

#include <algorithm>
#include <cmath>

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

std::vector<ScoredItem> top_k(const float* scores, size_t n, size_t k, const uint8_t* allowed) {
  TopK selector(std::min(k, n));
  for (size_t i = 0; i < n; ++i) {
    if (allowed == nullptr || allowed[i] != 0) selector.push(static_cast<uint32_t>(i), scores[i]);
  }
  return selector.take();
}

}  // namespace edgerec
