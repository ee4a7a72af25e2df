// Private to factor_scoring*.cpp: the per-instruction-set kernels behind factor_scoring.h, all
// computing exactly what the scalar reference computes (see factor_scoring.h for the arithmetic).
#pragma once

#include <cstddef>
#include <cstdint>

namespace edgerec::scoring {

/// Floats per lane group of the float32 order (dimension d goes to lane d mod kLanes).
constexpr uint32_t kLanes = 16;
/// The quantised user vector is zero-padded to a multiple of this many values (the widest
/// kernel's chunk), so kernels may read whole chunks of it.
constexpr uint32_t kQuantizedPad = 32;

/// out[i] = <rows_i, user>; `user` zero-padded to a multiple of kLanes floats.
using ScoreF32 = void (*)(const float* rows, size_t n, uint32_t dims, const float* user, float* out);
/// out[i] = (float(<rows_i, user>) * user_scale) * scales[i]; `user` padded to kQuantizedPad.
using ScoreI8 = void (*)(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                         float user_scale, float* out);

/// out[i] = (float(<packed item first+i, user>) * user_scale) * scales[i]: the packed layout and
/// the split user bytes of packed_item_factors.h; `first` a multiple of 16.
using ScorePackedI8 = void (*)(const int8_t* blocks, const int32_t* sums, uint32_t groups, size_t first, size_t n,
                               const uint32_t* high, const uint32_t* low, float user_scale, const float* scales,
                               float* out);

void score_packed_i8_scalar(const int8_t* blocks, const int32_t* sums, uint32_t groups, size_t first, size_t n,
                            const uint32_t* high, const uint32_t* low, float user_scale, const float* scales,
                            float* out);
void score_f32_scalar(const float* rows, size_t n, uint32_t dims, const float* user, float* out);
void score_i8_scalar(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                     float user_scale, float* out);

// The row kernels of each instruction set: one skeleton (row_kernels.inc) compiled per set with
// its block kernels (kernels_<set>.cpp), each defining score_f32 and score_i8 in its namespace.
#define EDGEREC_DECLARE_ROW_KERNELS(set)                                                                    \
  namespace set {                                                                                           \
  void score_f32(const float* rows, size_t n, uint32_t dims, const float* user, float* out);                \
  void score_i8(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,      \
                float user_scale, float* out);                                                              \
  }

#if defined(__x86_64__) || defined(__i386__)
#define EDGEREC_SCORING_X86 1
EDGEREC_DECLARE_ROW_KERNELS(sse41)
EDGEREC_DECLARE_ROW_KERNELS(avx2)
EDGEREC_DECLARE_ROW_KERNELS(avx512)
void score_packed_i8_avx512(const int8_t* blocks, const int32_t* sums, uint32_t groups, size_t first, size_t n,
                            const uint32_t* high, const uint32_t* low, float user_scale, const float* scales,
                            float* out);
/// out[u][i] = (float(<item i, user u>) * user_scales[u]) * item_scales[i] for the `items` items of
/// an interleaved layout (interleaved_item_factors.h) and `count` (1..8) users, users[u] user u's
/// quantised values (FactorQuery::quantized: zero-padded, so 2 * groups values can be read).
void score_interleaved_i8_avx2(const int8_t* blocks, const float* item_scales, size_t items, uint32_t groups,
                               const int16_t* const* users, const float* user_scales, size_t count,
                               float* const* out);
/// Whether the running CPU (and OS) supports each x86 kernel.
bool cpu_has_sse41();
bool cpu_has_avx2();
bool cpu_has_avx512();
#endif

#if defined(__wasm_simd128__)
#define EDGEREC_SCORING_WASM 1
EDGEREC_DECLARE_ROW_KERNELS(wasm)
#endif

#undef EDGEREC_DECLARE_ROW_KERNELS

}  // namespace edgerec::scoring
