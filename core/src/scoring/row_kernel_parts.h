// Private to the row kernels (row_kernels.inc and its per-instruction-set sources): the pieces
// every instruction set's kernels share. Plain C++ compiled for the build's baseline, so each
// instruction set's code may inline it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgerec::scoring {

/// Exact int32 dot product of the tail dimensions [from, dims) that a kernel's chunks skip.
inline int32_t tail_dot(const int8_t* row, const int16_t* user, uint32_t from, uint32_t dims) {
  int32_t dot = 0;
  for (uint32_t d = from; d < dims; ++d) dot += int32_t{row[d]} * int32_t{user[d]};
  return dot;
}

/// The last `count` (< width) rows of a matrix (or entries of a vector, with dims 1), followed by
/// zero rows up to `width`, so a kernel's block code can score a partial last block like a whole one.
template <class T>
std::vector<T> padded_rows(const T* rows, size_t count, size_t width, uint32_t dims) {
  std::vector<T> out(width * dims, T{0});
  std::copy_n(rows, count * dims, out.begin());
  return out;
}

/// Index into a table of kernels specialised by chunk count: chunks = dims / chunk when that is
/// exact and at most 8 (the common dimension counts get unrolled code), else 0 (run-time count).
inline uint32_t chunk_case(uint32_t dims, uint32_t chunk) {
  const uint32_t chunks = dims / chunk;
  return dims % chunk == 0 && chunks <= 8 ? chunks : 0;
}

/// Unaligned loads from byte pointers, without casts that claim alignment.
template <class V>
inline const V* as_vector(const void* p) {
  return static_cast<const V*>(p);
}

}  // namespace edgerec::scoring
