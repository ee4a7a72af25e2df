// Campaigns, named filters and event trackers through the CLI: recorded in the group's store,
// checked when created, in Personalize's JSON shapes and ARN forms.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "edgerec/json.h"
#include "store/dataset_group.h"
#include "store/home_names.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::JsonValue;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

// HOME/shop with interactions and one popularity-count version.
struct Home {
  TempDir dir;
  std::string home = dir.path();
  std::string shop = dir.file("shop");

  Home() {
    REQUIRE(run_command(kCli + " synth --users 100 --items 40 --interactions 3000 --seed 2 --output " +
                        q(dir.file("i.csv")))
                .exit_code == 0);
    REQUIRE(run_command(kCli + " create-dataset-group " + q(shop)).exit_code == 0);
    REQUIRE(run_command(kCli + " import " + q(shop) + " --dataset interactions --csv " + q(dir.file("i.csv"))).exit_code == 0);
    REQUIRE(run_command(kCli + " train " + q(shop) + " --recipe popularity-count --quiet").exit_code == 0);
  }

  edgerec::testing::CommandResult cli(const std::string& command, const std::string& args) const {
    return run_command(kCli + " " + command + " " + q(shop) + " " + args);
  }
};

}  // namespace

TEST_CASE("campaigns: create, describe, list, update, delete", "[campaigns]") {
  Home h;
  auto created = h.cli("create-campaign", "--name shop-home --solution-version latest");
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  CHECK(json_of(created.out).find("campaignArn")->as_string() ==
        "arn:aws:personalize:us-east-1:000000000000:campaign/shop-home");

  auto described = h.cli("describe-campaign", "--name shop-home");
  REQUIRE(described.exit_code == 0);
  const JsonValue c = *json_of(described.out).find("campaign");
  CHECK(c.find("status")->as_string() == "ACTIVE");
  CHECK(c.find("minProvisionedTPS")->as_number() == 1);
  const std::string version_arn = c.find("solutionVersionArn")->as_string();
  CHECK_THAT(version_arn, Catch::StartsWith("arn:aws:personalize:us-east-1:000000000000:solution/popularity-count/sv-"));

  // A second version, then update to it with a config.
  REQUIRE(h.cli("train", "--recipe popularity-count --quiet").exit_code == 0);
  auto updated = h.cli("update-campaign",
                       "--name shop-home --solution-version latest --campaign-config " +
                           q(R"({"syncWithLatestSolutionVersion":true})"));
  INFO(updated.err);
  REQUIRE(updated.exit_code == 0);
  const JsonValue after = *json_of(h.cli("describe-campaign", "--name shop-home").out).find("campaign");
  CHECK(after.find("solutionVersionArn")->as_string() != version_arn);
  CHECK(after.find("campaignConfig")->find("syncWithLatestSolutionVersion")->as_bool());

  const JsonValue listed = json_of(h.cli("list-campaigns", "").out);
  REQUIRE(listed.find("campaigns")->items().size() == 1);
  CHECK(listed.find("campaigns")->items()[0].find("solutionVersionArn") == nullptr);  // the summary form

  REQUIRE(h.cli("delete-campaign", "--name shop-home").exit_code == 0);
  CHECK(json_of(h.cli("list-campaigns", "").out).find("campaigns")->items().empty());
  auto gone = h.cli("describe-campaign", "--name shop-home");
  CHECK(gone.exit_code == 1);
  CHECK_THAT(gone.err, Catch::Contains("NotFound: campaign shop-home does not exist"));
}

TEST_CASE("campaigns: what cannot be deployed is refused and nothing is recorded", "[campaigns]") {
  Home h;
  auto unknown = h.cli("create-campaign", "--name c1 --solution-version sv-nope");
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("solution version sv-nope is not in dataset group"));
  auto bad_config = h.cli("create-campaign", "--name c1 --solution-version latest --campaign-config " +
                                                 q(R"({"itemExplorationConfig":{"explorationWeight":"2"}})"));
  CHECK(bad_config.exit_code == 1);
  CHECK_THAT(bad_config.err, Catch::Contains("campaignConfig"));
  auto bad_name = h.cli("create-campaign", "--name 'no spaces' --solution-version latest");
  CHECK(bad_name.exit_code == 2);
  CHECK_THAT(bad_name.err, Catch::Contains("must be 1 to 63 characters"));
  CHECK(json_of(h.cli("list-campaigns", "").out).find("campaigns")->items().empty());

  // Names are unique in the home: another group beside it cannot take one.
  REQUIRE(h.cli("create-campaign", "--name c1 --solution-version latest").exit_code == 0);
  auto again = h.cli("create-campaign", "--name c1 --solution-version latest");
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::Contains("AlreadyExists: campaign c1 already exists"));
  const std::string other = h.dir.file("other");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(other)).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(other) + " --dataset interactions --csv " + q(h.dir.file("i.csv"))).exit_code == 0);
  REQUIRE(run_command(kCli + " train " + q(other) + " --recipe popularity-count --quiet").exit_code == 0);
  auto clash = run_command(kCli + " create-campaign " + q(other) + " --name c1 --solution-version latest");
  CHECK(clash.exit_code == 1);
  CHECK_THAT(clash.err, Catch::Contains("already exists in dataset group") && Catch::Contains("same home"));
}

TEST_CASE("campaigns: two processes creating one name in two groups at once, one wins", "[campaigns]") {
  Home h;
  const std::string other = h.dir.file("other");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(other)).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(other) + " --dataset interactions --csv " + q(h.dir.file("i.csv"))).exit_code == 0);
  REQUIRE(run_command(kCli + " train " + q(other) + " --recipe popularity-count --quiet").exit_code == 0);
  auto shop = edgerec::DatasetGroup::open(h.shop);
  REQUIRE(shop.ok());
  // While the home's name lock is held, both creates wait; let go, they run one after the other,
  // and the second finds the first one's campaign (checked and written under the lock).
  std::optional<edgerec::HomeNameClaim> held;
  {
    auto claim = edgerec::claim_name_in_home(*shop, "campaigns", "held", "campaign");
    REQUIRE(claim.ok());
    held.emplace(std::move(claim).value());
  }
  std::atomic<int> finished{0};
  edgerec::testing::CommandResult a;
  edgerec::testing::CommandResult b;
  std::thread in_shop([&] {
    a = run_command(kCli + " create-campaign " + q(h.shop) + " --name twin --solution-version latest");
    ++finished;
  });
  std::thread in_other([&] {
    b = run_command(kCli + " create-campaign " + q(other) + " --name twin --solution-version latest");
    ++finished;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(finished == 0);  // both wait for the lock
  held.reset();
  in_shop.join();
  in_other.join();
  INFO(a.err << b.err);
  CHECK(a.exit_code + b.exit_code == 1);  // one created it (0), the other was refused (1)
  CHECK_THAT(a.err + b.err, Catch::Contains("already exists in dataset group") && Catch::Contains("same home"));
}

TEST_CASE("campaigns: the home's region and account go into every ARN", "[campaigns]") {
  Home h;
  write_text_file(h.dir.file("edgerec-home.json"), R"({"region":"eu-west-1","accountId":"123456789012"})");
  auto created = h.cli("create-filter", "--name f1 --expression " + q(R"(INCLUDE ItemID WHERE Items.GENRE IN ($G))"));
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  CHECK(json_of(created.out).find("filterArn")->as_string() == "arn:aws:personalize:eu-west-1:123456789012:filter/f1");
  write_text_file(h.dir.file("edgerec-home.json"), R"({"region":"EU","accountId":"1"})");
  auto bad = h.cli("list-filters", "");
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("edgerec-home.json: region must be"));
}

TEST_CASE("filters: syntax checked at creation, described and listed as Personalize does", "[filters]") {
  Home h;
  auto bad = h.cli("create-filter", "--name broken --expression " + q("INCLUDE ItemID WHERE Items.GENRE LIKE 3"));
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("filter: position 34"));
  const std::string expression = R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*"))";
  REQUIRE(h.cli("create-filter", "--name unseen --expression " + q(expression)).exit_code == 0);
  const JsonValue f = *json_of(h.cli("describe-filter", "--name unseen").out).find("filter");
  CHECK(f.find("filterExpression")->as_string() == expression);
  CHECK(f.find("datasetGroupArn")->as_string() == "arn:aws:personalize:us-east-1:000000000000:dataset-group/shop");
  CHECK(json_of(h.cli("list-filters", "").out).find("Filters")->items().size() == 1);
  REQUIRE(h.cli("delete-filter", "--name unseen").exit_code == 0);
  CHECK(h.cli("delete-filter", "--name unseen").exit_code == 1);
}

TEST_CASE("event trackers: a new trackingId is accepted by put-events, a deleted one refused", "[trackers]") {
  Home h;
  auto created = h.cli("create-event-tracker", "--name web --allowed-origin https://shop.example");
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  const JsonValue t = json_of(created.out);
  const std::string tracking = t.find("trackingId")->as_string();
  CHECK_THAT(t.find("clientKey")->as_string(), Catch::StartsWith("ck-"));
  CHECK_THAT(t.find("eventTrackerArn")->as_string(),
             Catch::Equals("arn:aws:personalize:us-east-1:000000000000:event-tracker/" + tracking.substr(0, 8)));
  const JsonValue listed = json_of(h.cli("list-event-trackers", "").out);
  REQUIRE(listed.find("eventTrackers")->items().size() == 2);  // and the group's "default"
  const std::string body = R"({"trackingId":")" + tracking +
                           R"(","sessionId":"s1","userId":"u1","eventList":[{"eventType":"click","sentAt":1700000000,"itemId":"i1"}]})";
  write_text_file(h.dir.file("e.json"), body);
  auto put = h.cli("put-events", "--json " + q(h.dir.file("e.json")));
  INFO(put.err);
  CHECK(put.exit_code == 0);
  REQUIRE(h.cli("delete-event-tracker", "--name web").exit_code == 0);
  auto refused = h.cli("put-events", "--json " + q(h.dir.file("e.json")));
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("no event tracker"));
  auto bad_origin = h.cli("create-event-tracker", "--name app --allowed-origin shop.example/path");
  CHECK(bad_origin.exit_code == 1);
  CHECK_THAT(bad_origin.err, Catch::Contains("must be scheme://host[:port]"));
}
