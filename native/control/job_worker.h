// One background job run to its end: what a worker process (`edgerec run-job`) does for the job
// runner (job_runner.h), and what `edgerec api` does in-process for the jobs its call recorded.
//
// The worker takes the job's row over (CREATE IN_PROGRESS with its pid), runs it with the same
// code as the CLI (run_import_job, the recipes' trainers, delete_user_data) and records the
// outcome: ACTIVE, or CREATE FAILED with the reason. A worker that dies leaves the row
// IN_PROGRESS; the runner that reaps it marks it failed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/jobs.h"
#include "edgerec/status.h"
#include "store/dataset_group.h"

namespace edgerec::control {

/// The group's jobs waiting for a worker, oldest first.
Result<std::vector<PendingJob>> pending_jobs(DatasetGroup& group);

/// A job some process has taken over (in progress, or stopping), and that process's pid.
struct RunningJob {
  JobKind kind;
  std::string id;
  int64_t pid = 0;
};
/// The group's jobs that a process runs.
Result<std::vector<RunningJob>> running_jobs(DatasetGroup& group);

/// Runs the job in this process. OK when its outcome (success or failure) was recorded; an
/// error only when it could not even be taken over (not pending) or recorded.
Status run_job(const std::string& group_dir, JobKind kind, const std::string& id);

/// Marks a job that is not finished as failed with `reason` (its status after a worker died,
/// or after the server that ran it stopped); a job in CREATE STOPPING becomes CREATE STOPPED.
/// Nothing for a finished job.
Status fail_unfinished_job(DatasetGroup& group, JobKind kind, const std::string& id, const std::string& reason);

/// fail_unfinished_job for the runner that reaped `worker_pid`: only a job still waiting (the
/// worker died before taking it over) or taken over by that worker. A job another process took
/// over (another server's worker won the claim) is left to that process.
Status fail_job_of_worker(DatasetGroup& group, JobKind kind, const std::string& id, int64_t worker_pid,
                          const std::string& reason);

}  // namespace edgerec::control
