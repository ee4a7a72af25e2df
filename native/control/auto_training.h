// Personalize's automatic training: a solution with performAutoTraining gets a new FULL version
// (trainingType AUTOMATIC) on a schedule, `rate(N days)` with N from 1 to 30 (7 by default, in
// solutionConfig.autoTrainingConfig.schedulingExpression). The first is due an hour after
// automatic training was turned on (the solution's creation, or the UpdateSolution that turned
// it on) unless a version was created meanwhile; each next one N days after the solution's
// newest version, whichever way that was created and however it ended, so a version that fails
// is tried again a period later, not on every scan. `edgerec serve`'s job runner records the
// due versions on each scan (JobRunner::launch_pending) and trains them like any other; campaigns
// with syncWithLatestSolutionVersion then move to them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "control/jobs.h"
#include "edgerec/status.h"
#include "store/dataset_group.h"
#include "store/solutions.h"

namespace edgerec::control {

inline constexpr int kDefaultAutoTrainingDays = 7;
inline constexpr int64_t kFirstAutoTrainingDelaySeconds = 3600;

/// The days of a scheduling expression, `rate(N day)` or `rate(N days)` with N in 1..30;
/// InvalidInput naming `field` otherwise.
Result<int> parse_scheduling_expression(std::string_view expression, std::string_view field);

/// The solution's schedule in days: its solutionConfig.autoTrainingConfig.schedulingExpression,
/// or the default.
Result<int> auto_training_days(const SolutionRecord& solution);

/// When the solution's next automatic version is due (unix seconds), given its versions.
int64_t next_automatic_training(const SolutionRecord& solution, int days, const std::vector<SolutionVersionRecord>& versions);

/// Records a CREATE PENDING automatic version for each of the group's solutions that is due at
/// `now`: the jobs recorded (for the runner to start).
Result<std::vector<PendingJob>> record_due_automatic_versions(DatasetGroup& group, int64_t now);

}  // namespace edgerec::control
