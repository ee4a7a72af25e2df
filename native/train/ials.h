// Implicit-feedback matrix factorisation by alternating least squares (iALS): Hu, Koren &
// Volinsky 2008, with the conjugate-gradient row solver of Takacs, Pilaszy & Tikk 2011 and the
// unobserved weight and frequency-scaled regularisation of Rendle et al. 2021.
//
// Model: score(u, i) = x_u . y_i. Objective (see edgerec/als_solver.h for the per-row form):
//
//   sum over observed (u,i) of c_ui (1 - x_u.y_i)^2 + a0 * sum over unobserved of (x_u.y_i)^2
//     + lambda * ( sum_u (n_u + a0 * items)^nu |x_u|^2 + sum_i (n_i + a0 * users)^nu |y_i|^2 )
//
// with confidence c_ui = 1 + alpha * w_ui (w_ui: the interaction weight, e.g. a count or an
// event-type weight), a0 = unobserved_weight, nu = regularization_exponent, n_u / n_i the numbers
// of observed entries in the row / column. a0 = 1, nu = 0 is exactly Hu et al.'s model (and the
// `implicit` library's).
//
// Each iteration solves every user given the items, then every item given the users. Rows are
// independent given the other side and the Gramian is summed over fixed blocks in a fixed order,
// so the factors are bit-identical for a given seed whatever the number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "interactions/sparse_matrix.h"

namespace edgerec {

struct IalsOptions {
  uint32_t factors = 64;                ///< k, latent dimensions: 1 to kMaxIalsFactors.
  uint32_t iterations = 15;             ///< Full iterations (users then items): 1 to 10,000.
  float regularization = 0.01f;         ///< lambda, finite and >= 0.
  float regularization_exponent = 0.0f; ///< nu in [0, 1]: 0 plain lambda, 1 frequency-scaled.
  float alpha = 1.0f;                   ///< Confidence slope: c = 1 + alpha * weight; >= 0.
  float unobserved_weight = 1.0f;       ///< a0, weight of each unobserved pair; finite, >= 0.
  uint32_t cg_steps = 3;                ///< Conjugate-gradient steps per row: 1 to 1,000.
  bool exact = false;                   ///< Exact Cholesky solves instead of CG (small problems).
  uint32_t threads = 0;                 ///< Worker threads; 0 = std::thread::hardware_concurrency.
  uint64_t seed = 1;                    ///< Seeds the initial factors.
  /// Initial values are uniform with this standard deviation divided by sqrt(factors), so initial
  /// scores have about the same spread whatever k is. Finite and > 0.
  float init_stddev = 0.1f;
};

struct IalsModel {
  uint32_t factors = 0;
  uint32_t users = 0;
  uint32_t items = 0;
  std::vector<float> user_factors;  ///< users x factors, row-major.
  std::vector<float> item_factors;  ///< items x factors, row-major.
};

/// InvalidInput naming the first option out of range (by its field name), e.g.
/// "iALS option factors must be between 1 and 4096, got 0".
Status validate_ials_options(const IalsOptions& options);

/**
 * Trains the model on `user_items` (users x items; values are the interaction weights w_ui).
 * `on_iteration`, if set, is called after each iteration with its 0-based number and its
 * duration in seconds.
 * @return InvalidInput for bad options (validate_ials_options), a malformed matrix or one without
 *   entries; FailedPrecondition if `exact` meets a singular system (regularization 0).
 */
Result<IalsModel> train_ials(const CsrMatrix& user_items, const IalsOptions& options,
                             const std::function<void(uint32_t iteration, double seconds)>&
                                 on_iteration = {});

/**
 * The objective above for `model` on `user_items` (in double), e.g. to watch convergence. Costs
 * O(nnz k + (users + items) k^2): the sum over unobserved pairs comes from the two Gramians.
 * @return InvalidInput if the model's shape does not match the matrix or the options are bad.
 */
Result<double> ials_objective(const CsrMatrix& user_items, const IalsModel& model,
                              const IalsOptions& options);

}  // namespace edgerec
