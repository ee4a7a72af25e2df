// The AVX2 kernel over the interleaved layout of interleaved_item_factors.h: per block of eight
// items and per group of two dimensions, one sign extension of the group's 16 bytes to int16,
// then for each user one pmaddwd with the user's pair broadcast to every lane, into that user's
// eight item lanes. The int32 sums are exact (factor_scoring.h), so the scores have the bits of
// the row kernels. Compiled for AVX2 with a target attribute whatever the build's -march, and
// called only where the CPU has it (multi_user_scoring.cpp).
#include "scoring/factor_scoring_kernels.h"

#ifdef EDGEREC_SCORING_X86

#include <algorithm>
#include <cstring>
#include <vector>

#include "scoring/x86_intrinsics.h"

namespace edgerec::scoring {
namespace {

/// One user pair in every lane: what a multiply-add reads as its memory operand.
struct alignas(32) BroadcastPair {
  int32_t lanes[8];
};

/// kUsers users; kGroups groups per block, or 0 for a run-time count.
template <int kUsers, int kGroups>
EDGEREC_AVX2 void avx2_interleaved_i8(const int8_t* blocks, const float* item_scales, size_t items,
                                      uint32_t run_time_groups, const int16_t* const* users,
                                      const float* user_scales, float* const* out) {
  const uint32_t groups = kGroups > 0 ? static_cast<uint32_t>(kGroups) : run_time_groups;
  const size_t block_bytes = size_t{groups} * 16;
  __m256 uscale[kUsers];
  for (int u = 0; u < kUsers; ++u) uscale[u] = _mm256_set1_ps(user_scales[u]);
  // Each user's pairs broadcast once per call (8 KiB for eight users at 64 dimensions, in L1):
  // the multiply-adds then read them as memory operands, with no broadcast per block.
  std::vector<BroadcastPair> broadcast(size_t{groups} * kUsers);
  for (uint32_t g = 0; g < groups; ++g) {
    for (int u = 0; u < kUsers; ++u) {
      int32_t pair;  // values 2g and 2g+1 as one little-endian word: what pmaddwd pairs with group g
      std::memcpy(&pair, users[u] + 2 * size_t{g}, sizeof pair);
      std::fill_n(broadcast[size_t{g} * kUsers + u].lanes, 8, pair);
    }
  }
  for (size_t i = 0; i < items; i += 8) {
    const int8_t* block = blocks + i / 8 * block_bytes;
    __m256i acc[kUsers];
    for (int u = 0; u < kUsers; ++u) acc[u] = _mm256_setzero_si256();
    for (uint32_t g = 0; g < groups; ++g) {
      const __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * g)));
      const BroadcastPair* pairs = broadcast.data() + size_t{g} * kUsers;
      for (int u = 0; u < kUsers; ++u) {
        const __m256i pair = _mm256_load_si256(reinterpret_cast<const __m256i*>(pairs[u].lanes));
        acc[u] = _mm256_add_epi32(acc[u], _mm256_madd_epi16(x, pair));
      }
    }
    const __m256 scales = _mm256_loadu_ps(item_scales + i);  // padded with zeros to a whole block
    for (int u = 0; u < kUsers; ++u) {
      const __m256 s = _mm256_mul_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(acc[u]), uscale[u]), scales);
      if (i + 8 <= items) {
        _mm256_storeu_ps(out[u] + i, s);
      } else {
        alignas(32) float last[8];
        _mm256_store_ps(last, s);
        std::copy_n(last, items - i, out[u] + i);
      }
    }
  }
}

using InterleavedKernel = void (*)(const int8_t*, const float*, size_t, uint32_t, const int16_t* const*,
                                   const float*, float* const*);

template <int kGroups>
constexpr InterleavedKernel kByUsers[] = {
    avx2_interleaved_i8<1, kGroups>, avx2_interleaved_i8<2, kGroups>, avx2_interleaved_i8<3, kGroups>,
    avx2_interleaved_i8<4, kGroups>, avx2_interleaved_i8<5, kGroups>, avx2_interleaved_i8<6, kGroups>,
    avx2_interleaved_i8<7, kGroups>, avx2_interleaved_i8<8, kGroups>};

}  // namespace

void score_interleaved_i8_avx2(const int8_t* blocks, const float* item_scales, size_t items, uint32_t groups,
                               const int16_t* const* users, const float* user_scales, size_t count,
                               float* const* out) {
  if (count == 0 || items == 0) return;
  const size_t variant = std::min<size_t>(count, 8) - 1;
  // 16 and 32 groups are 32 and 64 dimensions: unrolled; the rest at run time.
  switch (groups) {
    case 16: return kByUsers<16>[variant](blocks, item_scales, items, groups, users, user_scales, out);
    case 32: return kByUsers<32>[variant](blocks, item_scales, items, groups, users, user_scales, out);
    default: return kByUsers<0>[variant](blocks, item_scales, items, groups, users, user_scales, out);
  }
}

}  // namespace edgerec::scoring

#endif  // EDGEREC_SCORING_X86
