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

// A region of a source compiled for an instruction set whatever the build's -march: GCC's target
// pragma, or clang's equivalent (the sanitizer and fuzzing builds use clang).
#define EDGEREC_PRAGMA_TEXT(...) #__VA_ARGS__
#if defined(__clang__)
#define EDGEREC_TARGET_REGION_BEGIN(isa) \
  _Pragma(EDGEREC_PRAGMA_TEXT(clang attribute push(__attribute__((target(isa))), apply_to = function)))
#define EDGEREC_TARGET_REGION_END _Pragma("clang attribute pop")
#else
#define EDGEREC_TARGET_REGION_BEGIN(isa) _Pragma("GCC push_options") _Pragma(EDGEREC_PRAGMA_TEXT(GCC target(isa)))
#define EDGEREC_TARGET_REGION_END _Pragma("GCC pop_options")
#endif
