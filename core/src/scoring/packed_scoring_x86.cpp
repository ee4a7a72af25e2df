// The AVX-512 VNNI kernel over the packed layout of packed_item_factors.h: per block of 16 items,
// one vpdpbusd per 4 dimensions for each byte of the user's int16 values, into each item's own
// lane, then 256 * high + low - 32768 * sum(x) (exact modulo 2^32). Compiled for AVX-512 with a
// target attribute whatever the build's -march, and used only where the CPU has it
// (packed_scoring_available()).
#include "scoring/factor_scoring_kernels.h"

#ifdef EDGEREC_SCORING_X86

#include "scoring/x86_intrinsics.h"

namespace edgerec::scoring {

namespace {

/// One step of the packed kernel: group `g` of a block into accumulator pair `a`.
#define EDGEREC_PACKED_STEP(a, g)                                                                  \
  do {                                                                                             \
    const __m512i x = _mm512_loadu_si512(block + 64 * (g));                                       \
    high_acc[a] = _mm512_dpbusd_epi32(high_acc[a], _mm512_set1_epi32(static_cast<int>(high[g])), x); \
    low_acc[a] = _mm512_dpbusd_epi32(low_acc[a], _mm512_set1_epi32(static_cast<int>(low[g])), x);    \
  } while (false)

/// kGroups groups per block, or 0 for a run-time count.
template <int kGroups>
EDGEREC_AVX512 void avx512_packed_i8(const int8_t* blocks, const int32_t* sums, uint32_t run_time_groups,
                                     size_t first, size_t n, const uint32_t* high, const uint32_t* low,
                                     float user_scale, const float* scales, float* out) {
  const uint32_t groups = kGroups > 0 ? static_cast<uint32_t>(kGroups) : run_time_groups;
  const size_t block_bytes = size_t{groups} * 64;
  const __m512 uscale = _mm512_set1_ps(user_scale);
  for (size_t i = 0; i < n; i += 16) {
    const int8_t* block = blocks + (first + i) / 16 * block_bytes;
    // Four accumulator pairs: independent chains hide vpdpbusd's latency.
    __m512i high_acc[4];
    __m512i low_acc[4];
    for (int a = 0; a < 4; ++a) high_acc[a] = low_acc[a] = _mm512_setzero_si512();
    uint32_t g = 0;
    for (; g + 4 <= groups; g += 4) {
      EDGEREC_PACKED_STEP(0, g);
      EDGEREC_PACKED_STEP(1, g + 1);
      EDGEREC_PACKED_STEP(2, g + 2);
      EDGEREC_PACKED_STEP(3, g + 3);
    }
    for (; g < groups; ++g) EDGEREC_PACKED_STEP(0, g);
    const __m512i high_sum = _mm512_add_epi32(_mm512_add_epi32(high_acc[0], high_acc[1]),
                                              _mm512_add_epi32(high_acc[2], high_acc[3]));
    const __m512i low_sum = _mm512_add_epi32(_mm512_add_epi32(low_acc[0], low_acc[1]),
                                             _mm512_add_epi32(low_acc[2], low_acc[3]));
    // 256 * high + low - 32768 * sum(x), modulo 2^32 (exact: the true value fits in int32).
    const __m512i dots = _mm512_sub_epi32(_mm512_add_epi32(_mm512_slli_epi32(high_sum, 8), low_sum),
                                          _mm512_slli_epi32(_mm512_loadu_si512(sums + first + i), 15));
    const __m512 s = _mm512_mul_ps(_mm512_cvtepi32_ps(dots), uscale);
    if (i + 16 <= n) {
      _mm512_storeu_ps(out + i, _mm512_mul_ps(s, _mm512_loadu_ps(scales + i)));
    } else {
      const auto valid = static_cast<__mmask16>((1u << (n - i)) - 1u);
      _mm512_mask_storeu_ps(out + i, valid, _mm512_mul_ps(s, _mm512_maskz_loadu_ps(valid, scales + i)));
    }
  }
}

#undef EDGEREC_PACKED_STEP

}  // namespace

void score_packed_i8_avx512(const int8_t* blocks, const int32_t* sums, uint32_t groups, size_t first, size_t n,
                            const uint32_t* high, const uint32_t* low, float user_scale, const float* scales,
                            float* out) {
  // 8, 16 and 32 groups are 32, 64 and 128 dimensions: unrolled; the rest at run time.
  switch (groups) {
    case 8: return avx512_packed_i8<8>(blocks, sums, groups, first, n, high, low, user_scale, scales, out);
    case 16: return avx512_packed_i8<16>(blocks, sums, groups, first, n, high, low, user_scale, scales, out);
    case 32: return avx512_packed_i8<32>(blocks, sums, groups, first, n, high, low, user_scale, scales, out);
    default: return avx512_packed_i8<0>(blocks, sums, groups, first, n, high, low, user_scale, scales, out);
  }
}

}  // namespace edgerec::scoring

#endif  // EDGEREC_SCORING_X86
