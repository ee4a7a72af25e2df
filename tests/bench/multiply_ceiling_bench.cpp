// What the CPU allows batch scoring (batch_bench.sh prints it beside the measured rate): the peak
// rate of the exact int16 multiply-add that every x86 int8 kernel but AVX-512 VNNI's is built on
// (pmaddwd: 16 products per 256-bit instruction, eight independent chains, nothing else in the
// loop), and the interleaved multi-user kernel's own rate over a catalog (scoring/
// multi_user_scoring.h). From them: the fewest microseconds one user's pass over the catalog can
// take, and the users per second `threads` cores could score at most, before any softmax, top-k
// or I/O.
//
//   multiply_ceiling_bench [--items N] [--dims N] [--threads N] [--seconds S]
//
// One JSON line per measurement ("bench":"multiply_ceiling").
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "scoring/factor_scoring.h"
#include "scoring/interleaved_item_factors.h"
#include "scoring/multi_user_scoring.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

#if defined(__x86_64__)
/// Nanoseconds per 256-bit pmaddwd with eight independent chains (`seed` keeps the compiler from
/// folding the loop).
__attribute__((target("avx2"))) double pmaddwd_ns(int seed, long iterations) {
  __m256i a0 = _mm256_set1_epi32(seed), a1 = _mm256_set1_epi32(seed + 1), a2 = _mm256_set1_epi32(seed + 2),
          a3 = _mm256_set1_epi32(seed + 3), a4 = _mm256_set1_epi32(seed + 4), a5 = _mm256_set1_epi32(seed + 5),
          a6 = _mm256_set1_epi32(seed + 6), a7 = _mm256_set1_epi32(seed + 7);
  const __m256i b = _mm256_set1_epi16(static_cast<short>(seed));
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) {
    a0 = _mm256_madd_epi16(a0, b);
    a1 = _mm256_madd_epi16(a1, b);
    a2 = _mm256_madd_epi16(a2, b);
    a3 = _mm256_madd_epi16(a3, b);
    a4 = _mm256_madd_epi16(a4, b);
    a5 = _mm256_madd_epi16(a5, b);
    a6 = _mm256_madd_epi16(a6, b);
    a7 = _mm256_madd_epi16(a7, b);
    __asm__ volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7));
  }
  const double ns = seconds_since(start) * 1e9 / (static_cast<double>(iterations) * 8);
  const __m256i sum = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3)),
                                       _mm256_add_epi32(_mm256_add_epi32(a4, a5), _mm256_add_epi32(a6, a7)));
  if (_mm256_extract_epi32(sum, 0) == 0x7fffffff) std::printf("#\n");  // keeps the result alive
  return ns;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  uint32_t items = 27000;
  uint32_t dims = 64;
  int threads = 2;
  double seconds = 1.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--items") items = static_cast<uint32_t>(std::atoi(argv[i + 1]));
    else if (flag == "--dims") dims = static_cast<uint32_t>(std::atoi(argv[i + 1]));
    else if (flag == "--threads") threads = std::atoi(argv[i + 1]);
    else if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "multiply_ceiling_bench: unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  const double products = static_cast<double>(items) * dims;  // per user
#if defined(__x86_64__)
  const std::vector<edgerec::ScoringKernel> kernels = edgerec::supported_scoring_kernels();
  if (std::find(kernels.begin(), kernels.end(), edgerec::ScoringKernel::kAvx2) == kernels.end()) {
    std::printf("{\"bench\":\"multiply_ceiling\",\"skipped\":\"no AVX2\"}\n");
    return 0;
  }
  long iterations = 1'000'000;
  double ns = pmaddwd_ns(argc, iterations);
  iterations = static_cast<long>(seconds * 1e9 / (ns * 8));
  ns = pmaddwd_ns(argc, iterations);
  const double peak_us = products / 16 * ns / 1000;
  std::printf("{\"bench\":\"multiply_ceiling\",\"case\":\"pmaddwd peak\",\"ns_per_instruction\":%.3f,"
              "\"products_per_ns\":%.2f,\"items\":%u,\"dims\":%u,\"us_per_user\":%.1f,\"threads\":%d,"
              "\"users_per_second_at_most\":%.0f}\n",
              ns, 16 / ns, items, dims, peak_us, threads, threads * 1e6 / peak_us);

  // The interleaved kernel over a random catalog, eight users per pass.
  std::mt19937 rng(1);
  std::vector<int8_t> rows(size_t{items} * dims);
  for (int8_t& v : rows) v = static_cast<int8_t>(static_cast<int>(rng() % 255) - 127);
  std::vector<float> scales(items, 0.01f);
  const edgerec::InterleavedItemFactors interleaved(rows.data(), scales.data(), items, dims);
  constexpr size_t kUsers = edgerec::kMultiUserBlock;
  std::vector<std::vector<float>> vectors(kUsers, std::vector<float>(dims));
  std::normal_distribution<float> normal;
  std::vector<edgerec::FactorQuery> queries(kUsers);
  std::vector<const edgerec::FactorQuery*> pointers;
  std::vector<std::vector<float>> out(kUsers, std::vector<float>(items));
  std::vector<float*> outputs;
  for (size_t u = 0; u < kUsers; ++u) {
    for (float& x : vectors[u]) x = normal(rng);
    queries[u].set(vectors[u].data(), dims);
    pointers.push_back(&queries[u]);
    outputs.push_back(out[u].data());
  }
  size_t passes = 0;
  const auto start = std::chrono::steady_clock::now();
  while (seconds_since(start) < seconds) {
    edgerec::score_interleaved_i8(interleaved, pointers.data(), kUsers, outputs.data(), edgerec::ScoringKernel::kAvx2);
    ++passes;
  }
  const double kernel_us = seconds_since(start) * 1e6 / static_cast<double>(passes * kUsers);
  std::printf("{\"bench\":\"multiply_ceiling\",\"case\":\"interleaved kernel, %zu users per pass\","
              "\"products_per_ns\":%.2f,\"items\":%u,\"dims\":%u,\"us_per_user\":%.1f,\"threads\":%d,"
              "\"users_per_second_at_most\":%.0f,\"of_peak\":%.2f}\n",
              kUsers, products / (kernel_us * 1000), items, dims, kernel_us, threads, threads * 1e6 / kernel_us,
              peak_us / kernel_us);
#else
  (void)products;
  (void)threads;
  std::printf("{\"bench\":\"multiply_ceiling\",\"skipped\":\"not x86-64\"}\n");
#endif
  return 0;
}
