// AVX2 row kernels: eight items per block.
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

// Everything below is compiled for avx2, whatever the build's -march; the CPU's support is
// checked at run time before a kernel is called (factor_scoring.cpp).
EDGEREC_TARGET_REGION_BEGIN("avx2")

namespace edgerec::scoring::avx2 {
namespace {

inline __m256i avx2_tail_mask(uint32_t count) {
  // Lane j is loaded when j < count.
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(std::min<uint32_t>(count, 8))), lanes);
}

/// Eight items' float32 scores (in item order). kChunks 16-float chunks, or 0 (last one masked).
template <int kChunks>
inline __m256 avx2_f32_block(const float* rows, uint32_t dims, const float* user) {
  const uint32_t chunks = kChunks > 0 ? static_cast<uint32_t>(kChunks) : (dims + kLanes - 1) / kLanes;
  const uint32_t full = kChunks > 0 ? chunks : dims / kLanes;
  const uint32_t tail = dims - full * kLanes;
  __m256 lo[8];  // lanes 0-7 of the 16-lane order
  __m256 hi[8];  // lanes 8-15
  for (uint32_t c = 0; c < chunks; ++c) {
    const uint32_t at = c * kLanes;
    const __m256 u0 = _mm256_loadu_ps(user + at);
    const __m256 u1 = _mm256_loadu_ps(user + at + 8);
    const bool whole = kChunks > 0 || c < full;
    const __m256i mask0 = whole ? _mm256_set1_epi32(-1) : avx2_tail_mask(tail);
    const __m256i mask1 = whole ? _mm256_set1_epi32(-1) : avx2_tail_mask(tail > 8 ? tail - 8 : 0);
    for (int b = 0; b < 8; ++b) {
      const float* p = rows + b * dims + at;
      const __m256 x0 = whole ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask0);
      const __m256 x1 = whole ? _mm256_loadu_ps(p + 8) : _mm256_maskload_ps(p + 8, mask1);
      const __m256 m0 = _mm256_mul_ps(x0, u0);
      const __m256 m1 = _mm256_mul_ps(x1, u1);
      lo[b] = c == 0 ? m0 : _mm256_add_ps(lo[b], m0);
      hi[b] = c == 0 ? m1 : _mm256_add_ps(hi[b], m1);
    }
  }
  __m256 h[8];
  for (int b = 0; b < 8; ++b) h[b] = _mm256_add_ps(lo[b], hi[b]);  // lane l + lane l+8
  // + lane l+4: items (2j, 2j+1) share a vector, one per 128-bit half.
  __m256 q[4];
  for (int j = 0; j < 4; ++j) {
    q[j] = _mm256_add_ps(_mm256_permute2f128_ps(h[2 * j], h[2 * j + 1], 0x20),
                         _mm256_permute2f128_ps(h[2 * j], h[2 * j + 1], 0x31));
  }
  // + lane l+2, then lane 0 + lane 1.
  const __m256 e0 = _mm256_add_ps(_mm256_shuffle_ps(q[0], q[1], _MM_SHUFFLE(1, 0, 1, 0)),
                                  _mm256_shuffle_ps(q[0], q[1], _MM_SHUFFLE(3, 2, 3, 2)));
  const __m256 e1 = _mm256_add_ps(_mm256_shuffle_ps(q[2], q[3], _MM_SHUFFLE(1, 0, 1, 0)),
                                  _mm256_shuffle_ps(q[2], q[3], _MM_SHUFFLE(3, 2, 3, 2)));
  const __m256 s = _mm256_add_ps(_mm256_shuffle_ps(e0, e1, _MM_SHUFFLE(2, 0, 2, 0)),
                                 _mm256_shuffle_ps(e0, e1, _MM_SHUFFLE(3, 1, 3, 1)));
  // The reduced vector holds items (0, 2, 4, 6, 1, 3, 5, 7); put them in order.
  return _mm256_permutevar8x32_ps(s, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

/// Eight items' exact int32 dot products; kChunks 16-value chunks, or 0 (run-time count + tail).
template <int kChunks>
inline __m256i avx2_i8_block(const int8_t* rows, uint32_t dims, const int16_t* user) {
  const uint32_t full = kChunks > 0 ? static_cast<uint32_t>(kChunks) * 16 : dims / 16 * 16;
  __m256i acc[8];
  for (int b = 0; b < 8; ++b) acc[b] = _mm256_setzero_si256();
  for (uint32_t c = 0; c < full; c += 16) {
    const __m256i u = _mm256_loadu_si256(as_vector<__m256i>(user + c));
    for (int b = 0; b < 8; ++b) {
      const __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128(as_vector<__m128i>(rows + b * dims + c)));
      acc[b] = _mm256_add_epi32(acc[b], _mm256_madd_epi16(x, u));
    }
  }
  if (kChunks == 0 && full < dims) {
    for (int b = 0; b < 8; ++b) {
      acc[b] = _mm256_add_epi32(acc[b], _mm256_setr_epi32(tail_dot(rows + b * dims, user, full, dims), 0, 0, 0, 0, 0, 0, 0));
    }
  }
  // Pairwise sums: after two hadds each half holds four items' partial sums.
  const __m256i t0 = _mm256_hadd_epi32(_mm256_hadd_epi32(acc[0], acc[1]), _mm256_hadd_epi32(acc[2], acc[3]));
  const __m256i t1 = _mm256_hadd_epi32(_mm256_hadd_epi32(acc[4], acc[5]), _mm256_hadd_epi32(acc[6], acc[7]));
  return _mm256_add_epi32(_mm256_permute2x128_si256(t0, t1, 0x20), _mm256_permute2x128_si256(t0, t1, 0x31));
}


struct Isa {
  static constexpr size_t kF32Block = 8;
  static constexpr size_t kI8Block = 8;
  static constexpr uint32_t kF32Chunk = kLanes;
  static constexpr uint32_t kI8Chunk = 16;
  template <int kChunks>
  static void f32_block(const float* rows, uint32_t dims, const float* user, float* out) {
    _mm256_storeu_ps(out, avx2_f32_block<kChunks>(rows, dims, user));
  }
  template <int kChunks>
  static void i8_block(const int8_t* rows, uint32_t dims, const int16_t* user, float user_scale, const float* scales,
                       float* out) {
    const __m256 s = _mm256_mul_ps(_mm256_cvtepi32_ps(avx2_i8_block<kChunks>(rows, dims, user)), _mm256_set1_ps(user_scale));
    _mm256_storeu_ps(out, _mm256_mul_ps(s, _mm256_loadu_ps(scales)));
  }
};

}  // namespace

#include "scoring/row_kernels.inc"

}  // namespace edgerec::scoring::avx2

EDGEREC_TARGET_REGION_END

#endif  // EDGEREC_SCORING_X86
