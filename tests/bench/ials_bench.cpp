// iALS training speed and memory on synthetic data of MovieLens-20M shape (138,000 users, 27,000
// items, 20,000,000 interactions, 64 factors). Target (issue 4): at most 1.0 s per iteration on a
// 2-core machine and at most 3 GB peak RSS.
//
// Prints one JSON line:
//   {"bench":"ials","users":...,"items":...,"interactions":...,"nnz":<distinct pairs>,
//    "factors":64,"threads":2,"cg_steps":3,
//    "iterations":15,"s_per_iteration":<median>,"min_s_per_iteration":...,
//    "max_s_per_iteration":...,"cpu_s_per_iteration":<median>,"total_s":<training>,
//    "load_s":<CSV + matrix>,"peak_rss_mb":...}
// and each iteration's time on stderr. cpu_s_per_iteration is the process's CPU time (all
// threads): on a machine shared with other work, s_per_iteration * threads much above it means
// the benchmark did not get its cores and the wall times are not representative.
//
// The interactions CSV comes from the project's generator (edgerec synth) and is cached in
// --cache-dir (default build/bench/ in the source tree), so only the first run pays for it.
// --small runs a tiny problem in well under a second: CTest runs it so this program keeps
// building and working. --max-s-per-iteration / --max-peak-rss-mb turn targets into an exit code.
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "io/interactions_csv.h"
#include "synth/synth.h"
#include "train/ials.h"
#include "interactions/sparse_matrix.h"

#ifndef EDGEREC_BENCH_CACHE_DIR
#define EDGEREC_BENCH_CACHE_DIR "build/bench"
#endif

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  uint64_t users = 138000;
  uint64_t items = 27000;
  uint64_t interactions = 20000000;
  uint64_t seed = 1;
  edgerec::IalsOptions ials;
  std::string cache_dir = EDGEREC_BENCH_CACHE_DIR;
  double max_s_per_iteration = 0.0;  // 0: no check
  double max_peak_rss_mb = 0.0;
};

const char kUsage[] =
    "usage: ials_bench [--small] [--users N] [--items N] [--interactions N] [--seed N]\n"
    "                  [--factors K] [--iterations N] [--cg-steps N] [--exact] [--threads N]\n"
    "                  [--cache-dir DIR] [--max-s-per-iteration S] [--max-peak-rss-mb MB]\n";

bool parse_args(int argc, char** argv, Args& args) {
  args.ials.iterations = 15;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--small") {
      args.users = 2000;
      args.items = 1000;
      args.interactions = 60000;
      args.ials.iterations = 3;
      continue;
    }
    if (flag == "--exact") {
      args.ials.exact = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    char* end = nullptr;
    const double number = std::strtod(value, &end);
    const bool numeric = end != value && *end == '\0' && number >= 0;
    if (flag == "--cache-dir") {
      args.cache_dir = value;
    } else if (!numeric) {
      return false;
    } else if (flag == "--users") {
      args.users = static_cast<uint64_t>(number);
    } else if (flag == "--items") {
      args.items = static_cast<uint64_t>(number);
    } else if (flag == "--interactions") {
      args.interactions = static_cast<uint64_t>(number);
    } else if (flag == "--seed") {
      args.seed = static_cast<uint64_t>(number);
    } else if (flag == "--factors") {
      args.ials.factors = static_cast<uint32_t>(number);
    } else if (flag == "--iterations") {
      args.ials.iterations = static_cast<uint32_t>(number);
    } else if (flag == "--cg-steps") {
      args.ials.cg_steps = static_cast<uint32_t>(number);
    } else if (flag == "--threads") {
      args.ials.threads = static_cast<uint32_t>(number);
    } else if (flag == "--max-s-per-iteration") {
      args.max_s_per_iteration = number;
    } else if (flag == "--max-peak-rss-mb") {
      args.max_peak_rss_mb = number;
    } else {
      return false;
    }
  }
  return true;
}

/// VmHWM (peak resident set) from /proc/self/status, in MB; -1 if unavailable.
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return -1.0;
}

bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// CPU time of the whole process (all threads), in seconds.
double process_cpu_seconds() {
  timespec now {};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

int fail(const std::string& message) {
  std::fprintf(stderr, "ials_bench: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (args.ials.threads == 0) args.ials.threads = std::max(1u, std::thread::hardware_concurrency());

  // 1. The interactions CSV, generated once per shape and seed.
  ::mkdir(args.cache_dir.c_str(), 0755);  // one level; an existing directory is fine
  const std::string csv = args.cache_dir + "/ials-synth-u" + std::to_string(args.users) + "-i" +
                          std::to_string(args.items) + "-n" + std::to_string(args.interactions) +
                          "-s" + std::to_string(args.seed) + ".csv";
  if (!file_exists(csv)) {
    std::fprintf(stderr, "ials_bench: generating %s\n", csv.c_str());
    edgerec::SynthOptions synth;
    synth.users = args.users;
    synth.items = args.items;
    synth.interactions = args.interactions;
    synth.seed = args.seed;
    synth.output_path = csv;
    const edgerec::Status written = edgerec::write_synthetic_data(synth);
    if (!written.ok()) return fail(written.to_string());
  }

  // 2. Load it and build the user x item matrix (weight = number of interactions of the pair).
  const auto load_start = Clock::now();
  edgerec::CsrMatrix matrix;
  {
    auto table = edgerec::read_interactions_csv(csv);
    if (!table.ok()) return fail(table.status().to_string());
    auto built = edgerec::csr_from_coordinates(static_cast<uint32_t>(table->user_ids.size()),
                                               static_cast<uint32_t>(table->item_ids.size()),
                                               table->users, table->items);
    if (!built.ok()) return fail(built.status().to_string());
    matrix = std::move(built).value();
  }  // the table is freed here: training memory is the matrix and the model
  const double load_s = seconds_since(load_start);

  // 3. Train.
  std::vector<double> times;
  std::vector<double> cpu_times;
  const auto train_start = Clock::now();
  double cpu_mark = process_cpu_seconds();
  auto model = edgerec::train_ials(matrix, args.ials, [&](uint32_t iteration, double seconds) {
    const double cpu_now = process_cpu_seconds();
    std::fprintf(stderr, "ials_bench: iteration %u: %.3f s (cpu %.3f s)\n", iteration + 1, seconds,
                 cpu_now - cpu_mark);
    times.push_back(seconds);
    cpu_times.push_back(cpu_now - cpu_mark);  // the first also holds the set-up before it
    cpu_mark = cpu_now;
  });
  const double total_s = seconds_since(train_start);
  if (!model.ok()) return fail(model.status().to_string());

  const double s_per_iteration = median(times);
  const double rss = peak_rss_mb();
  std::printf(
      "{\"bench\":\"ials\",\"users\":%u,\"items\":%u,\"interactions\":%llu,\"nnz\":%zu,"
      "\"factors\":%u,\"threads\":%u,\"cg_steps\":%u,\"exact\":%s,\"iterations\":%u,"
      "\"s_per_iteration\":%.4f,"
      "\"min_s_per_iteration\":%.4f,\"max_s_per_iteration\":%.4f,"
      "\"cpu_s_per_iteration\":%.4f,\"total_s\":%.3f,\"load_s\":%.3f,\"peak_rss_mb\":%.1f}\n",
      matrix.rows, matrix.cols, static_cast<unsigned long long>(args.interactions), matrix.nnz(),
      args.ials.factors, args.ials.threads,
      args.ials.cg_steps, args.ials.exact ? "true" : "false", args.ials.iterations,
      s_per_iteration, *std::min_element(times.begin(), times.end()),
      *std::max_element(times.begin(), times.end()), median(cpu_times), total_s, load_s, rss);

  int status = 0;
  if (args.max_s_per_iteration > 0 && s_per_iteration > args.max_s_per_iteration) {
    status = fail("s_per_iteration " + std::to_string(s_per_iteration) + " exceeds the target " +
                  std::to_string(args.max_s_per_iteration));
  }
  if (args.max_peak_rss_mb > 0 && rss > args.max_peak_rss_mb) {
    status = fail("peak_rss_mb " + std::to_string(rss) + " exceeds the target " +
                  std::to_string(args.max_peak_rss_mb));
  }
  return status;
}
