// The iALS row solver: the exact (Cholesky) solve matches a dense reference that weights every
// pair explicitly, conjugate gradient converges to it, and bad input gives errors naming the field.
#include "scoring/eigen.h"  // first: see the header

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "edgerec/als_solver.h"

using edgerec::AlsFixedSide;
using edgerec::AlsRow;
using edgerec::AlsSolveMethod;
using edgerec::AlsSolveOptions;
using edgerec::AlsWorkspace;
using edgerec::StatusCode;

namespace {

/// Uniform in [lo, hi) from mt19937 bits (std distributions differ between standard libraries).
float uniform(std::mt19937& rng, float lo, float hi) {
  return lo + (hi - lo) * static_cast<float>(rng() >> 8) * (1.0f / 16777216.0f);
}

/// A random row problem: `rows` fixed-side rows of k factors (stored with `stride`, the padding
/// filled with NaN so reading it would show), `observed` distinct observations.
struct Problem {
  uint32_t k = 0;
  uint32_t stride = 0;
  uint32_t rows = 0;
  std::vector<float> factors;
  std::vector<float> gramian;  // a0 * Y^T Y
  std::vector<uint32_t> indices;
  std::vector<float> confidences;
  float a0 = 1.0f;
  float lambda = 0.1f;

  AlsFixedSide fixed() const {
    AlsFixedSide side;
    side.factors = factors.data();
    side.rows = rows;
    side.dimensions = k;
    side.stride = stride;
    side.gramian = gramian.data();
    side.unobserved_weight = a0;
    return side;
  }
  AlsRow row() const {
    AlsRow r;
    r.indices = indices.data();
    r.confidences = confidences.data();
    r.count = indices.size();
    r.regularization = lambda;
    return r;
  }
};

Problem make_problem(uint32_t k, uint32_t rows, uint32_t observed, float a0, float lambda,
                     uint32_t seed, uint32_t padding = 0) {
  std::mt19937 rng(seed);
  Problem p;
  p.k = k;
  p.stride = k + padding;
  p.rows = rows;
  p.a0 = a0;
  p.lambda = lambda;
  p.factors.assign(size_t{rows} * p.stride, std::numeric_limits<float>::quiet_NaN());
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t d = 0; d < k; ++d) p.factors[size_t{r} * p.stride + d] = uniform(rng, -0.5f, 0.5f);
  }
  std::vector<double> g(size_t{k} * k, 0.0);
  edgerec::add_gramian(p.factors.data(), rows, k, p.stride, g.data());
  p.gramian.resize(g.size());
  for (size_t e = 0; e < g.size(); ++e) p.gramian[e] = static_cast<float>(a0 * g[e]);
  // Distinct observed rows, ascending like a CSR row.
  for (uint32_t r = 0; r < rows && p.indices.size() < observed; ++r) {
    if (rng() % rows < observed) p.indices.push_back(r);
  }
  for (size_t j = 0; j < p.indices.size(); ++j) p.confidences.push_back(1.0f + uniform(rng, 0.0f, 20.0f));
  return p;
}

/// The row's normal equations A x = b built the slow, obvious way: every (row, column) pair
/// weighted explicitly, no Gramian trick: A = Y^T W Y + lambda I, b = Y^T W p, in double.
struct NormalEquations {
  Eigen::MatrixXd a;
  Eigen::VectorXd b;
};

NormalEquations dense_normal_equations(const Problem& p) {
  Eigen::MatrixXd y(p.rows, p.k);
  for (uint32_t r = 0; r < p.rows; ++r) {
    for (uint32_t d = 0; d < p.k; ++d) y(r, d) = p.factors[size_t{r} * p.stride + d];
  }
  Eigen::VectorXd weight = Eigen::VectorXd::Constant(p.rows, p.a0);
  Eigen::VectorXd target = Eigen::VectorXd::Zero(p.rows);
  for (size_t j = 0; j < p.indices.size(); ++j) {
    weight[p.indices[j]] = p.confidences[j];
    target[p.indices[j]] = 1.0;
  }
  NormalEquations eq;
  eq.a = y.transpose() * weight.asDiagonal() * y;
  eq.a.diagonal().array() += p.lambda;
  eq.b = y.transpose() * weight.asDiagonal() * target;
  return eq;
}

/// The minimiser of the dense normal equations, solved directly.
std::vector<double> dense_reference(const Problem& p) {
  const NormalEquations eq = dense_normal_equations(p);
  const Eigen::VectorXd x = eq.a.ldlt().solve(eq.b);
  return std::vector<double>(x.data(), x.data() + x.size());
}

double relative_error(const std::vector<float>& x, const std::vector<double>& reference) {
  double diff = 0.0;
  double norm = 0.0;
  for (size_t d = 0; d < x.size(); ++d) {
    diff += (x[d] - reference[d]) * (x[d] - reference[d]);
    norm += reference[d] * reference[d];
  }
  return std::sqrt(diff / norm);
}

std::vector<float> solve(const Problem& p, AlsSolveMethod method, uint32_t steps,
                         std::vector<float> start = {}) {
  std::vector<float> x = start.empty() ? std::vector<float>(p.k, 0.0f) : std::move(start);
  AlsWorkspace workspace;
  AlsSolveOptions options;
  options.method = method;
  options.cg_steps = steps;
  const edgerec::Status status = edgerec::solve_als_row(p.fixed(), p.row(), options, x.data(), workspace);
  INFO(status.to_string());
  REQUIRE(status.ok());
  return x;
}

}  // namespace

TEST_CASE("als_solver: Cholesky matches a dense reference that weights every pair", "[als]") {
  // k = 16 and 64 take the vector kernel for CG, 7 and 20 the generic one; a0 != 1 checks the
  // unobserved weight is applied to the Gramian and subtracted for observed rows.
  for (const uint32_t k : {7u, 16u, 20u, 64u}) {
    for (const float a0 : {1.0f, 0.05f}) {
      const Problem p = make_problem(k, 300, 40, a0, 0.5f, 100 + k);
      INFO("k " << k << " a0 " << a0);
      const std::vector<double> reference = dense_reference(p);
      CHECK(relative_error(solve(p, AlsSolveMethod::kCholesky, 1), reference) < 1e-5);
    }
  }
}

TEST_CASE("als_solver: conjugate gradient converges to the exact solution", "[als]") {
  for (const uint32_t k : {7u, 16u, 20u, 32u, 64u, 128u}) {
    for (const uint32_t seed : {1u, 2u, 3u}) {
      const Problem p = make_problem(k, 400, 60, 0.2f, 1.0f, seed * 1000 + k);
      INFO("k " << k << " seed " << seed);
      const std::vector<double> reference = dense_reference(p);
      // A few steps from zero already get close; enough steps get there (up to float rounding).
      const double few = relative_error(solve(p, AlsSolveMethod::kConjugateGradient, 3), reference);
      const double many = relative_error(solve(p, AlsSolveMethod::kConjugateGradient, 4 * k), reference);
      CHECK(many < 1e-4);
      CHECK(many <= few);
      // Warm-started at the answer, CG stays there.
      std::vector<float> exact = solve(p, AlsSolveMethod::kCholesky, 1);
      CHECK(relative_error(solve(p, AlsSolveMethod::kConjugateGradient, 3, exact), reference) < 1e-4);
    }
  }
}

TEST_CASE("als_solver: each CG step from a warm start lowers the row objective", "[als]") {
  const Problem p = make_problem(64, 500, 80, 0.5f, 2.0f, 7);
  // f(x) = 1/2 x^T A x - b^T x up to a constant, from the dense reference's A and b.
  const NormalEquations eq = dense_normal_equations(p);
  const auto objective = [&](const std::vector<float>& x) {
    const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXf>(x.data(), p.k).cast<double>();
    return 0.5 * v.dot(eq.a * v) - eq.b.dot(v);
  };
  std::vector<float> x(p.k, 0.01f);
  double previous = objective(x);
  for (int round = 0; round < 5; ++round) {
    x = solve(p, AlsSolveMethod::kConjugateGradient, 1, x);
    const double now = objective(x);
    CHECK(now <= previous + 1e-9 * std::abs(previous));
    previous = now;
  }
}

TEST_CASE("als_solver: results are reproducible and ignore row padding", "[als]") {
  for (const uint32_t k : {20u, 64u}) {
    const Problem packed = make_problem(k, 200, 30, 1.0f, 0.1f, 99);
    const Problem padded = make_problem(k, 200, 30, 1.0f, 0.1f, 99, /*padding=*/5);
    REQUIRE(packed.indices == padded.indices);
    const std::vector<float> a = solve(packed, AlsSolveMethod::kConjugateGradient, 3);
    const std::vector<float> b = solve(packed, AlsSolveMethod::kConjugateGradient, 3);
    const std::vector<float> c = solve(padded, AlsSolveMethod::kConjugateGradient, 3);
    CHECK(a == b);
    CHECK(a == c);  // bit-identical, and the NaN padding never read
    for (const float v : a) CHECK(std::isfinite(v));
  }
}

TEST_CASE("als_solver: a row without observations goes to zero", "[als]") {
  Problem p = make_problem(16, 50, 10, 1.0f, 0.5f, 5);
  p.indices.clear();
  p.confidences.clear();
  for (const float v : solve(p, AlsSolveMethod::kCholesky, 1)) CHECK(v == 0.0f);
  std::vector<float> start(16, 0.3f);
  const std::vector<float> x = solve(p, AlsSolveMethod::kConjugateGradient, 20, start);
  for (const float v : x) CHECK(std::abs(v) < 1e-4f);
}

TEST_CASE("als_solver: bad input is an InvalidInput naming the field, x untouched", "[als]") {
  const Problem good = make_problem(16, 50, 10, 1.0f, 0.5f, 11);
  AlsWorkspace workspace;
  const auto expect_error = [&](AlsFixedSide fixed, AlsRow row, AlsSolveOptions options,
                                const std::string& needle) {
    std::vector<float> x(16, 0.25f);
    const edgerec::Status status = edgerec::solve_als_row(fixed, row, options, x.data(), workspace);
    INFO(status.to_string());
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(status.message().find(needle) != std::string::npos);
    CHECK(x == std::vector<float>(16, 0.25f));
  };
  const AlsSolveOptions cg;
  {
    AlsFixedSide f = good.fixed();
    f.dimensions = 0;
    expect_error(f, good.row(), cg, "dimensions");
  }
  {
    AlsFixedSide f = good.fixed();
    f.stride = 8;
    expect_error(f, good.row(), cg, "stride");
  }
  {
    AlsFixedSide f = good.fixed();
    f.unobserved_weight = -1.0f;
    expect_error(f, good.row(), cg, "unobserved_weight");
  }
  {
    AlsRow r = good.row();
    r.regularization = std::numeric_limits<float>::infinity();
    expect_error(good.fixed(), r, cg, "regularization");
  }
  {
    AlsSolveOptions zero_steps;
    zero_steps.cg_steps = 0;
    expect_error(good.fixed(), good.row(), zero_steps, "cg_steps");
  }
  {
    std::vector<uint32_t> indices = good.indices;
    indices.back() = good.rows;  // one past the end
    AlsRow r = good.row();
    r.indices = indices.data();
    expect_error(good.fixed(), r, cg, "out of range");
  }
  for (const float bad : {-1.0f, std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::infinity()}) {
    std::vector<float> confidences = good.confidences;
    confidences[confidences.size() / 2] = bad;
    AlsRow r = good.row();
    r.confidences = confidences.data();
    expect_error(good.fixed(), r, cg, "confidence");
  }
}

TEST_CASE("als_solver: Cholesky reports a singular system", "[als]") {
  // No regularisation, no unobserved weight and a single observation: rank 1 in 16 dimensions.
  Problem p = make_problem(16, 50, 0, 0.0f, 0.0f, 3);
  p.indices = {7};
  p.confidences = {3.0f};
  std::vector<float> x(16, 0.0f);
  AlsWorkspace workspace;
  AlsSolveOptions exact;
  exact.method = AlsSolveMethod::kCholesky;
  const edgerec::Status status = edgerec::solve_als_row(p.fixed(), p.row(), exact, x.data(), workspace);
  CHECK(status.code() == StatusCode::kFailedPrecondition);
  CHECK(status.message().find("regularization") != std::string::npos);
}

TEST_CASE("als_solver: add_gramian and frequency-scaled regularisation", "[als]") {
  const Problem p = make_problem(20, 100, 10, 1.0f, 0.1f, 21, /*padding=*/3);
  std::vector<double> g(400, 0.0);
  edgerec::add_gramian(p.factors.data(), 60, 20, p.stride, g.data());
  edgerec::add_gramian(p.factors.data() + 60 * p.stride, 40, 20, p.stride, g.data());
  for (uint32_t a = 0; a < 20; ++a) {
    for (uint32_t b = 0; b < 20; ++b) {
      double expected = 0.0;
      for (uint32_t r = 0; r < 100; ++r) {
        expected += double{p.factors[r * p.stride + a]} * p.factors[r * p.stride + b];
      }
      CHECK(g[a * 20 + b] == Approx(expected).epsilon(1e-5));
    }
  }
  CHECK(edgerec::als_row_regularization(0.5f, 0.0f, 10, 0.1f, 1000) == 0.5f);
  CHECK(edgerec::als_row_regularization(0.5f, 1.0f, 10, 0.1f, 1000) == Approx(0.5 * 110));
  CHECK(edgerec::als_row_regularization(0.5f, 0.5f, 10, 0.1f, 1000) == Approx(0.5 * std::sqrt(110.0)));
}
