// PutEvents while an interactions import runs (issue 14: "events keep being accepted while an
// import works on the group"). Starts `CLI import GROUP --dataset interactions --csv FILE` as a
// child process and, until it exits, stores one PutEvents call after another (one event each,
// as a server's PutEvents handler does) through its own connection, timing each. Prints one
// JSON line: the import's wall time, the events stored during it, their latency percentiles,
// and the calls that failed (a call that waits past the 10 s busy timeout fails).
//
//   import_events_bench --cli PATH --group DIR --csv FILE [--mode full|incremental] [--label L]
//
// GROUP must exist and hold a first import (import_bench.sh --events prepares it). Comparing two
// CLIs (before / after a change) in the same run: import_bench.sh --events --baseline-cli PATH.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "events/put_events.h"
#include "store/dataset_group.h"

namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  std::string cli, group_dir, csv, mode = "incremental", label = "edgerec";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--cli") cli = value;
    else if (flag == "--group") group_dir = value;
    else if (flag == "--csv") csv = value;
    else if (flag == "--mode") mode = value;
    else if (flag == "--label") label = value;
    else {
      std::fprintf(stderr, "import_events_bench: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (cli.empty() || group_dir.empty() || csv.empty()) {
    std::fprintf(stderr, "usage: import_events_bench --cli PATH --group DIR --csv FILE [--mode M] [--label L]\n");
    return 2;
  }
  auto group = edgerec::DatasetGroup::open(group_dir);
  if (!group.ok()) {
    std::fprintf(stderr, "import_events_bench: %s\n", group.status().to_string().c_str());
    return 1;
  }
  std::string tracking;
  edgerec::append_json_string(tracking, group->tracking_id());

  const auto started = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    freopen("/dev/null", "w", stdout);
    execl(cli.c_str(), cli.c_str(), "import", group_dir.c_str(), "--dataset", "interactions", "--csv", csv.c_str(),
          "--mode", mode.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::vector<double> latencies_ms;
  size_t failed = 0;
  std::string first_error;
  int status = 0;
  for (int n = 0;; ++n) {
    if (waitpid(child, &status, WNOHANG) == child) break;
    const std::string body = "{\"trackingId\":" + tracking + ",\"sessionId\":\"bench-" + std::to_string(n % 97) +
                             "\",\"userId\":\"bench-user-" + std::to_string(n % 997) +
                             "\",\"eventList\":[{\"eventType\":\"click\",\"sentAt\":" + std::to_string(1800000000 + n) +
                             ",\"itemId\":\"bench-item-" + std::to_string(n % 101) + "\"}]}";
    const auto t0 = std::chrono::steady_clock::now();
    auto put = edgerec::put_events_json(*group, body);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (put.ok()) {
      latencies_ms.push_back(ms);
    } else {
      ++failed;
      if (first_error.empty()) first_error = put.status().message();
    }
  }
  const double import_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const bool import_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  edgerec::JsonWriter w;
  w.begin_object();
  w.key("bench");
  w.string("import_events");
  w.key("cli");
  w.string(label);
  w.key("import_ok");
  w.boolean(import_ok);
  w.key("import_seconds");
  w.number(import_s);
  w.key("events_stored");
  w.integer(static_cast<int64_t>(latencies_ms.size()));
  w.key("events_failed");
  w.integer(static_cast<int64_t>(failed));
  w.key("p50_ms");
  w.number(percentile(latencies_ms, 0.5));
  w.key("p99_ms");
  w.number(percentile(latencies_ms, 0.99));
  w.key("max_ms");
  w.number(latencies_ms.empty() ? 0 : *std::max_element(latencies_ms.begin(), latencies_ms.end()));
  if (!first_error.empty()) {
    w.key("first_error");
    w.string(first_error);
  }
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return import_ok ? 0 : 1;
}
