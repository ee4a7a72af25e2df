// x86 scoring kernels: SSE4.1, AVX2 and AVX-512 (+VNNI), each compiled for its instruction set
// with target attributes whatever the build's -march, and picked at run time by the CPU's
// support (factor_scoring.cpp), so a portable binary gets the fast kernels too.
//
// Shape of every kernel (see factor_scoring.h for the arithmetic they must reproduce):
//  - Items go in blocks of one output vector (4, 8 or 16 items). Within a block the loop runs
//    over dimension chunks outside and items inside, so each user chunk is loaded once per block
//    and the block's accumulators are independent chains the core overlaps. When the chunk count
//    is small and exact (64 dimensions, say) it is a template argument and the loops unroll;
//    other dimension counts take the same code with a run-time count and a masked last chunk.
//    A partial last block is copied into a zero-filled block and scored like the others.
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
#include <vector>

#include "scoring/x86_intrinsics.h"

namespace edgerec::scoring {
namespace {

// Unaligned loads from byte pointers, without casts that claim alignment.
template <class V>
inline const V* as_vector(const void* p) {
  return static_cast<const V*>(p);
}

/// Exact int32 dot product of the tail dimensions [from, dims) that a kernel's chunks skip.
inline int32_t tail_dot(const int8_t* row, const int16_t* user, uint32_t from, uint32_t dims) {
  int32_t dot = 0;
  for (uint32_t d = from; d < dims; ++d) dot += int32_t{row[d]} * int32_t{user[d]};
  return dot;
}

/// The last `count` (< width) rows of a matrix, followed by zero rows up to `width`, so the
/// kernels' block code can score a partial last block like a whole one.
template <class T>
std::vector<T> padded_rows(const T* rows, size_t count, size_t width, uint32_t dims) {
  std::vector<T> out(width * dims, T{0});
  std::copy_n(rows, count * dims, out.begin());
  return out;
}

/// Index into a table of kernels specialised by chunk count: chunks = dims / chunk when that is
/// exact and at most 8 (the common dimension counts get unrolled code), else 0 (run-time count).
inline uint32_t chunk_case(uint32_t dims, uint32_t chunk) {
  const uint32_t chunks = dims / chunk;
  return dims % chunk == 0 && chunks <= 8 ? chunks : 0;
}
#define EDGEREC_BY_CHUNKS(f) {f<0>, f<1>, f<2>, f<3>, f<4>, f<5>, f<6>, f<7>, f<8>}

using F32Kernel = void (*)(const float*, size_t, uint32_t, const float*, float*);
using I8Kernel = void (*)(const int8_t*, const float*, size_t, uint32_t, const int16_t*, float, float*);

// ---- SSE4.1 ----------------------------------------------------------------------------------

EDGEREC_SSE41 inline __m128 sse_load_partial(const float* p, uint32_t available) {
  if (available >= 4) return _mm_loadu_ps(p);
  alignas(16) float buffer[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  std::memcpy(buffer, p, available * sizeof(float));
  return _mm_load_ps(buffer);
}

/// Four items' float32 scores. kChunks 16-float chunks, or 0: ceil(dims / 16), the last masked.
template <int kChunks>
EDGEREC_SSE41 inline __m128 sse_f32_block(const float* rows, uint32_t dims, const float* user) {
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
EDGEREC_SSE41 inline __m128i sse_i8_block(const int8_t* rows, uint32_t dims, const int16_t* user) {
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

}  // namespace

namespace {

template <int kChunks>
EDGEREC_SSE41 void sse_f32(const float* rows, size_t n, uint32_t dims, const float* user, float* out) {
  const size_t whole = n / 4 * 4;
  for (size_t i = 0; i < whole; i += 4) _mm_storeu_ps(out + i, sse_f32_block<kChunks>(rows + i * dims, dims, user));
  if (whole < n) {
    alignas(16) float buffer[4];
    _mm_store_ps(buffer, sse_f32_block<kChunks>(padded_rows(rows + whole * dims, n - whole, 4, dims).data(), dims, user));
    std::copy_n(buffer, n - whole, out + whole);
  }
}

template <int kChunks>
EDGEREC_SSE41 void sse_i8(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                          float user_scale, float* out) {
  const __m128 uscale = _mm_set1_ps(user_scale);
  const size_t whole = n / 4 * 4;
  for (size_t i = 0; i < whole; i += 4) {
    const __m128 s = _mm_mul_ps(_mm_cvtepi32_ps(sse_i8_block<kChunks>(rows + i * dims, dims, user)), uscale);
    _mm_storeu_ps(out + i, _mm_mul_ps(s, _mm_loadu_ps(scales + i)));
  }
  if (whole < n) {
    const __m128i dots = sse_i8_block<kChunks>(padded_rows(rows + whole * dims, n - whole, 4, dims).data(), dims, user);
    alignas(16) float buffer[4];
    _mm_store_ps(buffer, _mm_mul_ps(_mm_cvtepi32_ps(dots), uscale));
    for (size_t b = 0; whole + b < n; ++b) out[whole + b] = buffer[b] * scales[whole + b];
  }
}

}  // namespace

void score_f32_sse41(const float* rows, size_t n, uint32_t dims, const float* user, float* out) {
  static constexpr F32Kernel kByChunks[] = EDGEREC_BY_CHUNKS(sse_f32);
  kByChunks[chunk_case(dims, kLanes)](rows, n, dims, user, out);
}

void score_i8_sse41(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                    float user_scale, float* out) {
  static constexpr I8Kernel kByChunks[] = EDGEREC_BY_CHUNKS(sse_i8);
  kByChunks[chunk_case(dims, 8)](rows, scales, n, dims, user, user_scale, out);
}

// ---- AVX2 ------------------------------------------------------------------------------------

namespace {

EDGEREC_AVX2 inline __m256i avx2_tail_mask(uint32_t count) {
  // Lane j is loaded when j < count.
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(std::min<uint32_t>(count, 8))), lanes);
}

/// Eight items' float32 scores (in item order). kChunks 16-float chunks, or 0 (last one masked).
template <int kChunks>
EDGEREC_AVX2 inline __m256 avx2_f32_block(const float* rows, uint32_t dims, const float* user) {
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
EDGEREC_AVX2 inline __m256i avx2_i8_block(const int8_t* rows, uint32_t dims, const int16_t* user) {
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

}  // namespace

namespace {

template <int kChunks>
EDGEREC_AVX2 void avx2_f32(const float* rows, size_t n, uint32_t dims, const float* user, float* out) {
  const size_t whole = n / 8 * 8;
  for (size_t i = 0; i < whole; i += 8) _mm256_storeu_ps(out + i, avx2_f32_block<kChunks>(rows + i * dims, dims, user));
  if (whole < n) {
    alignas(32) float buffer[8];
    _mm256_store_ps(buffer, avx2_f32_block<kChunks>(padded_rows(rows + whole * dims, n - whole, 8, dims).data(), dims, user));
    std::copy_n(buffer, n - whole, out + whole);
  }
}

template <int kChunks>
EDGEREC_AVX2 void avx2_i8(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                          float user_scale, float* out) {
  const __m256 uscale = _mm256_set1_ps(user_scale);
  const size_t whole = n / 8 * 8;
  for (size_t i = 0; i < whole; i += 8) {
    const __m256 s = _mm256_mul_ps(_mm256_cvtepi32_ps(avx2_i8_block<kChunks>(rows + i * dims, dims, user)), uscale);
    _mm256_storeu_ps(out + i, _mm256_mul_ps(s, _mm256_loadu_ps(scales + i)));
  }
  if (whole < n) {
    const __m256i dots = avx2_i8_block<kChunks>(padded_rows(rows + whole * dims, n - whole, 8, dims).data(), dims, user);
    alignas(32) float buffer[8];
    _mm256_store_ps(buffer, _mm256_mul_ps(_mm256_cvtepi32_ps(dots), uscale));
    for (size_t b = 0; whole + b < n; ++b) out[whole + b] = buffer[b] * scales[whole + b];
  }
}

}  // namespace

void score_f32_avx2(const float* rows, size_t n, uint32_t dims, const float* user, float* out) {
  static constexpr F32Kernel kByChunks[] = EDGEREC_BY_CHUNKS(avx2_f32);
  kByChunks[chunk_case(dims, kLanes)](rows, n, dims, user, out);
}

void score_i8_avx2(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                   float user_scale, float* out) {
  static constexpr I8Kernel kByChunks[] = EDGEREC_BY_CHUNKS(avx2_i8);
  kByChunks[chunk_case(dims, 16)](rows, scales, n, dims, user, user_scale, out);
}

// ---- AVX-512 ---------------------------------------------------------------------------------

namespace {

/// Sixteen items' float32 scores (in item order). kChunks 16-float chunks, or 0 (last masked).
template <int kChunks>
EDGEREC_AVX512 inline __m512 avx512_f32_block(const float* rows, uint32_t dims, const float* user) {
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
EDGEREC_AVX512 inline __m512i avx512_i8_block(const int8_t* rows, uint32_t dims, const int16_t* user) {
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

}  // namespace

namespace {

template <int kChunks>
EDGEREC_AVX512 void avx512_f32(const float* rows, size_t n, uint32_t dims, const float* user, float* out) {
  const size_t whole = n / 16 * 16;
  for (size_t i = 0; i < whole; i += 16) _mm512_storeu_ps(out + i, avx512_f32_block<kChunks>(rows + i * dims, dims, user));
  if (whole < n) {
    const __m512 s = avx512_f32_block<kChunks>(padded_rows(rows + whole * dims, n - whole, 16, dims).data(), dims, user);
    _mm512_mask_storeu_ps(out + whole, static_cast<__mmask16>((1u << (n - whole)) - 1u), s);
  }
}

template <int kChunks>
EDGEREC_AVX512 void avx512_i8(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                              float user_scale, float* out) {
  const __m512 uscale = _mm512_set1_ps(user_scale);
  const size_t whole = n / 16 * 16;
  for (size_t i = 0; i < whole; i += 16) {
    const __m512 s = _mm512_mul_ps(_mm512_cvtepi32_ps(avx512_i8_block<kChunks>(rows + i * dims, dims, user)), uscale);
    _mm512_storeu_ps(out + i, _mm512_mul_ps(s, _mm512_loadu_ps(scales + i)));
  }
  if (whole < n) {
    const __m512i dots = avx512_i8_block<kChunks>(padded_rows(rows + whole * dims, n - whole, 16, dims).data(), dims, user);
    const auto valid = static_cast<__mmask16>((1u << (n - whole)) - 1u);
    const __m512 s = _mm512_mul_ps(_mm512_cvtepi32_ps(dots), uscale);
    _mm512_mask_storeu_ps(out + whole, valid, _mm512_mul_ps(s, _mm512_maskz_loadu_ps(valid, scales + whole)));
  }
}

}  // namespace

void score_f32_avx512(const float* rows, size_t n, uint32_t dims, const float* user, float* out) {
  static constexpr F32Kernel kByChunks[] = EDGEREC_BY_CHUNKS(avx512_f32);
  kByChunks[chunk_case(dims, kLanes)](rows, n, dims, user, out);
}

void score_i8_avx512(const int8_t* rows, const float* scales, size_t n, uint32_t dims, const int16_t* user,
                     float user_scale, float* out) {
  static constexpr I8Kernel kByChunks[] = EDGEREC_BY_CHUNKS(avx512_i8);
  kByChunks[chunk_case(dims, 32)](rows, scales, n, dims, user, user_scale, out);
}

// ---- CPU support ------------------------------------------------------------------------------

bool cpu_has_sse41() { return __builtin_cpu_supports("sse4.1"); }
bool cpu_has_avx2() { return __builtin_cpu_supports("avx2"); }
bool cpu_has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}

}  // namespace edgerec::scoring

#endif  // EDGEREC_SCORING_X86
