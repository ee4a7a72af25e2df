// CSR construction by counting sorts, transposition and validation.
#include "interactions/sparse_matrix.h"

#include <limits>
#include <string>
#include <vector>

namespace edgerec {
namespace {

bool finite_non_negative(float v) {
  return v >= 0.0f && v <= std::numeric_limits<float>::max();
}

/// A counting sort's bucket starts: where each bucket's run begins once `keys` (each below
/// `buckets`) are grouped by key, plus the end: buckets + 1 offsets.
std::vector<uint64_t> bucket_offsets(const std::vector<uint32_t>& keys, uint32_t buckets) {
  std::vector<uint64_t> offsets(size_t{buckets} + 1, 0);
  for (uint32_t k : keys) ++offsets[size_t{k} + 1];
  for (size_t b = 0; b < buckets; ++b) offsets[b + 1] += offsets[b];
  return offsets;
}

}  // namespace

Status CsrMatrix::validate(const char* name) const {
  const std::string prefix = std::string(name) + ": ";
  if (offsets.size() != size_t{rows} + 1) {
    if (rows == 0 && offsets.empty() && indices.empty() && values.empty()) return Status();
    return invalid_input(prefix + "offsets has " + std::to_string(offsets.size()) +
                         " entries, expected rows + 1 = " + std::to_string(size_t{rows} + 1));
  }
  if (indices.size() != values.size()) {
    return invalid_input(prefix + "indices (" + std::to_string(indices.size()) +
                         ") and values (" + std::to_string(values.size()) +
                         ") differ in length");
  }
  if (offsets.front() != 0 || offsets.back() != indices.size()) {
    return invalid_input(prefix + "offsets must start at 0 and end at the number of entries (" +
                         std::to_string(indices.size()) + ")");
  }
  for (uint32_t r = 0; r < rows; ++r) {
    const uint64_t begin = offsets[r];
    const uint64_t end = offsets[r + 1];
    if (end < begin) {
      return invalid_input(prefix + "offsets decrease at row " + std::to_string(r));
    }
    for (uint64_t e = begin; e < end; ++e) {
      if (indices[e] >= cols) {
        return invalid_input(prefix + "row " + std::to_string(r) + " has column " +
                             std::to_string(indices[e]) + ", but there are " +
                             std::to_string(cols) + " columns");
      }
      if (e > begin && indices[e] <= indices[e - 1]) {
        return invalid_input(prefix + "row " + std::to_string(r) +
                             " has columns out of order or repeated (" +
                             std::to_string(indices[e]) + " after " +
                             std::to_string(indices[e - 1]) + ")");
      }
      if (!finite_non_negative(values[e])) {
        return invalid_input(prefix + "row " + std::to_string(r) + ", column " +
                             std::to_string(indices[e]) + ": weight " +
                             std::to_string(values[e]) + " must be finite and >= 0");
      }
    }
  }
  return Status();
}

CsrMatrix CsrMatrix::transpose() const {
  CsrMatrix t;
  t.rows = cols;
  t.cols = rows;
  t.offsets = bucket_offsets(indices, cols);
  t.indices.resize(indices.size());
  t.values.resize(values.size());
  std::vector<uint64_t> next(t.offsets.begin(), t.offsets.end() - 1);
  // Rows in increasing order, so each column's entries come out sorted by row.
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint64_t e = offsets[r]; e < offsets[r + 1]; ++e) {
      const uint64_t slot = next[indices[e]]++;
      t.indices[slot] = r;
      t.values[slot] = values[e];
    }
  }
  return t;
}

Result<CsrMatrix> csr_from_coordinates(uint32_t rows, uint32_t cols,
                                       const std::vector<uint32_t>& row_of,
                                       const std::vector<uint32_t>& col_of,
                                       const std::vector<float>& weights) {
  const size_t n = row_of.size();
  if (col_of.size() != n || (!weights.empty() && weights.size() != n)) {
    return invalid_input("coordinates: row, column and weight arrays differ in length (" +
                         std::to_string(n) + ", " + std::to_string(col_of.size()) + ", " +
                         std::to_string(weights.size()) + ")");
  }
  for (size_t e = 0; e < n; ++e) {
    if (row_of[e] >= rows || col_of[e] >= cols) {
      return invalid_input("coordinates: entry " + std::to_string(e) + " (" +
                           std::to_string(row_of[e]) + ", " + std::to_string(col_of[e]) +
                           ") is outside the " + std::to_string(rows) + " x " +
                           std::to_string(cols) + " matrix");
    }
    if (!weights.empty() && !finite_non_negative(weights[e])) {
      return invalid_input("coordinates: entry " + std::to_string(e) + " has weight " +
                           std::to_string(weights[e]) + "; weights must be finite and >= 0");
    }
  }

  // Pass 1: entries ordered by column (stable), as (row, weight).
  std::vector<uint64_t> col_start = bucket_offsets(col_of, cols);
  std::vector<uint32_t> by_col_row(n);
  std::vector<float> by_col_weight(n);
  for (size_t e = 0; e < n; ++e) {
    const uint64_t slot = col_start[col_of[e]]++;
    by_col_row[slot] = row_of[e];
    by_col_weight[slot] = weights.empty() ? 1.0f : weights[e];
  }
  // col_start[c] is now the end of column c; walk columns in order for pass 2.

  // Pass 2: stable by row, so within a row columns increase and repeats keep input order.
  CsrMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.offsets = bucket_offsets(row_of, rows);
  std::vector<uint64_t> next(m.offsets.begin(), m.offsets.end() - 1);
  m.indices.resize(n);
  m.values.resize(n);
  uint64_t e = 0;
  for (uint32_t c = 0; c < cols; ++c) {
    for (; e < col_start[c]; ++e) {
      const uint64_t slot = next[by_col_row[e]]++;
      m.indices[slot] = c;
      m.values[slot] = by_col_weight[e];
    }
  }
  by_col_row = {};
  by_col_weight = {};

  // Merge repeated (row, col) pairs in place, adding weights in input order.
  uint64_t out = 0;
  for (uint32_t r = 0; r < rows; ++r) {
    const uint64_t begin = m.offsets[r];
    const uint64_t end = m.offsets[r + 1];
    m.offsets[r] = out;
    for (uint64_t i = begin; i < end; ++i) {
      if (out > m.offsets[r] && m.indices[out - 1] == m.indices[i]) {
        m.values[out - 1] += m.values[i];
      } else {
        m.indices[out] = m.indices[i];
        m.values[out] = m.values[i];
        ++out;
      }
    }
  }
  m.offsets[rows] = out;
  m.indices.resize(out);
  m.values.resize(out);
  m.indices.shrink_to_fit();
  m.values.shrink_to_fit();
  return m;
}

}  // namespace edgerec
