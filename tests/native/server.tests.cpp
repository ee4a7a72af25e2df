// edgerec serve in-process (server/edgerec_server.h) over real HTTP: routes and their errors,
// signatures and client keys, edge bundles with ETags and CORS, event batches acknowledged once,
// campaign swaps that fail no request, the transport's limits, and a graceful stop.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>

#include <zlib.h>

#include "edgerec/json.h"
#include "server/auth/access_keys.h"
#include "server/auth/home_authenticator.h"
#include "server/edgerec_server.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "support/http_client.h"

using edgerec::JsonValue;
using edgerec::testing::http_call;
using edgerec::testing::HttpConnection;
using edgerec::testing::HttpReply;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::signed_call;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

constexpr const char* kCampaign = "arn:aws:personalize:us-east-1:000000000000:campaign/shop-pop";

// HOME/shop: synthetic interactions, a popularity-count campaign, a filter, a browser tracker.
struct Home {
  TempDir dir;
  std::string home = dir.path();
  std::string shop = dir.file("shop");
  edgerec::auth::AccessKey key;
  std::string tracking_id;
  std::string client_key;

  Home() {
    REQUIRE(run_command(kCli + " synth --users 120 --items 50 --interactions 4000 --seed 9 --output " +
                        q(dir.file("i.csv")))
                .exit_code == 0);
    REQUIRE(run_command(kCli + " create-dataset-group " + q(shop)).exit_code == 0);
    REQUIRE(run_command(kCli + " import " + q(shop) + " --dataset interactions --csv " + q(dir.file("i.csv"))).exit_code == 0);
    REQUIRE(run_command(kCli + " train " + q(shop) + " --recipe popularity-count --quiet").exit_code == 0);
    REQUIRE(run_command(kCli + " create-campaign " + q(shop) + " --name shop-pop --solution-version latest").exit_code == 0);
    auto tracker = run_command(kCli + " create-event-tracker " + q(shop) +
                               " --name web --allowed-origin https://shop.example");
    REQUIRE(tracker.exit_code == 0);
    const JsonValue t = json_of(tracker.out);
    tracking_id = t.find("trackingId")->as_string();
    client_key = t.find("clientKey")->as_string();
    auto created = edgerec::auth::create_access_key(home, "tests", static_cast<int64_t>(std::time(nullptr)));
    REQUIRE(created.ok());
    key = *created;
  }
};

struct Server {
  std::unique_ptr<edgerec::server::EdgerecServer> server;
  uint16_t port = 0;

  explicit Server(const std::string& home, size_t max_body = 8 << 20, size_t max_connections = 4096,
                  std::FILE* warnings = nullptr) {
    edgerec::server::ServerOptions options;
    options.warning_log = warnings;
    options.home = home;
    options.http.port = 0;
    options.http.max_body_bytes = max_body;
    options.http.max_connections = max_connections;
    options.request_log = nullptr;
    options.refresh_seconds = 1;
    auto auth = edgerec::auth::HomeAuthenticator::open(home);
    REQUIRE(auth.ok());
    options.authenticate = (*auth)->hook();
    auto started = edgerec::server::EdgerecServer::start(std::move(options));
    INFO(started.status().to_string());
    REQUIRE(started.ok());
    server = std::move(started).value();
    port = server->port();
  }
};

HttpReply recommend(const Home& h, uint16_t port, const std::string& body) {
  return signed_call(port, h.key.access_key_id, h.key.secret_access_key, "POST", "/recommendations", body);
}

std::string body_for(const std::string& user, int n = 5) {
  return std::string(R"({"campaignArn":")") + kCampaign + R"(","userId":")" + user + R"(","numResults":)" +
         std::to_string(n) + "}";
}

}  // namespace

TEST_CASE("server: health, metrics, and unknown routes", "[server]") {
  Home h;
  Server s(h.home);
  const HttpReply health = http_call(s.port, "GET", "/healthz");
  REQUIRE(health.status == 200);
  CHECK(json_of(health.body).find("campaigns")->as_number() == 1);
  CHECK_FALSE(health.header("Date").empty());
  REQUIRE(recommend(h, s.port, body_for("u1")).status == 200);
  const HttpReply metrics = http_call(s.port, "GET", "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(metrics.body, Catch::Contains("edgerec_http_requests_total{route=\"recommendations\",code=\"2xx\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("edgerec_http_request_duration_seconds_bucket{route=\"recommendations\",le=\"+Inf\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("edgerec_campaigns_deployed 1"));
  const HttpReply unknown = http_call(s.port, "GET", "/nope");
  CHECK(unknown.status == 404);
  CHECK(unknown.header("x-amzn-ErrorType") == "UnknownOperationException");
}

TEST_CASE("server: Runtime calls are signed, errors have AWS's shape", "[server]") {
  Home h;
  Server s(h.home);
  const HttpReply ok = recommend(h, s.port, body_for("u1"));
  REQUIRE(ok.status == 200);
  CHECK(json_of(ok.body).find("itemList")->items().size() == 5);

  const HttpReply unsigned_call = http_call(s.port, "POST", "/recommendations", body_for("u1"));
  CHECK(unsigned_call.status == 403);
  CHECK(unsigned_call.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException");
  const HttpReply wrong = signed_call(s.port, h.key.access_key_id, std::string(40, 'x'), "POST", "/recommendations",
                                      body_for("u1"));
  CHECK(wrong.status == 403);
  CHECK(wrong.header("x-amzn-ErrorType") == "InvalidSignatureException");

  const HttpReply missing = recommend(h, s.port, R"({"campaignArn":"arn:aws:personalize:us-east-1:000000000000:campaign/none","userId":"u1"})");
  CHECK(missing.status == 404);
  CHECK(missing.header("x-amzn-ErrorType") == "ResourceNotFoundException");
  CHECK(json_of(missing.body).find("message")->as_string() == "campaign none does not exist");
  const HttpReply bad = recommend(h, s.port, body_for("u1", 501));
  CHECK(bad.status == 400);
  CHECK(bad.header("x-amzn-ErrorType") == "InvalidInputException");
  const HttpReply foreign = recommend(h, s.port, R"({"campaignArn":"arn:aws:personalize:eu-west-1:000000000000:campaign/shop-pop"})");
  CHECK(foreign.status == 400);
  CHECK_THAT(json_of(foreign.body).find("message")->as_string(), Catch::Contains("not an ARN of this server's region"));
  const HttpReply not_json = recommend(h, s.port, "{");
  CHECK(not_json.status == 400);
  const HttpReply unknown_field = recommend(h, s.port, std::string(R"({"campaignArn":")") + kCampaign + R"(","nope":1})");
  CHECK(unknown_field.status == 400);
  CHECK_THAT(json_of(unknown_field.body).find("message")->as_string(), Catch::Contains("unknown request field \"nope\""));
}

TEST_CASE("server: named filters and promotions", "[server]") {
  Home h;
  REQUIRE(run_command(kCli + " create-filter " + q(h.shop) + " --name seen --expression " +
                      q(R"(INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*"))"))
              .exit_code == 0);
  Server s(h.home);
  const std::string filter = "arn:aws:personalize:us-east-1:000000000000:filter/seen";
  const HttpReply filtered = recommend(h, s.port, std::string(R"({"campaignArn":")") + kCampaign +
                                                      R"(","userId":"u3","numResults":50,"filterArn":")" + filter + "\"}");
  REQUIRE(filtered.status == 200);
  const size_t seen = json_of(filtered.body).find("itemList")->items().size();
  CHECK(seen > 0);
  CHECK(seen < 50);  // only what u3 did
  const HttpReply unknown = recommend(h, s.port, std::string(R"({"campaignArn":")") + kCampaign +
                                                     R"(","userId":"u3","filterArn":"arn:aws:personalize:us-east-1:000000000000:filter/none"})");
  CHECK(unknown.status == 404);

  // A promotion: 30% of ten slots come from the filter's items, marked, spread evenly.
  const HttpReply promoted = recommend(h, s.port, std::string(R"({"campaignArn":")") + kCampaign +
                                                      R"(","userId":"u3","numResults":10,"promotions":[{"name":"again",)"
                                                      R"("percentPromotedItems":30,"filterArn":")" + filter + "\"}]}");
  INFO(promoted.body);
  REQUIRE(promoted.status == 200);
  const JsonValue list = *json_of(promoted.body).find("itemList");
  REQUIRE(list.items().size() == 10);
  size_t marked = 0;
  for (size_t j = 0; j < 10; ++j) {
    const JsonValue* name = list.items()[j].find("promotionName");
    if (name == nullptr) continue;
    ++marked;
    CHECK(name->as_string() == "again");
    CHECK(list.items()[j].find("reason")->items()[0].as_string() == "Promoted item");
    CHECK((j == 3 || j == 6 || j == 9));
  }
  CHECK(marked == 3);
}

TEST_CASE("server: PutEvents is stored before it is acknowledged and reaches live sessions", "[server]") {
  Home h;
  Server s(h.home);
  const std::string before = recommend(h, s.port, body_for("newbie", 50)).body;
  const std::string events = std::string(R"({"trackingId":")") + h.tracking_id +
                             R"(","sessionId":"s1","userId":"newbie","eventList":[{"eventType":"click","sentAt":1700000000,"itemId":"i7"}]})";
  const HttpReply put = signed_call(s.port, h.key.access_key_id, h.key.secret_access_key, "POST", "/events", events);
  INFO(put.body);
  REQUIRE(put.status == 200);
  // Stored: the group's store has it now.
  auto count = run_command("sqlite3 " + q(h.shop + "/edgerec.db") + " \"SELECT count(*) FROM interactions_put\"");
  CHECK(count.out == "1\n");
  // An Interactions filter over the live session sees it at once.
  REQUIRE(run_command(kCli + " create-filter " + q(h.shop) + " --name done --expression " +
                      q(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click"))"))
              .exit_code == 0);
  const HttpReply after = recommend(h, s.port, std::string(R"({"campaignArn":")") + kCampaign +
                                                   R"(","userId":"newbie","numResults":50,"filterArn":"arn:aws:personalize:us-east-1:000000000000:filter/done"})");
  INFO(after.body);
  REQUIRE(after.status == 200);
  CHECK_THAT(before, Catch::Contains("\"i7\""));
  CHECK_THAT(after.body, !Catch::Contains("\"i7\""));

  const HttpReply unknown = signed_call(s.port, h.key.access_key_id, h.key.secret_access_key, "POST", "/events",
                                        R"({"trackingId":"nope","sessionId":"s","eventList":[{"eventType":"x","sentAt":1}]})");
  CHECK(unknown.status == 404);
  const HttpReply invalid = signed_call(s.port, h.key.access_key_id, h.key.secret_access_key, "POST", "/events",
                                        std::string(R"({"trackingId":")") + h.tracking_id +
                                            R"(","sessionId":"s","eventList":[{"eventType":"x","sentAt":1700000000000}]})");
  CHECK(invalid.status == 400);
  CHECK_THAT(json_of(invalid.body).find("message")->as_string(), Catch::Contains("looks like milliseconds"));
}

TEST_CASE("server: event batches with a client key, from allowed origins, acknowledged once", "[server]") {
  Home h;
  Server s(h.home);
  write_text_file(h.dir.file("b.json"), std::string(R"({"batchId":"b-1","trackingId":")") + h.tracking_id +
                                            R"(","sessionId":"s9","userId":"u9","events":[{"eventType":"view","sentAt":1700000000,"itemId":"i3"},)"
                                            R"({"eventType":"view","sentAt":1700000001,"itemId":"i4"}]})");
  REQUIRE(run_command(kCli + " encode-batch --json " + q(h.dir.file("b.json")) + " --output " + q(h.dir.file("b.erev")))
              .exit_code == 0);
  const std::string bytes = read_text_file(h.dir.file("b.erev"));
  const edgerec::testing::HttpHeaders browser = {{"X-Edgerec-Client-Key", h.client_key}, {"Origin", "https://shop.example"}};
  const HttpReply first = http_call(s.port, "POST", "/events/batch", bytes, browser);
  INFO(first.body);
  REQUIRE(first.status == 200);
  CHECK(json_of(first.body).find("status")->as_string() == "INGESTED");
  CHECK(first.header("Access-Control-Allow-Origin") == "https://shop.example");
  const HttpReply again = http_call(s.port, "POST", "/events/batch", bytes, browser);
  REQUIRE(again.status == 200);
  CHECK(json_of(again.body).find("status")->as_string() == "ALREADY_INGESTED");
  auto count = run_command("sqlite3 " + q(h.shop + "/edgerec.db") + " \"SELECT count(*) FROM interactions_put\"");
  CHECK(count.out == "2\n");

  // sendBeacon cannot set headers: the key may come as ?clientKey=.
  const HttpReply beacon = http_call(s.port, "POST", "/events/batch?clientKey=" + h.client_key, bytes);
  CHECK(beacon.status == 200);
  const HttpReply other_origin = http_call(s.port, "POST", "/events/batch", bytes,
                                           {{"X-Edgerec-Client-Key", h.client_key}, {"Origin", "https://evil.example"}});
  CHECK(other_origin.status == 403);
  const HttpReply bad_key = http_call(s.port, "POST", "/events/batch", bytes, {{"X-Edgerec-Client-Key", "ck-nope"}});
  CHECK(bad_key.status == 403);
  CHECK(bad_key.header("x-amzn-ErrorType") == "UnrecognizedClientException");
  // A client key opens the browser routes only.
  const HttpReply not_runtime = http_call(s.port, "POST", "/recommendations", body_for("u1"), {{"X-Edgerec-Client-Key", h.client_key}});
  CHECK(not_runtime.status == 403);
  const HttpReply preflight = http_call(s.port, "OPTIONS", "/events/batch", "",
                                        {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "POST"}});
  CHECK(preflight.status == 204);
  CHECK_THAT(preflight.header("Access-Control-Allow-Headers"), Catch::Contains("X-Edgerec-Client-Key"));
}

// What a browser's CompressionStream("gzip") makes of a body (zlib's gzip wrapper).
std::string gzip(const std::string& in) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(&out[0]);
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

TEST_CASE("server: an event batch may come gzipped, and other encodings, damaged gzip, bombs and non-batches are refused", "[server]") {
  Home h;
  Server s(h.home);
  write_text_file(h.dir.file("b.json"), std::string(R"({"batchId":"gz-1","trackingId":")") + h.tracking_id +
                                            R"(","sessionId":"s9","userId":"u9","events":[{"eventType":"view","sentAt":1700000000,"itemId":"i3"}]})");
  REQUIRE(run_command(kCli + " encode-batch --raw --json " + q(h.dir.file("b.json")) + " --output " + q(h.dir.file("b.erev")))
              .exit_code == 0);
  const std::string bytes = read_text_file(h.dir.file("b.erev"));
  const auto with = [&](const std::string& encoding) {
    return edgerec::testing::HttpHeaders{{"X-Edgerec-Client-Key", h.client_key}, {"Content-Encoding", encoding}};
  };
  const HttpReply zipped = http_call(s.port, "POST", "/events/batch", gzip(bytes), with("gzip"));
  INFO(zipped.body);
  REQUIRE(zipped.status == 200);
  CHECK(json_of(zipped.body).find("status")->as_string() == "INGESTED");
  CHECK(http_call(s.port, "POST", "/events/batch", bytes, with("identity")).status == 200);  // ALREADY_INGESTED

  const HttpReply brotli = http_call(s.port, "POST", "/events/batch", bytes, with("br"));
  CHECK(brotli.status == 415);
  CHECK(brotli.header("x-amzn-ErrorType") == "UnsupportedMediaTypeException");
  CHECK_THAT(json_of(brotli.body).find("message")->as_string(), Catch::Contains("Content-Encoding \"br\" is not accepted"));
  std::string damaged = gzip(bytes);
  damaged[damaged.size() / 2] ^= 0x55;
  CHECK(http_call(s.port, "POST", "/events/batch", damaged, with("gzip")).status == 400);
  CHECK(http_call(s.port, "POST", "/events/batch", gzip(bytes).substr(0, 20), with("gzip")).status == 400);
  // 40 MB of zeros are a few tens of KB gzipped: refused once they inflate past the batch cap.
  const std::string bomb = gzip(std::string(40u << 20, '\0'));
  CHECK(bomb.size() < 200000);
  const HttpReply refused = http_call(s.port, "POST", "/events/batch", bomb, with("gzip"));
  CHECK(refused.status == 413);
  CHECK_THAT(refused.body, Catch::Contains("inflates to more than"));
  // Not a batch at all: the client's error (400), not the server's (500).
  const HttpReply not_a_batch = http_call(s.port, "POST", "/events/batch", "{\"events\":[]}", with("identity"));
  CHECK(not_a_batch.status == 400);
  CHECK(not_a_batch.header("x-amzn-ErrorType") == "InvalidInputException");
  CHECK_THAT(json_of(not_a_batch.body).find("message")->as_string(), Catch::Contains("not an edgerec event batch"));
  // Other routes do not decode a body: an encoding there is refused by name, not read as JSON.
  const std::string put = std::string(R"({"trackingId":")") + h.tracking_id +
                          R"(","sessionId":"s9","eventList":[{"eventType":"view","sentAt":1700000001,"itemId":"i4"}]})";
  const HttpReply encoded = signed_call(s.port, h.key.access_key_id, h.key.secret_access_key, "POST", "/events",
                                        gzip(put), "us-east-1", {{"Content-Encoding", "gzip"}});
  CHECK(encoded.status == 415);
  CHECK_THAT(json_of(encoded.body).find("message")->as_string(), Catch::Contains("only POST /events/batch may be gzipped"));
  auto count = run_command("sqlite3 " + q(h.shop + "/edgerec.db") + " \"SELECT count(*) FROM interactions_put\"");
  CHECK(count.out == "1\n");
}

TEST_CASE("server: edge bundles with a strong ETag, 304 on a match, a new one after a swap", "[server]") {
  Home h;
  Server s(h.home);
  const edgerec::testing::HttpHeaders key = {{"X-Edgerec-Client-Key", h.client_key}, {"Origin", "https://shop.example"}};
  const HttpReply bundle = http_call(s.port, "GET", "/campaigns/shop-pop/edge-bundle", "", key);
  REQUIRE(bundle.status == 200);
  const std::string etag = bundle.header("ETag");
  CHECK(etag.size() == 66);  // a quoted SHA-256
  CHECK(bundle.body.substr(1, 4) == "EREC");
  CHECK(bundle.header("Access-Control-Allow-Origin") == "https://shop.example");
  CHECK_THAT(bundle.header("Access-Control-Expose-Headers"), Catch::Contains("ETag"));
  auto cached = key;
  cached.emplace_back("If-None-Match", etag);
  const HttpReply same = http_call(s.port, "GET", "/campaigns/shop-pop/edge-bundle", "", cached);
  CHECK(same.status == 304);
  CHECK(same.body.empty());
  // A list of tags, weak or not, as browsers and CDNs send it; and "*".
  for (const std::string& tags : std::vector<std::string>{"\"other\", W/" + etag, "*"}) {
    auto listed = key;
    listed.emplace_back("If-None-Match", tags);
    CHECK(http_call(s.port, "GET", "/campaigns/shop-pop/edge-bundle", "", listed).status == 304);
  }
  auto stale = key;
  stale.emplace_back("If-None-Match", "\"other\"");
  CHECK(http_call(s.port, "GET", "/campaigns/shop-pop/edge-bundle", "", stale).status == 200);
  CHECK(http_call(s.port, "GET", "/campaigns/none/edge-bundle", "", key).status == 404);

  REQUIRE(run_command(kCli + " train " + q(h.shop) + " --recipe popularity-count --quiet").exit_code == 0);
  REQUIRE(run_command(kCli + " update-campaign " + q(h.shop) + " --name shop-pop --solution-version latest").exit_code == 0);
  REQUIRE(s.server->catalog().refresh().ok());
  const HttpReply changed = http_call(s.port, "GET", "/campaigns/shop-pop/edge-bundle", "", cached);
  CHECK(changed.status == 200);
  CHECK(changed.header("ETag") != etag);
}

TEST_CASE("server: a campaign swap carries the live sessions to the new version", "[server]") {
  Home h;
  Server s(h.home);
  // A second version, trained before the visitor's events: it has not seen them.
  REQUIRE(run_command(kCli + " train " + q(h.shop) + " --recipe popularity-count --quiet").exit_code == 0);
  REQUIRE(run_command(kCli + " create-filter " + q(h.shop) + " --name done --expression " +
                      q(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click"))"))
              .exit_code == 0);
  const std::string filtered = std::string(R"({"campaignArn":")") + kCampaign +
                               R"(","userId":"visitor","numResults":50,"filterArn":"arn:aws:personalize:us-east-1:000000000000:filter/done"})";
  const std::string now = std::to_string(std::time(nullptr));
  const std::string events = std::string(R"({"trackingId":")") + h.tracking_id +
                             R"(","sessionId":"s1","userId":"visitor","eventList":[{"eventType":"click","sentAt":)" + now +
                             R"(,"itemId":"i7"},{"eventType":"click","sentAt":)" + now + R"(,"itemId":"i3"}]})";
  REQUIRE(signed_call(s.port, h.key.access_key_id, h.key.secret_access_key, "POST", "/events", events).status == 200);
  const HttpReply before = recommend(h, s.port, filtered);
  REQUIRE(before.status == 200);
  CHECK_THAT(before.body, !Catch::Contains("\"i7\"") && !Catch::Contains("\"i3\""));

  REQUIRE(run_command(kCli + " update-campaign " + q(h.shop) + " --name shop-pop --solution-version latest").exit_code == 0);
  REQUIRE(s.server->refresh().ok());
  REQUIRE(s.server->catalog().swaps() == 1);
  const HttpReply after = recommend(h, s.port, filtered);
  INFO(after.body);
  REQUIRE(after.status == 200);
  CHECK_THAT(after.body, !Catch::Contains("\"i7\"") && !Catch::Contains("\"i3\""));
  CHECK(json_of(after.body).find("itemList")->items().size() == json_of(before.body).find("itemList")->items().size());
  // And events after the swap reach the new version's session.
  const std::string more = std::string(R"({"trackingId":")") + h.tracking_id +
                           R"(","sessionId":"s1","userId":"visitor","eventList":[{"eventType":"click","sentAt":)" + now +
                           R"(,"itemId":"i9"}]})";
  REQUIRE(signed_call(s.port, h.key.access_key_id, h.key.secret_access_key, "POST", "/events", more).status == 200);
  CHECK_THAT(recommend(h, s.port, filtered).body, !Catch::Contains("\"i9\"") && !Catch::Contains("\"i7\""));
}

TEST_CASE("server: a version that fails to load keeps the old one serving, and is reported once", "[server]") {
  Home h;
  std::FILE* warnings = std::tmpfile();
  REQUIRE(warnings != nullptr);
  Server s(h.home, 8 << 20, 4096, warnings);
  REQUIRE(run_command(kCli + " train " + q(h.shop) + " --recipe popularity-count --quiet").exit_code == 0);
  REQUIRE(run_command(kCli + " update-campaign " + q(h.shop) + " --name shop-pop --solution-version latest").exit_code == 0);
  const JsonValue described = json_of(run_command(kCli + " describe-campaign " + q(h.shop) + " --name shop-pop").out);
  const std::string arn = described.find("campaign")->find("solutionVersionArn")->as_string();
  const std::string version = arn.substr(arn.rfind('/') + 1);
  std::remove((h.shop + "/solutions/" + version + ".erec").c_str());  // gone after it was recorded

  CHECK(s.server->refresh().ok());
  CHECK(s.server->refresh().ok());
  CHECK(recommend(h, s.port, body_for("u1")).status == 200);  // the old version still serves
  CHECK(s.server->catalog().swaps() == 0);
  s.server->stop();  // its refresher writes no more
  s.server->wait();
  std::rewind(warnings);
  std::string logged;
  char buf[512];
  while (std::fgets(buf, sizeof(buf), warnings) != nullptr) logged += buf;
  std::fclose(warnings);
  INFO(logged);
  CHECK_THAT(logged, Catch::Contains("edgerec serve: warning: campaign shop-pop: ") && Catch::Contains(version));
  CHECK(std::count(logged.begin(), logged.end(), '\n') == 1);  // once, not on every refresh
}

TEST_CASE("server: a campaign swap under load fails no request", "[server]") {
  Home h;
  REQUIRE(run_command(kCli + " train " + q(h.shop) + " --recipe popularity-count --quiet").exit_code == 0);
  Server s(h.home);
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      HttpConnection c(s.port);
      while (!done) {
        const HttpReply r = c.signed_call(h.key.access_key_id, h.key.secret_access_key, "POST", "/recommendations",
                                          body_for("u" + std::to_string(t)));
        if (r.status != 200) ++failures;
        ++answered;
      }
    });
  }
  const auto versions = json_of(run_command(kCli + " describe " + q(h.shop)).out).find("solutionVersions")->items();
  REQUIRE(versions.size() == 2);
  for (int round = 0; round < 6; ++round) {
    const std::string id = versions[static_cast<size_t>(round % 2)].find("solutionVersionId")->as_string();
    REQUIRE(run_command(kCli + " update-campaign " + q(h.shop) + " --name shop-pop --solution-version " + id).exit_code == 0);
    REQUIRE(s.server->catalog().refresh().ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  done = true;
  for (std::thread& t : clients) t.join();
  CHECK(failures == 0);
  CHECK(answered > 20);
  CHECK(s.server->catalog().swaps() >= 5);
}

TEST_CASE("server: the transport's limits answer 4xx/5xx, and a stop answers what is in flight", "[server]") {
  Home h;
  Server s(h.home, /*max_body=*/4096, /*max_connections=*/3);
  const HttpReply big = http_call(s.port, "POST", "/recommendations", std::string(10000, 'x'));
  CHECK(big.status == 413);
  CHECK(big.header("x-amzn-ErrorType") == "LimitExceededException");  // the SDKs raise a typed error
  CHECK_THAT(big.body, Catch::Contains("larger than 4096 bytes"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the closed connections are gone
  {
    HttpConnection a(s.port), b(s.port), c(s.port);
    REQUIRE(a.call("GET", "/healthz").status == 200);
    REQUIRE(b.call("GET", "/healthz").status == 200);
    REQUIRE(c.call("GET", "/healthz").status == 200);
    const HttpReply fourth = http_call(s.port, "GET", "/healthz");
    CHECK(fourth.status == 503);
    CHECK(fourth.header("x-amzn-ErrorType") == "ServiceUnavailableException");
  }
  // Graceful stop: idle connections close, the server stops, nothing is left listening.
  // (The server notices the three closed connections a moment after the client closes them.)
  for (int wait = 0; wait < 100 && http_call(s.port, "GET", "/healthz").status != 200; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  HttpConnection idle(s.port);
  REQUIRE(idle.call("GET", "/healthz").status == 200);
  s.server->stop();
  s.server->wait();
  CHECK(http_call(s.port, "GET", "/healthz").status == 0);
}
