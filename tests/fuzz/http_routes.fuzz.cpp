// Boundary: the request bodies of every route of `edgerec serve`, as its transport hands them over
// (EdgerecServer::handle): GetRecommendations, GetPersonalizedRanking, PutEvents, PutItems,
// PutUsers, client event batches (gzip or not, by client key or signed), edge bundles, and every
// control-plane operation edgerec supports, on one server over one home that keeps what earlier
// inputs stored. Signatures are accepted here: the sigv4 target fuzzes those.
//
// Input: byte 0 the route, byte 1 flags (content encoding, client key, origin, method), then the
// body; for the control plane the body's first line is the X-Amz-Target header
// ("AmazonPersonalize.ListCampaigns", or edgerec's own "Edgerec.DescribeItems"); for the console
// (route 8) the body is the sign-in request, or with flag bit 7 a GET of the path on its first
// line (the console's files). So that seeds reach the event store, TRACKING_ID in a JSON
// body, and a batch whose trackingId is TRACKING_ID, stand for the fixture's tracker.
//
// Beyond memory errors, two properties are checked on every answer: no input is answered
// 500 InternalFailure (bad input gets a 4xx that says what is wrong), and every error has
// Personalize's JSON shape ({"message"}) with an x-amzn-ErrorType header.
#include <sys/stat.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <zlib.h>

#include "edgerec/event_batch.h"
#include "edgerec/json.h"
#include "server/edgerec_server.h"
#include "support/fixtures.h"

namespace {

using edgerec::server::HttpRequest;
using edgerec::server::HttpResponse;

constexpr const char* kCampaign = "shop-pop";
constexpr const char* kAllowedOrigin = "https://shop.example";

struct Fixture {
  std::string home;
  std::string client_key;
  std::string tracking_id;
  std::unique_ptr<edgerec::server::EdgerecServer> server;
};

std::string home_dir;  // removed at exit, and before a failure aborts

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "http_routes fuzz: %s\n", what.c_str());
  std::error_code ignored;
  if (!home_dir.empty()) std::filesystem::remove_all(home_dir, ignored);
  std::abort();
}

void run(const std::string& command) {
  const auto result = edgerec::testing::run_command(command);
  if (result.exit_code != 0) fail(command + " exited " + std::to_string(result.exit_code) + ": " + result.err);
}

std::string cli() { return std::string("'") + EDGEREC_CLI_PATH + "'"; }

// A home on tmpfs when there is one: PutEvents commits (and syncs) on every accepted input.
std::string make_home_dir() {
  const std::string base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
  std::string pattern = base + "/edgerec-fuzz-http-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) fail("cannot create a directory under " + base);
  return pattern;
}

Fixture& fixture() {
  static Fixture* f = [] {
    auto* made = new Fixture();
    made->home = make_home_dir();
    home_dir = made->home;
    const std::string shop = made->home + "/shop";
    const std::string data = made->home + "/data";
    std::filesystem::create_directories(data);
    run(cli() + " synth --users 60 --items 40 --interactions 1200 --seed 3 --output '" + data + "/i.csv' --items-output '" +
        data + "/items.csv' --users-output '" + data + "/users.csv'");
    run(cli() + " create-dataset-group '" + shop + "'");
    run(cli() + " import '" + shop + "' --dataset interactions --csv '" + data + "/i.csv'");
    edgerec::testing::write_text_file(data + "/items.json", R"({"type":"record","name":"Items","fields":[
      {"name":"ITEM_ID","type":"string"},{"name":"GENRE","type":"string","categorical":true},
      {"name":"CATEGORY","type":"string","categorical":true},{"name":"PRICE","type":"float"},
      {"name":"CREATION_TIMESTAMP","type":"long"}]})");
    edgerec::testing::write_text_file(data + "/users.json", R"({"type":"record","name":"Users","fields":[
      {"name":"USER_ID","type":"string"},{"name":"AGE_GROUP","type":"string","categorical":true},
      {"name":"MEMBERSHIP","type":"string","categorical":true}]})");
    run(cli() + " import '" + shop + "' --dataset items --csv '" + data + "/items.csv' --schema '" + data + "/items.json'");
    run(cli() + " import '" + shop + "' --dataset users --csv '" + data + "/users.csv' --schema '" + data + "/users.json'");
    run(cli() + " train '" + shop + "' --recipe popularity-count --quiet");
    run(cli() + " create-campaign '" + shop + "' --name " + kCampaign + " --solution-version latest");
    run(cli() + " create-filter '" + shop + "' --name genre --expression 'INCLUDE ItemID WHERE Items.GENRE IN ($g)'");
    const auto tracker = edgerec::testing::run_command(cli() + " create-event-tracker '" + shop +
                                                       "' --name web --allowed-origin " + kAllowedOrigin);
    if (tracker.exit_code != 0) fail("create-event-tracker: " + tracker.err);
    auto parsed = edgerec::parse_json(tracker.out, "create-event-tracker");
    if (!parsed.ok() || parsed->find("clientKey") == nullptr) fail("create-event-tracker printed " + tracker.out);
    made->client_key = parsed->find("clientKey")->as_string();
    made->tracking_id = parsed->find("trackingId")->as_string();

    edgerec::server::ServerOptions options;
    options.home = made->home;
    options.http.port = 0;
    options.http.threads = 1;
    options.request_log = nullptr;
    options.warning_log = nullptr;
    options.refresh_seconds = 3600;  // the control plane's changes refresh at once; no timer races
    if (!options.buckets.add("fuzz", data).ok()) fail("bucket");
    options.authenticate = [](const HttpRequest&, std::string&) { return edgerec::Status(); };
    options.check_credentials = [](std::string_view id, std::string_view secret) {
      return id == "EDGEFUZZ" && secret == "fuzz-secret";
    };
    auto started = edgerec::server::EdgerecServer::start(std::move(options));
    if (!started.ok()) fail(started.status().to_string());
    made->server = std::move(started).value();
    // The home is removed when the fuzzer exits (libFuzzer ends with exit()).
    std::atexit([] {
      fixture().server.reset();
      std::error_code ignored;
      std::filesystem::remove_all(home_dir, ignored);
    });
    return made;
  }();
  return *f;
}

std::string gzipped(const std::string& bytes) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) fail("deflateInit2");
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) fail("deflate");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

const std::string* header(const HttpResponse& r, const char* name) {
  for (const auto& h : r.headers) {
    if (edgerec::server::equals_ignoring_case(h.first, name)) return &h.second;
  }
  return nullptr;
}

void check_answer(const std::string& what, const HttpResponse& r) {
  if (r.status == 500) fail(what + " answered 500: " + r.body);
  if (r.status < 400) return;
  if (header(r, "x-amzn-ErrorType") == nullptr) fail(what + " answered " + std::to_string(r.status) + " without x-amzn-ErrorType");
  auto body = edgerec::parse_json(r.body, "error body");
  if (!body.ok() || body->find("message") == nullptr) fail(what + " answered an error body without a message: " + r.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Fixture& f = fixture();
  const uint8_t route = data[0];
  const uint8_t flags = data[1];
  std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);

  HttpRequest request;
  std::string label;  // the control-plane operation, for messages
  request.method = "POST";
  request.remote = "127.0.0.1";
  request.received = std::chrono::steady_clock::now();
  switch (route % 9) {
    case 0: request.target = "/recommendations"; break;
    case 1: request.target = "/personalize-ranking"; break;
    case 2: request.target = "/events"; break;
    case 3: request.target = "/items"; break;
    case 4: request.target = "/users"; break;
    case 5: {
      request.target = "/events/batch";
      auto batch = edgerec::decode_event_batch(reinterpret_cast<const uint8_t*>(body.data()), body.size());
      if (batch.ok() && batch->tracking_id == std::optional<std::string>("TRACKING_ID")) {
        batch->tracking_id = f.tracking_id;
        auto encoded = edgerec::encode_event_batch(*batch);
        if (encoded.ok()) body.assign(encoded->begin(), encoded->end());
      }
      break;
    }
    case 6:
      // The body is the If-None-Match header; flag bit 7 names another campaign.
      request.method = "GET";
      request.target = std::string("/campaigns/") + ((flags & 0x80) != 0 ? "missing" : kCampaign) + "/edge-bundle";
      request.headers.emplace_back("If-None-Match", body);
      body.clear();
      break;
    case 8:
      if ((flags & 0x80) != 0) {
        request.method = "GET";
        request.target = body.substr(0, body.find('\n'));
        body.clear();
      } else {
        request.target = "/console/session";
      }
      break;
    default: {
      request.target = "/";
      const size_t newline = body.find('\n');
      label = body.substr(0, newline);
      request.headers.emplace_back("X-Amz-Target", label);
      body = newline == std::string::npos ? "" : body.substr(newline + 1);
      label = " " + label;
      break;
    }
  }
  if (route % 9 < 5) {
    for (size_t at = body.find("TRACKING_ID"); at != std::string::npos; at = body.find("TRACKING_ID", at + 1)) {
      body.replace(at, 11, f.tracking_id);
    }
  }
  switch (flags & 3) {
    case 1:
      body = gzipped(body);
      request.headers.emplace_back("Content-Encoding", "gzip");
      break;
    case 2: request.headers.emplace_back("Content-Encoding", "gzip"); break;  // not gzip at all
    case 3: request.headers.emplace_back("Content-Encoding", (flags & 0x40) != 0 ? "br" : "identity"); break;
    default: break;
  }
  if ((flags & 4) != 0) request.headers.emplace_back("X-Edgerec-Client-Key", f.client_key);
  if ((flags & 8) != 0) request.headers.emplace_back("Origin", (flags & 0x10) != 0 ? kAllowedOrigin : "https://elsewhere.example");
  if ((flags & 0x20) != 0 && request.method == "POST") request.method = "PUT";
  request.body = std::move(body);

  const std::string sent = request.method + " " + request.target + label;
  auto answered = std::make_shared<std::promise<HttpResponse>>();
  std::future<HttpResponse> answer = answered->get_future();
  f.server->handle(std::move(request), [answered](HttpResponse r) { answered->set_value(std::move(r)); });
  // No deadline of our own: on a starved machine a commit can take seconds, and a request that is
  // never answered is caught by libFuzzer's -timeout (reported as a timeout, not a crash).
  answer.wait();
  const HttpResponse response = answer.get();
  // EDGEREC_FUZZ_VERBOSE=1: each answer's status and body, for writing seeds.
  static const bool verbose = std::getenv("EDGEREC_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "%s -> %d %.300s\n", sent.c_str(), response.status, response.body.c_str());
  check_answer(sent, response);
  return 0;
}
