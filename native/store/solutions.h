// Solutions and their versions (Personalize's CreateSolution / CreateSolutionVersion): a solution
// holds a recipe and its configuration (the solutions table); each version is one training of
// it, recorded in solution_versions (dataset_group.h) with its status.
//
// A version requested through the control plane is recorded CREATE PENDING before a worker
// trains it (control/job_runner.h); the worker marks it CREATE IN_PROGRESS with its pid, records
// progress lines, and finally stores the file and marks it ACTIVE, or CREATE FAILED with the
// reason. `edgerec train DIR` records finished versions directly. Versions trained without a
// named solution belong to the solution their recipe names ("implicit" solutions: listed, never
// stored), so every version has a solution and an ARN arn:...:solution/SOLUTION/ID.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "store/dataset_group.h"

namespace edgerec {

struct SolutionRecord {
  std::string name;
  std::string recipe;  ///< edgerec's recipe name (train/recipe.h)
  bool perform_hpo = false;
  bool perform_auto_ml = false;
  std::optional<std::string> event_type;
  std::string solution_config = "{}";  ///< Personalize's solutionConfig, as JSON
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool implicit = false;  ///< the versions `edgerec train` recorded under their recipe's name
  /// Automatic training (control/auto_training.h): new versions on the schedule in
  /// solution_config's autoTrainingConfig, counted from auto_training_since.
  bool perform_auto_training = false;
  int64_t auto_training_since = 0;
  std::optional<int64_t> solution_updated_at;  ///< the latest UpdateSolution, if any
};

struct SolutionVersionRecord {
  std::string id;
  std::string solution;  ///< the solution's name (the recipe's for implicit solutions)
  std::string recipe;
  std::string path;      ///< the .erec file; empty until ACTIVE
  std::string status;    ///< CREATE PENDING | CREATE IN_PROGRESS | ACTIVE | CREATE FAILED | CREATE STOPPING | CREATE STOPPED
  std::string training_mode = "FULL";
  std::string training_type = "MANUAL";  ///< AUTOMATIC: created by the solution's automatic training
  std::optional<std::string> base_solution_version_id;
  std::optional<std::string> failure_reason;
  std::optional<std::string> progress;  ///< the worker's latest progress line
  std::optional<std::string> metrics;   ///< JSON object, once ACTIVE
  int64_t pid = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};


/// Records a solution. InvalidInput for a bad name; ResourceExhausted (LimitExceeded) when the
/// group has kMaxSolutionsPerGroup; AlreadyExists when this group or another of the home has one of that name.
Status insert_solution(DatasetGroup& group, const SolutionRecord& solution);
/// The solution called `name`: stored, or implicit (a recipe whose versions have no solution).
Result<std::optional<SolutionRecord>> find_solution(DatasetGroup& group, const std::string& name);
/// Stored and implicit solutions, by name.
Result<std::vector<SolutionRecord>> list_solutions(DatasetGroup& group);
/// Deletes the solution, its versions and their files. FailedPrecondition (ResourceInUse) while
/// a campaign serves one of its versions or one is being created.
Status delete_solution(DatasetGroup& group, const std::string& name);

/// Records version `id` of `solution` CREATE PENDING. FailedPrecondition (ResourceInUse) while
/// another version of it is pending or in progress, as Personalize trains one at a time.
Status insert_pending_solution_version(DatasetGroup& group, const SolutionRecord& solution, const std::string& id,
                                       const std::string& training_mode,
                                       const std::optional<std::string>& base_solution_version_id);
/// Records version `id` of `solution` CREATE PENDING as its automatic training's (FULL,
/// AUTOMATIC), unless a version of it is pending or in progress, or was created at or after
/// `none_since`: whether it was recorded. Checked and written in one transaction, so two servers
/// scheduling the same solution record one version.
Result<bool> insert_automatic_solution_version(DatasetGroup& group, const SolutionRecord& solution, const std::string& id,
                                               int64_t none_since);
/// Sets a solution's automatic training and configuration (UpdateSolution) at `now`.
/// auto_training_since moves to `now` when automatic training is turned on. NotFound if absent.
Status update_solution(DatasetGroup& group, const std::string& name, bool perform_auto_training,
                       const std::string& solution_config, int64_t now);
Result<std::optional<SolutionVersionRecord>> find_solution_version(DatasetGroup& group, const std::string& id);
/// The versions of `solution` (all of the group's when empty), newest first.
Result<std::vector<SolutionVersionRecord>> list_solution_versions(DatasetGroup& group, const std::string& solution = "");
/// The newest ACTIVE version of `solution`, if any.
Result<std::optional<SolutionVersionRecord>> latest_active_version(DatasetGroup& group, const std::string& solution);

/// Moves version `id` from one of `from` statuses to `to`, with a reason and the worker's pid
/// (0: leave as is). FailedPrecondition when it is in none of `from`.
Status transition_solution_version(DatasetGroup& group, const std::string& id, const std::vector<std::string>& from,
                                   const std::string& to, const std::optional<std::string>& failure_reason = std::nullopt,
                                   int64_t pid = 0);
Status record_solution_version_progress(DatasetGroup& group, const std::string& id, const std::string& line);

}  // namespace edgerec
