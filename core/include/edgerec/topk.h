// Top-k selection with a defined order.
//
// Order: higher score first; equal scores by ascending item index (the catalog is sorted by id,
// so ties come out in id order). NaN scores are never selected. Fewer than k candidates give a
// shorter list; nothing is padded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgerec {

struct ScoredItem {
  uint32_t index = 0;
  float score = 0.0f;
};

/// True if `a` ranks before `b` under the order above.
inline bool ranks_before(const ScoredItem& a, const ScoredItem& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.index < b.index;
}

/// Streaming top-k: push candidates in any order, then take() the ranked list.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(k); }

  void push(uint32_t index, float score);
  /// The selected items, best first. Leaves the selector empty.
  std::vector<ScoredItem> take();

 private:
  size_t k_;
  std::vector<ScoredItem> heap_;  // min-heap on rank: the worst kept item is at the front
};

/// The k best of scores[0..n), ranked; with `allowed` (n bytes), only items i with allowed[i] != 0
/// are candidates (a filter's item mask).
std::vector<ScoredItem> top_k(const float* scores, size_t n, size_t k, const uint8_t* allowed = nullptr);

}  // namespace edgerec
