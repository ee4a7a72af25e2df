// Scoring speed (issue 6): top-25 over 27K and 1M items at 64 factors, int8 and float32 item
// factors, one thread; and folding a 50-event history into a user vector. Targets: native int8
// over 27K items <= 50 us median; wasm <= 2x native; fold-in <= 100 us.
//
// One program, two builds: natively it generates the data (random factor-like vectors, seeded),
// writes the solutions and raw vectors into --work-dir and measures; built with Emscripten
// (tests/bench/CMakeLists.txt) and run by Node it reads that same work dir and measures the wasm
// core on the same solutions and queries. tests/bench/scoring_bench.sh runs both, the JS API
// (scoring_bench.mjs) and Faiss (faiss_reference.py) side by side and prints the ratios.
//
// Cases, one JSON line each ("median_us"/"p90_us" over the timed requests):
//   {"bench":"scoring","target":"native|wasm","case":"topk_fused", ...}  top_k_items: the fused
//       score + top-25 (factor_scoring.h), over the solution's packed, norm-sorted copy where the
//       CPU uses one ("kernel":"avx512-vnni+packed": it stops early, see packed_item_factors.h)
//   "case":"score_all", "kernel":K   every supported kernel (scalar, sse4.1, avx2, avx512-vnni,
//       avx512-vnni+packed, wasm-simd128): scoring every item into a buffer, no top-k, so the
//       kernels compare side by side (native SSE4.1 has wasm simd128's 128-bit width)
//   "case":"get_recommendations"      the public C ABI edgerec_get_recommendations (JSON in,
//       JSON out: id lookup, the top-k of the user's logits, their softmax scores, response), for
//       users the runtime has served before: their softmax normaliser is cached
//       (core/src/serve/softmax_normalizers.h), so a request scores no more than the fused top-k
//   "case":"get_recommendations_first" the same, each user's first request (timed once per user,
//       before the case above): the full pass over the catalog that computes the normaliser
//   {"bench":"fold_in", "method":"cholesky|cg8", ...}  one user vector from 50 events against
//       fixed item factors: gathering (and dequantising) the 50 rows, the Gramian-based system,
//       the solve (exact, or 8 conjugate-gradient steps from zero, with its largest relative
//       distance from the exact solution); the item Gramian is computed once per model
//       ("gramian_ms")
// int8 lines also carry "recall_vs_float32": the share of the float32 top-25 that the int8 model
// returns for the same queries. First, {"bench":"scoring_check",...}: every kernel of the build
// against the scalar reference, bit for bit, on odd shapes; in wasm, the fused lines carry
// "same_bits_as_native": whether the wasm scores of the benchmark's model equal the native ones.
//
// --small runs a tiny problem in well under a second (CTest keeps it building and working).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "edgerec/als_solver.h"
#include "edgerec/edgerec.h"
#include "scoring/factor_scoring.h"
#include "edgerec/solution.h"
#include "edgerec/solution_generated.h"
#include "edgerec/topk.h"

#ifndef __EMSCRIPTEN__
#include "train/factor_quantization.h"
#include "train/solution_writer.h"
#endif

namespace {

using Clock = std::chrono::steady_clock;
using edgerec::ScoredItem;

#ifdef __EMSCRIPTEN__
constexpr const char* kTarget = "wasm";
#else
constexpr const char* kTarget = "native";
#endif

struct Args {
  std::vector<uint32_t> item_counts = {27000, 1000000};
  uint32_t dims = 64;
  uint32_t users = 1000;
  size_t k = 25;
  uint32_t events = 50;
  size_t max_requests = 2000;
  double seconds = 2.0;  // time budget per case (at least min_requests are timed)
  size_t min_requests = 20;
  uint64_t seed = 1;
  std::string work_dir = "build/bench/scoring";
  bool all_kernels = true;
  bool small = false;
  bool prepare_only = false;  ///< write the data and stop (batch_bench.sh's solutions)
};

const char kUsage[] =
    "usage: scoring_bench [--small] [--work-dir DIR] [--items N,N,...] [--dims K] [--users N]\n"
    "                     [--k K] [--events N] [--requests N] [--seconds S] [--seed N]\n"
    "                     [--default-kernel-only] [--prepare-only]\n"
    "Native: writes DIR/{solution-*.erec,items-*.f32,queries-*.f32,topk-*.i32} and measures.\n"
    "wasm (node scoring_bench.cjs): reads DIR as the native run left it and measures.\n";

bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--small") {
      args.small = true;
      args.item_counts = {3000, 20000};
      args.dims = 32;
      args.users = 50;
      args.max_requests = 30;
      args.min_requests = 5;
      args.seconds = 0.2;
      continue;
    }
    if (flag == "--default-kernel-only") {
      args.all_kernels = false;
      continue;
    }
    if (flag == "--prepare-only") {
      args.prepare_only = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    const bool numeric = end != value.c_str() && *end == '\0' && number >= 0;
    if (flag == "--work-dir") {
      args.work_dir = value;
    } else if (flag == "--items") {
      args.item_counts.clear();
      size_t at = 0;
      while (at < value.size()) {
        const size_t comma = std::min(value.find(',', at), value.size());
        const unsigned long n = std::strtoul(value.substr(at, comma - at).c_str(), nullptr, 10);
        if (n == 0) return false;
        args.item_counts.push_back(static_cast<uint32_t>(n));
        at = comma + 1;
      }
    } else if (!numeric) {
      return false;
    } else if (flag == "--dims") {
      args.dims = static_cast<uint32_t>(number);
    } else if (flag == "--users") {
      args.users = static_cast<uint32_t>(number);
    } else if (flag == "--k") {
      args.k = static_cast<size_t>(number);
    } else if (flag == "--events") {
      args.events = static_cast<uint32_t>(number);
    } else if (flag == "--requests") {
      args.max_requests = static_cast<size_t>(number);
    } else if (flag == "--seconds") {
      args.seconds = number;
    } else if (flag == "--seed") {
      args.seed = static_cast<uint64_t>(number);
    } else {
      return false;
    }
  }
  return args.dims >= 1 && args.users >= 1 && args.k >= 1 && !args.item_counts.empty() && args.max_requests >= 1;
}

// ---- Files --------------------------------------------------------------------------------------

std::string items_path(const Args& a, uint32_t n) {
  return a.work_dir + "/items-" + std::to_string(n) + "-d" + std::to_string(a.dims) + "-s" +
         std::to_string(a.seed) + ".f32";
}
std::string queries_path(const Args& a) {
  return a.work_dir + "/queries-u" + std::to_string(a.users) + "-d" + std::to_string(a.dims) + "-s" +
         std::to_string(a.seed) + ".f32";
}
std::string solution_path(const Args& a, uint32_t n, bool int8) {
  return a.work_dir + "/solution-" + std::to_string(n) + "-d" + std::to_string(a.dims) + "-s" +
         std::to_string(a.seed) + (int8 ? "-int8" : "-float32") + ".erec";
}
std::string topk_path(const Args& a, uint32_t n) {
  return a.work_dir + "/topk-" + std::to_string(n) + "-d" + std::to_string(a.dims) + "-s" +
         std::to_string(a.seed) + "-float32.i32";
}

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  out.resize(static_cast<size_t>(in.tellg()));
  in.seekg(0);
  return static_cast<bool>(in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size())));
}

bool write_file(const std::string& path, const void* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  return static_cast<bool>(out);
}

// ---- Data (native only) -------------------------------------------------------------------------

#ifndef __EMSCRIPTEN__

struct SplitMix {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  /// Approximately standard normal (Irwin-Hall, 4 uniforms): cheap and portable.
  double normal() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * std::sqrt(3.0); }
};

/// Factor-like vectors: iALS item vectors' norms grow with popularity, so each row is a normal
/// direction scaled by a log-normal magnitude; users are plain normal vectors.
std::vector<float> random_vectors(uint64_t seed, uint32_t rows, uint32_t dims, double spread) {
  SplitMix rng{seed};
  std::vector<float> out(static_cast<size_t>(rows) * dims);
  for (uint32_t r = 0; r < rows; ++r) {
    const double magnitude = 0.1 * std::exp(spread * rng.normal());
    for (uint32_t d = 0; d < dims; ++d) {
      out[static_cast<size_t>(r) * dims + d] = static_cast<float>(magnitude * rng.normal());
    }
  }
  return out;
}

std::string numbered(char prefix, uint32_t i, int width) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%c%0*u", prefix, width, i);
  return buf;
}

/// A user-personalization solution with these factors: ids i0000000.. and u0000.. in numeric
/// order (zero-padded, so catalog order is row order), popularity, user vectors, no sequence part.
bool write_solution(const Args& a, uint32_t n, const std::vector<float>& items, const std::vector<float>& users,
                    bool int8) {
  namespace fb = edgerec::fb;
  std::vector<std::string> item_ids(n);
  for (uint32_t i = 0; i < n; ++i) item_ids[i] = numbered('i', i, 7);
  std::vector<std::string> user_ids(a.users);
  for (uint32_t u = 0; u < a.users; ++u) user_ids[u] = numbered('u', u, 5);
  edgerec::SolutionDescription d;
  d.recipe = "user-personalization";
  d.recipe_type = fb::RecipeType::USER_PERSONALIZATION;
  d.items = n;
  d.users = a.users;
  d.source = "scoring_bench (random vectors)";
  std::vector<uint32_t> counts(n);
  std::vector<float> popularity(n);
  SplitMix rng{a.seed * 7 + n};
  for (uint32_t i = 0; i < n; ++i) {
    counts[i] = static_cast<uint32_t>(rng.next() % a.users);
    popularity[i] = static_cast<float>(counts[i]) / static_cast<float>(a.users);
  }
  flatbuffers::FlatBufferBuilder fbb(static_cast<size_t>(n) * a.dims * (int8 ? 1 : 4) + (16 << 20));
  const auto metadata = edgerec::build_metadata(fbb, d);
  const auto catalog = edgerec::build_item_catalog(fbb, edgerec::sort_ids(item_ids));
  const auto user_index = edgerec::build_user_index(fbb, edgerec::sort_ids(user_ids));
  const auto pop = fb::CreatePopularityModel(fbb, fbb.CreateVector(counts), fbb.CreateVector(popularity));
  flatbuffers::Offset<flatbuffers::Vector<float>> f32;
  flatbuffers::Offset<flatbuffers::Vector<int8_t>> i8;
  flatbuffers::Offset<flatbuffers::Vector<float>> scales;
  if (int8) {
    const edgerec::QuantizedRows q = edgerec::quantize_rows_int8(items.data(), n, a.dims);
    i8 = fbb.CreateVector(q.values);
    scales = fbb.CreateVector(q.scales);
  } else {
    f32 = fbb.CreateVector(items);
  }
  const auto user_vec = fbb.CreateVector(users);
  fb::FactorModelBuilder f(fbb);
  f.add_dimensions(a.dims);
  f.add_item_encoding(int8 ? fb::FactorEncoding::INT8 : fb::FactorEncoding::FLOAT32);
  if (int8) {
    f.add_item_factors_i8(i8);
    f.add_item_scales(scales);
  } else {
    f.add_item_factors_f32(f32);
  }
  f.add_user_factors(user_vec);
  f.add_regularization(0.01f);
  f.add_alpha(1.0f);
  const auto factors = f.Finish();
  fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog);
  root.add_users(user_index);
  root.add_popularity(pop);
  root.add_factors(factors);
  fb::FinishSolutionBuffer(fbb, root.Finish());
  auto sealed = edgerec::seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
  if (!sealed.ok()) {
    std::fprintf(stderr, "scoring_bench: %s\n", sealed.status().to_string().c_str());
    return false;
  }
  return write_file(solution_path(a, n, int8), sealed->data(), sealed->size());
}

/// Writes every file the measurements (and the wasm and Faiss runs) read, unless already there.
bool prepare(const Args& a) {
  std::string mkdir = "mkdir -p '" + a.work_dir + "'";
  if (std::system(mkdir.c_str()) != 0) return false;
  const std::vector<float> users = random_vectors(a.seed * 1000003 + 1, a.users, a.dims, 0.0);
  std::vector<uint8_t> existing;
  if (!read_file(queries_path(a), existing) && !write_file(queries_path(a), users.data(), users.size() * 4)) {
    return false;
  }
  for (const uint32_t n : a.item_counts) {
    if (read_file(solution_path(a, n, true), existing) && read_file(solution_path(a, n, false), existing) &&
        read_file(items_path(a, n), existing)) {
      continue;
    }
    std::fprintf(stderr, "scoring_bench: writing %u-item solutions into %s\n", n, a.work_dir.c_str());
    const std::vector<float> items = random_vectors(a.seed * 7919 + n, n, a.dims, 0.5);
    if (!write_file(items_path(a, n), items.data(), items.size() * 4) || !write_solution(a, n, items, users, true) ||
        !write_solution(a, n, items, users, false)) {
      return false;
    }
  }
  return true;
}

std::string cpu_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      return colon == std::string::npos ? "" : line.substr(colon + 2);
    }
  }
  return "";
}

#endif  // __EMSCRIPTEN__

// ---- Measuring ------------------------------------------------------------------------------------

struct Timing {
  size_t requests = 0;
  double median_us = 0;
  double p90_us = 0;
  double mean_us = 0;
  double min_us = 0;
};

/// Median, p90, mean and minimum of per-request times (not empty).
Timing timing_of(std::vector<double> us) {
  Timing t;
  t.requests = us.size();
  double total = 0;
  for (double v : us) total += v;
  std::sort(us.begin(), us.end());
  t.median_us = us[us.size() / 2];
  t.p90_us = us[std::min(us.size() - 1, us.size() * 9 / 10)];
  t.min_us = us.front();
  t.mean_us = total / static_cast<double>(us.size());
  return t;
}

/// Runs `request(r)` for r = 0, 1, ... until max_requests are timed or the time budget is spent
/// (at least min_requests are timed). Untimed warm-up first: at least 3 requests and, unless
/// --small, a tenth of the budget, which in wasm lets V8 replace its baseline code by optimised
/// code (tier-up happens in the background after the first calls).
template <class F>
Timing measure(const Args& a, F&& request) {
  const auto warm = Clock::now();
  for (size_t r = 0; r < 3 || (!a.small && r < 1000 && std::chrono::duration<double>(Clock::now() - warm).count() < a.seconds / 10);
       ++r) {
    request(r);
  }
  std::vector<double> us;
  const auto start = Clock::now();
  for (size_t r = 0; r < a.max_requests; ++r) {
    const auto t0 = Clock::now();
    request(r);
    const auto t1 = Clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    if (us.size() >= a.min_requests && std::chrono::duration<double>(t1 - start).count() > a.seconds) break;
  }
  return timing_of(std::move(us));
}


std::string timing_json(const Timing& t) {
  char buf[200];
  std::snprintf(buf, sizeof(buf), "\"requests\":%zu,\"median_us\":%.2f,\"p90_us\":%.2f,\"mean_us\":%.2f,\"min_us\":%.2f",
                t.requests, t.median_us, t.p90_us, t.mean_us, t.min_us);
  return buf;
}

std::string header(const char* bench, const char* which, const char* encoding, uint32_t items, const Args& a) {
  char buf[300];
  std::snprintf(buf, sizeof(buf), "{\"bench\":\"%s\",\"target\":\"%s\",\"case\":\"%s\",\"encoding\":\"%s\",\"items\":%u,"
                "\"dims\":%u,\"k\":%zu,",
                bench, kTarget, which, encoding, items, a.dims, a.k);
  return buf;
}

void emit(const std::string& line) {
  std::printf("%s}\n", line.c_str());
  std::fflush(stdout);
}

struct Loaded {
  std::shared_ptr<const edgerec::Solution> solution;
  const edgerec::fb::FactorModel* factors = nullptr;
  edgerec_runtime* runtime = nullptr;
  std::vector<uint8_t> bytes;
};

bool load(const std::string& path, Loaded& out) {
  if (!read_file(path, out.bytes)) {
    std::fprintf(stderr, "scoring_bench: cannot read %s (run the native scoring_bench first)\n", path.c_str());
    return false;
  }
  auto solution = edgerec::Solution::load(out.bytes.data(), out.bytes.size());
  if (!solution.ok()) {
    std::fprintf(stderr, "scoring_bench: %s: %s\n", path.c_str(), solution.status().to_string().c_str());
    return false;
  }
  out.solution = *solution;
  out.factors = out.solution->root().factors();
  if (edgerec_runtime_load(out.bytes.data(), out.bytes.size(), &out.runtime) != EDGEREC_OK) {
    std::fprintf(stderr, "scoring_bench: %s: %s\n", path.c_str(), edgerec_last_error_message());
    return false;
  }
  std::vector<uint8_t>().swap(out.bytes);  // both hold their own copies
  return true;
}

/// Dequantised (or copied) item rows [0, n) of a factor model.
std::vector<float> item_rows(const edgerec::fb::FactorModel& m, uint32_t n) {
  const uint32_t dims = m.dimensions();
  std::vector<float> out(static_cast<size_t>(n) * dims);
  if (m.item_encoding() == edgerec::fb::FactorEncoding::INT8) {
    const auto* q = reinterpret_cast<const int8_t*>(m.item_factors_i8()->data());
    for (size_t i = 0; i < n; ++i) {
      const float s = m.item_scales()->Get(static_cast<uint32_t>(i));
      for (uint32_t d = 0; d < dims; ++d) out[i * dims + d] = static_cast<float>(q[i * dims + d]) * s;
    }
  } else {
    std::copy_n(m.item_factors_f32()->data(), out.size(), out.begin());
  }
  return out;
}

void bench_fold_in(const Args& a, const Loaded& model, uint32_t n, const char* encoding) {
  const edgerec::fb::FactorModel& m = *model.factors;
  const uint32_t k = a.dims;
  const float a0 = 0.1f;
  const float lambda = 0.01f;
  // Once per model: the Gramian a0 * Y^T Y of every item.
  const auto g0 = Clock::now();
  std::vector<float> gramian(static_cast<size_t>(k) * k);
  {
    const std::vector<float> all = item_rows(m, n);
    std::vector<double> g(gramian.size(), 0.0);
    edgerec::add_gramian(all.data(), n, k, k, g.data());
    for (size_t i = 0; i < g.size(); ++i) gramian[i] = static_cast<float>(g[i] * a0);
  }
  const double gramian_ms = std::chrono::duration<double, std::milli>(Clock::now() - g0).count();
  // Histories drawn up front: `events` distinct items each.
  std::vector<std::vector<uint32_t>> histories(64);
  uint64_t state = a.seed * 31 + 5;
  for (auto& h : histories) {
    while (h.size() < std::min<uint32_t>(a.events, n)) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      const auto item = static_cast<uint32_t>((state >> 33) % n);
      if (std::find(h.begin(), h.end(), item) == h.end()) h.push_back(item);
    }
  }
  const bool int8 = m.item_encoding() == edgerec::fb::FactorEncoding::INT8;
  const auto* q8 = int8 ? reinterpret_cast<const int8_t*>(m.item_factors_i8()->data()) : nullptr;
  const float* f32 = int8 ? nullptr : m.item_factors_f32()->data();
  const float* scales = int8 ? m.item_scales()->data() : nullptr;
  std::vector<float> rows;
  std::vector<uint32_t> indices;
  std::vector<float> confidences;
  std::vector<float> x(k);
  edgerec::AlsWorkspace workspace;
  std::vector<std::vector<float>> exact;  // per history, the Cholesky solution
  for (const edgerec::AlsSolveMethod method : {edgerec::AlsSolveMethod::kCholesky,
                                               edgerec::AlsSolveMethod::kConjugateGradient}) {
    edgerec::AlsSolveOptions options;
    options.method = method;
    options.cg_steps = 8;  // from zero, as training mode UPDATE solves new rows
    bool failed = false;
    auto solve = [&](size_t r) {
      const std::vector<uint32_t>& h = histories[r % histories.size()];
      const size_t events = h.size();
      // The observed rows, gathered (and dequantised) into one block.
      rows.resize(events * k);
      indices.resize(events);
      confidences.assign(events, 2.0f);  // c = 1 + alpha * 1
      for (size_t e = 0; e < events; ++e) {
        indices[e] = static_cast<uint32_t>(e);
        float* out = rows.data() + e * k;
        const size_t at = static_cast<size_t>(h[e]) * k;
        if (int8) {
          const float s = scales[h[e]];
          for (uint32_t d = 0; d < k; ++d) out[d] = static_cast<float>(q8[at + d]) * s;
        } else {
          std::copy_n(f32 + at, k, out);
        }
      }
      const edgerec::AlsFixedSide side{rows.data(), static_cast<uint32_t>(events), k, k, gramian.data(), a0};
      const edgerec::AlsRow row{indices.data(), confidences.data(), events,
                                edgerec::als_row_regularization(lambda, 1.0f, events, a0, n)};
      std::fill(x.begin(), x.end(), 0.0f);
      failed = failed || !edgerec::solve_als_row(side, row, options, x.data(), workspace).ok();
    };
    // Accuracy first: the largest relative distance of a solution from the exact one.
    double error = 0.0;
    for (size_t r = 0; r < histories.size(); ++r) {
      solve(r);
      if (method == edgerec::AlsSolveMethod::kCholesky) {
        exact.push_back(x);
        continue;
      }
      double diff = 0.0;
      double norm = 0.0;
      for (uint32_t d = 0; d < k; ++d) {
        diff += (static_cast<double>(x[d]) - exact[r][d]) * (static_cast<double>(x[d]) - exact[r][d]);
        norm += static_cast<double>(exact[r][d]) * exact[r][d];
      }
      error = std::max(error, std::sqrt(diff / std::max(norm, 1e-30)));
    }
    const Timing t = measure(a, solve);
    if (failed) std::fprintf(stderr, "scoring_bench: fold-in solve failed\n");
    char extra[240];
    std::snprintf(extra, sizeof(extra), "\"method\":\"%s\",\"events\":%u,\"gramian_ms\":%.2f,\"relative_error_vs_cholesky\":%.2e,",
                  method == edgerec::AlsSolveMethod::kCholesky ? "cholesky" : "cg8", a.events, gramian_ms, error);
    emit(header("fold_in", "fold_in", encoding, n, a) + extra + timing_json(t));
  }
}

/// Per query: the fused top-k of `m` (int8 or float32).
std::vector<std::vector<uint32_t>> top_lists(const edgerec::fb::FactorModel& m, uint32_t n, const std::vector<float>& queries,
                                             const Args& a, size_t count,
                                             const edgerec::PackedItemFactors* packed = nullptr) {
  std::vector<std::vector<uint32_t>> out;
  for (size_t q = 0; q < count; ++q) {
    std::vector<uint32_t> ids;
    for (const ScoredItem& s : edgerec::top_k_items(m, n, queries.data() + q * a.dims, a.k, nullptr, packed)) {
      ids.push_back(s.index);
    }
    out.push_back(std::move(ids));
  }
  return out;
}

/// Every kernel this build runs against the scalar reference, bit for bit, on random data with
/// odd shapes (the unit tests do this natively; this runs it in wasm too). One JSON line.
bool check_kernels() {
  uint64_t state = 12345;
  auto next = [&state]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  bool identical = true;
  for (const uint32_t dims : {1u, 3u, 17u, 64u, 130u}) {
    for (const size_t n : {size_t{1}, size_t{3}, size_t{17}, size_t{33}}) {
      std::vector<float> rows(n * dims);
      std::vector<int8_t> q8(n * dims);
      std::vector<float> scales(n);
      std::vector<float> user(dims);
      for (float& v : rows) v = static_cast<float>(static_cast<int>(next() % 20001) - 10000) * 1e-4f;
      for (int8_t& v : q8) v = static_cast<int8_t>(static_cast<int>(next() % 255) - 127);
      for (float& v : scales) v = static_cast<float>(next() % 1000 + 1) * 1e-5f;
      for (float& v : user) v = static_cast<float>(static_cast<int>(next() % 20001) - 10000) * 1e-4f;
      const edgerec::FactorQuery query(user.data(), dims);
      std::vector<float> ref_f(n), ref_i(n), f(n), i8(n);
      edgerec::score_rows_f32(rows.data(), n, query, ref_f.data(), edgerec::ScoringKernel::kScalar);
      edgerec::score_rows_i8(q8.data(), scales.data(), n, query, ref_i.data(), edgerec::ScoringKernel::kScalar);
      for (const edgerec::ScoringKernel kernel : edgerec::supported_scoring_kernels()) {
        edgerec::score_rows_f32(rows.data(), n, query, f.data(), kernel);
        edgerec::score_rows_i8(q8.data(), scales.data(), n, query, i8.data(), kernel);
        identical = identical && std::memcmp(f.data(), ref_f.data(), n * 4) == 0 &&
                    std::memcmp(i8.data(), ref_i.data(), n * 4) == 0;
      }
      // The packed layout (AVX-512 VNNI where the CPU has it, else its portable reference).
      const edgerec::PackedItemFactors packed(q8.data(), scales.data(), nullptr, n, dims);
      edgerec::score_packed_i8(packed, 0, n, query, i8.data());
      for (size_t p = 0; p < n; ++p) identical = identical && std::memcmp(&i8[p], &ref_i[packed.order()[p]], 4) == 0;
    }
  }
  std::string kernels;
  for (const auto k : edgerec::supported_scoring_kernels()) {
    kernels += std::string(kernels.empty() ? "" : ",") + "\"" + edgerec::scoring_kernel_name(k) + "\"";
  }
  std::printf("{\"bench\":\"scoring_check\",\"target\":\"%s\",\"kernels\":[%s],\"identical_to_scalar\":%s}\n", kTarget,
              kernels.c_str(), identical ? "true" : "false");
  std::fflush(stdout);
  return identical;
}

/// Native: writes query 0's scores under both encodings; wasm: compares its own with them, so a
/// run checks that both targets give the same bits on the benchmark's model.
bool same_scores_as_native(const Args& a, uint32_t n, const edgerec::fb::FactorModel& m, const char* encoding,
                           const float* user) {
  std::vector<float> scores(n);
  edgerec::score_all_items(m, n, user, scores.data());
  const std::string path = a.work_dir + "/scores-" + std::to_string(n) + "-d" + std::to_string(a.dims) + "-s" +
                           std::to_string(a.seed) + "-" + encoding + ".f32";
#ifdef __EMSCRIPTEN__
  std::vector<uint8_t> native;
  return read_file(path, native) && native.size() == scores.size() * 4 &&
         std::memcmp(native.data(), scores.data(), native.size()) == 0;
#else
  return write_file(path, scores.data(), scores.size() * 4);
#endif
}

/// The kernel name in results: the default kernel, "+packed" when it reads the packed layout.
std::string kernel_label(const edgerec::PackedItemFactors* packed) {
  return std::string(edgerec::scoring_kernel_name(edgerec::default_scoring_kernel())) + (packed ? "+packed" : "");
}

bool bench_items(const Args& a, uint32_t n, const std::vector<float>& queries) {
  Loaded models[2];  // int8, float32
  if (!load(solution_path(a, n, true), models[0]) || !load(solution_path(a, n, false), models[1])) return false;
  const size_t users = queries.size() / a.dims;
  const size_t checked = std::min<size_t>(users, 100);
  const auto reference = top_lists(*models[1].factors, n, queries, a, checked);
#ifndef __EMSCRIPTEN__
  {  // The float32 top-k per query, for faiss_reference.py to compare with.
    std::vector<int32_t> ids;
    for (const auto& list : top_lists(*models[1].factors, n, queries, a, users)) {
      for (size_t r = 0; r < a.k; ++r) ids.push_back(r < list.size() ? static_cast<int32_t>(list[r]) : -1);
    }
    write_file(topk_path(a, n), ids.data(), ids.size() * 4);
  }
#endif
  std::vector<float> scores(n);
  for (int which = 0; which < 2; ++which) {
    const Loaded& model = models[which];
    const edgerec::fb::FactorModel& m = *model.factors;
    const char* encoding = which == 0 ? "int8" : "float32";
    auto user = [&](size_t r) { return queries.data() + (r % users) * a.dims; };

    // Fused score + top-k, the default kernel; with the int8 model's agreement with float32.
    const bool same = same_scores_as_native(a, n, m, encoding, queries.data());
    char extra[200];
    extra[0] = '\0';
#ifdef __EMSCRIPTEN__
    std::snprintf(extra, sizeof(extra), "\"same_bits_as_native\":%s,", same ? "true" : "false");
#else
    if (!same) std::fprintf(stderr, "scoring_bench: cannot write the reference scores\n");
#endif
    if (which == 0) {
      const auto lists = top_lists(m, n, queries, a, checked, model.solution->packed_item_factors());
      size_t found = 0;
      size_t total = 0;
      for (size_t q = 0; q < checked; ++q) {
        for (uint32_t id : reference[q]) found += std::count(lists[q].begin(), lists[q].end(), id);
        total += reference[q].size();
      }
      const size_t used = std::strlen(extra);
      std::snprintf(extra + used, sizeof(extra) - used, "\"recall_vs_float32\":%.4f,",
                    static_cast<double>(found) / static_cast<double>(total));
    }
    size_t sink = 0;
    const edgerec::PackedItemFactors* packed = model.solution->packed_item_factors();
    const Timing fused =
        measure(a, [&](size_t r) { sink += edgerec::top_k_items(m, n, user(r), a.k, nullptr, packed).size(); });
    emit(header("scoring", "topk_fused", encoding, n, a) + "\"kernel\":\"" + kernel_label(packed) + "\"," + extra +
         timing_json(fused));

    // Scoring alone (every item into a buffer, no top-k), per kernel: the kernels side by side.
    std::vector<edgerec::ScoringKernel> kernels = edgerec::supported_scoring_kernels();
    if (!a.all_kernels) kernels = {edgerec::default_scoring_kernel()};
    for (const edgerec::ScoringKernel kernel : kernels) {
      const Timing t = measure(a, [&](size_t r) {
        const edgerec::FactorQuery query(user(r), a.dims);
        if (which == 0) {
          edgerec::score_rows_i8(reinterpret_cast<const int8_t*>(m.item_factors_i8()->data()), m.item_scales()->data(), n,
                                 query, scores.data(), kernel);
        } else {
          edgerec::score_rows_f32(m.item_factors_f32()->data(), n, query, scores.data(), kernel);
        }
        sink += scores[r % n] > 0.0f;
      });
      emit(header("scoring", "score_all", encoding, n, a) + "\"kernel\":\"" + edgerec::scoring_kernel_name(kernel) +
           "\"," + timing_json(t));
    }
    if (packed != nullptr) {
      const Timing t = measure(a, [&](size_t r) {
        const edgerec::FactorQuery query(user(r), a.dims);
        edgerec::score_packed_i8(*packed, 0, n, query, scores.data());
        sink += scores[r % n] > 0.0f;
      });
      emit(header("scoring", "score_all", encoding, n, a) + "\"kernel\":\"" + kernel_label(packed) + "\"," +
           timing_json(t));
    }

    // The public API: JSON request -> JSON response through the C ABI.
    std::vector<std::string> requests;
    for (size_t u = 0; u < users; ++u) {
      char buf[80];
      std::snprintf(buf, sizeof(buf), "{\"userId\":\"u%05zu\",\"numResults\":%zu}", u, a.k);
      requests.emplace_back(buf);
    }
    bool failed = false;
    auto call = [&](size_t r) {
      const std::string& request = requests[r % users];
      char* json = nullptr;
      size_t length = 0;
      failed = failed || edgerec_get_recommendations(model.runtime, request.data(), request.size(), &json, &length) != EDGEREC_OK;
      sink += length;
      edgerec_string_free(json);
    };
    // Each user's first request, untimed by measure(): the runtime has no normaliser for the user
    // yet, so this is the full pass over the catalog (softmax_normalizers.h).
    std::vector<double> first_us;
    for (size_t u = 0; u < users; ++u) {
      const auto t0 = Clock::now();
      call(u);
      first_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    const Timing api = measure(a, call);
    if (failed) {
      std::fprintf(stderr, "scoring_bench: get_recommendations failed: %s\n", edgerec_last_error_message());
      return false;
    }
    emit(header("scoring", "get_recommendations_first", encoding, n, a) + "\"kernel\":\"" +
         edgerec::scoring_kernel_name(edgerec::default_scoring_kernel()) + "\"," + timing_json(timing_of(first_us)));
    emit(header("scoring", "get_recommendations", encoding, n, a) + "\"kernel\":\"" +
         edgerec::scoring_kernel_name(edgerec::default_scoring_kernel()) + "\"," + timing_json(api));
    if (sink == 0) std::fprintf(stderr, "scoring_bench: nothing recommended\n");

    // Fold-in: its cost does not depend on the catalog size, so once per encoding.
    if (n == a.item_counts.front()) bench_fold_in(a, model, n, encoding);
  }
  for (Loaded& model : models) edgerec_runtime_free(model.runtime);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
#ifndef __EMSCRIPTEN__
  if (!prepare(args)) {
    std::fprintf(stderr, "scoring_bench: cannot write the data into %s\n", args.work_dir.c_str());
    return 1;
  }
  if (args.prepare_only) return 0;
  std::fprintf(stderr, "scoring_bench: native on %s, kernels:", cpu_name().c_str());
  for (const auto k : edgerec::supported_scoring_kernels()) std::fprintf(stderr, " %s", edgerec::scoring_kernel_name(k));
  std::fprintf(stderr, "\n");
#endif
  if (!check_kernels()) {
    std::fprintf(stderr, "scoring_bench: a kernel differs from the scalar reference\n");
    return 1;
  }
  std::vector<uint8_t> raw;
  if (!read_file(queries_path(args), raw) || raw.size() != static_cast<size_t>(args.users) * args.dims * 4) {
    std::fprintf(stderr, "scoring_bench: cannot read %s (run the native scoring_bench first)\n", queries_path(args).c_str());
    return 1;
  }
  std::vector<float> queries(raw.size() / 4);
  std::memcpy(queries.data(), raw.data(), raw.size());
  for (const uint32_t n : args.item_counts) {
    if (!bench_items(args, n, queries)) return 1;
  }
  return 0;
}
