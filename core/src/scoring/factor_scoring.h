// Scoring kernels for factor models: every catalog item against one user vector.
//
// Item factors are stored as float32 or as int8 with a per-item scale (value = int8 * scale);
// both give score_i = <item_i, user> (+ item bias). The kernels are written for each instruction
// set (SSE4.1, AVX2, AVX-512 with VNNI, wasm simd128; a portable scalar kernel is the reference)
// and the best one the CPU supports is picked at first use, so a portable x86 build is fast too.
//
// Every kernel returns the same bits as the scalar reference, on every target:
//  - float32: a dot product is accumulated in 16 lanes (dimension d into lane d mod 16, in
//    increasing d, both vectors zero-padded to a multiple of 16 dimensions) and the lanes are
//    summed by a fixed tree (lane l += lane l+8, then l+4, then l+2, then lane 0 + lane 1).
//    Multiplies and adds stay separate (no FMA: wasm has none, and a fused step rounds
//    differently), so SSE, AVX2, AVX-512, simd128 and scalar code perform the same operations.
//  - int8: the user vector is quantised once per request to int16 with one scale (FactorQuery);
//    <int8 item, int16 user> is an exact int32 whatever the order of the additions, and the score
//    is (float(dot) * user_scale) * item_scale.
// So the ranking of a solution (score descending, ties by catalog index, see topk.h) is the same
// natively and in WebAssembly, and scores agree exactly: the tolerance across targets is zero
// (tests/core/factor_scoring.tests.cpp checks every kernel against the scalar one bit for bit;
// scoring_bench compares wasm with native on a 27K-item model). Only NaN scores, which top-k
// never selects, may carry different NaN bits (wasm leaves NaN payloads unspecified).
//
// Why int16 for the user side (and not int8 x int8, or float x int8): integer sums make every
// target agree exactly; pmaddwd / vpdpwssd / i32x4.dot_i16x8 multiply-add 8 pairs per 128 bits
// with no int -> float conversion per element (float x int8 converts every element); and the
// user's rounding error, at most max|user| / 65534 per coordinate, is ~250x smaller than the
// int8 items' own (max|item| / 254), where an int8 user would double the error.
//
// Accuracy against exact real arithmetic: float32 scores carry the usual summation error
// (|error| <= dims * 2^-24 * sum_d |item_d * user_d|, in practice far less); int8 scores equal
// <dequantised item, dequantised user> within float rounding, i.e. they differ from the scores of
// the unquantised float factors by at most sum_d (|user_d| * item_scale / 2 +
// |item_d| * user_scale / 2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "scoring/packed_item_factors.h"
#include "edgerec/solution_generated.h"
#include "edgerec/topk.h"

namespace edgerec {


/// The instruction sets the scoring kernels are written for.
enum class ScoringKernel : uint8_t {
  kScalar,       ///< portable C++, the reference
  kSse41,        ///< x86 SSE4.1
  kAvx2,         ///< x86 AVX2
  kAvx512,       ///< x86 AVX-512 F/BW/VL with VNNI (Ice Lake, Sapphire Rapids, Zen 4)
  kWasmSimd128,  ///< WebAssembly SIMD
};

/// "scalar", "sse4.1", "avx2", "avx512-vnni" or "wasm-simd128".
const char* scoring_kernel_name(ScoringKernel kernel);

/// The kernels compiled into this build that the running CPU supports, scalar first, best last.
std::vector<ScoringKernel> supported_scoring_kernels();

/// The kernel used when none is named: the last of supported_scoring_kernels().
ScoringKernel default_scoring_kernel();

/// A user vector prepared for the kernels: a zero-padded float copy and its int16 quantisation.
/// Preparing costs O(dims); one query serves any number of items.
class FactorQuery {
 public:
  FactorQuery() = default;
  FactorQuery(const float* user, uint32_t dimensions) { set(user, dimensions); }

  /// Prepares `user` (`dimensions` floats; dimensions >= 1).
  void set(const float* user, uint32_t dimensions);

  uint32_t dimensions() const { return dimensions_; }
  /// The user vector, then zeros up to a multiple of 16 floats.
  const float* padded() const { return padded_.data(); }
  /// round(user / quantized_scale()), then zeros up to a multiple of 32 values. |values| stay
  /// below a bound chosen so that a dot product with int8 items cannot overflow int32.
  const int16_t* quantized() const { return quantized_.data(); }
  /// user ~= quantized * quantized_scale(); 0 for a zero vector, NaN if the vector holds a
  /// non-finite value (every int8 score is then NaN, which top-k never selects).
  float quantized_scale() const { return quantized_scale_; }
  /// The quantised values split into unsigned bytes for the packed kernel, four dimensions per
  /// little-endian word (word g: dimensions 4g..4g+3): high bytes (q >> 8) + 128 and low bytes
  /// q & 255, so q = 256 * (high - 128) + low (packed_item_factors.h). quantized().size() / 4 words.
  const uint32_t* high_byte_words() const { return high_bytes_.data(); }
  const uint32_t* low_byte_words() const { return low_bytes_.data(); }

 private:
  uint32_t dimensions_ = 0;
  std::vector<float> padded_;
  std::vector<int16_t> quantized_;
  std::vector<uint32_t> high_bytes_;
  std::vector<uint32_t> low_bytes_;
  float quantized_scale_ = 0.0f;
};

/// out[i] = <rows_i, user> for `n` float32 rows of query.dimensions() values each, row-major.
void score_rows_f32(const float* rows, size_t n, const FactorQuery& query, float* out);
void score_rows_f32(const float* rows, size_t n, const FactorQuery& query, float* out, ScoringKernel kernel);

/// out[i] = (float(<rows_i, quantized user>) * quantized_scale) * scales[i] for `n` int8 rows.
void score_rows_i8(const int8_t* rows, const float* scales, size_t n, const FactorQuery& query, float* out);
void score_rows_i8(const int8_t* rows, const float* scales, size_t n, const FactorQuery& query, float* out,
                   ScoringKernel kernel);

/// score_rows_i8 for positions [first, first + n) of a packed copy (in its norm order, with its
/// scales; biases not added), the same bits; `first` a multiple of PackedItemFactors::kBlockItems.
/// AVX-512 VNNI where packed_scoring_available(), else a portable reference of the arithmetic.
void score_packed_i8(const PackedItemFactors& packed, size_t first, size_t n, const FactorQuery& query, float* out);
/// The same with the AVX-512 VNNI kernel if `kernel` is kAvx512 and the CPU has it, else with the
/// portable reference (tests run both on every CPU).
void score_packed_i8(const PackedItemFactors& packed, size_t first, size_t n, const FactorQuery& query, float* out,
                     ScoringKernel kernel);

/// out[i] = <item_i, user> + bias_i for the first `items` catalog items (out holds `items` floats).
/// (Every score is needed here, in catalog order: the row kernels do that as fast as the packed
/// one, without its scatter.)
void score_all_items(const fb::FactorModel& model, uint32_t items, const float* user, float* out);

/// <item, user> + bias for one catalog item: the same bits as score_all_items gives it.
float score_item(const fb::FactorModel& model, uint32_t item, const float* user);

/// out[j] = score_item(model, indices[j], user) for `n` catalog items (the user vector prepared
/// once for all of them).
void score_items(const fb::FactorModel& model, const uint32_t* indices, size_t n, const float* user, float* out);

/**
 * The k best of the first `items` catalog items by <item, user> + bias, ranked as top_k ranks
 * (score descending, ties by index ascending, NaN never selected), without materialising every
 * score: items are scored a block at a time and only those above the current k-th best are kept.
 * With `allowed` (`items` bytes), only items with allowed[i] != 0 are candidates. With the
 * model's packed copy (Solution::packed_item_factors()), items are visited in decreasing norm
 * and the search stops where no later item can reach the k-th best (packed_item_factors.h).
 * Same result as score_all_items followed by top_k, either way.
 */
std::vector<ScoredItem> top_k_items(const fb::FactorModel& model, uint32_t items, const float* user, size_t k,
                                    const uint8_t* allowed = nullptr, const PackedItemFactors* packed = nullptr);

/// The stored vector of known user `user`, or nullptr if the model carries no user factors
/// (an edge bundle).
const float* stored_user_vector(const fb::FactorModel& model, uint32_t user);

}  // namespace edgerec
