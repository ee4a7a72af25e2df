# Target-architecture flags for native builds.
#
# EDGEREC_NATIVE_ARCH (default ON for native builds): compile everything with -march=native so
# the hot loops (iALS training, scoring kernels) use the build machine's widest vector
# instructions (AVX-512 + FMA on the CI and development Xeons). Measured on the ML-20M-shaped
# iALS benchmark, single-threaded: 1.1 s per iteration with -march=native, 1.25 s with AVX2 + FMA,
# 2.5 s with the x86-64 baseline (SSE2). The binaries then need a CPU like the build machine's;
# turn this OFF for portable binaries (e.g. packages). Never applied to Emscripten builds, whose
# SIMD flags are set in core/CMakeLists.txt.
if(EMSCRIPTEN)
  return()
endif()

option(EDGEREC_NATIVE_ARCH "Optimise native builds for this machine's CPU (-march=native)" ON)
if(EDGEREC_NATIVE_ARCH)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=native EDGEREC_HAS_MARCH_NATIVE)
  if(EDGEREC_HAS_MARCH_NATIVE)
    add_compile_options(-march=native)
  else()
    message(WARNING "EDGEREC_NATIVE_ARCH: the compiler does not accept -march=native; ignored")
  endif()
endif()
