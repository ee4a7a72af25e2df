// Worker processes for background jobs (see job_runner.h).
#include "control/job_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "control/auto_training.h"
#include "control/home.h"

namespace edgerec::control {
namespace {

std::string last_line_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::string last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

std::string exit_text(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    return std::string("was killed by signal ") + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
}

// Jobs of one group that a process took over and that process is gone (a server, or a CLI
// import, that stopped or crashed), except those of `own_pids` (this runner's reaped workers,
// whose outcome it records itself). A job still waiting has no process yet, and is left to run.
Status fail_interrupted_in(DatasetGroup& group, const std::string& reason, const std::set<int64_t>& own_pids = {}) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<RunningJob> running, running_jobs(group));
  for (const RunningJob& job : running) {
    if (own_pids.count(job.pid) != 0 || process_alive(job.pid)) continue;
    EDGEREC_RETURN_IF_ERROR(fail_unfinished_job(group, job.kind, job.id, reason));
  }
  return Status::ok_status();
}

const char* const kDeadWorkerReason =
    "interrupted: the process that ran the job ended before it finished (its server stopped or crashed); "
    "create it again";

}  // namespace

Status fail_interrupted_jobs(const std::string& home_dir, const std::string& reason) {
  EDGEREC_ASSIGN_OR_RETURN(const Home home, Home::open(home_dir));
  for (const std::string& name : home.group_names()) {
    auto group = DatasetGroup::open(home.group_dir(name));
    if (!group.ok()) continue;
    EDGEREC_RETURN_IF_ERROR(fail_interrupted_in(*group, reason));
  }
  return Status::ok_status();
}

Result<std::unique_ptr<JobRunner>> JobRunner::start(JobRunnerOptions options) {
  if (options.max_jobs == 0) return invalid_input("the job runner needs at least one worker slot");
  EDGEREC_RETURN_IF_ERROR(fail_interrupted_jobs(
      options.home, "interrupted: edgerec serve stopped or restarted before the job finished; create it again"));
  std::unique_ptr<JobRunner> runner(new JobRunner());
  runner->options_ = std::move(options);
  JobRunner* self = runner.get();
  runner->thread_ = std::thread([self] { self->loop(); });
  return runner;
}

JobRunner::~JobRunner() { stop(); }

void JobRunner::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

unsigned JobRunner::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<unsigned>(workers_.size());
}

void JobRunner::log(const std::string& line) {
  if (options_.log == nullptr) return;
  std::fprintf(options_.log, "edgerec serve: %s\n", line.c_str());
  std::fflush(options_.log);
}

void JobRunner::loop() {
  // The home is scanned for pending jobs when a job was recorded (wake), a worker ended (a slot
  // freed), or every poll_seconds (jobs another process recorded); workers are reaped every
  // 200 ms while any runs, which costs a waitpid each, not a scan of every group.
  auto next_scan = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  bool scan = true;
  while (!stopping_) {
    lock.unlock();
    scan = reap(false) || scan || std::chrono::steady_clock::now() >= next_scan;
    if (!unrecorded_.empty()) record_unrecorded();
    if (scan) {
      launch_pending();
      next_scan = std::chrono::steady_clock::now() + std::chrono::seconds(options_.poll_seconds);
    }
    lock.lock();
    const unsigned idle_ms = unrecorded_.empty() ? options_.poll_seconds * 1000 : 1000;
    changed_.wait_for(lock, std::chrono::milliseconds(workers_.empty() ? idle_ms : 200),
                      [this] { return stopping_ || woken_; });
    scan = woken_;
    woken_ = false;
  }
}

bool JobRunner::reap(bool block) {
  bool any = false;
  // Only our own workers: an embedding program may have children of its own.
  std::vector<int> pids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [pid, w] : workers_) pids.push_back(pid);
  }
  for (const int pid : pids) {
    int wait_status = 0;
    if (::waitpid(pid, &wait_status, block ? 0 : WNOHANG) != pid) continue;
    Worker worker;
    bool stopping = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      worker = workers_[pid];
      workers_.erase(pid);
      stopping = stopping_;
    }
    finish(worker, wait_status, stopping);
    any = true;
  }
  return any;
}

void JobRunner::finish(const Worker& worker, int wait_status, bool stopping) {
  // A worker that recorded its outcome leaves nothing to do here; one that died mid-job is failed
  // with how it ended and the last thing it wrote.
  std::string reason = "the worker process " + exit_text(wait_status);
  const std::string last = last_line_of(worker.log_path);
  if (!last.empty()) reason += ": " + last;
  if (stopping) reason = "interrupted: edgerec serve stopped while the job ran; create it again";
  log(std::string(job_kind_name(worker.job.kind)) + " job " + worker.job.id + " of " +
      dataset_group_name(worker.job.group_dir) + " finished (" + exit_text(wait_status) + ")");
  record(worker, reason);
}

namespace {

// Fails the worker's job with `reason` unless it already ended (the worker recorded the outcome)
// or another process runs it (another server's worker won the claim).
Status fail_if_unfinished(const JobRunner::Worker& worker, const std::string& reason) {
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::open(worker.job.group_dir));
  return fail_job_of_worker(group, worker.job.kind, worker.job.id, worker.pid, reason);
}

}  // namespace

bool JobRunner::record(const Worker& worker, const std::string& reason) {
  const Status s = fail_if_unfinished(worker, reason);
  if (s.ok()) return true;
  log(std::string(job_kind_name(worker.job.kind)) + " job " + worker.job.id + " of " +
      dataset_group_name(worker.job.group_dir) + ": cannot record its outcome yet, trying again every second: " +
      s.to_string());
  // The worker's own last words may be lost with it (its log is on the same disk): what stopped
  // the recording is the likeliest reason it failed, so the job's reason says it too.
  unrecorded_.push_back({worker, reason, s.message()});
  return false;
}

void JobRunner::record_unrecorded() {
  std::vector<Unrecorded> pending;
  pending.swap(unrecorded_);
  for (const Unrecorded& u : pending) {
    const std::string reason = u.reason + " (its outcome could not be recorded then: " + u.first_failure + ")";
    if (!fail_if_unfinished(u.worker, reason).ok()) unrecorded_.push_back(u);
  }
}

void JobRunner::launch_pending() {
  auto home = Home::open(options_.home);
  if (!home.ok()) return;
  std::set<int64_t> own_pids;  // reaped workers whose outcome is still to be recorded
  for (const Unrecorded& u : unrecorded_) own_pids.insert(u.worker.pid);
  for (const std::string& name : home->group_names()) {
    std::vector<PendingJob> pending;
    {
      auto group = DatasetGroup::open(home->group_dir(name));
      if (!group.ok()) continue;
      // Another server on this home that crashed left its jobs in progress: they end here, not
      // only when some server starts. A failure is retried on the next scan.
      (void)fail_interrupted_in(*group, kDeadWorkerReason, own_pids);
      // Solutions with automatic training get their due versions, started below like any other.
      auto scheduled = record_due_automatic_versions(*group, unix_now());
      if (!scheduled.ok()) {
        log("automatic training in " + name + ": " + scheduled.status().to_string());
      } else {
        for (const PendingJob& job : *scheduled) log("automatic training: recorded solution version " + job.id + " of " + name);
      }
      auto jobs = pending_jobs(*group);
      if (!jobs.ok()) continue;
      pending = std::move(jobs).value();
    }
    for (const PendingJob& job : pending) {
      std::unique_lock<std::mutex> lock(mutex_);
      if (stopping_ || workers_.size() >= options_.max_jobs) break;
      bool started = false;
      for (const auto& [pid, w] : workers_) {
        started = started || (w.job.group_dir == job.group_dir && w.job.kind == job.kind && w.job.id == job.id);
      }
      if (started) continue;  // launched, not yet taken over by its worker
      const std::string dir = job.group_dir + "/jobs";
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      Worker worker{job, dir + "/" + job_kind_name(job.kind) + "-" + job.id + ".log", 0};
      // Everything the child needs is built before fork: after it, only async-signal-safe calls.
      const std::vector<std::string> args = {"edgerec", "run-job", job.group_dir, job_kind_name(job.kind), job.id};
      std::vector<char*> argv;
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      const pid_t parent = ::getpid();
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);  // the server died before prctl took effect
        // `edgerec serve` blocks SIGTERM and SIGINT in its threads (one thread takes them with
        // sigwait), and a blocked mask survives exec: unblocked, the worker can be stopped
        // (StopSolutionVersionCreation, the server's own stop) instead of running to its end.
        sigset_t none;
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        // Appended to, not truncated: two servers' workers racing for one job share its log, and
        // the loser's one line must not wipe the winner's output.
        const int log_fd = ::open(worker.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
        if (log_fd >= 0) {
          ::dup2(log_fd, STDOUT_FILENO);
          ::dup2(log_fd, STDERR_FILENO);
        }
        ::execv(options_.worker_executable.c_str(), argv.data());
        ::_exit(127);
      }
      if (pid < 0) {
        lock.unlock();
        log("cannot start a worker: fork failed");
        return;
      }
      worker.pid = pid;
      workers_[pid] = worker;
      lock.unlock();
      log("started " + std::string(job_kind_name(job.kind)) + " job " + job.id + " of " + name + " (worker " +
          std::to_string(pid) + ", log " + worker.log_path + ")");
    }
  }
}

void JobRunner::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::map<int, Worker> left;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    left = workers_;
  }
  for (const auto& [pid, w] : left) ::kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (running() > 0 && std::chrono::steady_clock::now() < deadline) {
    reap(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [pid, w] : workers_) ::kill(pid, SIGKILL);
  }
  while (running() > 0) reap(true);
  // Still unrecordable: the next start fails these jobs (no live process runs them).
  record_unrecorded();
}

}  // namespace edgerec::control
