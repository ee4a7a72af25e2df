// One row of implicit-feedback ALS (iALS): the least-squares solve that the native trainer runs
// for every user and item, and that the core runs on the device to fold a user's own events into
// a user vector. Both share this code so a folded-in vector is what training would have produced.
//
// The objective, for a row x (a user; for the item side swap the roles) with fixed factors Y:
//
//   sum over observed j of  c_j (1 - x.y_j)^2  +  a0 * sum over unobserved j of (x.y_j)^2
//     + lambda * |x|^2
//
// c_j is the confidence of an observation (Hu, Koren & Volinsky 2008: c = 1 + alpha * weight),
// a0 the weight of every unobserved pair (Rendle et al. 2021; a0 = 1 is Hu et al.'s model) and
// lambda the row's regularisation (see als_row_regularization for the frequency-scaled form).
// Its minimiser solves the k x k system
//
//   (G + lambda I + sum_j (c_j - a0) y_j y_j^T) x = sum_j c_j y_j,     G = a0 * Y^T Y,
//
// where G, the Gramian, is computed once per half-iteration and shared by every row, so a row
// costs O(n k) per conjugate-gradient step (n = its observations) instead of O(n k^2 + k^3).
//
// Plain C++ with no threads, I/O or exceptions: it is compiled into the wasm core as well.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

enum class AlsSolveMethod : uint8_t {
  /// A few conjugate-gradient steps warm-started from the current x (Takacs, Pilaszy & Tikk
  /// 2011): O(steps * (k^2 + n k)). Not exact, but across ALS iterations the warm start makes a
  /// few steps as good as an exact solve, at a fraction of the cost.
  kConjugateGradient,
  /// Forms the system and solves it exactly by Cholesky (LLT, in double): O(n k^2 + k^3). For
  /// small problems, tests and as a reference.
  kCholesky,
};

/// The side held fixed while rows of the other side are solved.
struct AlsFixedSide {
  /// `rows` x `stride` floats, row-major: row r's k values start at factors + r * stride.
  const float* factors = nullptr;
  uint32_t rows = 0;
  uint32_t dimensions = 0;  ///< k, the number of latent factors (at least 1).
  uint32_t stride = 0;      ///< Floats from one row to the next; at least `dimensions`.
  /// k x k, row-major, symmetric: unobserved_weight * Y^T Y (see add_gramian).
  const float* gramian = nullptr;
  /// a0: the weight of each unobserved pair, finite and >= 0.
  float unobserved_weight = 1.0f;
};

/// One row's observations.
struct AlsRow {
  const uint32_t* indices = nullptr;   ///< Rows of the fixed side, each < AlsFixedSide::rows.
  const float* confidences = nullptr;  ///< c for each index: finite and >= 0.
  size_t count = 0;
  /// lambda for this row, finite and >= 0 (already frequency-scaled if wanted).
  float regularization = 0.0f;
};

struct AlsSolveOptions {
  AlsSolveMethod method = AlsSolveMethod::kConjugateGradient;
  uint32_t cg_steps = 3;  ///< Conjugate-gradient steps (at least 1); ignored by kCholesky.
};

/// Scratch memory for solve_als_row, reused across calls so solving a row allocates nothing once
/// it has grown to the largest k seen. One per thread; not shareable between concurrent solves.
class AlsWorkspace {
 public:
  /// At least n floats (doubles) of scratch; contents unspecified; valid until the next call.
  float* floats(size_t n) {
    if (floats_.size() < n) floats_.resize(n);
    return floats_.data();
  }
  double* doubles(size_t n) {
    if (doubles_.size() < n) doubles_.resize(n);
    return doubles_.data();
  }

 private:
  std::vector<float> floats_;
  std::vector<double> doubles_;
};

/**
 * Solves one row: on entry `x` (k floats) holds the warm start (the row's previous value, or
 * zeros); on return the new value. kCholesky ignores the warm start.
 * @return InvalidInput naming the offending field (null pointers, dimensions 0, stride <
 *   dimensions, an index out of range, a negative or non-finite confidence, regularisation or
 *   unobserved weight, cg_steps 0); FailedPrecondition if kCholesky finds the system singular
 *   (regularisation 0 with too little data). `x` is unchanged on error.
 */
Status solve_als_row(const AlsFixedSide& fixed, const AlsRow& row, const AlsSolveOptions& options,
                     float* x, AlsWorkspace& workspace);

/// solve_als_row with kConjugateGradient and `steps` (cg_steps). Separate so that a caller that
/// never solves exactly (the core's fold-in) does not link the Cholesky path: Eigen's LLT and
/// its products were a twentieth of the wasm core.
Status solve_als_row_conjugate_gradient(const AlsFixedSide& fixed, const AlsRow& row, uint32_t steps,
                                        float* x, AlsWorkspace& workspace);

/**
 * Adds Y^T Y over `rows` rows of `factors` (layout as in AlsFixedSide) to `gramian`, a k x k
 * row-major double accumulator. Callers that split the rows into blocks and add the blocks in a
 * fixed order get the same sum whatever the number of threads.
 */
void add_gramian(const float* factors, size_t rows, uint32_t dimensions, size_t stride,
                 double* gramian);

/**
 * The frequency-scaled regularisation of Rendle et al. 2021:
 *   lambda * (count + unobserved_weight * fixed_rows) ^ exponent,
 * where count is the row's number of observations and fixed_rows the size of the other side
 * (every pair with it carries weight unobserved_weight). exponent 0 gives plain lambda, 1 scales
 * with the row's total weight; in between trades the two.
 */
float als_row_regularization(float lambda, float exponent, size_t count, float unobserved_weight,
                             uint32_t fixed_rows);

}  // namespace edgerec
