// A home for tests of background jobs (tests/native/job_runner.tests.cpp, auto_training.tests.cpp):
// HOME/shop with synthetic interactions and a user-personalization solution created through the
// control plane, whose versions wait CREATE PENDING for a runner; and a runner on the home.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "control/control_plane.h"
#include "control/job_runner.h"
#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

namespace edgerec::testing {

inline constexpr const char* kGroupArn = "arn:aws:personalize:us-east-1:000000000000:dataset-group/shop";
inline constexpr const char* kRecipe = "arn:aws:personalize:::recipe/aws-user-personalization";

struct JobsHome {
  TempDir dir;
  std::string home = dir.path();
  std::string shop = dir.file("shop");
  control::ControlPlane plane{[&] {
    control::ControlPlaneOptions options;
    options.home = home;
    return options;
  }()};
  std::string solution_arn;

  // `hyperparameters`: the solution's algorithmHyperParameters as JSON members. A larger group
  // takes about a second to train with hpo_trials 2 (several seconds with the default search).
  enum class Size { kSmall, kLarge };
  JobsHome(const std::string& hyperparameters, Size size) {
    const char* data = size == Size::kSmall ? " --users 120 --items 60 --interactions 3000"
                                            : " --users 600 --items 300 --interactions 40000";
    REQUIRE(run_command(kCli + " synth" + data + " --seed 3 --output " + q(dir.file("i.csv"))).exit_code == 0);
    REQUIRE(run_command(kCli + " create-dataset-group " + q(shop)).exit_code == 0);
    REQUIRE(run_command(kCli + " import " + q(shop) + " --dataset interactions --csv " + q(dir.file("i.csv"))).exit_code == 0);
    solution_arn = call("CreateSolution", std::string(R"({"name":"shop-up","datasetGroupArn":")") + kGroupArn +
                                              R"(","recipeArn":")" + kRecipe +
                                              R"(","solutionConfig":{"algorithmHyperParameters":{)" + hyperparameters + "}}}")
                       .find("solutionArn")
                       ->as_string();
  }

  JsonValue call(const std::string& operation, const std::string& body) const {
    auto r = plane.call(operation, body);
    INFO(operation << " " << body << ": " << r.status().to_string());
    REQUIRE(r.ok());
    return json_of(*r);
  }
  // A new version, CREATE PENDING: its ARN.
  std::string create_version() const {
    return call("CreateSolutionVersion", R"({"solutionArn":")" + solution_arn + "\"}").find("solutionVersionArn")->as_string();
  }
  JsonValue describe(const std::string& version_arn) const {
    JsonValue d = call("DescribeSolutionVersion", R"({"solutionVersionArn":")" + version_arn + "\"}");
    return *d.find("solutionVersion");
  }
  std::string status(const std::string& version_arn) const { return describe(version_arn).find("status")->as_string(); }
  std::string failure_reason(const std::string& version_arn) const {
    const JsonValue d = describe(version_arn);
    const JsonValue* reason = d.find("failureReason");
    return reason != nullptr ? reason->as_string() : "";
  }

  std::unique_ptr<control::JobRunner> start_runner(unsigned poll_seconds = 1) const {
    control::JobRunnerOptions options;
    options.home = home;
    options.worker_executable = kCli;
    options.max_jobs = 1;
    options.poll_seconds = poll_seconds;
    options.log = nullptr;
    auto runner = control::JobRunner::start(std::move(options));
    INFO(runner.status().to_string());
    REQUIRE(runner.ok());
    return std::move(runner).value();
  }
};

inline std::string version_id_of(const std::string& arn) { return arn.substr(arn.rfind('/') + 1); }

// Polls `done` every 20 ms for up to `seconds`; whether it became true.
template <typename Done>
bool wait_until(Done done, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace edgerec::testing
