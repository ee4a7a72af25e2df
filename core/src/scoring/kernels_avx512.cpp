// AVX-512 (F, BW, VL, VNNI) row kernels: sixteen items per block.
//
// Shape of the x86 block kernels (factor_scoring.h has the arithmetic they must reproduce; the
// blocking and the partial last block are row_kernels.inc's, shared by every instruction set):
//  - Items go in blocks of one output vector. Within a block the loop runs over dimension chunks
//    outside and items inside, so each user chunk is loaded once per block and the block's
//    accumulators are independent chains the core overlaps. When the chunk count is small and
//    exact (64 dimensions, say) it is a template argument and the loops unroll; other dimension
//    counts take the same code with a run-time count and a masked last chunk.
//  - float32: each item's 16 accumulator lanes live in 4, 2 or 1 registers; the block's lane
//    trees are then reduced together by shuffles that pair the same lanes as the scalar tree,
//    ending with one vector of the block's scores.
//  - int8: items are sign-extended to int16 and multiplied-added with the int16 user vector
//    (pmaddwd, or vpdpwssd with VNNI) into int32 lanes; integer sums need no fixed order, so the
//    lanes are reduced by whatever shuffles are cheapest and the tail dimensions by a scalar loop.
#include "scoring/factor_scoring_kernels.h"

#ifdef EDGEREC_SCORING_X86

#include <algorithm>
#include <cstring>

#include "scoring/row_kernel_parts.h"
#include "scoring/x86_intrinsics.h"

// Everything below is compiled for avx512f,avx512bw,avx512vl,avx512vnni, whatever the build's -march; the CPU's support is
// checked at run time before a kernel is called (factor_scoring.cpp).
EDGEREC_TARGET_REGION_BEGIN("avx512f,avx512bw,avx512vl,avx512vnni")

namespace edgerec::scoring::avx512 {
namespace {

/// Sixteen items' float32 scores (in item order). kChunks 16-float chunks, or 0 (last masked).
template <int kChunks>
inline __m512 avx512_f32_block(const float* rows, uint32_t dims, const float* user) {
  const uint32_t chunks = kChunks > 0 ? static_cast<uint32_t>(kChunks) : (dims + kLanes - 1) / kLanes;
  const uint32_t full = kChunks > 0 ? chunks : dims / kLanes;
  const __mmask16 tail_mask = static_cast<__mmask16>((1u << (dims - full * kLanes)) - 1u);
  __m512 acc[16];
  for (uint32_t c = 0; c < chunks; ++c) {
    const uint32_t at = c * kLanes;
    const __m512 u = _mm512_loadu_ps(user + at);
    const bool whole = kChunks > 0 || c < full;
    for (int b = 0; b < 16; ++b) {
      const float* p = rows + b * dims + at;
      const __m512 m = _mm512_mul_ps(whole ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(tail_mask, p), u);
      acc[b] = c == 0 ? m : _mm512_add_ps(acc[b], m);
    }
  }
  // + lane l+8: items (2j, 2j+1) share a vector, 8 lanes each.
  __m512 h[8];
  for (int j = 0; j < 8; ++j) {
    h[j] = _mm512_add_ps(_mm512_shuffle_f32x4(acc[2 * j], acc[2 * j + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                         _mm512_shuffle_f32x4(acc[2 * j], acc[2 * j + 1], _MM_SHUFFLE(3, 2, 3, 2)));
  }
  // + lane l+4: items 4j..4j+3, one per 128-bit block.
  __m512 q[4];
  for (int j = 0; j < 4; ++j) {
    q[j] = _mm512_add_ps(_mm512_shuffle_f32x4(h[2 * j], h[2 * j + 1], _MM_SHUFFLE(2, 0, 2, 0)),
                         _mm512_shuffle_f32x4(h[2 * j], h[2 * j + 1], _MM_SHUFFLE(3, 1, 3, 1)));
  }
  // + lane l+2, then lane 0 + lane 1 (within each 128-bit block).
  const __m512 e0 = _mm512_add_ps(_mm512_shuffle_ps(q[0], q[1], _MM_SHUFFLE(1, 0, 1, 0)),
                                  _mm512_shuffle_ps(q[0], q[1], _MM_SHUFFLE(3, 2, 3, 2)));
  const __m512 e1 = _mm512_add_ps(_mm512_shuffle_ps(q[2], q[3], _MM_SHUFFLE(1, 0, 1, 0)),
                                  _mm512_shuffle_ps(q[2], q[3], _MM_SHUFFLE(3, 2, 3, 2)));
  const __m512 s = _mm512_add_ps(_mm512_shuffle_ps(e0, e1, _MM_SHUFFLE(2, 0, 2, 0)),
                                 _mm512_shuffle_ps(e0, e1, _MM_SHUFFLE(3, 1, 3, 1)));
  // Lane 4b + c holds item 4c + b; put the items in order.
  return _mm512_permutexvar_ps(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), s);
}

/// Sixteen items' exact int32 dot products; kChunks 32-value chunks, or 0 (run-time + tail).
template <int kChunks>
inline __m512i avx512_i8_block(const int8_t* rows, uint32_t dims, const int16_t* user) {
  const uint32_t full = kChunks > 0 ? static_cast<uint32_t>(kChunks) * 32 : dims / 32 * 32;
  __m512i acc[16];
  for (int b = 0; b < 16; ++b) acc[b] = _mm512_setzero_si512();
  for (uint32_t c = 0; c < full; c += 32) {
    const __m512i u = _mm512_loadu_si512(user + c);
    for (int b = 0; b < 16; ++b) {
      const __m512i x = _mm512_cvtepi8_epi16(_mm256_loadu_si256(as_vector<__m256i>(rows + b * dims + c)));
      acc[b] = _mm512_dpwssd_epi32(acc[b], x, u);
    }
  }
  if (kChunks == 0 && full < dims) {
    for (int b = 0; b < 16; ++b) {
      acc[b] = _mm512_add_epi32(acc[b], _mm512_maskz_set1_epi32(1, tail_dot(rows + b * dims, user, full, dims)));
    }
  }
  // Integer sums are exact in any order, so the reduction pairs a blend (either vector port)
  // with each shuffle (only one port runs those, and the sign extensions need it too).
  // + lanes 8-15: items (2j, 2j+1) share a vector, 8 lanes each.
  __m512i h[8];
  for (int j = 0; j < 8; ++j) {
    const __m512i a = acc[2 * j];
    const __m512i b = acc[2 * j + 1];
    h[j] = _mm512_add_epi32(_mm512_mask_blend_epi32(0xFF00, a, b), _mm512_shuffle_i32x4(a, b, _MM_SHUFFLE(1, 0, 3, 2)));
  }
  // + lanes 4-7: items (4j, 4j+2, 4j+1, 4j+3), one per 128-bit block.
  const __m512i swap = _mm512_setr_epi32(4, 5, 6, 7, 16, 17, 18, 19, 12, 13, 14, 15, 24, 25, 26, 27);
  __m512 w[4];
  for (int j = 0; j < 4; ++j) {
    const __m512i p = h[2 * j];
    const __m512i q = h[2 * j + 1];
    w[j] = _mm512_castsi512_ps(
        _mm512_add_epi32(_mm512_mask_blend_epi32(0xF0F0, p, q), _mm512_permutex2var_epi32(p, swap, q)));
  }
  // + lanes 2-3, then lane 0 + lane 1, within each block.
  __m512 x[2];
  for (int j = 0; j < 2; ++j) {
    const __m512 p = w[2 * j];
    const __m512 q = w[2 * j + 1];
    x[j] = _mm512_castsi512_ps(_mm512_add_epi32(_mm512_castps_si512(_mm512_mask_blend_ps(0xCCCC, p, q)),
                                                _mm512_castps_si512(_mm512_shuffle_ps(p, q, _MM_SHUFFLE(1, 0, 3, 2)))));
  }
  const __m512i dots = _mm512_add_epi32(_mm512_castps_si512(_mm512_shuffle_ps(x[0], x[1], _MM_SHUFFLE(2, 0, 2, 0))),
                                        _mm512_castps_si512(_mm512_shuffle_ps(x[0], x[1], _MM_SHUFFLE(3, 1, 3, 1))));
  // Lane 4b + c holds item 4c + (0, 2, 1, 3)[b]; put the items in order.
  return _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 8, 4, 12, 1, 9, 5, 13, 2, 10, 6, 14, 3, 11, 7, 15), dots);
}


struct Isa {
  static constexpr size_t kF32Block = 16;
  static constexpr size_t kI8Block = 16;
  static constexpr uint32_t kF32Chunk = kLanes;
  static constexpr uint32_t kI8Chunk = 32;
  template <int kChunks>
  static void f32_block(const float* rows, uint32_t dims, const float* user, float* out) {
    _mm512_storeu_ps(out, avx512_f32_block<kChunks>(rows, dims, user));
  }
  template <int kChunks>
  static void i8_block(const int8_t* rows, uint32_t dims, const int16_t* user, float user_scale, const float* scales,
                       float* out) {
    const __m512 s = _mm512_mul_ps(_mm512_cvtepi32_ps(avx512_i8_block<kChunks>(rows, dims, user)), _mm512_set1_ps(user_scale));
    _mm512_storeu_ps(out, _mm512_mul_ps(s, _mm512_loadu_ps(scales)));
  }
};

}  // namespace

#include "scoring/row_kernels.inc"

}  // namespace edgerec::scoring::avx512

EDGEREC_TARGET_REGION_END

#endif  // EDGEREC_SCORING_X86
