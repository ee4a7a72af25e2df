// The one way edgerec includes Eigen: every translation unit that needs Eigen includes this header
// first, never <Eigen/...> directly.
//
// Why a wrapper: on WebAssembly the core is built with -msimd128 -msse4.2 so that Eigen takes its
// SSE code path, which Emscripten maps onto wasm SIMD (Eigen 3.4 has no wasm backend of its own;
// without SSE it falls back to scalar code, about 2x slower). That path works except for the
// register-hint inline assembly in Eigen's GEBP kernel (constraint "+x,m"), which has no meaning
// for wasm and fails to compile. The asm statements are only hints, so they are dropped by
// defining __asm__ away around the include. It must be the first Eigen include in the
// translation unit because Eigen's headers are include-guarded: a later include would see the
// already-parsed (asm-carrying) templates. See TOOLCHAIN.md section 3 for the two other parts of
// the recipe (-fgnuc-version=12 and the mmintrin.h stub in cmake/wasm-compat), set in
// core/CMakeLists.txt.
#pragma once

// GCC 12 with AVX-512 enabled (-march=native, see cmake/EdgerecArch.cmake) warns that the
// deliberately undefined vectors inside its own intrinsics "may be used uninitialized" wherever
// Eigen's kernels inline them (GCC bug 105593, fixed in GCC 13). Diagnostic state is kept per
// source location, so ignoring the warning while the intrinsic headers are first read silences
// exactly those reports and nothing in our code.
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#if defined(__EMSCRIPTEN__) && defined(__SSE__)
#  pragma push_macro("__asm__")
#  define __asm__(...)
#  include <Eigen/Dense>
#  pragma pop_macro("__asm__")
#else
#  include <Eigen/Dense>
#endif

#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic pop
#endif
