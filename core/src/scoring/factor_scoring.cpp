// Factor scoring: user-vector preparation, kernel choice, the scalar reference kernels and the
// model-level entry points (all items, one item, fused top-k). The SIMD kernels are in
// kernels_<set>.cpp (one skeleton, row_kernels.inc, per instruction set).
#include "scoring/factor_scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "scoring/factor_scoring_kernels.h"

// Compiled with -ffp-contract=off (core/CMakeLists.txt): a multiply and an add fused into one
// FMA round differently from the separate operations, on some targets and not others.

namespace edgerec {
namespace scoring {

void score_f32_scalar(const float* rows, size_t n, uint32_t dims, const float* user, float* out) {
  const uint32_t padded = (dims + kLanes - 1) / kLanes * kLanes;
  for (size_t i = 0; i < n; ++i) {
    const float* row = rows + i * dims;
    float acc[kLanes] = {};
    for (uint32_t c = 0; c < padded; c += kLanes) {
      for (uint32_t l = 0; l < kLanes; ++l) {
        const uint32_t d = c + l;
        const float product = (d < dims ? row[d] : 0.0f) * user[d];
        acc[l] = c == 0 ? product : acc[l] + product;
      }
    }
    // The fixed tree: fold the upper half of the lanes onto the lower half until one is left.
    for (uint32_t l = 0; l < 8; ++l) acc[l] = acc[l] + acc[l + 8];
    for (uint32_t l = 0; l < 4; ++l) acc[l] = acc[l] + acc[l + 4];
    for (uint32_t l = 0; l < 2; ++l) acc[l] = acc[l] + acc[l + 2];
    out[i] = acc[0] + acc[1];
  }
}

void score_i8_scalar(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                     float user_scale, float* out) {
  for (size_t i = 0; i < n; ++i) {
    const int8_t* row = rows + i * dims;
    int32_t dot = 0;
    for (uint32_t d = 0; d < dims; ++d) dot += int32_t{row[d]} * int32_t{user[d]};
    out[i] = (static_cast<float>(dot) * user_scale) * scales[i];
  }
}

void score_packed_i8_scalar(const int8_t* blocks, const int32_t* sums, uint32_t groups, size_t first, size_t n,
                            const uint32_t* high, const uint32_t* low, float user_scale, const float* scales,
                            float* out) {
  constexpr uint32_t kItems = PackedItemFactors::kBlockItems;
  const size_t block_bytes = size_t{groups} * PackedItemFactors::kGroupDims * kItems;
  for (size_t i = 0; i < n; ++i) {
    const size_t item = first + i;
    const int8_t* x = blocks + (item / kItems) * block_bytes + (item % kItems) * PackedItemFactors::kGroupDims;
    // Unsigned 32-bit arithmetic wraps where the vector instructions do; the true value fits.
    uint32_t high_dot = 0;
    uint32_t low_dot = 0;
    for (uint32_t g = 0; g < groups; ++g, x += PackedItemFactors::kGroupDims * kItems) {
      for (uint32_t t = 0; t < PackedItemFactors::kGroupDims; ++t) {
        const auto value = static_cast<uint32_t>(int32_t{x[t]});
        high_dot += ((high[g] >> (8 * t)) & 0xFFu) * value;
        low_dot += ((low[g] >> (8 * t)) & 0xFFu) * value;
      }
    }
    const uint32_t dot = (high_dot << 8) + low_dot - (static_cast<uint32_t>(sums[item]) << 15);
    out[i] = (static_cast<float>(static_cast<int32_t>(dot)) * user_scale) * scales[i];
  }
}

}  // namespace scoring

namespace {

struct Kernels {
  scoring::ScoreF32 f32;
  scoring::ScoreI8 i8;
};

Kernels kernels_for(ScoringKernel kernel) {
  switch (kernel) {
#ifdef EDGEREC_SCORING_X86
    case ScoringKernel::kSse41: return {scoring::sse41::score_f32, scoring::sse41::score_i8};
    case ScoringKernel::kAvx2: return {scoring::avx2::score_f32, scoring::avx2::score_i8};
    case ScoringKernel::kAvx512: return {scoring::avx512::score_f32, scoring::avx512::score_i8};
#endif
#ifdef EDGEREC_SCORING_WASM
    case ScoringKernel::kWasmSimd128: return {scoring::wasm::score_f32, scoring::wasm::score_i8};
#endif
    default: return {scoring::score_f32_scalar, scoring::score_i8_scalar};
  }
}

// Chosen once: the CPU does not change while the process runs.
const Kernels& default_kernels() {
  static const Kernels kernels = kernels_for(default_scoring_kernel());
  return kernels;
}

bool is_supported(ScoringKernel kernel) {
  const std::vector<ScoringKernel> supported = supported_scoring_kernels();
  return std::find(supported.begin(), supported.end(), kernel) != supported.end();
}

/// Quantised user values stay within this bound so that sum_d |int8| * |value| <= 128 * dims *
/// bound fits in int32 (-128 can only come from a damaged file; the trainer writes -127..127).
int32_t quantization_bound(uint32_t dims) {
  const int64_t fits = (int64_t{1} << 31) / (int64_t{128} * std::max<uint32_t>(dims, 1)) - 1;
  return static_cast<int32_t>(std::min<int64_t>(32767, std::max<int64_t>(fits, 1)));
}

}  // namespace

const char* scoring_kernel_name(ScoringKernel kernel) {
  switch (kernel) {
    case ScoringKernel::kScalar: return "scalar";
    case ScoringKernel::kSse41: return "sse4.1";
    case ScoringKernel::kAvx2: return "avx2";
    case ScoringKernel::kAvx512: return "avx512-vnni";
    case ScoringKernel::kWasmSimd128: return "wasm-simd128";
  }
  return "unknown";
}

std::vector<ScoringKernel> supported_scoring_kernels() {
  std::vector<ScoringKernel> out = {ScoringKernel::kScalar};
#ifdef EDGEREC_SCORING_X86
  if (scoring::cpu_has_sse41()) out.push_back(ScoringKernel::kSse41);
  if (scoring::cpu_has_avx2()) out.push_back(ScoringKernel::kAvx2);
  if (scoring::cpu_has_avx512()) out.push_back(ScoringKernel::kAvx512);
#endif
#ifdef EDGEREC_SCORING_WASM
  out.push_back(ScoringKernel::kWasmSimd128);
#endif
  return out;
}

ScoringKernel default_scoring_kernel() {
  static const ScoringKernel best = supported_scoring_kernels().back();
  return best;
}

void FactorQuery::set(const float* user, uint32_t dimensions) {
  dimensions_ = dimensions;
  padded_.assign((dimensions + scoring::kLanes - 1) / scoring::kLanes * scoring::kLanes, 0.0f);
  std::copy_n(user, dimensions, padded_.begin());
  quantized_.assign((dimensions + scoring::kQuantizedPad - 1) / scoring::kQuantizedPad * scoring::kQuantizedPad, 0);
  high_bytes_.assign(quantized_.size() / PackedItemFactors::kGroupDims, 0x80808080u);  // q = 0
  low_bytes_.assign(high_bytes_.size(), 0);
  float max_abs = 0.0f;
  bool finite = true;
  for (uint32_t d = 0; d < dimensions; ++d) {
    finite = finite && std::isfinite(user[d]);
    max_abs = std::max(max_abs, std::fabs(user[d]));
  }
  if (!finite) {
    quantized_scale_ = std::numeric_limits<float>::quiet_NaN();
    return;
  }
  if (max_abs == 0.0f) {
    quantized_scale_ = 0.0f;
    return;
  }
  // Symmetric: the largest coordinate maps to +-bound. Dividing by max_abs first keeps every
  // step finite even for subnormal vectors; IEEE division and rounding to nearest even give
  // the same values on every target.
  const int32_t bound = quantization_bound(dimensions);
  const auto q = static_cast<float>(bound);
  for (uint32_t d = 0; d < dimensions; ++d) {
    const float v = std::nearbyint(user[d] / max_abs * q);
    quantized_[d] = static_cast<int16_t>(std::clamp(v, -q, q));
  }
  quantized_scale_ = max_abs / q;
  for (uint32_t d = 0; d < dimensions; ++d) {
    const auto value = static_cast<uint16_t>(quantized_[d]);  // two's complement bits
    const uint32_t shift = 8 * (d % PackedItemFactors::kGroupDims);
    uint32_t& high = high_bytes_[d / PackedItemFactors::kGroupDims];
    // (q >> 8) + 128 is the high byte of q's bits with its top bit flipped.
    high = (high & ~(0xFFu << shift)) | (((uint32_t{value} >> 8) ^ 0x80u) << shift);
    low_bytes_[d / PackedItemFactors::kGroupDims] |= (uint32_t{value} & 0xFFu) << shift;
  }
}

void score_rows_f32(const float* rows, size_t n, const FactorQuery& query, float* out) {
  default_kernels().f32(rows, n, query.dimensions(), query.padded(), out);
}

void score_rows_f32(const float* rows, size_t n, const FactorQuery& query, float* out, ScoringKernel kernel) {
  if (!is_supported(kernel)) kernel = ScoringKernel::kScalar;
  kernels_for(kernel).f32(rows, n, query.dimensions(), query.padded(), out);
}

void score_rows_i8(const int8_t* rows, const float* scales, size_t n, const FactorQuery& query, float* out) {
  default_kernels().i8(rows, scales, n, query.dimensions(), query.quantized(), query.quantized_scale(), out);
}

void score_rows_i8(const int8_t* rows, const float* scales, size_t n, const FactorQuery& query, float* out,
                   ScoringKernel kernel) {
  if (!is_supported(kernel)) kernel = ScoringKernel::kScalar;
  kernels_for(kernel).i8(rows, scales, n, query.dimensions(), query.quantized(), query.quantized_scale(), out);
}

namespace {

void run_packed_i8(scoring::ScorePackedI8 run, const PackedItemFactors& packed, size_t first, size_t n,
                   const FactorQuery& query, float* out) {
  run(packed.blocks(), packed.sums(), packed.groups(), first, n, query.high_byte_words(), query.low_byte_words(),
      query.quantized_scale(), packed.scales() + first, out);
}

}  // namespace

void score_packed_i8(const PackedItemFactors& packed, size_t first, size_t n, const FactorQuery& query, float* out,
                     ScoringKernel kernel) {
  scoring::ScorePackedI8 run = scoring::score_packed_i8_scalar;
#ifdef EDGEREC_SCORING_X86
  if (kernel == ScoringKernel::kAvx512 && is_supported(kernel)) run = scoring::score_packed_i8_avx512;
#else
  (void)kernel;
#endif
  run_packed_i8(run, packed, first, n, query, out);
}

void score_packed_i8(const PackedItemFactors& packed, size_t first, size_t n, const FactorQuery& query, float* out) {
#ifdef EDGEREC_SCORING_X86
  // Decided once per process (packed_scoring_available caches the CPU check).
  if (packed_scoring_available()) return run_packed_i8(scoring::score_packed_i8_avx512, packed, first, n, query, out);
#endif
  run_packed_i8(scoring::score_packed_i8_scalar, packed, first, n, query, out);
}

namespace {

/// Whether `packed` holds exactly the first `items` items of `model`, as int8.
bool packed_fits(const fb::FactorModel& model, uint32_t items, const PackedItemFactors* packed) {
  return packed != nullptr && model.item_encoding() == fb::FactorEncoding::INT8 && packed->items() == items &&
         packed->dimensions() == model.dimensions();
}

/// Scores items [begin, begin + n) of `model` into out[0..n), biases included.
void score_range(const fb::FactorModel& model, const FactorQuery& query, uint32_t begin, size_t n, float* out) {
  const size_t row = static_cast<size_t>(begin) * model.dimensions();
  if (model.item_encoding() == fb::FactorEncoding::INT8) {
    const auto* factors = reinterpret_cast<const int8_t*>(model.item_factors_i8()->data());
    score_rows_i8(factors + row, model.item_scales()->data() + begin, n, query, out);
  } else {
    score_rows_f32(model.item_factors_f32()->data() + row, n, query, out);
  }
  if (const flatbuffers::Vector<float>* biases = model.item_biases()) {
    const float* b = biases->data() + begin;
    for (size_t i = 0; i < n; ++i) out[i] += b[i];
  }
}

}  // namespace

void score_all_items(const fb::FactorModel& model, uint32_t items, const float* user, float* out) {
  if (items == 0) return;
  const FactorQuery query(user, model.dimensions());
  score_range(model, query, 0, items, out);
}

float score_item(const fb::FactorModel& model, uint32_t item, const float* user) {
  const FactorQuery query(user, model.dimensions());
  float score = 0.0f;
  score_range(model, query, item, 1, &score);
  return score;
}

void score_items(const fb::FactorModel& model, const uint32_t* indices, size_t n, const float* user, float* out) {
  if (n == 0) return;
  const FactorQuery query(user, model.dimensions());
  // The rows gathered a few at a time into one block for the row kernels, which give each row
  // the bits they give it in place (a kernel call per item would cost more than its scoring).
  constexpr size_t kGather = 64;
  const size_t dims = model.dimensions();
  const bool int8 = model.item_encoding() == fb::FactorEncoding::INT8;
  const auto* factors_i8 = int8 ? reinterpret_cast<const int8_t*>(model.item_factors_i8()->data()) : nullptr;
  std::vector<int8_t> rows_i8(int8 ? kGather * dims : 0);
  std::vector<float> rows_f32(int8 ? 0 : kGather * dims);
  float scales[kGather];
  constexpr size_t kAhead = 8;  // rows requested before they are copied: scattered rows miss the cache
  const size_t row_bytes = dims * (int8 ? 1 : sizeof(float));
  const auto* base = int8 ? static_cast<const void*>(factors_i8) : static_cast<const void*>(model.item_factors_f32()->data());
  for (size_t begin = 0; begin < n; begin += kGather) {
    const size_t m = std::min(kGather, n - begin);
    for (size_t j = 0; j < m; ++j) {
#if defined(__GNUC__)
      if (begin + j + kAhead < n) {
        const char* ahead = static_cast<const char*>(base) + indices[begin + j + kAhead] * row_bytes;
        for (size_t b = 0; b < row_bytes; b += 64) __builtin_prefetch(ahead + b);
        if (int8) __builtin_prefetch(model.item_scales()->data() + indices[begin + j + kAhead]);
      }
#endif
      const size_t row = static_cast<size_t>(indices[begin + j]) * dims;
      if (int8) {
        std::copy_n(factors_i8 + row, dims, rows_i8.data() + j * dims);
        scales[j] = model.item_scales()->Get(indices[begin + j]);
      } else {
        std::copy_n(model.item_factors_f32()->data() + row, dims, rows_f32.data() + j * dims);
      }
    }
    if (int8) {
      score_rows_i8(rows_i8.data(), scales, m, query, out + begin);
    } else {
      score_rows_f32(rows_f32.data(), m, query, out + begin);
    }
  }
  if (const flatbuffers::Vector<float>* biases = model.item_biases()) {
    for (size_t j = 0; j < n; ++j) out[j] += biases->Get(indices[j]);
  }
}

namespace {

/// Scores per pass: small enough for L1.
constexpr size_t kPass = 1024;

/// top_k_items over the packed copy: items in decreasing order of |item| * scale, a pass of
/// blocks at a time, stopping at the first block whose Cauchy-Schwarz bound on its scores is
/// below the k-th best score so far (every later block's bound is smaller still).
std::vector<ScoredItem> top_k_packed(const PackedItemFactors& packed, const FactorQuery& query, size_t k,
                                     const uint8_t* allowed) {
  // |score - bias| <= |q| * user_scale * |item| * scale, up to the float rounding of the three
  // products (relative 2^-23 at most); 1e-6 covers it and the final addition of the bias.
  double user_norm = 0.0;
  for (uint32_t d = 0; d < query.dimensions(); ++d) {
    const auto q = static_cast<double>(query.quantized()[d]);
    user_norm += q * q;
  }
  user_norm = std::sqrt(user_norm) * double{query.quantized_scale()};
  const double max_bias = packed.max_bias();
  auto below_threshold = [&](size_t block, float threshold) {
    const double product = user_norm * double{packed.block_norm_bound(block)};
    const double bound = product + max_bias + 1e-6 * (std::fabs(product) + std::fabs(max_bias));
    return bound < double{threshold};  // false for NaN: a NaN user never stops early
  };
  const float* biases = packed.biases();
  const uint32_t* order = packed.order();
  constexpr size_t kBlock = PackedItemFactors::kBlockItems;
  const size_t items = packed.items();
  float scores[kPass];
  BlockTopK best(k, /*in_index_order=*/false);
  for (size_t begin = 0; begin < items; begin += kPass) {
    size_t n = std::min(kPass, items - begin);
    if (best.full()) {
      // Score only the blocks of this pass whose bound reaches the threshold; none: done.
      size_t blocks = 0;
      while (blocks * kBlock < n && !below_threshold(begin / kBlock + blocks, best.threshold())) ++blocks;
      n = std::min(n, blocks * kBlock);
      if (n == 0) break;
    }
    score_packed_i8(packed, begin, n, query, scores);
    if (biases != nullptr) {
      for (size_t i = 0; i < n; ++i) scores[i] += biases[begin + i];
    }
    best.offer(scores, n, 0, order + begin, allowed);
  }
  return best.take();
}

}  // namespace

std::vector<ScoredItem> top_k_items(const fb::FactorModel& model, uint32_t items, const float* user, size_t k,
                                    const uint8_t* allowed, const PackedItemFactors* packed) {
  k = std::min<size_t>(k, items);
  if (k == 0) return {};
  const FactorQuery query(user, model.dimensions());
  if (packed_fits(model, items, packed)) return top_k_packed(*packed, query, k, allowed);
  float scores[kPass];
  BlockTopK best(k, /*in_index_order=*/true);
  for (uint32_t begin = 0; begin < items; begin += kPass) {
    const size_t n = std::min<size_t>(kPass, items - begin);
    score_range(model, query, begin, n, scores);
    best.offer(scores, n, begin, nullptr, allowed);
  }
  return best.take();
}

const float* stored_user_vector(const fb::FactorModel& model, uint32_t user) {
  if (model.user_factors() == nullptr || model.user_factors()->size() == 0) return nullptr;
  return model.user_factors()->data() + static_cast<size_t>(user) * model.dimensions();
}

}  // namespace edgerec
