// Private to the x86 kernels (kernels_sse41/avx2/avx512.cpp, packed_scoring_x86.cpp): <immintrin.h> and
// the target attributes that compile each kernel for its instruction set whatever the build's
// -march (the CPU's support is checked at run time before one is called).
#pragma once

// GCC 12 warns that the deliberately undefined vectors inside its own AVX-512 intrinsics are
// (or "may be") used uninitialized (GCC bug 105593, fixed in 13); the state applies to the
// header's lines only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#define EDGEREC_SSE41 __attribute__((target("sse4.1")))
#define EDGEREC_AVX2 __attribute__((target("avx2")))
#define EDGEREC_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
