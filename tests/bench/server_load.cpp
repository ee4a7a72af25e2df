// The server benchmark's load generator and references (issue 14), one JSON line per case:
//
//   server_load inprocess --solution F.erec --users N --threads T --seconds S
//       {"bench":"server","case":"inprocess_api",...}: edgerec_get_recommendations (the C ABI) in a
//       loop on T threads, random known users: the in-process throughput the server is held to
//   server_load events --port P --key ID --secret S --tracking-id T --connections C --seconds S
//       {"bench":"server","case":"put_events",...}: PutEvents with 10 events each (unique eventIds)
//       on C keep-alive connections, signed; acknowledged events/s; the acknowledged eventIds are
//       written to --acked FILE (one per line) so the store can be checked for each exactly once
//   server_load wrk-script --port P --key ID --secret S --campaign-arn ARN --users N [--sample K]
//       a wrk script: GetRecommendations for the same K sampled users as inprocess, each signed
//   server_load sign --port P --key ID --secret S --body JSON --target /recommendations
//       prints the headers of a signed request, one "Name: value" per line (wrk replays it: a
//       signature is valid for 15 minutes, and GetRecommendations is safe to repeat)
//
// No pass/fail here: the script (server_bench.sh) compares the numbers with the targets.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "edgerec/edgerec.h"
#include "server/auth/amz_date.h"
#include "server/auth/http_request_view.h"
#include "server/auth/sigv4_signer.h"
#include "support/http_client.h"

namespace {

std::string flag(int argc, char** argv, const char* name, const char* fallback = nullptr) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  if (fallback == nullptr) {
    std::fprintf(stderr, "server_load: missing %s\n", name);
    std::exit(2);
  }
  return fallback;
}

// The users both sides ask for: `count` known users spread over u0..u(users-1), the same list for
// the in-process loop and for wrk, so both serve the same mix (each user's first request, which
// computes its softmax normaliser, then repeats).
std::vector<std::string> sampled_users(int users, int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back("u" + std::to_string((static_cast<int64_t>(i) * 7919) % users));
  return out;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

int inprocess(int argc, char** argv) {
  const std::string path = flag(argc, argv, "--solution");
  const int users = std::atoi(flag(argc, argv, "--users").c_str());
  const std::vector<std::string> sample = sampled_users(users, std::atoi(flag(argc, argv, "--sample", "2000").c_str()));
  const int threads = std::atoi(flag(argc, argv, "--threads", "2").c_str());
  const double seconds = std::atof(flag(argc, argv, "--seconds", "5").c_str());
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  edgerec_runtime* rt = nullptr;
  if (edgerec_runtime_load(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &rt) != EDGEREC_OK) {
    std::fprintf(stderr, "server_load: %s: %s\n", path.c_str(), edgerec_last_error_message());
    return 1;
  }
  std::atomic<uint64_t> done{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<double> latencies;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t + 1));
      std::vector<double> mine;
      while (!stop) {
        const std::string req = "{\"userId\":\"" + sample[rng() % sample.size()] + "\",\"numResults\":25}";
        const auto start = std::chrono::steady_clock::now();
        char* out = nullptr;
        size_t len = 0;
        if (edgerec_get_recommendations(rt, req.data(), req.size(), &out, &len) == EDGEREC_OK) edgerec_string_free(out);
        mine.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
        ++done;
      }
      std::lock_guard<std::mutex> lock(mutex);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& t : pool) t.join();
  edgerec_runtime_free(rt);
  std::printf("{\"bench\":\"server\",\"case\":\"inprocess_api\",\"threads\":%d,\"seconds\":%.1f,\"requests\":%llu,"
              "\"requests_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f}\n",
              threads, seconds, static_cast<unsigned long long>(done.load()), static_cast<double>(done.load()) / seconds,
              percentile(latencies, 0.5), percentile(latencies, 0.99));
  return 0;
}

int events(int argc, char** argv) {
  const uint16_t port = static_cast<uint16_t>(std::atoi(flag(argc, argv, "--port").c_str()));
  const std::string key = flag(argc, argv, "--key");
  const std::string secret = flag(argc, argv, "--secret");
  const std::string tracking = flag(argc, argv, "--tracking-id");
  const int connections = std::atoi(flag(argc, argv, "--connections", "16").c_str());
  const double seconds = std::atof(flag(argc, argv, "--seconds", "5").c_str());
  const std::string acked_path = flag(argc, argv, "--acked", "");
  const std::string prefix = flag(argc, argv, "--id-prefix", "e");
  // Events identical in content are stored once (PutEvents' deduplication), so no two runs may
  // send the same content: the session id carries --id-prefix (unique per run and fault round),
  // and --time-offset moves sentAt too.
  const uint64_t time_offset = std::strtoull(flag(argc, argv, "--time-offset", "0").c_str(), nullptr, 10);
  std::atomic<uint64_t> acked_events{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<std::string> acked_ids;
  std::vector<double> latencies;
  std::vector<std::thread> pool;
  for (int c = 0; c < connections; ++c) {
    pool.emplace_back([&, c] {
      edgerec::testing::HttpConnection conn(port);
      std::vector<std::string> mine;
      std::vector<double> times;
      for (uint64_t r = 0; !stop; ++r) {
        std::string body = "{\"trackingId\":\"" + tracking + "\",\"sessionId\":\"" + prefix + "-s" + std::to_string(c) +
                           "\",\"userId\":\"u" + std::to_string(c) + "\",\"eventList\":[";
        std::vector<std::string> ids;
        for (int e = 0; e < 10; ++e) {
          ids.push_back(prefix + "-" + std::to_string(c) + "-" + std::to_string(r) + "-" + std::to_string(e));
          body += std::string(e ? "," : "") + "{\"eventId\":\"" + ids.back() + "\",\"eventType\":\"click\",\"sentAt\":" +
                  std::to_string(1700000000 + time_offset + r) + ",\"itemId\":\"i" + std::to_string((r * 10 + static_cast<uint64_t>(e)) % 1000) + "\"}";
        }
        body += "]}";
        const auto start = std::chrono::steady_clock::now();
        const auto reply = conn.signed_call(key, secret, "POST", "/events", body);
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (reply.status == 200) {
          acked_events += 10;
          mine.insert(mine.end(), ids.begin(), ids.end());
        } else {
          ++failed;
          if (reply.status == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));  // server gone (fault test)
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      acked_ids.insert(acked_ids.end(), mine.begin(), mine.end());
      latencies.insert(latencies.end(), times.begin(), times.end());
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& t : pool) t.join();
  if (!acked_path.empty()) {
    std::ofstream out(acked_path, std::ios::app);
    for (const std::string& id : acked_ids) out << id << "\n";
  }
  std::printf("{\"bench\":\"server\",\"case\":\"put_events\",\"connections\":%d,\"seconds\":%.1f,\"events_acked\":%llu,"
              "\"events_per_s\":%.0f,\"failed_requests\":%llu,\"p50_ms\":%.2f,\"p99_ms\":%.2f}\n",
              connections, seconds, static_cast<unsigned long long>(acked_events.load()),
              static_cast<double>(acked_events.load()) / seconds, static_cast<unsigned long long>(failed.load()),
              percentile(latencies, 0.5), percentile(latencies, 0.99));
  return 0;
}

// The headers of one signed POST, host first.
std::vector<std::pair<std::string, std::string>> signed_headers(const std::string& port, const std::string& target,
                                                                const std::string& body, const std::string& key,
                                                                const std::string& secret, const std::string& region) {
  const std::string amz_date = edgerec::auth::format_amz_date(static_cast<int64_t>(std::time(nullptr)));
  std::vector<std::pair<std::string, std::string>> headers = {
      {"host", "127.0.0.1:" + port}, {"x-amz-date", amz_date}, {"content-type", "application/json"}};
  const auto view = edgerec::auth::request_view("POST", target, headers, body);
  const edgerec::auth::CredentialScope scope{amz_date.substr(0, 8), region, "personalize"};
  headers.emplace_back("authorization", edgerec::auth::sigv4_authorization(view, key, secret, scope, amz_date));
  return headers;
}

int sign(int argc, char** argv) {
  const auto headers = signed_headers(flag(argc, argv, "--port"), flag(argc, argv, "--target", "/recommendations"),
                                      flag(argc, argv, "--body"), flag(argc, argv, "--key"), flag(argc, argv, "--secret"),
                                      flag(argc, argv, "--region", "us-east-1"));
  for (const auto& [k, v] : headers) std::printf("%s: %s\n", k.c_str(), v.c_str());
  return 0;
}

// A wrk script that sends GetRecommendations for the sampled users in turn, each request signed
// here (a signature is valid for 15 minutes; GetRecommendations is safe to repeat).
int wrk_script(int argc, char** argv) {
  const std::string port = flag(argc, argv, "--port");
  const std::string arn = flag(argc, argv, "--campaign-arn");
  const std::vector<std::string> sample = sampled_users(std::atoi(flag(argc, argv, "--users").c_str()),
                                                        std::atoi(flag(argc, argv, "--sample", "2000").c_str()));
  const auto lua_string = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::printf("local bodies = {}\nlocal headers = {}\n");
  for (const std::string& user : sample) {
    const std::string body = "{\"campaignArn\":\"" + arn + "\",\"userId\":\"" + user + "\",\"numResults\":25}";
    auto hs = signed_headers(port, "/recommendations", body, flag(argc, argv, "--key"), flag(argc, argv, "--secret"),
                             flag(argc, argv, "--region", "us-east-1"));
    std::printf("bodies[#bodies + 1] = %s\nheaders[#headers + 1] = {", lua_string(body).c_str());
    for (const auto& [k, v] : hs) {
      if (k == "host") continue;  // wrk sends Host: 127.0.0.1:PORT itself
      std::printf("[%s] = %s, ", lua_string(k).c_str(), lua_string(v).c_str());
    }
    std::printf("}\n");
  }
  std::printf(
      "local requests = {}\n"
      "local next_request = 0\n"
      "function init(args)\n"
      "  for i = 1, #bodies do requests[i] = wrk.format(\"POST\", \"/recommendations\", headers[i], bodies[i]) end\n"
      "  next_request = math.random(#requests) - 1\n"
      "end\n"
      "function request()\n"
      "  next_request = next_request %% #requests + 1\n"
      "  return requests[next_request]\n"
      "end\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "inprocess") return inprocess(argc, argv);
  if (mode == "events") return events(argc, argv);
  if (mode == "sign") return sign(argc, argv);
  if (mode == "wrk-script") return wrk_script(argc, argv);
  std::fprintf(stderr, "usage: server_load inprocess|events|sign|wrk-script [flags] (see the file's header)\n");
  return 2;
}
