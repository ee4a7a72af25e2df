// int8 item factors: the compact encoding that solutions carry by default (FactorModel INT8).
//
// Each row (an item's factor vector) is quantised symmetrically with its own scale,
// scale = max_d |v_d| / 127 and q_d = round(v_d / scale) in [-127, 127], so a row's largest
// coordinate is exact and every other is within scale / 2 (0.4% of the largest) of its value.
// A quarter of the float32 size, and the core's int8 kernels are the fastest (factor_scoring.h).
//
// What it costs: on MovieLens-100K (tests/eval/evaluate.py with --edgerec-recipes
// "user-personalization+item_factor_encoding=1,user-personalization+item_factor_encoding=0")
// NDCG@10 was 0.2506 int8 vs 0.2505 float32, and 0.1948 vs 0.1949 with the factors alone
// (sequence_weight=0): well inside the 0.5% budget. UPDATE training of an int8 solution starts
// from the dequantised base vectors (q * scale, update_mode.cpp), i.e. within scale / 2 per
// coordinate of the float ones; it re-solves both sides from there, so rounding does not build
// up over successive updates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgerec {

struct QuantizedRows {
  std::vector<int8_t> values;  ///< rows x dims, row-major
  std::vector<float> scales;   ///< one per row: value = q * scale
};

/// Quantises `rows` rows of `dims` floats. An all-zero row gets scale 0; a row with a non-finite
/// value gets scale NaN and zeros, so its scores are NaN and it is never recommended (as with
/// float factors, whose NaN scores top-k skips).
QuantizedRows quantize_rows_int8(const float* rows, size_t n, uint32_t dims);

/// out[r * dims + d] = values[r * dims + d] * scales[r].
void dequantize_rows_int8(const int8_t* values, const float* scales, size_t n, uint32_t dims, float* out);

}  // namespace edgerec
