// Background jobs with several runners on one home (two `edgerec serve` on one home, or a restart):
// a runner whose worker lost the claim leaves the job to the winner, a runner that starts leaves
// waiting jobs alone and runs them, and a running runner fails a job whose process died (another
// server crashed) instead of leaving it "in progress" until some server starts. Real worker
// processes (`edgerec run-job`) and the group's SQLite store; the JS tests drive the same runner
// through `edgerec serve` and the AWS SDK.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "control/job_runner.h"
#include "store/dataset_group.h"
#include "store/sqlite.h"
#include "support/jobs_home.h"

using edgerec::control::JobRunner;
using edgerec::testing::JobsHome;
using edgerec::testing::kCli;
using edgerec::testing::version_id_of;
using edgerec::testing::wait_until;

TEST_CASE("job runners: two runners race for one pending version, and the loser leaves it to the winner", "[jobs]") {
  // The winner trains for about a second: the loser's worker has ended and been reaped by then.
  JobsHome h(R"("hpo_trials":"2")", JobsHome::Size::kLarge);
  // Two servers' runners, idle: they scan again when woken (a minute apart otherwise).
  std::unique_ptr<JobRunner> a = h.start_runner(60);
  std::unique_ptr<JobRunner> b = h.start_runner(60);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // their first scans found nothing
  const std::string version = h.create_version();
  REQUIRE(h.status(version) == "CREATE PENDING");
  {
    // Another writer holds the group's write lock, so both runners see the version pending and
    // both start a worker; the workers' claims wait for the lock, and one of them wins.
    auto blocker = edgerec::DatasetGroup::open(h.shop);
    REQUIRE(blocker.ok());
    edgerec::sql::Transaction hold(blocker->db());
    REQUIRE(hold.begin().ok());
    a->wake();
    b->wake();
    REQUIRE(wait_until([&] { return a->running() == 1 && b->running() == 1; }, 20));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }  // the lock is released here (rolled back: nothing was written)
  REQUIRE(wait_until([&] { return a->running() == 0 && b->running() == 0; }, 120));
  INFO(h.failure_reason(version));
  CHECK(h.status(version) == "ACTIVE");
  CHECK(h.failure_reason(version).empty());
}

TEST_CASE("job runners: a runner that starts runs the versions left waiting, it does not fail them", "[jobs]") {
  JobsHome h(R"("hpo_trials":"1","factors":"8")", JobsHome::Size::kSmall);
  // Recorded while no runner ran: a server stopped with versions queued, or another server's queue.
  const std::string first = h.create_version();
  auto runner = h.start_runner();
  INFO(h.failure_reason(first));
  REQUIRE(wait_until([&] { return h.status(first) == "ACTIVE" || h.status(first) == "CREATE FAILED"; }, 120));
  CHECK(h.status(first) == "ACTIVE");
}

TEST_CASE("job runners: a running runner fails a version whose worker died with another server", "[jobs]") {
  // The default search trains for several seconds: the worker is killed in the middle of it.
  JobsHome h("", JobsHome::Size::kLarge);
  const std::string version = h.create_version();
  // The worker of "another server": `edgerec run-job` taking the version over, then killed.
  const std::string group = h.shop;
  const std::string id = version_id_of(version);
  const pid_t worker = ::fork();
  REQUIRE(worker >= 0);
  if (worker == 0) {
    ::execl(kCli.c_str(), "edgerec", "run-job", group.c_str(), "solution-version", id.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  REQUIRE(wait_until([&] { return h.status(version) == "CREATE IN_PROGRESS"; }, 20));
  auto runner = h.start_runner();  // its worker lives: the start leaves the version alone
  CHECK(h.status(version) == "CREATE IN_PROGRESS");
  REQUIRE(::kill(worker, SIGKILL) == 0);
  int wait_status = 0;
  REQUIRE(::waitpid(worker, &wait_status, 0) == worker);
  runner->wake();
  REQUIRE(wait_until([&] { return h.status(version) == "CREATE FAILED"; }, 10));
  CHECK_THAT(h.failure_reason(version), Catch::Contains("interrupted"));
  // The solution takes a new version at once (one version of a solution trains at a time).
  CHECK_FALSE(h.create_version().empty());
}
