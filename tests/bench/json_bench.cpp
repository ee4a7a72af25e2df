// The JSON reader on the shape issue 11 found quadratic: one object with many members (a request
// body is one object; every JSON boundary of the core and the CLI reads through parse_json).
//
// Prints one JSON line per size:
//   {"bench":"json_object","members":100000,"bytes":1477781,"parse_ms":<median of 5>}
// `--members N` sets the largest size (default 100,000; sizes N/10 and N are run, so a time that
// grows 100-fold for a 10-fold size shows a quadratic reader). No targets, no exit code from
// timings: benchmarks report, tests assert.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "edgerec/json.h"

namespace {

std::string object_with_members(long members) {
  std::string text = "{";
  for (long i = 0; i < members; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  return text + "}";
}

double median_parse_ms(const std::string& text) {
  std::vector<double> ms;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const auto parsed = edgerec::parse_json(text, "bench");
    const auto stop = std::chrono::steady_clock::now();
    if (!parsed.ok()) {
      std::fprintf(stderr, "json_bench: %s\n", parsed.status().message().c_str());
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  long members = 100000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--members") == 0 && i + 1 < argc) {
      members = std::strtol(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: json_bench [--members N]\n");
      return 2;
    }
  }
  for (const long n : {std::max(1L, members / 10), members}) {
    const std::string text = object_with_members(n);
    std::printf("{\"bench\":\"json_object\",\"members\":%ld,\"bytes\":%zu,\"parse_ms\":%.3f}\n", n, text.size(),
                median_parse_ms(text));
  }
  return 0;
}
