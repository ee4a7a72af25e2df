// Which x86 kernels the running CPU (and OS) supports, asked once per choice (factor_scoring.cpp).
#include "scoring/factor_scoring_kernels.h"

#ifdef EDGEREC_SCORING_X86

namespace edgerec::scoring {

bool cpu_has_sse41() { return __builtin_cpu_supports("sse4.1"); }
bool cpu_has_avx2() { return __builtin_cpu_supports("avx2"); }
bool cpu_has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}

}  // namespace edgerec::scoring

#endif  // EDGEREC_SCORING_X86
