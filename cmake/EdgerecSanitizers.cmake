# Sanitized builds for development (scripts/test --sanitize, scripts/fuzz): a build tree
# of its own, never the one users and benchmarks run.
#
#   EDGEREC_SANITIZE=ON   AddressSanitizer + UndefinedBehaviorSanitizer on every target; any
#                         undefined behaviour aborts (-fno-sanitize-recover), so a test that
#                         triggers one fails instead of printing a line nobody reads.
#   EDGEREC_FUZZ=ON       also the libFuzzer targets (tests/fuzz/), with coverage instrumentation
#                         on every target (clang only: -fsanitize=fuzzer-no-link).
option(EDGEREC_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(EDGEREC_FUZZ "Build the libFuzzer targets (clang; implies EDGEREC_SANITIZE)" OFF)

if(EDGEREC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "EDGEREC_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14 "
                        "-DCMAKE_C_COMPILER=clang-14")
  endif()
  set(EDGEREC_SANITIZE ON)
endif()

if(EDGEREC_SANITIZE AND NOT EMSCRIPTEN)
  set(_edgerec_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined)
  add_compile_options(${_edgerec_sanitizers} -fno-omit-frame-pointer)
  add_link_options(${_edgerec_sanitizers})
  if(EDGEREC_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()
