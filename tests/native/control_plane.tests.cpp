// The control plane without HTTP: data locations (what a job may read), list paging, and
// `edgerec api` running Personalize's operations on a home with the CLI's own commands seeing the
// same resources (and the reverse). The SDK-driven tests over HTTP are js/test/control-plane-*.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "control/control_plane.h"
#include "control/data_locations.h"
#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::JsonValue;
using edgerec::StatusCode;
using edgerec::control::ControlPlane;
using edgerec::control::ControlPlaneOptions;
using edgerec::control::DataLocations;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

const std::string kGroupArn = "arn:aws:personalize:us-east-1:000000000000:dataset-group/";

}  // namespace

TEST_CASE("control plane: data locations map s3 buckets and file paths inside them, and nothing else", "[control]") {
  TempDir dir;
  std::filesystem::create_directories(dir.file("bucket/sub"));
  std::filesystem::create_directories(dir.file("outside"));
  write_text_file(dir.file("bucket/sub/i.csv"), "x\n");
  write_text_file(dir.file("outside/secret.csv"), "x\n");
  std::filesystem::create_symlink(dir.file("outside/secret.csv"), dir.file("bucket/link.csv"));
  DataLocations locations;
  REQUIRE(locations.add("data=" + dir.file("bucket")).ok());

  auto resolved = locations.resolve("s3://data/sub/i.csv", "dataLocation");
  REQUIRE(resolved.ok());
  CHECK(*resolved == std::filesystem::canonical(dir.file("bucket/sub/i.csv")).string());
  CHECK(locations.resolve("file://" + dir.file("bucket/sub/i.csv"), "dataLocation").ok());

  const auto refused = [&](const std::string& location, const std::string& why) {
    INFO(location);
    auto r = locations.resolve(location, "dataSource.dataLocation");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(r.status().message(), Catch::Contains("dataSource.dataLocation") && Catch::Contains(why));
  };
  refused("s3://data/../outside/secret.csv", "outside");
  refused("s3://data/link.csv", "outside");  // a symbolic link out of the bucket
  refused("file://" + dir.file("outside/secret.csv"), "outside");
  refused("file:///etc/passwd", "outside");
  refused("s3://other/i.csv", "bucket \"other\"");
  refused("s3://data/sub/", "folder");
  refused("s3://data/missing.csv", "no such file");
  refused("https://example.com/i.csv", "expected s3://");
  refused("file://relative/i.csv", "absolute");

  CHECK(locations.add("data=" + dir.file("outside")).code() == StatusCode::kAlreadyExists);
  CHECK(locations.add("UPPER=" + dir.file("outside")).code() == StatusCode::kInvalidInput);
  CHECK(locations.add("nodir=" + dir.file("nope")).code() == StatusCode::kInvalidInput);
  CHECK(locations.add("no-equals").code() == StatusCode::kInvalidInput);
}

TEST_CASE("control plane: List operations page with nextToken and maxResults", "[control]") {
  TempDir home;
  ControlPlaneOptions options;
  options.home = home.path();
  const ControlPlane plane(std::move(options));
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    REQUIRE(plane.call("CreateDatasetGroup", std::string("{\"name\":\"") + name + "\"}").ok());
  }
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    auto page = plane.call("ListDatasetGroups", "{\"maxResults\":2" + (token.empty() ? "" : ",\"nextToken\":\"" + token + "\"") + "}");
    REQUIRE(page.ok());
    const JsonValue json = json_of(*page);
    CHECK(json.find("datasetGroups")->items().size() <= 2);
    for (const JsonValue& g : json.find("datasetGroups")->items()) seen.push_back(g.find("name")->as_string());
    const JsonValue* next = json.find("nextToken");
    token = next != nullptr ? next->as_string() : "";
    ++pages;
  } while (!token.empty());
  CHECK(pages == 3);
  CHECK(seen == std::vector<std::string>{"a", "b", "c", "d", "e"});

  auto bad = plane.call("ListDatasetGroups", R"({"nextToken":"edgerec-page-99"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(ControlPlane::error_type(bad.status()) == "InvalidNextTokenException");
  for (const char* max : {"0", "101", "2.5", "\"3\""}) {
    auto r = plane.call("ListDatasetGroups", std::string("{\"maxResults\":") + max + "}");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Catch::Contains("maxResults"));
  }
  CHECK(ControlPlane::support("CreateSolution") == ControlPlane::Support::kSupported);
  CHECK(ControlPlane::support("CreateRecommender") == ControlPlane::Support::kNotSupported);
  CHECK(ControlPlane::support("Frobnicate") == ControlPlane::Support::kUnknown);
}

TEST_CASE("control plane: edgerec api and the CLI's commands share one store", "[control][cli]") {
  TempDir dir;
  const std::string home = dir.file("home");
  std::filesystem::create_directories(dir.file("csv"));
  std::filesystem::create_directories(home);
  REQUIRE(run_command(kCli + " synth --users 80 --items 30 --interactions 2500 --seed 3 --output " +
                      q(dir.file("csv/i.csv"))).exit_code == 0);
  const std::string api = kCli + " api --quiet --home " + q(home) + " --bucket data=" + q(dir.file("csv")) + " ";
  const auto call = [&](const std::string& operation, const std::string& body) {
    auto r = run_command(api + operation + " " + q(body));
    INFO(operation << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    return json_of(r.out);
  };
  call("CreateDatasetGroup", R"({"name":"shop"})");
  call("CreateSchema", R"({"name":"i","schema":"{\"type\":\"record\",\"name\":\"Interactions\",\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":[{\"name\":\"USER_ID\",\"type\":\"string\"},{\"name\":\"ITEM_ID\",\"type\":\"string\"},{\"name\":\"TIMESTAMP\",\"type\":\"long\"},{\"name\":\"EVENT_TYPE\",\"type\":\"string\"},{\"name\":\"EVENT_VALUE\",\"type\":[\"null\",\"float\"]}],\"version\":\"1.0\"}"})");
  const std::string dataset =
      call("CreateDataset", R"({"name":"shop-i","schemaArn":"arn:aws:personalize:us-east-1:000000000000:schema/i",)"
                            R"("datasetGroupArn":")" + kGroupArn + R"(shop","datasetType":"Interactions"})")
          .find("datasetArn")->as_string();
  // The job runs before `api` returns.
  call("CreateDatasetImportJob", R"({"jobName":"first","datasetArn":")" + dataset +
                                     R"(","dataSource":{"dataLocation":"s3://data/i.csv"}})");
  const JsonValue job = call("DescribeDatasetImportJob",
                             R"({"datasetImportJobArn":"arn:aws:personalize:us-east-1:000000000000:dataset-import-job/first"})");
  CHECK(job.find("datasetImportJob")->find("status")->as_string() == "ACTIVE");

  // A version the CLI trains belongs to the solution its recipe names, and the API lists it.
  REQUIRE(run_command(kCli + " train " + q(home + "/shop") + " --recipe popularity-count --quiet").exit_code == 0);
  const JsonValue solutions = call("ListSolutions", R"({"datasetGroupArn":")" + kGroupArn + R"(shop"})");
  REQUIRE(solutions.find("solutions")->items().size() == 1);
  CHECK(solutions.find("solutions")->items()[0].find("name")->as_string() == "popularity-count");

  // A solution the API creates is trained by it, and the CLI describes the version.
  call("CreateSolution", R"({"name":"shop-pop","datasetGroupArn":")" + kGroupArn +
                             R"(shop","recipeArn":"arn:aws:personalize:::recipe/aws-popularity-count"})");
  const std::string version =
      call("CreateSolutionVersion", R"({"solutionArn":"arn:aws:personalize:us-east-1:000000000000:solution/shop-pop"})")
          .find("solutionVersionArn")->as_string();
  const JsonValue described = json_of(run_command(kCli + " describe " + q(home + "/shop")).out);
  bool found = false;
  for (const JsonValue& v : described.find("solutionVersions")->items()) {
    if (version.size() > v.find("solutionVersionId")->as_string().size() &&
        version.substr(version.rfind('/') + 1) == v.find("solutionVersionId")->as_string()) {
      found = true;
      CHECK(v.find("status")->as_string() == "ACTIVE");
      CHECK(v.find("solution")->as_string() == "shop-pop");
    }
  }
  CHECK(found);
  const JsonValue metrics = call("GetSolutionMetrics", R"({"solutionVersionArn":")" + version + R"("})");
  CHECK(metrics.find("metrics")->find("coverage") != nullptr);

  // The CLI's campaign, on the API's version, is the API's campaign.
  REQUIRE(run_command(kCli + " create-campaign " + q(home + "/shop") + " --name shop-c --solution-version " +
                      version.substr(version.rfind('/') + 1)).exit_code == 0);
  const JsonValue campaign =
      call("DescribeCampaign", R"({"campaignArn":"arn:aws:personalize:us-east-1:000000000000:campaign/shop-c"})");
  CHECK(campaign.find("campaign")->find("solutionVersionArn")->as_string() == version);

  // Errors name the field, and unsupported or unknown operations are usage errors.
  auto bad = run_command(api + "CreateSolution " + q(R"({"name":"x","datasetGroupArn":")" + kGroupArn +
                                                      R"(shop","recipeArn":"arn:aws:personalize:::recipe/aws-nope"})"));
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("NotFound") && Catch::Contains("aws-nope"));
  CHECK(run_command(api + "CreateRecommender '{}'").exit_code == 2);
  CHECK(run_command(api + "Frobnicate").exit_code == 2);
}
