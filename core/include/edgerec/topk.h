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

/**
 * Top-k over scores offered a block at a time, for whole catalogs: candidates above a threshold,
 * the k-th best score so far, are kept and cut back to the best k whenever 2k have gathered
 * (amortised O(1) per candidate); runs of 16 scores with none above the threshold, nearly all of
 * them once it has risen, are skipped by one vector compare. Several times faster than TopK,
 * whose heap costs a comparison and a branch per score.
 */
class BlockTopK {
 public:
  /// `in_index_order`: items are offered in increasing index order, so a later item that only
  /// ties the threshold ranks after the k-th best and is skipped; otherwise ties are kept.
  BlockTopK(size_t k, bool in_index_order);

  /// Whether k candidates have been seen: threshold() is then the k-th best score so far, and no
  /// item scoring below it can enter.
  bool full() const { return full_; }
  float threshold() const { return threshold_; }

  /// Offers scores[0..n) of items first_index + i, or indices[i] when `indices` is not null; only
  /// items with allowed[index] != 0 when `allowed` is not null.
  void offer(const float* scores, size_t n, uint32_t first_index, const uint32_t* indices = nullptr,
             const uint8_t* allowed = nullptr);
  /// The best k offered, ranked. Leaves the selector empty.
  std::vector<ScoredItem> take();

 private:
  void cut();

  size_t k_;
  bool in_index_order_;
  std::vector<ScoredItem> kept_;
  float threshold_ = 0.0f;
  bool full_ = false;  // until k are kept, every score but NaN is a candidate
};

/// The k best of scores[0..n), ranked; with `allowed` (n bytes), only items i with allowed[i] != 0
/// are candidates (a filter's item mask).
std::vector<ScoredItem> top_k(const float* scores, size_t n, size_t k, const uint8_t* allowed = nullptr);

}  // namespace edgerec
