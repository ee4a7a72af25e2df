// Int8 item factors re-laid out for fast exact top-k: sorted by norm, so a search can stop early,
// and packed for a kernel that multiplies four byte pairs per 32-bit lane (x86 AVX-512 VNNI's
// vpdpbusd, 64 byte products per instruction).
//
// Why sorted: a top-k search over int8 factors streams every item's bytes (1.7 MB for 27K items at
// 64 dimensions), and once the kernel is fast, the memory traffic bounds it. By Cauchy-Schwarz no
// item scores above |user| * |item| (+ its bias), and iALS item norms vary widely (they grow with
// popularity), so with items in decreasing order of |item| * scale the search stops at the first
// block whose bound is below the k-th best score found so far. The result is exactly that of the
// full scan (factor_scoring.h, top_k_items); only fewer bytes are read.
//
// Why packed: the solution stores rows (one item's dimensions together), which every kernel can
// read. Rows make a 512-bit kernel sign-extend bytes to int16 and reduce 16 lanes per item at the
// end; the shuffles that takes, not the multiplies, bound its speed. The packed copy puts 16 items
// side by side: a block holds 16 items as a run of 64-byte groups, group g holding dimensions
// 4g..4g+3 of the block's item j at bytes 4j..4j+3. One vpdpbusd multiplies a group by four user
// values broadcast to every lane and adds into each item's own lane: no widening, no horizontal
// reduction. Items past the end and dimensions past `dims` are zero.
//
// vpdpbusd multiplies unsigned by signed bytes and the user vector is int16 (FactorQuery), so the
// kernel splits each quantised user value q = 256 * (h - 128) + l into two unsigned bytes
// h = (q >> 8) + 128 and l = q & 255 and uses
//   <q, x> = 256 * <h, x> + <l, x> - 32768 * sum(x),
// with sum(x), each item's sum of values, kept here. The arithmetic is exact modulo 2^32 and the
// true dot product fits in int32, so the result is the int32 the scalar reference computes:
// scores keep the same bits on every target (factor_scoring.h).
//
// The copy costs about as much memory as the int8 factors themselves, so a Solution makes one
// only when the running CPU scores with it (packed_scoring_available()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgerec {

class PackedItemFactors {
 public:
  /// Items per block.
  static constexpr uint32_t kBlockItems = 16;
  /// Dimensions per group (bytes per item in a group).
  static constexpr uint32_t kGroupDims = 4;

  /// Packs `items` int8 rows of `dims` values (row-major) with their per-item scales and, if not
  /// null, biases.
  PackedItemFactors(const int8_t* rows, const float* scales, const float* biases, size_t items, uint32_t dims);

  size_t items() const { return items_; }
  uint32_t dimensions() const { return dims_; }
  /// Groups per block: ceil(dims / 4).
  uint32_t groups() const { return groups_; }
  /// Position p (in norm order) holds catalog item order()[p].
  const uint32_t* order() const { return order_.data(); }
  /// Block b starts at blocks() + b * groups() * 64.
  const int8_t* blocks() const { return blocks_.data(); }
  /// Per position, padded with zeros to a whole block: the item's sum of values, scale, bias.
  const int32_t* sums() const { return sums_.data(); }
  const float* scales() const { return scales_.data(); }
  const float* biases() const { return biases_.empty() ? nullptr : biases_.data(); }
  /// An upper bound of |item| * scale over block b's items (and of every later block's): block
  /// b's items score at most block_norm_bound(b) * |user| + max_bias().
  float block_norm_bound(size_t block) const { return block_bounds_[block]; }
  /// The largest bias, 0 without biases.
  float max_bias() const { return max_bias_; }
  size_t bytes() const;

 private:
  size_t items_;
  uint32_t dims_;
  uint32_t groups_;
  std::vector<uint32_t> order_;
  std::vector<int8_t> blocks_;
  std::vector<int32_t> sums_;
  std::vector<float> scales_;
  std::vector<float> biases_;
  std::vector<float> block_bounds_;
  float max_bias_ = 0.0f;
};

/// Whether the kernel the running CPU scores int8 factors with reads the packed layout.
bool packed_scoring_available();

}  // namespace edgerec
