// SSE4.1 row kernels: four items per block.
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

// Everything below is compiled for sse4.1, whatever the build's -march; the CPU's support is
// checked at run time before a kernel is called (factor_scoring.cpp).
EDGEREC_TARGET_REGION_BEGIN("sse4.1")

namespace edgerec::scoring::sse41 {
namespace {

inline __m128 sse_load_partial(const float* p, uint32_t available) {
  if (available >= 4) return _mm_loadu_ps(p);
  alignas(16) float buffer[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  std::memcpy(buffer, p, available * sizeof(float));
  return _mm_load_ps(buffer);
}

/// Four items' float32 scores. kChunks 16-float chunks, or 0: ceil(dims / 16), the last masked.
template <int kChunks>
inline __m128 sse_f32_block(const float* rows, uint32_t dims, const float* user) {
  const uint32_t chunks = kChunks > 0 ? static_cast<uint32_t>(kChunks) : (dims + kLanes - 1) / kLanes;
  __m128 acc[4][4];  // [item][lanes 0-3, 4-7, 8-11, 12-15]
  for (uint32_t c = 0; c < chunks; ++c) {
    const uint32_t at = c * kLanes;
    for (int r = 0; r < 4; ++r) {
      const __m128 u = _mm_loadu_ps(user + at + 4 * r);
      for (int b = 0; b < 4; ++b) {
        const float* p = rows + b * dims + at + 4 * r;
        const __m128 x = kChunks > 0 ? _mm_loadu_ps(p)
                                     : (at + 4 * r >= dims ? _mm_setzero_ps() : sse_load_partial(p, dims - at - 4 * r));
        const __m128 m = _mm_mul_ps(x, u);
        acc[b][r] = c == 0 ? m : _mm_add_ps(acc[b][r], m);
      }
    }
  }
  __m128 q[4];
  for (int b = 0; b < 4; ++b) {
    // lane l + lane l+8, then + lane l+4.
    q[b] = _mm_add_ps(_mm_add_ps(acc[b][0], acc[b][2]), _mm_add_ps(acc[b][1], acc[b][3]));
  }
  // + lane l+2, then lane 0 + lane 1, four items at once.
  const __m128 e01 = _mm_add_ps(_mm_shuffle_ps(q[0], q[1], _MM_SHUFFLE(1, 0, 1, 0)),
                                _mm_shuffle_ps(q[0], q[1], _MM_SHUFFLE(3, 2, 3, 2)));
  const __m128 e23 = _mm_add_ps(_mm_shuffle_ps(q[2], q[3], _MM_SHUFFLE(1, 0, 1, 0)),
                                _mm_shuffle_ps(q[2], q[3], _MM_SHUFFLE(3, 2, 3, 2)));
  return _mm_add_ps(_mm_shuffle_ps(e01, e23, _MM_SHUFFLE(2, 0, 2, 0)),
                    _mm_shuffle_ps(e01, e23, _MM_SHUFFLE(3, 1, 3, 1)));
}

/// Four items' exact int32 dot products; kChunks 8-value chunks, or 0: run-time count + tail.
template <int kChunks>
inline __m128i sse_i8_block(const int8_t* rows, uint32_t dims, const int16_t* user) {
  const uint32_t full = kChunks > 0 ? static_cast<uint32_t>(kChunks) * 8 : dims / 8 * 8;
  __m128i acc[4] = {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
  for (uint32_t c = 0; c < full; c += 8) {
    const __m128i u = _mm_loadu_si128(as_vector<__m128i>(user + c));
    for (int b = 0; b < 4; ++b) {
      const __m128i x = _mm_cvtepi8_epi16(_mm_loadl_epi64(as_vector<__m128i>(rows + b * dims + c)));
      acc[b] = _mm_add_epi32(acc[b], _mm_madd_epi16(x, u));
    }
  }
  if (kChunks == 0 && full < dims) {
    for (int b = 0; b < 4; ++b) acc[b] = _mm_add_epi32(acc[b], _mm_cvtsi32_si128(tail_dot(rows + b * dims, user, full, dims)));
  }
  return _mm_hadd_epi32(_mm_hadd_epi32(acc[0], acc[1]), _mm_hadd_epi32(acc[2], acc[3]));
}


struct Isa {
  static constexpr size_t kF32Block = 4;
  static constexpr size_t kI8Block = 4;
  static constexpr uint32_t kF32Chunk = kLanes;
  static constexpr uint32_t kI8Chunk = 8;
  template <int kChunks>
  static void f32_block(const float* rows, uint32_t dims, const float* user, float* out) {
    _mm_storeu_ps(out, sse_f32_block<kChunks>(rows, dims, user));
  }
  template <int kChunks>
  static void i8_block(const int8_t* rows, uint32_t dims, const int16_t* user, float user_scale, const float* scales,
                       float* out) {
    const __m128 s = _mm_mul_ps(_mm_cvtepi32_ps(sse_i8_block<kChunks>(rows, dims, user)), _mm_set1_ps(user_scale));
    _mm_storeu_ps(out, _mm_mul_ps(s, _mm_loadu_ps(scales)));
  }
};

}  // namespace

#include "scoring/row_kernels.inc"

}  // namespace edgerec::scoring::sse41

EDGEREC_TARGET_REGION_END

#endif  // EDGEREC_SCORING_X86
