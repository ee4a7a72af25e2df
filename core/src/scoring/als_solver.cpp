// The iALS row solve. Almost all of training time is spent in the sparse passes of conjugate
// gradient: for every observation of a row, one dot product with the observed row of the fixed
// side and one scaled add of that same row. What makes it fast, as measured single-threaded on
// the ML-20M-shaped benchmark (tests/bench/ials_bench.cpp; seconds per iteration):
//  - the fixed-side rows are prefetched a few observations ahead: they are read in random order
//    and the core otherwise waits on nearly every one (3.6 -> 2.0);
//  - for k a multiple of 16 up to 128, a kernel on native-width vectors (GCC/Clang vector
//    extensions: AVX-512, AVX2, SSE or wasm simd128) with k known at compile time, so the row
//    being built stays in registers, each fixed-side row is loaded once per pass for both the
//    dot and the add, two observations are in flight at once, and the dot products' lanes are
//    summed by a few shuffles (the compiler, left to it, reduced lane by lane) (2.0 -> 1.1).
// Every sum is taken in an order fixed by the code (no -ffast-math, no reassociation), so a
// result depends only on the inputs and the build, never on threads or scheduling.
#include "scoring/eigen.h"  // first: see the header for why

#include "edgerec/als_solver.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
#define EDGEREC_ALS_VECTOR_KERNEL 1  // needs __builtin_shufflevector
#endif

namespace edgerec {
namespace {

/// Once the squared residual norm is this small the row has converged; further steps would only
/// push float rounding around (the same threshold as the `implicit` library).
constexpr float kConvergedResidual = 1e-10f;

/// Fixed-side rows are read in the row's index order, which is random in memory; rows this many
/// observations ahead are requested early so they have arrived when needed.
constexpr size_t kPrefetchDistance = 16;

inline void prefetch_row(const float* row, int k) {
#if defined(__GNUC__) || defined(__clang__)
  for (int d = 0; d < k; d += 16) __builtin_prefetch(row + d, 0, 3);
#else
  (void)row;
  (void)k;
#endif
}

/// r = b - A x needs s_j = c_j - (c_j - a0) t_j; A p needs s_j = (c_j - a0) t_j (t_j = y_j . v).
template <bool kResidual>
inline float observation_scale(float c, float a0, float t) {
  return kResidual ? c - (c - a0) * t : (c - a0) * t;
}

// ---- Generic path: any k ---------------------------------------------------------------------

constexpr int kLanes = 16;

/// Sums 16 lanes as a tree of halves (the same order as the vector kernel's reduction).
inline float reduce_lanes(const float* acc) {
  float half[8];
  for (int l = 0; l < 8; ++l) half[l] = acc[l] + acc[l + 8];
  float quarter[4];
  for (int l = 0; l < 4; ++l) quarter[l] = half[l] + half[l + 4];
  return (quarter[0] + quarter[2]) + (quarter[1] + quarter[3]);
}

inline float dot_generic(const float* a, const float* b, int k) {
  float acc[kLanes] = {};
  int d = 0;
  for (; d + kLanes <= k; d += kLanes) {
    for (int l = 0; l < kLanes; ++l) acc[l] += a[d + l] * b[d + l];
  }
  for (int l = 0; d + l < k; ++l) acc[l] += a[d + l] * b[d + l];
  return reduce_lanes(acc);
}

/// out = (G + lambda I) v; G symmetric row-major, so row l is also column l and the product is a
/// sum of scaled rows, which vectorises along d.
void dense_product_generic(const float* gramian, float lambda, const float* v, int k, float* out) {
  for (int d = 0; d < k; ++d) out[d] = lambda * v[d];
  for (int l = 0; l < k; ++l) {
    const float vl = v[l];
    const float* g = gramian + static_cast<size_t>(l) * k;
    for (int d = 0; d < k; ++d) out[d] += vl * g[d];
  }
}

/// out += sum_j s_j y_j over the row's observations (s_j: observation_scale).
template <bool kResidual>
void sparse_pass_generic(const AlsFixedSide& fixed, const AlsRow& row, const float* v, int k,
                         float* out) {
  const size_t stride = fixed.stride;
  for (size_t j = 0; j < row.count; ++j) {
    if (j + kPrefetchDistance < row.count) {
      prefetch_row(fixed.factors + row.indices[j + kPrefetchDistance] * stride, k);
    }
    const float* y = fixed.factors + row.indices[j] * stride;
    const float s = observation_scale<kResidual>(row.confidences[j], fixed.unobserved_weight,
                                                 dot_generic(y, v, k));
    for (int d = 0; d < k; ++d) out[d] += s * y[d];
  }
}

/// Conjugate gradient on A x = b from the warm start in x. `scratch`: 3k floats.
void conjugate_gradient_generic(const AlsFixedSide& fixed, const AlsRow& row, uint32_t steps,
                                float* x, float* scratch) {
  const int k = static_cast<int>(fixed.dimensions);
  float* r = scratch;
  float* p = scratch + k;
  float* ap = scratch + 2 * k;
  dense_product_generic(fixed.gramian, row.regularization, x, k, r);
  for (int d = 0; d < k; ++d) r[d] = -r[d];
  sparse_pass_generic<true>(fixed, row, x, k, r);
  for (int d = 0; d < k; ++d) p[d] = r[d];
  float rs = dot_generic(r, r, k);
  for (uint32_t step = 0; step < steps; ++step) {
    if (!(rs > kConvergedResidual)) break;  // also stops on NaN
    dense_product_generic(fixed.gramian, row.regularization, p, k, ap);
    sparse_pass_generic<false>(fixed, row, p, k, ap);
    const float pap = dot_generic(p, ap, k);
    if (!(pap > 0.0f)) break;  // A is positive semidefinite; 0 means p is in its null space
    const float alpha = rs / pap;
    for (int d = 0; d < k; ++d) x[d] += alpha * p[d];
    for (int d = 0; d < k; ++d) r[d] -= alpha * ap[d];
    const float rs_next = dot_generic(r, r, k);
    const float beta = rs_next / rs;
    for (int d = 0; d < k; ++d) p[d] = r[d] + beta * p[d];
    rs = rs_next;
  }
}

// ---- Vector path: k a multiple of 16 ---------------------------------------------------------
//
// Vectors are the target's native width W (16 floats with AVX-512, 8 with AVX, else 4: SSE,
// NEON, wasm simd128); wider generic vectors are split by the compiler through memory, which made
// a non-AVX-512 build 7x slower. Dot products still accumulate 16 logical lanes (16 / W native
// vectors) reduced by reduce_lanes' tree, so every width performs the same arithmetic.

#ifdef EDGEREC_ALS_VECTOR_KERNEL
#if defined(__AVX512F__)
#define EDGEREC_ALS_WIDTH 16
#elif defined(__AVX__)
#define EDGEREC_ALS_WIDTH 8
#else
#define EDGEREC_ALS_WIDTH 4
#endif
constexpr int kWidth = EDGEREC_ALS_WIDTH;
typedef float Vec __attribute__((vector_size(kWidth * sizeof(float))));
typedef float F8 __attribute__((vector_size(8 * sizeof(float))));
typedef float F4 __attribute__((vector_size(4 * sizeof(float))));
constexpr int kParts = kLanes / kWidth;  // native vectors per 16 logical lanes
constexpr int kMaxVectorDims = 128;      // the largest k the vector path takes

// The kernels below take the number of native vectors per row, V = k / kWidth, as a count type:
// FixedCount<V> (known at compile time, so every loop over V unrolls and rows stay in registers:
// one copy of the kernels per k) or VectorCount (known at run time: one copy for every k, loops
// not unrolled). Both run exactly the same arithmetic in the same order, so the results are the
// same bits; only code size and speed differ.
template <int V>
struct FixedCount {
  static constexpr int kCapacity = V;  ///< array length for V vectors
  constexpr operator int() const { return V; }
};
struct VectorCount {
  static constexpr int kCapacity = kMaxVectorDims / kWidth;
  int value;
  constexpr operator int() const { return value; }
};

inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}
inline void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

/// 16 logical lanes of a dot product, not yet reduced.
struct Lanes {
  Vec part[kParts];
};

/// The 16 lanes summed by the tree of reduce_lanes.
inline float reduce(const Lanes& lanes) {
#if EDGEREC_ALS_WIDTH == 16
  const Vec a = lanes.part[0];
  const F8 half = __builtin_shufflevector(a, a, 0, 1, 2, 3, 4, 5, 6, 7) +
                  __builtin_shufflevector(a, a, 8, 9, 10, 11, 12, 13, 14, 15);
  const F4 quarter = __builtin_shufflevector(half, half, 0, 1, 2, 3) +
                     __builtin_shufflevector(half, half, 4, 5, 6, 7);
#elif EDGEREC_ALS_WIDTH == 8
  const Vec half = lanes.part[0] + lanes.part[1];
  const F4 quarter = __builtin_shufflevector(half, half, 0, 1, 2, 3) +
                     __builtin_shufflevector(half, half, 4, 5, 6, 7);
#else
  const F4 quarter = (lanes.part[0] + lanes.part[2]) + (lanes.part[1] + lanes.part[3]);
#endif
  return (quarter[0] + quarter[2]) + (quarter[1] + quarter[3]);
}

/// Two reductions at once; with AVX-512 they share each shuffle.
inline void reduce_pair(const Lanes& a, const Lanes& b, float& sum_a, float& sum_b) {
#if EDGEREC_ALS_WIDTH == 16
  {
    const Vec x = a.part[0];
    const Vec y = b.part[0];
    const Vec half = __builtin_shufflevector(x, y, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20,
                                             21, 22, 23) +
                     __builtin_shufflevector(x, y, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27,
                                             28, 29, 30, 31);
    const F8 quarter = __builtin_shufflevector(half, half, 0, 1, 2, 3, 8, 9, 10, 11) +
                       __builtin_shufflevector(half, half, 4, 5, 6, 7, 12, 13, 14, 15);
    const F4 eighth = __builtin_shufflevector(quarter, quarter, 0, 1, 4, 5) +
                      __builtin_shufflevector(quarter, quarter, 2, 3, 6, 7);
    sum_a = eighth[0] + eighth[1];
    sum_b = eighth[2] + eighth[3];
  }
#else
  sum_a = reduce(a);
  sum_b = reduce(b);
#endif
}

/// The lanes of y . v for a fixed-side row y; V = k / kWidth native vectors.
template <typename N>
inline Lanes dot_lanes(const float* y, const Vec* v, N V) {
  Lanes acc;
  for (int q = 0; q < kParts; ++q) acc.part[q] = load(y + q * kWidth) * v[q];
  for (int q = kParts; q < V; ++q) acc.part[q % kParts] += load(y + q * kWidth) * v[q];
  return acc;
}

template <typename N>
inline float dot(const Vec* a, const Vec* b, N V) {
  Lanes acc;
  for (int q = 0; q < kParts; ++q) acc.part[q] = a[q] * b[q];
  for (int q = kParts; q < V; ++q) acc.part[q % kParts] += a[q] * b[q];
  return reduce(acc);
}

/// out = (G + lambda I) v as a sum of scaled rows of G, two rows at a time into separate
/// accumulators so the adds do not wait on each other.
template <typename N>
inline void dense_product(const float* gramian, float lambda, const Vec* v, Vec* out, N V) {
  const int k = V * kWidth;
  float scalars[N::kCapacity * kWidth];
  for (int q = 0; q < V; ++q) store(scalars + q * kWidth, v[q]);
  Vec odd[N::kCapacity];
  for (int q = 0; q < V; ++q) {
    out[q] = v[q] * lambda;
    odd[q] = Vec{};
  }
  for (int l = 0; l < k; l += 2) {
    const float* g0 = gramian + static_cast<size_t>(l) * k;
    const float* g1 = g0 + k;
    for (int q = 0; q < V; ++q) {
      out[q] += scalars[l] * load(g0 + q * kWidth);
      odd[q] += scalars[l + 1] * load(g1 + q * kWidth);
    }
  }
  for (int q = 0; q < V; ++q) out[q] += odd[q];
}

/// out += sum_j s_j y_j (s_j: observation_scale). Up to 64 floats per row, two observations go
/// through at once with separate accumulators; beyond that their registers would not fit.
template <bool kResidual, typename N>
inline void sparse_pass(const AlsFixedSide& fixed, const AlsRow& row, const Vec* v, Vec* out, N V) {
  const int k = V * kWidth;
  const bool pairs = k <= 64;
  const float* factors = fixed.factors;
  const size_t stride = fixed.stride;
  const float a0 = fixed.unobserved_weight;
  const uint32_t* indices = row.indices;
  const float* confidences = row.confidences;
  const size_t n = row.count;
  Vec acc0[N::kCapacity];
  Vec acc1[N::kCapacity];
  for (int q = 0; q < V; ++q) acc0[q] = acc1[q] = Vec{};
  size_t j = 0;
  if (pairs) {
    for (; j + 2 <= n; j += 2) {
      if (j + kPrefetchDistance + 2 <= n) {
        prefetch_row(factors + indices[j + kPrefetchDistance] * stride, k);
        prefetch_row(factors + indices[j + kPrefetchDistance + 1] * stride, k);
      }
      const float* y0 = factors + indices[j] * stride;
      const float* y1 = factors + indices[j + 1] * stride;
      float t0;
      float t1;
      reduce_pair(dot_lanes(y0, v, V), dot_lanes(y1, v, V), t0, t1);
      const float s0 = observation_scale<kResidual>(confidences[j], a0, t0);
      const float s1 = observation_scale<kResidual>(confidences[j + 1], a0, t1);
      for (int q = 0; q < V; ++q) acc0[q] += s0 * load(y0 + q * kWidth);
      for (int q = 0; q < V; ++q) acc1[q] += s1 * load(y1 + q * kWidth);
    }
  }
  for (; j < n; ++j) {
    if (j + kPrefetchDistance < n) {
      prefetch_row(factors + indices[j + kPrefetchDistance] * stride, k);
    }
    const float* y = factors + indices[j] * stride;
    const float s = observation_scale<kResidual>(confidences[j], a0, reduce(dot_lanes(y, v, V)));
    for (int q = 0; q < V; ++q) acc0[q] += s * load(y + q * kWidth);
  }
  for (int q = 0; q < V; ++q) out[q] += acc0[q] + acc1[q];
}

/// Conjugate gradient on A x = b from the warm start in x, k = V * kWidth.
template <typename N>
void conjugate_gradient(const AlsFixedSide& fixed, const AlsRow& row, uint32_t steps,
                        float* x_io, N V) {
  const float lambda = row.regularization;
  Vec x[N::kCapacity];
  Vec r[N::kCapacity];
  Vec p[N::kCapacity];
  Vec ap[N::kCapacity];
  for (int q = 0; q < V; ++q) x[q] = load(x_io + q * kWidth);
  dense_product(fixed.gramian, lambda, x, r, V);
  for (int q = 0; q < V; ++q) r[q] = -r[q];
  sparse_pass<true>(fixed, row, x, r, V);
  for (int q = 0; q < V; ++q) p[q] = r[q];
  float rs = dot(r, r, V);
  for (uint32_t step = 0; step < steps; ++step) {
    if (!(rs > kConvergedResidual)) break;  // also stops on NaN
    dense_product(fixed.gramian, lambda, p, ap, V);
    sparse_pass<false>(fixed, row, p, ap, V);
    const float pap = dot(p, ap, V);
    if (!(pap > 0.0f)) break;  // A is positive semidefinite; 0 means p is in its null space
    const float alpha = rs / pap;
    for (int q = 0; q < V; ++q) x[q] += alpha * p[q];
    for (int q = 0; q < V; ++q) r[q] -= alpha * ap[q];
    const float rs_next = dot(r, r, V);
    const float beta = rs_next / rs;
    for (int q = 0; q < V; ++q) p[q] = r[q] + beta * p[q];
    rs = rs_next;
  }
  for (int q = 0; q < V; ++q) store(x_io + q * kWidth, x[q]);
}
#endif  // EDGEREC_ALS_VECTOR_KERNEL

/// Runs conjugate gradient with the fastest kernel for this k.
void run_conjugate_gradient(const AlsFixedSide& fixed, const AlsRow& row, uint32_t steps,
                            float* x, AlsWorkspace& workspace) {
#ifdef EDGEREC_ALS_VECTOR_KERNEL
#ifdef __wasm__
  // One copy of the kernels for every k (the six unrolled ones were 45 KB of the download; a
  // fold-in is one solve per session change). Same k's as below, so the same bits as native.
  switch (fixed.dimensions) {
    case 16: case 32: case 48: case 64: case 96: case 128:
      return conjugate_gradient(fixed, row, steps, x, VectorCount{static_cast<int>(fixed.dimensions) / kWidth});
    default: break;
  }
#else
  switch (fixed.dimensions) {
    case 16: return conjugate_gradient(fixed, row, steps, x, FixedCount<16 / kWidth>{});
    case 32: return conjugate_gradient(fixed, row, steps, x, FixedCount<32 / kWidth>{});
    case 48: return conjugate_gradient(fixed, row, steps, x, FixedCount<48 / kWidth>{});
    case 64: return conjugate_gradient(fixed, row, steps, x, FixedCount<64 / kWidth>{});
    case 96: return conjugate_gradient(fixed, row, steps, x, FixedCount<96 / kWidth>{});
    case 128: return conjugate_gradient(fixed, row, steps, x, FixedCount<128 / kWidth>{});
    default: break;
  }
#endif
#endif
  conjugate_gradient_generic(fixed, row, steps, x, workspace.floats(3 * size_t{fixed.dimensions}));
}

// ---- Exact path ------------------------------------------------------------------------------

/// Forms A and b in double and solves by LLT.
Status cholesky_solve(const AlsFixedSide& fixed, const AlsRow& row, float* x,
                      AlsWorkspace& workspace) {
  const Eigen::Index k = fixed.dimensions;
  double* memory = workspace.doubles(static_cast<size_t>(k * k + 2 * k));
  Eigen::Map<Eigen::MatrixXd> a(memory, k, k);
  Eigen::Map<Eigen::VectorXd> b(memory + k * k, k);
  Eigen::Map<Eigen::VectorXd> y(memory + k * k + k, k);
  a = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          fixed.gramian, k, k)
          .cast<double>();
  a.diagonal().array() += static_cast<double>(row.regularization);
  b.setZero();
  const double a0 = fixed.unobserved_weight;
  for (size_t j = 0; j < row.count; ++j) {
    y = Eigen::Map<const Eigen::VectorXf>(fixed.factors + row.indices[j] * size_t{fixed.stride}, k)
            .cast<double>();
    const double c = row.confidences[j];
    a.selfadjointView<Eigen::Lower>().rankUpdate(y, c - a0);
    b += c * y;
  }
  const double largest_diagonal = a.diagonal().maxCoeff();
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>, Eigen::Lower> llt(a);  // factorises a in place
  // A singular matrix may still factorise thanks to rounding, with a pivot near 0 that would
  // blow the solution up: treat pivots that small as singular too.
  const double smallest_pivot = llt.matrixLLT().diagonal().minCoeff();
  if (llt.info() != Eigen::Success || !(smallest_pivot * smallest_pivot > 1e-12 * largest_diagonal)) {
    return failed_precondition(
        "ALS row system is not positive definite: use a regularization above 0 or the "
        "conjugate-gradient solver");
  }
  llt.solveInPlace(b);
  for (Eigen::Index d = 0; d < k; ++d) x[d] = static_cast<float>(b[d]);
  return Status();
}

// ---- Validation ------------------------------------------------------------------------------

bool finite_non_negative(float v) {
  return v >= 0.0f && v <= std::numeric_limits<float>::max();
}

Status validate(const AlsFixedSide& fixed, const AlsRow& row, const AlsSolveOptions& options,
                const float* x) {
  if (fixed.dimensions == 0) return invalid_input("ALS: dimensions must be at least 1");
  if (fixed.stride < fixed.dimensions) {
    return invalid_input("ALS: stride (" + std::to_string(fixed.stride) +
                         ") must be at least dimensions (" + std::to_string(fixed.dimensions) +
                         ")");
  }
  if (fixed.gramian == nullptr) return invalid_input("ALS: gramian is null");
  if (fixed.factors == nullptr && fixed.rows > 0) return invalid_input("ALS: factors is null");
  if (x == nullptr) return invalid_input("ALS: x is null");
  if (!finite_non_negative(fixed.unobserved_weight)) {
    return invalid_input("ALS: unobserved_weight must be finite and >= 0");
  }
  if (!finite_non_negative(row.regularization)) {
    return invalid_input("ALS: regularization must be finite and >= 0");
  }
  if (options.method == AlsSolveMethod::kConjugateGradient && options.cg_steps == 0) {
    return invalid_input("ALS: cg_steps must be at least 1");
  }
  if (row.count == 0) return Status();
  if (row.indices == nullptr || row.confidences == nullptr) {
    return invalid_input("ALS: indices or confidences is null");
  }
  // One branch-free pass, written so that it vectorises (it would otherwise cost a twentieth of
  // the solve), then a second only to name the culprit.
  uint32_t max_index = 0;
  uint32_t bad = 0;
  for (size_t j = 0; j < row.count; ++j) {
    const float c = row.confidences[j];
    max_index = row.indices[j] > max_index ? row.indices[j] : max_index;
    bad |= static_cast<uint32_t>(!(c >= 0.0f)) |
           static_cast<uint32_t>(!(c <= std::numeric_limits<float>::max()));
  }
  if (max_index < fixed.rows && bad == 0) return Status();
  for (size_t j = 0; j < row.count; ++j) {
    if (row.indices[j] >= fixed.rows) {
      return invalid_input("ALS: index " + std::to_string(row.indices[j]) + " (observation " +
                           std::to_string(j) + ") is out of range: the fixed side has " +
                           std::to_string(fixed.rows) + " rows");
    }
    if (!finite_non_negative(row.confidences[j])) {
      return invalid_input("ALS: confidence of observation " + std::to_string(j) +
                           " must be finite and >= 0");
    }
  }
  return Status();
}

}  // namespace

Status solve_als_row(const AlsFixedSide& fixed, const AlsRow& row, const AlsSolveOptions& options,
                     float* x, AlsWorkspace& workspace) {
  if (options.method != AlsSolveMethod::kCholesky) {
    return solve_als_row_conjugate_gradient(fixed, row, options.cg_steps, x, workspace);
  }
  EDGEREC_RETURN_IF_ERROR(validate(fixed, row, options, x));
  return cholesky_solve(fixed, row, x, workspace);
}

Status solve_als_row_conjugate_gradient(const AlsFixedSide& fixed, const AlsRow& row, uint32_t steps,
                                        float* x, AlsWorkspace& workspace) {
  AlsSolveOptions options;
  options.method = AlsSolveMethod::kConjugateGradient;
  options.cg_steps = steps;
  EDGEREC_RETURN_IF_ERROR(validate(fixed, row, options, x));
  run_conjugate_gradient(fixed, row, steps, x, workspace);
  return Status();
}

void add_gramian(const float* factors, size_t rows, uint32_t dimensions, size_t stride,
                 double* gramian) {
  if (rows == 0 || dimensions == 0) return;
  const Eigen::Index k = dimensions;
  using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajorF, 0, Eigen::OuterStride<>> y(
      factors, static_cast<Eigen::Index>(rows), k,
      Eigen::OuterStride<>(static_cast<Eigen::Index>(stride)));
  // A float product (blocked, fast) per call, accumulated in double so that sums over many
  // blocks do not lose precision.
  const Eigen::MatrixXf block = y.transpose() * y;
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> out(gramian,
                                                                                          k, k);
  out += block.cast<double>();
}

float als_row_regularization(float lambda, float exponent, size_t count, float unobserved_weight,
                             uint32_t fixed_rows) {
  if (exponent == 0.0f) return lambda;
  const double weight =
      static_cast<double>(count) + static_cast<double>(unobserved_weight) * fixed_rows;
  if (exponent == 1.0f) return static_cast<float>(lambda * weight);
  return static_cast<float>(lambda * std::pow(weight, static_cast<double>(exponent)));
}

}  // namespace edgerec
