// iALS training: the alternating loop, threads, initialisation and the objective. The per-row
// solve is edgerec/als_solver.h (shared with the core's fold-in).
#include "train/ials.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>
#include <utility>

#include "edgerec/als_solver.h"

namespace edgerec {
namespace {

/// Rows claimed by a worker at a time. Rows are taken in index order, so each worker streams
/// through the matrix almost sequentially (processing the heaviest rows first for load balance
/// read it in random order and cost more in cache misses than it saved: the heaviest row of an
/// ML-20M-sized problem takes about a millisecond).
constexpr size_t kRowsPerClaim = 16;

/// Gramian blocks: at least this many rows each, and at most kMaxGramianBytes of partial sums in
/// total. The block layout depends only on the shape, never on the thread count, which is what
/// makes the summed Gramian (and so the whole model) independent of the thread count.
constexpr size_t kMinGramianBlockRows = 4096;
constexpr size_t kMaxGramianBytes = size_t{32} << 20;

// ---- Pseudo-random initialisation ------------------------------------------------------------
// Our own generator (xoshiro256**, seeded through splitmix64) and only exact arithmetic, so the
// initial factors are the same with every compiler and standard library.

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    for (uint64_t& word : s_) word = splitmix64(seed);
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in [-1, 1): 24 random bits, exactly representable.
  float symmetric_unit() {
    return static_cast<float>(next() >> 40) * (1.0f / 8388608.0f) - 1.0f;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// ---- Threads ---------------------------------------------------------------------------------

/// Runs body(worker) on `workers` threads (the calling thread is worker 0) and waits for all.
template <typename Body>
void run_workers(uint32_t workers, const Body& body) {
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (uint32_t w = 1; w < workers; ++w) threads.emplace_back([&body, w] { body(w); });
  body(0);
  for (std::thread& thread : threads) thread.join();
}

// ---- One side of the factorisation -----------------------------------------------------------

/// The rows being solved in a half-iteration: their observations and per-row constants.
struct Side {
  uint32_t rows = 0;
  const uint64_t* offsets = nullptr;
  const uint32_t* indices = nullptr;
  std::vector<float> confidences;     ///< c = 1 + alpha * w per entry
  std::vector<float> regularization;  ///< lambda per row (frequency-scaled)
};

Side make_side(const CsrMatrix& m, const IalsOptions& options, uint32_t other_rows) {
  Side side;
  side.rows = m.rows;
  side.offsets = m.offsets.data();
  side.indices = m.indices.data();
  side.confidences.resize(m.nnz());
  for (size_t e = 0; e < m.nnz(); ++e) side.confidences[e] = 1.0f + options.alpha * m.values[e];
  side.regularization.resize(m.rows);
  for (uint32_t r = 0; r < m.rows; ++r) {
    side.regularization[r] =
        als_row_regularization(options.regularization, options.regularization_exponent,
                               m.row_size(r), options.unobserved_weight, other_rows);
  }
  return side;
}

/// unobserved_weight * Y^T Y as floats, summed over fixed row blocks in block order.
std::vector<float> gramian(const float* factors, uint32_t rows, uint32_t k,
                           float unobserved_weight, uint32_t workers) {
  const size_t kk = size_t{k} * k;
  const size_t max_blocks = std::max<size_t>(1, kMaxGramianBytes / (kk * sizeof(double)));
  const size_t block_rows =
      std::max(kMinGramianBlockRows, (size_t{rows} + max_blocks - 1) / max_blocks);
  const size_t blocks = (size_t{rows} + block_rows - 1) / block_rows;
  std::vector<double> partial(blocks * kk, 0.0);
  std::atomic<size_t> next{0};
  run_workers(std::min<uint32_t>(workers, static_cast<uint32_t>(std::max<size_t>(blocks, 1))),
              [&](uint32_t) {
                for (size_t b; (b = next.fetch_add(1)) < blocks;) {
                  const size_t begin = b * block_rows;
                  const size_t count = std::min(block_rows, size_t{rows} - begin);
                  add_gramian(factors + begin * k, count, k, k, partial.data() + b * kk);
                }
              });
  std::vector<double> sum(kk, 0.0);
  for (size_t b = 0; b < blocks; ++b) {
    for (size_t e = 0; e < kk; ++e) sum[e] += partial[b * kk + e];
  }
  std::vector<float> out(kk);
  for (size_t e = 0; e < kk; ++e) out[e] = static_cast<float>(unobserved_weight * sum[e]);
  return out;
}

/// Solves every row of `side` given `fixed_factors`, in place in `factors` (the warm start).
Status solve_side(const Side& side, float* factors, const float* fixed_factors, uint32_t fixed_rows,
                  const IalsOptions& options, uint32_t workers) {
  const uint32_t k = options.factors;
  const std::vector<float> g =
      gramian(fixed_factors, fixed_rows, k, options.unobserved_weight, workers);
  AlsFixedSide fixed;
  fixed.factors = fixed_factors;
  fixed.rows = fixed_rows;
  fixed.dimensions = k;
  fixed.stride = k;
  fixed.gramian = g.data();
  fixed.unobserved_weight = options.unobserved_weight;
  AlsSolveOptions solve;
  solve.method = options.exact ? AlsSolveMethod::kCholesky : AlsSolveMethod::kConjugateGradient;
  solve.cg_steps = options.cg_steps;

  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  // Per worker: the first failing row and why; the lowest row wins, so the error reported does
  // not depend on scheduling either.
  std::vector<std::pair<uint32_t, Status>> errors(workers, {UINT32_MAX, Status()});
  run_workers(workers, [&](uint32_t worker) {
    AlsWorkspace workspace;
    for (size_t begin; !failed.load(std::memory_order_relaxed) &&
                       (begin = next.fetch_add(kRowsPerClaim)) < side.rows;) {
      const size_t end = std::min(begin + kRowsPerClaim, size_t{side.rows});
      for (uint32_t r = static_cast<uint32_t>(begin); r < end; ++r) {
        AlsRow row;
        row.indices = side.indices + side.offsets[r];
        row.confidences = side.confidences.data() + side.offsets[r];
        row.count = static_cast<size_t>(side.offsets[r + 1] - side.offsets[r]);
        row.regularization = side.regularization[r];
        Status status = solve_als_row(fixed, row, solve, factors + size_t{r} * k, workspace);
        if (!status.ok()) {
          if (r < errors[worker].first) errors[worker] = {r, std::move(status)};
          failed.store(true, std::memory_order_relaxed);
        }
      }
    }
  });
  const auto first = std::min_element(errors.begin(), errors.end(),
                                      [](const auto& a, const auto& b) { return a.first < b.first; });
  if (first->first != UINT32_MAX) {
    return first->second.with_context("row " + std::to_string(first->first));
  }
  return Status();
}

/// Factor storage for training: 2 MB aligned (so a 64-float row is exactly 4 cache lines) and
/// marked for transparent huge pages. Rows of the fixed side are read in random order; with 4 KB
/// pages most reads also miss the TLB (138K users x 64 factors span 8,600 pages). Measured: 5-10%
/// per iteration on the ML-20M-shaped benchmark.
class FactorBuffer {
 public:
  FactorBuffer() = default;
  FactorBuffer(const FactorBuffer&) = delete;
  FactorBuffer& operator=(const FactorBuffer&) = delete;
  ~FactorBuffer() { std::free(data_); }

  bool allocate(size_t floats) {
    const size_t bytes = std::max<size_t>(kHugePage, (floats * sizeof(float) + kHugePage - 1) /
                                                         kHugePage * kHugePage);
    data_ = static_cast<float*>(std::aligned_alloc(kHugePage, bytes));
    if (data_ == nullptr) return false;
#ifdef MADV_HUGEPAGE
    ::madvise(data_, bytes, MADV_HUGEPAGE);  // advice only: failure just means small pages
#endif
    size_ = floats;
    return true;
  }
  float* data() { return data_; }
  const float* data() const { return data_; }
  std::vector<float> to_vector() const { return std::vector<float>(data_, data_ + size_); }

 private:
  static constexpr size_t kHugePage = size_t{2} << 20;
  float* data_ = nullptr;
  size_t size_ = 0;
};

void initialize(FactorBuffer& factors, size_t count, float scale, Xoshiro256& rng) {
  float* values = factors.data();
  for (size_t e = 0; e < count; ++e) values[e] = scale * rng.symmetric_unit();
}

bool finite(float v) { return std::abs(v) <= std::numeric_limits<float>::max(); }

Status out_of_range(const char* option, const std::string& range, const std::string& got) {
  return invalid_input(std::string("iALS option ") + option + " must be " + range + ", got " + got);
}

Status validate_data(const CsrMatrix& user_items) {
  EDGEREC_RETURN_IF_ERROR(user_items.validate("iALS user_items"));
  if (user_items.rows == 0 || user_items.cols == 0 || user_items.nnz() == 0) {
    return invalid_input("iALS user_items is empty (" + std::to_string(user_items.rows) +
                         " users, " + std::to_string(user_items.cols) + " items, " +
                         std::to_string(user_items.nnz()) +
                         " interactions): there is nothing to learn from");
  }
  return Status();
}

}  // namespace

Status validate_ials_options(const IalsOptions& o) {
  if (o.factors < 1 || o.factors > kMaxIalsFactors) {
    return out_of_range("factors", "between 1 and " + std::to_string(kMaxIalsFactors),
                        std::to_string(o.factors));
  }
  if (o.iterations < 1 || o.iterations > 10000) {
    return out_of_range("iterations", "between 1 and 10000", std::to_string(o.iterations));
  }
  if (!finite(o.regularization) || o.regularization < 0.0f) {
    return out_of_range("regularization", "finite and >= 0", std::to_string(o.regularization));
  }
  if (!(o.regularization_exponent >= 0.0f && o.regularization_exponent <= 1.0f)) {
    return out_of_range("regularization_exponent", "between 0 and 1",
                        std::to_string(o.regularization_exponent));
  }
  if (!finite(o.alpha) || o.alpha < 0.0f) {
    return out_of_range("alpha", "finite and >= 0", std::to_string(o.alpha));
  }
  if (!finite(o.unobserved_weight) || o.unobserved_weight < 0.0f) {
    return out_of_range("unobserved_weight", "finite and >= 0",
                        std::to_string(o.unobserved_weight));
  }
  if (!o.exact && (o.cg_steps < 1 || o.cg_steps > 1000)) {
    return out_of_range("cg_steps", "between 1 and 1000", std::to_string(o.cg_steps));
  }
  if (o.threads > 1024) {
    return out_of_range("threads", "between 0 (all cores) and 1024", std::to_string(o.threads));
  }
  if (!finite(o.init_stddev) || !(o.init_stddev > 0.0f)) {
    return out_of_range("init_stddev", "finite and > 0", std::to_string(o.init_stddev));
  }
  return Status();
}

Result<IalsModel> train_ials(const CsrMatrix& user_items, const IalsOptions& options,
                             const std::function<void(uint32_t, double)>& on_iteration) {
  EDGEREC_RETURN_IF_ERROR(validate_ials_options(options));
  EDGEREC_RETURN_IF_ERROR(validate_data(user_items));
  uint32_t workers = options.threads;
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());

  const CsrMatrix item_users = user_items.transpose();
  const Side users = make_side(user_items, options, user_items.cols);
  const Side items = make_side(item_users, options, user_items.rows);

  const uint32_t k = options.factors;
  const size_t user_floats = size_t{user_items.rows} * k;
  const size_t item_floats = size_t{user_items.cols} * k;
  FactorBuffer user_factors;
  FactorBuffer item_factors;
  if (!user_factors.allocate(user_floats) || !item_factors.allocate(item_floats)) {
    return resource_exhausted("iALS: cannot allocate the factor matrices (" +
                              std::to_string((user_floats + item_floats) * sizeof(float)) +
                              " bytes)");
  }
  // Uniform on [-a, a) has standard deviation a / sqrt(3).
  const float scale =
      static_cast<float>(std::sqrt(3.0) * options.init_stddev / std::sqrt(static_cast<double>(k)));
  Xoshiro256 rng(options.seed);
  initialize(user_factors, user_floats, scale, rng);
  initialize(item_factors, item_floats, scale, rng);

  for (uint32_t iteration = 0; iteration < options.iterations; ++iteration) {
    const auto start = std::chrono::steady_clock::now();
    EDGEREC_RETURN_IF_ERROR(solve_side(users, user_factors.data(), item_factors.data(),
                                       user_items.cols, options, workers)
                                .with_context("iALS user"));
    EDGEREC_RETURN_IF_ERROR(solve_side(items, item_factors.data(), user_factors.data(),
                                       user_items.rows, options, workers)
                                .with_context("iALS item"));
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    if (on_iteration) on_iteration(iteration, seconds.count());
  }
  IalsModel model;
  model.factors = k;
  model.users = user_items.rows;
  model.items = user_items.cols;
  model.user_factors = user_factors.to_vector();
  model.item_factors = item_factors.to_vector();
  return model;
}

Result<double> ials_objective(const CsrMatrix& user_items, const IalsModel& model,
                              const IalsOptions& options) {
  EDGEREC_RETURN_IF_ERROR(validate_ials_options(options));
  EDGEREC_RETURN_IF_ERROR(validate_data(user_items));
  const uint32_t k = model.factors;
  if (model.users != user_items.rows || model.items != user_items.cols || k == 0 ||
      model.user_factors.size() != size_t{model.users} * k ||
      model.item_factors.size() != size_t{model.items} * k) {
    return invalid_input("iALS objective: the model (" + std::to_string(model.users) + " x " +
                         std::to_string(model.items) + ", " + std::to_string(k) +
                         " factors) does not match the matrix (" +
                         std::to_string(user_items.rows) + " x " +
                         std::to_string(user_items.cols) + ")");
  }
  const double a0 = options.unobserved_weight;
  // a0 * sum over all pairs of (x.y)^2 = a0 * <X^T X, Y^T Y> (Frobenius inner product).
  const size_t kk = size_t{k} * k;
  std::vector<double> gx(kk, 0.0);
  std::vector<double> gy(kk, 0.0);
  add_gramian(model.user_factors.data(), model.users, k, k, gx.data());
  add_gramian(model.item_factors.data(), model.items, k, k, gy.data());
  double loss = 0.0;
  for (size_t e = 0; e < kk; ++e) loss += a0 * gx[e] * gy[e];
  // Observed pairs: replace their a0 (x.y)^2 by c (1 - x.y)^2.
  for (uint32_t u = 0; u < user_items.rows; ++u) {
    const float* x = model.user_factors.data() + size_t{u} * k;
    for (uint64_t e = user_items.offsets[u]; e < user_items.offsets[u + 1]; ++e) {
      const float* y = model.item_factors.data() + size_t{user_items.indices[e]} * k;
      double score = 0.0;
      for (uint32_t d = 0; d < k; ++d) score += double{x[d]} * y[d];
      const double c = 1.0 + double{options.alpha} * user_items.values[e];
      loss += c * (1.0 - score) * (1.0 - score) - a0 * score * score;
    }
  }
  // Regularisation, with each row's frequency-scaled lambda.
  const CsrMatrix item_users = user_items.transpose();
  const auto add_regularization = [&](const CsrMatrix& m, const std::vector<float>& factors,
                                      uint32_t other_rows) {
    for (uint32_t r = 0; r < m.rows; ++r) {
      const double lambda =
          als_row_regularization(options.regularization, options.regularization_exponent,
                                 m.row_size(r), options.unobserved_weight, other_rows);
      double norm = 0.0;
      for (uint32_t d = 0; d < k; ++d) norm += double{factors[size_t{r} * k + d]} * factors[size_t{r} * k + d];
      loss += lambda * norm;
    }
  };
  add_regularization(user_items, model.user_factors, model.items);
  add_regularization(item_users, model.item_factors, model.users);
  return loss;
}

}  // namespace edgerec
