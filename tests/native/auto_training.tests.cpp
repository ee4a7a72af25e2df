// Automatic training (control/auto_training.h): the schedule's expression, CreateSolution's and
// UpdateSolution's performAutoTraining, when a solution's automatic versions are due (the clock
// passed in, the store real), and a runner that records and trains one.
#include <catch2/catch.hpp>

#include <string>

#include "control/auto_training.h"
#include "store/dataset_group.h"
#include "store/solutions.h"
#include "support/jobs_home.h"

using edgerec::JsonValue;
using edgerec::StatusCode;
using edgerec::control::parse_scheduling_expression;
using edgerec::control::record_due_automatic_versions;
using edgerec::testing::JobsHome;
using edgerec::testing::wait_until;

namespace {

constexpr int64_t kDay = 86400;

// The solution's stored record (its creation time and automatic training).
edgerec::SolutionRecord solution_of(const JobsHome& h) {
  auto group = edgerec::DatasetGroup::open(h.shop);
  REQUIRE(group.ok());
  auto found = edgerec::find_solution(*group, "shop-up");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  return **found;
}

// The automatic versions recorded at `now`: their ids.
std::vector<std::string> due_at(const JobsHome& h, int64_t now) {
  auto group = edgerec::DatasetGroup::open(h.shop);
  REQUIRE(group.ok());
  auto recorded = record_due_automatic_versions(*group, now);
  INFO(recorded.status().to_string());
  REQUIRE(recorded.ok());
  std::vector<std::string> ids;
  for (const auto& job : *recorded) ids.push_back(job.id);
  return ids;
}

// Ends version `id` (as a worker would, with a failure: the schedule counts any outcome).
void finish(const JobsHome& h, const std::string& id) {
  auto group = edgerec::DatasetGroup::open(h.shop);
  REQUIRE(group.ok());
  REQUIRE(edgerec::transition_solution_version(*group, id, {"CREATE PENDING"}, "CREATE FAILED", std::string("test")).ok());
}

}  // namespace

TEST_CASE("auto training: rate(N days) with N from 1 to 30, and nothing else", "[auto-training]") {
  CHECK(*parse_scheduling_expression("rate(1 day)", "f") == 1);
  CHECK(*parse_scheduling_expression("rate(7 days)", "f") == 7);
  CHECK(*parse_scheduling_expression("rate(30 days)", "f") == 30);
  for (const char* bad : {"rate(0 days)", "rate(31 days)", "rate(7 hours)", "rate(7days)", "rate( 7 days)", "rate(x days)",
                          "rate(7 days", "", "cron(0 0 * * ? *)", "rate(0007 days)"}) {
    INFO(bad);
    auto parsed = parse_scheduling_expression(bad, "solutionConfig.autoTrainingConfig.schedulingExpression");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(parsed.status().message(), Catch::Contains("schedulingExpression") && Catch::Contains("rate(N days)"));
  }
}

TEST_CASE("auto training: CreateSolution turns it on by default, checks the schedule, Describe says so", "[auto-training]") {
  JobsHome h(R"("hpo_trials":"1")", JobsHome::Size::kSmall);
  const JsonValue on = *h.call("DescribeSolution", R"({"solutionArn":")" + h.solution_arn + "\"}").find("solution");
  CHECK(on.find("performAutoTraining")->as_bool());
  const std::string group = edgerec::testing::kGroupArn;
  const std::string recipe = edgerec::testing::kRecipe;
  auto refused = h.plane.call("CreateSolution", R"({"name":"weekly","datasetGroupArn":")" + group + R"(","recipeArn":")" +
                                                    recipe + R"(","solutionConfig":{"autoTrainingConfig":)"
                                                    R"j({"schedulingExpression":"rate(2 weeks)"}}})j");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(refused.status().message(), Catch::Contains("rate(2 weeks)"));
  CHECK_FALSE(h.plane.call("DescribeSolution", R"({"solutionArn":"arn:aws:personalize:us-east-1:000000000000:solution/weekly"})").ok());
  h.call("CreateSolution", R"({"name":"manual","performAutoTraining":false,"datasetGroupArn":")" + group + R"(","recipeArn":")" +
                               recipe + "\"}");
  const JsonValue off = *h.call("DescribeSolution", R"({"solutionArn":"arn:aws:personalize:us-east-1:000000000000:solution/manual"})")
                             .find("solution");
  CHECK_FALSE(off.find("performAutoTraining")->as_bool());
}

TEST_CASE("auto training: the first version an hour after creation, then one per period after the newest", "[auto-training]") {
  JobsHome h(R"("hpo_trials":"1")", JobsHome::Size::kSmall);
  h.call("UpdateSolution", R"({"solutionArn":")" + h.solution_arn +
                               R"j(","solutionUpdateConfig":{"autoTrainingConfig":{"schedulingExpression":"rate(2 days)"}}})j");
  const int64_t t0 = solution_of(h).auto_training_since;
  CHECK(due_at(h, t0 + 600).empty());
  const std::vector<std::string> first = due_at(h, t0 + 3601);
  REQUIRE(first.size() == 1);
  CHECK(due_at(h, t0 + 3601).empty());  // one version of a solution at a time
  const std::string arn = h.solution_arn + "/" + first[0];
  const JsonValue v = h.describe(arn);
  CHECK(v.find("status")->as_string() == "CREATE PENDING");
  CHECK(v.find("trainingMode")->as_string() == "FULL");
  CHECK(v.find("trainingType")->as_string() == "AUTOMATIC");
  finish(h, first[0]);
  const auto created = static_cast<int64_t>(h.describe(arn).find("creationDateTime")->as_number());
  CHECK(due_at(h, created + 2 * kDay - 1).empty());
  const std::vector<std::string> second = due_at(h, created + 2 * kDay);
  REQUIRE(second.size() == 1);
  finish(h, second[0]);
  // A manual version counts too: the next automatic one is a period after it.
  const std::string manual = h.create_version();
  CHECK(h.describe(manual).find("trainingType")->as_string() == "MANUAL");
  finish(h, edgerec::testing::version_id_of(manual));
  const auto manual_at = static_cast<int64_t>(h.describe(manual).find("creationDateTime")->as_number());
  CHECK(due_at(h, manual_at + 2 * kDay - 1).empty());
  CHECK(due_at(h, manual_at + 2 * kDay).size() == 1);
}

TEST_CASE("auto training: UpdateSolution turns it off and on, and a version made within the hour skips the first", "[auto-training]") {
  JobsHome h(R"("hpo_trials":"1")", JobsHome::Size::kSmall);
  h.call("UpdateSolution", R"({"solutionArn":")" + h.solution_arn + R"(","performAutoTraining":false})");
  const JsonValue off = *h.call("DescribeSolution", R"({"solutionArn":")" + h.solution_arn + "\"}").find("solution");
  CHECK_FALSE(off.find("performAutoTraining")->as_bool());
  const JsonValue* update = off.find("latestSolutionUpdate");
  REQUIRE(update != nullptr);
  CHECK(update->find("status")->as_string() == "ACTIVE");
  CHECK_FALSE(update->find("performAutoTraining")->as_bool());
  const int64_t t0 = solution_of(h).created_at;
  CHECK(due_at(h, t0 + 100 * kDay).empty());

  // On again: counted from now. A version created within the hour skips the first automatic one.
  h.call("UpdateSolution", R"({"solutionArn":")" + h.solution_arn + R"(","performAutoTraining":true})");
  const int64_t since = solution_of(h).auto_training_since;
  CHECK(since >= t0);
  const std::string manual = h.create_version();
  finish(h, edgerec::testing::version_id_of(manual));
  CHECK(due_at(h, since + 3601).empty());
  CHECK(due_at(h, since + 7 * kDay + 60).size() == 1);  // the default: rate(7 days)

  auto refused = h.plane.call("UpdateSolution", R"({"solutionArn":")" + h.solution_arn +
                                                    R"j(","solutionUpdateConfig":{"autoTrainingConfig":{"schedulingExpression":"rate(99 days)"}}})j");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidInput);
  auto unknown = h.plane.call("UpdateSolution", R"({"solutionArn":")" + h.solution_arn +
                                                    R"(","solutionUpdateConfig":{"algorithmHyperParameters":{}}})");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Catch::Contains("solutionUpdateConfig.algorithmHyperParameters"));
  // Nothing changed by the refused updates.
  CHECK_THAT(solution_of(h).solution_config, !Catch::Contains("rate(99 days)"));
}

TEST_CASE("auto training: a runner records the due version and trains it", "[auto-training][jobs]") {
  JobsHome h(R"("hpo_trials":"1","factors":"8")", JobsHome::Size::kSmall);
  {
    // Automatic training was turned on two hours ago: the first version is due.
    auto group = edgerec::DatasetGroup::open(h.shop);
    REQUIRE(group.ok());
    REQUIRE(group->db().exec("UPDATE solutions SET auto_training_since = auto_training_since - 7200").ok());
  }
  auto runner = h.start_runner();
  const auto latest = [&]() -> std::string {
    const JsonValue d = *h.call("DescribeSolution", R"({"solutionArn":")" + h.solution_arn + "\"}").find("solution");
    const JsonValue* v = d.find("latestSolutionVersion");
    return v == nullptr ? "" : v->find("status")->as_string() + " " + v->find("trainingType")->as_string();
  };
  REQUIRE(wait_until([&] { return latest() == "ACTIVE AUTOMATIC"; }, 60));
  // And no second one: the next is a week away.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const JsonValue listed = h.call("ListSolutionVersions", R"({"solutionArn":")" + h.solution_arn + "\"}");
  CHECK(listed.find("solutionVersions")->items().size() == 1);
}
