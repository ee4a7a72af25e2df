// The console's server side (server/console/, control/console_operations.cpp) in-process over
// real HTTP: sign-in sessions and bearer tokens, the page's files, edgerec's own operations
// (Edgerec.*), attribution of events to the campaign whose recommendationId they carry, and the
// live numbers. The page itself is tested in Chromium: js/test/console.test.js.
#include <catch2/catch.hpp>

#include <ctime>

#include "edgerec/event_batch.h"
#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "server/auth/access_keys.h"
#include "server/auth/home_authenticator.h"
#include "server/console/console_assets.h"
#include "server/console/console_sessions.h"
#include "server/edgerec_server.h"
#include "server/live_stats.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "support/http_client.h"

using edgerec::JsonValue;
using edgerec::testing::http_call;
using edgerec::testing::HttpReply;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

constexpr const char* kCampaign = "arn:aws:personalize:us-east-1:000000000000:campaign/shop-pop";
constexpr const char* kGroup = "arn:aws:personalize:us-east-1:000000000000:dataset-group/shop";

// HOME/shop: interactions, items with a TITLE, a popularity campaign, an access key; a server on it
// with the console's sign-in.
struct ConsoleHome {
  TempDir dir;
  std::string home = dir.path();
  std::string shop = dir.file("shop");
  edgerec::auth::AccessKey key;
  std::string tracking_id;
  std::unique_ptr<edgerec::server::EdgerecServer> server;
  uint16_t port = 0;

  ConsoleHome() {
    REQUIRE(run_command(kCli + " synth --users 80 --items 30 --interactions 2000 --seed 5 --output " + q(dir.file("i.csv"))).exit_code == 0);
    REQUIRE(run_command(kCli + " create-dataset-group " + q(shop)).exit_code == 0);
    REQUIRE(run_command(kCli + " import " + q(shop) + " --dataset interactions --csv " + q(dir.file("i.csv"))).exit_code == 0);
    write_text_file(dir.file("items.json"),
                    R"({"type":"record","name":"Items","fields":[{"name":"ITEM_ID","type":"string"},)"
                    R"({"name":"TITLE","type":"string","textual":true},{"name":"GENRES","type":"string","categorical":true}],"version":"1.0"})");
    write_text_file(dir.file("items.csv"), "ITEM_ID,TITLE,GENRES\ni1,Toy Story (1995),Animation|Comedy\ni2,Heat,Action\n");
    REQUIRE(run_command(kCli + " import " + q(shop) + " --dataset items --csv " + q(dir.file("items.csv")) + " --schema " +
                        q(dir.file("items.json"))).exit_code == 0);
    REQUIRE(run_command(kCli + " train " + q(shop) + " --recipe popularity-count --quiet").exit_code == 0);
    REQUIRE(run_command(kCli + " create-campaign " + q(shop) + " --name shop-pop --solution-version latest").exit_code == 0);
    const auto trackers = run_command(kCli + " list-event-trackers " + q(shop));
    tracking_id = json_of(trackers.out).find("eventTrackers")->items()[0].find("trackingId")->as_string();
    auto created = edgerec::auth::create_access_key(home, "console", static_cast<int64_t>(std::time(nullptr)));
    REQUIRE(created.ok());
    key = *created;
    edgerec::server::ServerOptions options;
    options.home = home;
    options.http.port = 0;
    options.request_log = nullptr;
    options.warning_log = nullptr;
    auto auth = edgerec::auth::HomeAuthenticator::open(home);
    REQUIRE(auth.ok());
    options.authenticate = (*auth)->hook();
    options.check_credentials = (*auth)->credentials_hook();
    auto started = edgerec::server::EdgerecServer::start(std::move(options));
    INFO(started.status().to_string());
    REQUIRE(started.ok());
    server = std::move(started).value();
    port = server->port();
  }

  std::string sign_in() const {
    const HttpReply r = http_call(port, "POST", "/console/session",
                                  R"({"accessKeyId":")" + key.access_key_id + R"(","secretAccessKey":")" + key.secret_access_key + "\"}");
    INFO(r.body);
    REQUIRE(r.status == 200);
    return json_of(r.body).find("token")->as_string();
  }
  HttpReply call(const std::string& token, const std::string& target, const std::string& body) const {
    return http_call(port, "POST", "/", body,
                     {{"Authorization", "Bearer " + token}, {"X-Amz-Target", target}, {"Content-Type", "application/x-amz-json-1.1"}});
  }
};

}  // namespace

TEST_CASE("console: sign in with an access key, then the bearer token serves the control plane and the Runtime", "[console]") {
  ConsoleHome h;
  const HttpReply wrong = http_call(h.port, "POST", "/console/session",
                                    R"({"accessKeyId":")" + h.key.access_key_id + R"(","secretAccessKey":"not-the-secret"})");
  CHECK(wrong.status == 403);
  CHECK(wrong.header("x-amzn-ErrorType") == "UnrecognizedClientException");
  CHECK(http_call(h.port, "POST", "/console/session", "{}").status == 400);
  CHECK(http_call(h.port, "POST", "/console/session", "{").status == 400);

  // Never open without a session: no token, a made-up one, a signed-out one.
  CHECK(h.call("", "AmazonPersonalize.ListCampaigns", "{}").status == 403);
  const HttpReply made_up = h.call("0123", "AmazonPersonalize.ListCampaigns", "{}");
  CHECK(made_up.status == 403);
  CHECK(made_up.header("x-amzn-ErrorType") == "UnrecognizedClientException");

  const std::string token = h.sign_in();
  const HttpReply campaigns = h.call(token, "AmazonPersonalize.ListCampaigns", "{}");
  INFO(campaigns.body);
  REQUIRE(campaigns.status == 200);
  CHECK_THAT(campaigns.body, Catch::Contains("shop-pop"));
  const HttpReply recs = http_call(h.port, "POST", "/recommendations",
                                   std::string(R"({"campaignArn":")") + kCampaign + R"(","userId":"u1","numResults":3})",
                                   {{"Authorization", "Bearer " + token}});
  REQUIRE(recs.status == 200);
  // The campaign's recommendationIds carry its tag, which attribution reads back.
  CHECK_THAT(json_of(recs.body).find("recommendationId")->as_string(),
             Catch::StartsWith("RID-" + edgerec::Runtime::recommendation_id_prefix_tag("shop-pop") + "-"));

  CHECK(http_call(h.port, "DELETE", "/console/session", "", {{"Authorization", "Bearer " + token}}).status == 200);
  CHECK(h.call(token, "AmazonPersonalize.ListCampaigns", "{}").status == 403);
}

TEST_CASE("console: the page and its files are served with a strict content security policy, and nothing else", "[console]") {
  ConsoleHome h;
  for (const char* path : {"/console", "/console/", "/console/index.html"}) {
    INFO(path);
    const HttpReply page = http_call(h.port, "GET", path);
    REQUIRE(page.status == 200);
    CHECK_THAT(page.header("Content-Type"), Catch::StartsWith("text/html"));
    CHECK_THAT(page.header("Content-Security-Policy"), Catch::Contains("default-src 'self'"));
    CHECK_THAT(page.body, Catch::Contains("<html"));
  }
  CHECK(http_call(h.port, "GET", "/console/nope.js").status == 404);
  CHECK(http_call(h.port, "GET", "/console/../access-keys.json").status == 404);
  CHECK(http_call(h.port, "GET", "/console/.hidden").status == 404);
  CHECK(http_call(h.port, "PUT", "/console/index.html").status == 405);

  const edgerec::server::ConsoleAssets embedded;
  CHECK(embedded.find("index.html").ok());
  CHECK_FALSE(embedded.find("sub/index.html").ok());
  TempDir dev;
  write_text_file(dev.file("index.html"), "<html>dev</html>");
  const edgerec::server::ConsoleAssets from_dir(dev.path());
  REQUIRE(from_dir.find("index.html").ok());
  CHECK(from_dir.find("index.html")->bytes == "<html>dev</html>");
  CHECK(edgerec::server::console_content_type("console.js") == "text/javascript; charset=utf-8");
}

TEST_CASE("console: Edgerec operations: dataset data, filter check with its position, items, report", "[console]") {
  ConsoleHome h;
  const std::string token = h.sign_in();
  const std::string group = std::string(R"({"datasetGroupArn":")") + kGroup + "\"";

  const JsonValue data = json_of(h.call(token, "Edgerec.DescribeDatasetGroupData", group + "}").body);
  const JsonValue* interactions = data.find("datasets")->find("interactions");
  REQUIRE(interactions != nullptr);
  CHECK(interactions->find("rows")->as_number() == 2000);
  CHECK(interactions->find("minimumData")->find("meetsMinimum")->as_bool());
  CHECK(data.find("datasets")->find("items")->find("rows")->as_number() == 2);

  const JsonValue bad = json_of(h.call(token, "Edgerec.ValidateFilterExpression",
                                       R"({"filterExpression":"INCLUDE ItemID WHERE Items.GENRES IN ($G"})").body);
  CHECK_FALSE(bad.find("valid")->as_bool());
  CHECK(bad.find("position")->as_number() == 40);  // the end, 0-based; the message counts from 1
  CHECK_THAT(bad.find("message")->as_string(), Catch::Contains("position 41"));
  const JsonValue good = json_of(h.call(token, "Edgerec.ValidateFilterExpression",
                                        R"j({"filterExpression":"EXCLUDE ItemID WHERE Items.GENRES IN (\"Action\")"})j").body);
  CHECK(good.find("valid")->as_bool());
  CHECK(h.call(token, "Edgerec.ValidateFilterExpression", "{}").status == 400);

  const JsonValue items = json_of(h.call(token, "Edgerec.DescribeItems", group + R"(,"itemIds":["i1","none"]})").body);
  REQUIRE(items.find("items")->items().size() == 2);
  CHECK(items.find("items")->items()[0].find("metadata")->find("TITLE")->as_string() == "Toy Story (1995)");
  CHECK(items.find("items")->items()[1].find("metadata")->is_null());
  std::string many = group + R"(,"itemIds":[)";
  for (int i = 0; i <= 100; ++i) many += (i ? ",\"i" : "\"i") + std::to_string(i) + "\"";
  const HttpReply too_many = h.call(token, "Edgerec.DescribeItems", many + "]}");
  CHECK(too_many.status == 400);
  CHECK_THAT(too_many.body, Catch::Contains("itemIds"));

  const JsonValue report = json_of(h.call(token, "Edgerec.GetSolutionReport", group + "}").body);
  CHECK_THAT(report.find("html")->as_string(), Catch::Contains("table id=\"versions\""));

  const HttpReply unknown = h.call(token, "Edgerec.Nope", "{}");
  CHECK(unknown.status == 400);
  CHECK(unknown.header("x-amzn-ErrorType") == "UnknownOperationException");

  // `edgerec api` runs the same operations by the same names.
  const auto api = run_command(kCli + " api --home " + q(h.home) + " Edgerec.DescribeItems " +
                               q(group + R"(,"itemIds":["i2"]})"));
  INFO(api.err);
  REQUIRE(api.exit_code == 0);
  CHECK(json_of(api.out).find("items")->items()[0].find("metadata")->find("TITLE")->as_string() == "Heat");
  CHECK(run_command(kCli + " api --home " + q(h.home) + " Edgerec.Nope").exit_code == 2);
}

TEST_CASE("console: events carrying a campaign's recommendationId count as its impressions and clicks", "[console]") {
  ConsoleHome h;
  const std::string token = h.sign_in();
  const auto recommend = [&] {
    const HttpReply r = http_call(h.port, "POST", "/recommendations",
                                  std::string(R"({"campaignArn":")") + kCampaign + R"(","userId":"u1","numResults":4})",
                                  {{"Authorization", "Bearer " + token}});
    REQUIRE(r.status == 200);
    return json_of(r.body).find("recommendationId")->as_string();
  };
  const std::string first = recommend();
  const std::string second = recommend();
  const std::string now = std::to_string(std::time(nullptr));
  const auto event = [&](const std::string& id, const std::string& rid, const std::string& item, const std::string& impression) {
    return R"({"eventId":")" + id + R"(","eventType":"click","sentAt":)" + now + R"(,"recommendationId":")" + rid + "\"" +
           (item.empty() ? "" : R"(,"itemId":")" + item + "\"") + (impression.empty() ? "" : R"(,"impression":)" + impression) + "}";
  };
  // first: shown 4 items, 2 clicked; second: shown 4, none clicked; an id of another campaign.
  const std::string body = R"({"trackingId":")" + h.tracking_id + R"(","sessionId":"s1","userId":"u1","eventList":[)" +
                           event("e1", first, "i1", R"(["i1","i2","i3","i4"])") + "," + event("e2", first, "i3", "") + "," +
                           event("e3", second, "", R"(["i5","i6","i7","i8"])") + "," +
                           event("e4", "RID-00000000-0000-4000-8000-000000000000", "i2", R"(["i2"])") + "]}";
  const HttpReply put = http_call(h.port, "POST", "/events", body, {{"Authorization", "Bearer " + token}});
  INFO(put.body);
  REQUIRE(put.status == 200);

  const HttpReply online = h.call(token, "Edgerec.GetCampaignOnlineMetrics",
                                  std::string(R"({"campaignArn":")") + kCampaign + R"(","hours":2,"bucketMinutes":30})");
  INFO(online.body);
  REQUIRE(online.status == 200);
  const JsonValue m = json_of(online.body);
  CHECK(m.find("recommendations")->as_number() == 2);
  CHECK(m.find("impressions")->as_number() == 8);
  CHECK(m.find("clicks")->as_number() == 2);
  CHECK(m.find("clickThroughRate")->as_number() == Approx(0.25));
  REQUIRE(m.find("series")->items().size() == 4);
  CHECK(m.find("series")->items().back().find("impressions")->as_number() == 8);
  CHECK(h.call(token, "Edgerec.GetCampaignOnlineMetrics",
               std::string(R"({"campaignArn":")") + kCampaign + R"(","hours":2000,"bucketMinutes":1})").status == 400);

  // A device's uploaded batch counts the same: a click on a third recommendation it was shown.
  const std::string third = recommend();
  edgerec::EventBatch batch;
  batch.batch_id = "b-console";
  batch.tracking_id = h.tracking_id;
  batch.session_id = "device-1";
  batch.user_id = "u1";
  batch.created_at = static_cast<double>(std::time(nullptr));
  edgerec::Event click;
  click.event_id = "d1";
  click.event_type = "click";
  click.sent_at = batch.created_at;
  click.item_id = "i2";
  click.recommendation_id = third;
  click.impression = std::vector<std::string>{"i1", "i2"};
  batch.events.push_back(click);
  auto encoded = edgerec::encode_event_batch(batch);
  REQUIRE(encoded.ok());
  const HttpReply uploaded = http_call(h.port, "POST", "/events/batch", std::string(encoded->begin(), encoded->end()),
                                       {{"Authorization", "Bearer " + token}});
  INFO(uploaded.body);
  REQUIRE(uploaded.status == 200);
  const JsonValue after = json_of(h.call(token, "Edgerec.GetCampaignOnlineMetrics",
                                         std::string(R"({"campaignArn":")") + kCampaign + R"(","hours":1})").body);
  CHECK(after.find("recommendations")->as_number() == 3);
  CHECK(after.find("impressions")->as_number() == 10);
  CHECK(after.find("clicks")->as_number() == 3);

  // The live numbers: the campaign's requests and the tracker's events this minute.
  const JsonValue stats = json_of(h.call(token, "Edgerec.GetServerStats", "{}").body);
  const JsonValue& campaign = stats.find("campaigns")->items().at(0);
  CHECK(campaign.find("name")->as_string() == "shop-pop");
  CHECK(campaign.find("requests")->as_number() == 3);
  CHECK(campaign.find("perMinute")->items().size() == edgerec::server::LiveStats::kMinutes);
  double requests_shown = 0;  // the last two minutes: the calls may straddle a minute's end
  for (const JsonValue& minute : campaign.find("perMinute")->items()) requests_shown += minute.find("requests")->as_number();
  CHECK(requests_shown == 3);
  const JsonValue& tracker = stats.find("eventTrackers")->items().at(0);
  CHECK(tracker.find("trackingId")->as_string() == h.tracking_id);
  CHECK(tracker.find("events")->as_number() == 5);
}

TEST_CASE("console: live stats count per minute and estimate latency percentiles", "[console]") {
  edgerec::server::LiveStats stats(1000);
  const int64_t t = 1'800'000'000;
  for (int i = 0; i < 90; ++i) stats.campaign_request("c", 200, 0.001, t);
  for (int i = 0; i < 10; ++i) stats.campaign_request("c", 500, 0.100, t + 60);
  stats.tracker_events("tr", 7, t - 3600);  // outside the hour shown
  stats.tracker_events("tr", 3, t + 60);
  const JsonValue j = json_of(stats.json(t + 60));
  const JsonValue& c = j.find("campaigns")->items()[0];
  CHECK(c.find("requests")->as_number() == 100);
  CHECK(c.find("errors")->as_number() == 10);
  CHECK(c.find("p50LatencyMs")->as_number() == Approx(1.0).epsilon(0.25));
  CHECK(c.find("p95LatencyMs")->as_number() == Approx(100.0).epsilon(0.25));
  const auto& minutes = c.find("perMinute")->items();
  CHECK(minutes[minutes.size() - 2].find("requests")->as_number() == 90);
  CHECK(minutes.back().find("requests")->as_number() == 10);
  const JsonValue& tr = j.find("eventTrackers")->items()[0];
  CHECK(tr.find("events")->as_number() == 10);
  double shown = 0;
  for (const JsonValue& m : tr.find("perMinute")->items()) shown += m.find("events")->as_number();
  CHECK(shown == 3);
}

TEST_CASE("console: sessions expire, are bounded, and never say which credential was wrong", "[console]") {
  edgerec::server::ConsoleSessions sessions(
      [](std::string_view id, std::string_view secret) { return id == "EDGEKEY" && secret == "s3cret"; });
  CHECK_FALSE(sessions.sign_in("EDGEKEY", "wrong", 100).ok());
  CHECK_FALSE(sessions.sign_in("OTHER", "s3cret", 100).ok());
  CHECK(sessions.sign_in("EDGEKEY", "wrong", 100).status().message() ==
        sessions.sign_in("OTHER", "s3cret", 100).status().message());
  auto s = sessions.sign_in("EDGEKEY", "s3cret", 100);
  REQUIRE(s.ok());
  CHECK(s->token.size() == 64);
  CHECK(sessions.check(s->token, 101).ok());
  CHECK(*sessions.check(s->token, 101) == "EDGEKEY");
  CHECK_THAT(sessions.check(s->token, s->expires_at).status().message(), Catch::Contains("expired"));
  CHECK(sessions.check(s->token, s->expires_at).status().code() == edgerec::StatusCode::kFailedPrecondition);
  CHECK(sessions.check("never-given", 101).status().code() == edgerec::StatusCode::kNotFound);
  CHECK(sessions.sign_out(s->token));
  CHECK_FALSE(sessions.sign_out(s->token));
  // Bounded: past kMaxConsoleSessions the session that ends soonest is signed out.
  auto oldest = sessions.sign_in("EDGEKEY", "s3cret", 200);
  REQUIRE(oldest.ok());
  for (size_t i = 0; i < edgerec::kMaxConsoleSessions; ++i) REQUIRE(sessions.sign_in("EDGEKEY", "s3cret", 201).ok());
  CHECK_FALSE(sessions.check(oldest->token, 202).ok());
}
