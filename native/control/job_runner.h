// Runs the home's background jobs (job_worker.h) in worker processes under `edgerec serve`, at
// most N at a time, so a crash in training never takes the server down: each worker is
// `edgerec run-job GROUP KIND ID`, its output in GROUP/jobs/KIND-ID.log.
//
// Several servers may share a home: each scans every group for pending jobs, and a worker takes a
// job over with a conditional update, so one worker runs it; a runner whose worker lost that
// claim leaves the job to the winner. On start, and on every scan, jobs taken over by a process
// that is gone (a server that stopped or crashed, a killed CLI import) are marked failed; jobs
// still waiting are kept and run. Pending jobs start oldest first. A worker
// that exits without recording its outcome (a crash, a kill, a full disk) fails its job with the
// exit status and the log's last line; if the store cannot take that either (the disk is still
// full), the runner tries again every second until it can, so no job stays "in progress" for a
// worker that is gone. stop() ends the running workers and fails their jobs. Workers die with the
// server (PR_SET_PDEATHSIG) even when it is killed.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "control/job_worker.h"
#include "edgerec/status.h"

namespace edgerec::control {

struct JobRunnerOptions {
  std::string home;
  std::string worker_executable;  ///< the edgerec binary (`run-job`)
  unsigned max_jobs = 1;
  unsigned poll_seconds = 2;      ///< how often the home is scanned when nothing wakes the runner
  std::FILE* log = stderr;        ///< one line per job started and finished; null: none
};

class JobRunner {
 public:
  static Result<std::unique_ptr<JobRunner>> start(JobRunnerOptions options);
  ~JobRunner();

  /// A job was recorded: look for it now.
  void wake();
  /// Ends the workers (SIGTERM, then SIGKILL after a grace period), fails their jobs, returns
  /// when the runner's thread has ended. Idempotent.
  void stop();

  unsigned running() const;

  struct Worker {
    PendingJob job;
    std::string log_path;
    int64_t pid = 0;
  };

 private:
  JobRunner() = default;
  void loop();
  bool reap(bool block);  ///< whether a worker ended
  void launch_pending();
  void finish(const Worker& worker, int wait_status, bool stopping);
  /// Records an ended worker's outcome; false (kept for a retry) if the store cannot take it yet.
  bool record(const Worker& worker, const std::string& reason);
  void record_unrecorded();
  void log(const std::string& line);

  JobRunnerOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  bool woken_ = false;
  std::map<int, Worker> workers_;  // by pid; guarded by mutex_
  struct Unrecorded {
    Worker worker;
    std::string reason;
    std::string first_failure;  ///< why the first attempt to record it failed
  };
  std::vector<Unrecorded> unrecorded_;  // the reaping thread's (loop, or stop once it joined)
  std::thread thread_;
};

/// Fails every job of the home taken over by a process that is gone (what a restart finds);
/// jobs still waiting for a worker are left to run.
Status fail_interrupted_jobs(const std::string& home, const std::string& reason);

}  // namespace edgerec::control
