// Int8 item factors interleaved for scoring several users at once (multi_user_scoring.h): eight
// items side by side, two dimensions at a time, in catalog order.
//
// Why: a pass over the catalog for one user streams every item's bytes (1.7 MB for 27K items at
// 64 dimensions) and, in the row layout, sign-extends each item to int16 and reduces each item's
// lanes at the end, per user. With eight items interleaved, one 16-byte group holds dimensions
// 2g and 2g+1 of the block's items j = 0..7 at bytes 2j and 2j+1: sign-extended once, it is
// multiplied-added (pmaddwd) with each user's pair of int16 values broadcast to every lane, into
// that user's eight item lanes. The extension is shared by every user of a batch, nothing is
// reduced across lanes, and the item bytes are read once per batch of users instead of once per
// user. Items past the end and dimensions past `dims` are zero.
//
// A copy as large as the int8 factors; made on demand by what scores batches (Runtime's batch
// requests), never at load.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgerec {

class InterleavedItemFactors {
 public:
  /// Items per block.
  static constexpr uint32_t kBlockItems = 8;
  /// Dimensions per group (bytes per item in a group).
  static constexpr uint32_t kGroupDims = 2;

  /// Interleaves `items` int8 rows of `dims` values (row-major) and their per-item scales.
  InterleavedItemFactors(const int8_t* rows, const float* scales, size_t items, uint32_t dims);

  size_t items() const { return items_; }
  uint32_t dimensions() const { return dims_; }
  /// Groups per block: ceil(dims / 2).
  uint32_t groups() const { return groups_; }
  /// Block b (items 8b..8b+7) starts at blocks() + b * groups() * 16.
  const int8_t* blocks() const { return blocks_.data(); }
  /// The items' scales, padded with zeros to a whole block.
  const float* scales() const { return scales_.data(); }

 private:
  size_t items_;
  uint32_t dims_;
  uint32_t groups_;
  std::vector<int8_t> blocks_;
  std::vector<float> scales_;
};

}  // namespace edgerec
