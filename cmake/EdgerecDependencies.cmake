# Third-party dependencies, all from Debian packages:
#   zstd::zstd        native: libzstd (pkg-config); wasm: decompression sources from ZSTD_SOURCE_DIR
#   edgerec::flatbuffers  header-only runtime (/usr/include/flatbuffers) and host flatc
#   Eigen3::Eigen     header-only
find_program(FLATC flatc REQUIRED)

# emcc must not see /usr/include (glibc headers would shadow Emscripten's libc), so header-only
# packages living there are exposed through a directory holding just a symlink.
set(EDGEREC_SYSINC_DIR ${CMAKE_BINARY_DIR}/sysinc)
file(MAKE_DIRECTORY ${EDGEREC_SYSINC_DIR})
if(NOT EXISTS ${EDGEREC_SYSINC_DIR}/flatbuffers)
  file(CREATE_LINK /usr/include/flatbuffers ${EDGEREC_SYSINC_DIR}/flatbuffers SYMBOLIC)
endif()
add_library(edgerec_flatbuffers INTERFACE)
target_include_directories(edgerec_flatbuffers SYSTEM INTERFACE ${EDGEREC_SYSINC_DIR})
add_library(edgerec::flatbuffers ALIAS edgerec_flatbuffers)

find_package(Eigen3 3.4 REQUIRED NO_MODULE NO_CMAKE_FIND_ROOT_PATH)

if(EMSCRIPTEN)
  set(ZSTD_SOURCE_DIR ${CMAKE_SOURCE_DIR}/third_party/zstd CACHE PATH
      "zstd sources (Debian's libzstd source package; scripts/setup fetches them)")
  if(NOT EXISTS ${ZSTD_SOURCE_DIR}/lib/zstd.h)
    message(FATAL_ERROR "zstd sources not found in ${ZSTD_SOURCE_DIR}: run scripts/setup first")
  endif()
  set(_zl ${ZSTD_SOURCE_DIR}/lib)
  # Decompression only: the core never compresses.
  add_library(zstd_decompress STATIC
    ${_zl}/common/debug.c ${_zl}/common/entropy_common.c ${_zl}/common/error_private.c
    ${_zl}/common/fse_decompress.c ${_zl}/common/xxhash.c ${_zl}/common/zstd_common.c
    ${_zl}/decompress/huf_decompress.c ${_zl}/decompress/zstd_ddict.c
    ${_zl}/decompress/zstd_decompress.c ${_zl}/decompress/zstd_decompress_block.c)
  # Note: no ZSTD_MULTITHREAD define at all; zstd tests it with #ifdef.
  target_compile_definitions(zstd_decompress PUBLIC ZSTD_DISABLE_ASM ZSTD_LEGACY_SUPPORT=0
                                                    XXH_NAMESPACE=ZSTD_)
  # For size (js/test/size.test.js): -Oz, and one decoder variant each instead of two chosen at
  # run time (same output, same error codes and names): single-symbol Huffman and the
  # short-offset sequence decoder. About 45 KB less code in the wasm core; solutions are
  # decompressed once per load, which takes ~25% longer for an incompressible float32 model.
  target_compile_options(zstd_decompress PRIVATE -Oz)
  target_compile_definitions(zstd_decompress PRIVATE HUF_FORCE_DECOMPRESS_X1
                                                     ZSTD_FORCE_DECOMPRESS_SEQUENCES_SHORT)
  target_include_directories(zstd_decompress SYSTEM PUBLIC ${_zl} ${_zl}/common)
  add_library(zstd::zstd ALIAS zstd_decompress)
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
  add_library(zstd::zstd ALIAS PkgConfig::ZSTD)
endif()
