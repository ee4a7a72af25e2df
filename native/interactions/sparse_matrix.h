// A compressed sparse row (CSR) matrix of float weights: the user x item interaction matrix the
// factorisation trainers read, and its transpose (item x user).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

struct CsrMatrix {
  uint32_t rows = 0;
  uint32_t cols = 0;
  /// rows + 1 entries: row r's entries are [offsets[r], offsets[r + 1]). 64-bit so a matrix may
  /// hold more than 4 billion entries.
  std::vector<uint64_t> offsets;
  std::vector<uint32_t> indices;  ///< Column of each entry; strictly increasing within a row.
  std::vector<float> values;      ///< Weight of each entry.

  size_t nnz() const { return indices.size(); }
  /// Number of entries in row r.
  size_t row_size(uint32_t r) const { return static_cast<size_t>(offsets[r + 1] - offsets[r]); }

  /**
   * InvalidInput, naming `name` and the first problem, unless the matrix is well formed:
   * offsets of size rows + 1, starting at 0, non-decreasing and ending at nnz; indices and
   * values of equal size; every index < cols and strictly increasing within its row; every
   * value finite and >= 0. An empty matrix (no rows, columns or entries) is well formed here:
   * callers that need data check for it themselves.
   */
  Status validate(const char* name) const;

  /// The cols x rows transpose, in CSR form (so each column's entries, by increasing row).
  CsrMatrix transpose() const;
};

/**
 * Builds a CSR matrix from coordinates: entry n is (row_of[n], col_of[n]) with weight
 * weights[n] (1 for every entry if `weights` is empty). Repeated (row, col) pairs are merged by
 * adding their weights in input order, so the result does not depend on anything but the input.
 * O(entries + rows + cols) time, by two stable counting sorts.
 * @return InvalidInput if the arrays differ in length, a coordinate is out of range, or a weight
 *   is negative or not finite.
 */
Result<CsrMatrix> csr_from_coordinates(uint32_t rows, uint32_t cols,
                                       const std::vector<uint32_t>& row_of,
                                       const std::vector<uint32_t>& col_of,
                                       const std::vector<float>& weights = {});

}  // namespace edgerec
