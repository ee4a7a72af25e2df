// The server's HomeCatalog over its store interfaces (server/store/group_store.h): campaigns
// that sync with the latest version move to each new one, in the store and in what is served;
// a swapped-out model lives while a request holds it and is freed after; a group whose store
// cannot be opened is reported and tried again.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "edgerec/json.h"
#include "server/home_catalog.h"
#include "server/store/sqlite_home_store.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::JsonValue;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

// HOME/shop with interactions and one popularity-count version.
struct Home {
  TempDir dir;
  std::string home = dir.path();
  std::string shop = dir.file("shop");

  Home() {
    REQUIRE(run_command(kCli + " synth --users 80 --items 30 --interactions 2000 --seed 4 --output " +
                        q(dir.file("i.csv")))
                .exit_code == 0);
    REQUIRE(run_command(kCli + " create-dataset-group " + q(shop)).exit_code == 0);
    REQUIRE(run_command(kCli + " import " + q(shop) + " --dataset interactions --csv " + q(dir.file("i.csv"))).exit_code == 0);
    train();
  }
  void train() const { REQUIRE(run_command(kCli + " train " + q(shop) + " --recipe popularity-count --quiet").exit_code == 0); }
  edgerec::testing::CommandResult cli(const std::string& command, const std::string& args) const {
    return run_command(kCli + " " + command + " " + q(shop) + " " + args);
  }
};

// The SQLite home, except that opening a group fails while `fail_opens` is set.
class FlakyHome final : public edgerec::server::HomeStore {
 public:
  explicit FlakyHome(std::unique_ptr<edgerec::server::HomeStore> real) : real_(std::move(real)) {}
  std::atomic<bool> fail_opens{true};

  const std::string& location() const override { return real_->location(); }
  edgerec::Result<edgerec::HomeIdentity> identity() override { return real_->identity(); }
  edgerec::Result<std::vector<std::string>> list_groups() override { return real_->list_groups(); }
  edgerec::Result<std::unique_ptr<edgerec::server::GroupStore>> open_group(const std::string& name) override {
    if (fail_opens) return edgerec::io_error("the store is unreachable");
    return real_->open_group(name);
  }

 private:
  std::unique_ptr<edgerec::server::HomeStore> real_;
};

}  // namespace

TEST_CASE("home catalog: a synced campaign moves to each new version, in the store and served", "[server]") {
  Home h;
  REQUIRE(h.cli("create-campaign", "--name shop-live --solution-version latest --campaign-config " +
                                       q(R"({"syncWithLatestSolutionVersion":true})"))
              .exit_code == 0);
  REQUIRE(h.cli("create-campaign", "--name shop-pinned --solution-version latest").exit_code == 0);
  auto catalog = edgerec::server::HomeCatalog::open(h.home);
  INFO(catalog.status().to_string());
  REQUIRE(catalog.ok());
  auto before = (*catalog)->snapshot();
  REQUIRE(before->campaigns.count("shop-live") == 1);
  const std::string first = before->campaigns.at("shop-live")->solution_version_arn;
  CHECK(before->problems.empty());

  // A request in flight holds the old snapshot, and with it the old model.
  std::weak_ptr<edgerec::Runtime> old_model = before->campaigns.at("shop-live")->runtime;
  h.train();
  REQUIRE((*catalog)->refresh().ok());
  auto after = (*catalog)->snapshot();
  const std::string second = after->campaigns.at("shop-live")->solution_version_arn;
  CHECK(second != first);
  CHECK(after->campaigns.at("shop-pinned")->solution_version_arn == first);  // not synced: stays
  CHECK((*catalog)->swaps() == 1);
  // What the store records moved too (describe-campaign reads the store, not the server).
  const JsonValue described = json_of(h.cli("describe-campaign", "--name shop-live").out);
  CHECK(described.find("campaign")->find("solutionVersionArn")->as_string() == second);

  REQUIRE(!old_model.expired());
  auto held = old_model.lock();
  CHECK(held->get_recommendations_json(R"({"userId":"u1","numResults":3})").ok());
  held.reset();
  before.reset();
  CHECK(old_model.expired());  // freed once the last request that held it ended

  // Nothing new: nothing is redeployed.
  REQUIRE((*catalog)->refresh().ok());
  CHECK((*catalog)->snapshot()->campaigns.at("shop-live") == after->campaigns.at("shop-live"));
  CHECK((*catalog)->swaps() == 1);
}

TEST_CASE("home catalog: a group whose store cannot be opened is reported, then served once it can", "[server]") {
  Home h;
  REQUIRE(h.cli("create-campaign", "--name shop-pop --solution-version latest").exit_code == 0);
  auto real = edgerec::server::SqliteHomeStore::open(h.home);
  REQUIRE(real.ok());
  auto flaky = std::make_unique<FlakyHome>(std::move(real).value());
  FlakyHome* store = flaky.get();
  auto catalog = edgerec::server::HomeCatalog::open(std::move(flaky));
  REQUIRE(catalog.ok());
  auto snap = (*catalog)->snapshot();
  CHECK(snap->campaigns.empty());
  REQUIRE(snap->problems.size() == 1);
  CHECK_THAT(snap->problems[0], Catch::Contains("dataset group shop") && Catch::Contains("the store is unreachable"));

  store->fail_opens = false;
  REQUIRE((*catalog)->refresh().ok());
  snap = (*catalog)->snapshot();
  CHECK(snap->problems.empty());
  CHECK(snap->campaigns.count("shop-pop") == 1);
  CHECK(snap->groups.count("shop") == 1);
}

TEST_CASE("home catalog: a home that is not a directory is refused by name", "[server]") {
  auto missing = edgerec::server::HomeCatalog::open("/nonexistent/edgerec-home");
  REQUIRE(!missing.ok());
  CHECK_THAT(missing.status().message(), Catch::Contains("/nonexistent/edgerec-home: not a directory"));
}
