// Running one background job (see job_worker.h).
#include "control/job_worker.h"

#include <unistd.h>

#include <mutex>

#include "batch/batch_inference.h"
#include "control/recipes.h"
#include "edgerec/solution.h"
#include "events/data_deletion.h"
#include "io/file_io.h"
#include "store/campaigns.h"
#include "store/filters.h"
#include "store/import_job.h"
#include "store/solutions.h"
#include "store/training_source.h"
#include "train/progress.h"
#include "train/recipe.h"
#include "train/training_data.h"
#include "train/update_mode.h"

namespace edgerec::control {
namespace {

// Progress lines of the training this process runs, recorded for DescribeSolutionVersion. The
// trainer reports through a plain function pointer, so the target lives here.
std::mutex g_progress_mutex;
DatasetGroup* g_progress_group = nullptr;
std::string g_progress_version;

void record_progress(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_progress_mutex);
  if (g_progress_group != nullptr) (void)record_solution_version_progress(*g_progress_group, g_progress_version, line);
}

struct ProgressTarget {
  ProgressTarget(DatasetGroup& group, const std::string& id) {
    std::lock_guard<std::mutex> lock(g_progress_mutex);
    g_progress_group = &group;
    g_progress_version = id;
    Progress::set_listener(record_progress);
  }
  ~ProgressTarget() {
    Progress::set_listener(nullptr);
    std::lock_guard<std::mutex> lock(g_progress_mutex);
    g_progress_group = nullptr;
  }
};

Result<int64_t> job_number(const std::string& id) {
  char* end = nullptr;
  const long long n = std::strtoll(id.c_str(), &end, 10);
  if (id.empty() || *end != '\0' || n <= 0) return invalid_input("job id " + id + " is not a number");
  return static_cast<int64_t>(n);
}

Status run_import(DatasetGroup& group, const std::string& id) {
  EDGEREC_ASSIGN_OR_RETURN(const int64_t job_id, job_number(id));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("SELECT job_name, dataset_type, mode, source FROM "
                                                                 "import_jobs WHERE job_id = ? AND status = 'CREATE PENDING'"));
  s.bind_int(1, job_id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return failed_precondition("import job " + id + " is not CREATE PENDING");
  ImportJobRequest request;
  request.job_name = s.column_text(0);
  EDGEREC_ASSIGN_OR_RETURN(request.dataset, parse_dataset_type(s.column_text(1)));
  EDGEREC_ASSIGN_OR_RETURN(request.mode, parse_import_mode(s.column_text(2)));
  request.csv_path = s.column_text(3);
  request.pending_job_id = job_id;
  s.reset();
  auto result = run_import_job(group, request);
  if (!result.ok()) return fail_unfinished_job(group, JobKind::kImport, id, result.status().to_string());
  return Status::ok_status();
}

// What a solution version is trained with: the group's data, the solution's plan.
Result<std::vector<uint8_t>> train_version(DatasetGroup& group, const SolutionVersionRecord& version) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionRecord> solution, find_solution(group, version.solution));
  if (!solution) return not_found("solution " + version.solution + " no longer exists");
  EDGEREC_ASSIGN_OR_RETURN(const TrainingPlan plan, training_plan(*solution));
  EDGEREC_ASSIGN_OR_RETURN(const Recipe* recipe, find_recipe(solution->recipe));
  EDGEREC_ASSIGN_OR_RETURN(const GroupTrainingTables tables, load_group_training_tables(group));
  EDGEREC_RETURN_IF_ERROR(check_minimum_training_data(tables.interactions));
  TrainingInput input;
  input.interactions = &tables.interactions;
  input.items = tables.items ? &*tables.items : nullptr;
  input.users = tables.users ? &*tables.users : nullptr;
  EDGEREC_ASSIGN_OR_RETURN(input.hyperparameters, resolve_hyperparameters(*recipe, plan.hyperparameters));
  input.explicit_hyperparameters = hyperparameter_keys(plan.hyperparameters);
  input.events = plan.events;
  input.source = "dataset group " + group.dir() + ", solution " + solution->name;
  input.solution_version_id = version.id;
  if (version.training_mode != "UPDATE") return recipe->train(input);
  if (!version.base_solution_version_id) return invalid_input("an UPDATE version needs a base version");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionVersionRecord> base,
                           find_solution_version(group, *version.base_solution_version_id));
  if (!base || base->path.empty()) return not_found("base solution version " + *version.base_solution_version_id + " is gone");
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> base_bytes, read_file(base->path));
  auto loaded = Solution::load(base_bytes.data(), base_bytes.size());
  if (!loaded.ok()) return loaded.status().with_context(base->path);
  return train_update(input, **loaded);
}

Status run_solution_version(DatasetGroup& group, const std::string& id) {
  EDGEREC_RETURN_IF_ERROR(transition_solution_version(group, id, {"CREATE PENDING"}, "CREATE IN_PROGRESS", std::nullopt,
                                                      static_cast<int64_t>(::getpid())));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionVersionRecord> version, find_solution_version(group, id));
  if (!version) return not_found("solution version " + id + " is gone");
  Result<std::string> recorded = Status::ok_status();
  {
    ProgressTarget progress(group, id);
    auto trained = train_version(group, *version);
    recorded = trained.ok() ? record_solution_version(group, *trained) : Result<std::string>(trained.status());
  }
  if (!recorded.ok()) return fail_unfinished_job(group, JobKind::kSolutionVersion, id, recorded.status().message());
  return Status::ok_status();
}

Status run_data_deletion(DatasetGroup& group, const std::string& id) {
  EDGEREC_ASSIGN_OR_RETURN(const int64_t job_id, job_number(id));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement take, group.db().prepare("UPDATE data_deletion_jobs SET status = 'IN_PROGRESS', "
                                                                    "pid = ? WHERE job_id = ? AND status = 'PENDING'"));
  take.bind_int(1, static_cast<int64_t>(::getpid()));
  take.bind_int(2, job_id);
  EDGEREC_RETURN_IF_ERROR(take.run());
  if (group.db().changes() != 1) return failed_precondition("data deletion job " + id + " is not PENDING");
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("SELECT source FROM data_deletion_jobs WHERE job_id = ?"));
  s.bind_int(1, job_id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  const std::string source = row ? s.column_text(0) : "";
  s.reset();
  auto ids = read_user_ids_csv(source);
  if (!ids.ok()) return record_failed_deletion_job(group, 0, ids.status().message(), job_id);
  auto deleted = delete_user_data(group, *ids, job_id);
  (void)deleted;  // a failure is recorded on the job by delete_user_data
  return Status::ok_status();
}

Status run_batch_job(DatasetGroup& group, const std::string& id) {
  EDGEREC_ASSIGN_OR_RETURN(const int64_t job_id, job_number(id));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement take, group.db().prepare("UPDATE batch_jobs SET status = 'CREATE IN_PROGRESS', "
                                                                    "pid = ?, updated_at = ? WHERE job_id = ? AND "
                                                                    "status = 'CREATE PENDING'"));
  take.bind_int(1, static_cast<int64_t>(::getpid()));
  take.bind_int(2, unix_now());
  take.bind_int(3, job_id);
  EDGEREC_RETURN_IF_ERROR(take.run());
  if (group.db().changes() != 1) return failed_precondition("batch job " + id + " is not CREATE PENDING");
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("SELECT solution_version_id, filter_name, num_results, "
                                                                 "input_path, output_path, kind FROM batch_jobs WHERE "
                                                                 "job_id = ?"));
  s.bind_int(1, job_id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return not_found("batch job " + id + " is gone");
  const std::string version = s.column_text(0);
  const std::optional<std::string> filter_name = s.column_is_null(1) ? std::nullopt : std::optional<std::string>(s.column_text(1));
  BatchRunOptions options;
  options.settings.num_results = static_cast<uint32_t>(s.column_int(2));
  const std::string input = s.column_text(3);
  const std::string output = s.column_text(4);
  options.settings.kind = s.column_text(5) == "segment" ? BatchKind::kSegment : BatchKind::kInference;
  s.reset();
  const auto run = [&]() -> Result<BatchRunSummary> {
    if (filter_name) {
      EDGEREC_ASSIGN_OR_RETURN(const std::optional<FilterRecord> filter, find_filter(group, *filter_name));
      if (!filter) return not_found("filter " + *filter_name + " no longer exists");
      options.settings.filter_expression = filter->expression;
    }
    EDGEREC_ASSIGN_OR_RETURN(const std::string path, solution_version_path(group, version));
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
    auto runtime = Runtime::load(bytes.data(), bytes.size());
    if (!runtime.ok()) return runtime.status().with_context(path);
    return run_batch_inference(**runtime, input, output, options);
  };
  auto summary = run();
  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement finish,
      group.db().prepare("UPDATE batch_jobs SET status = ?, failure_reason = ?, lines = ?, failed_lines = ?, updated_at = ? "
                         "WHERE job_id = ?"));
  finish.bind_text(1, summary.ok() ? "ACTIVE" : "CREATE FAILED");
  if (summary.ok()) finish.bind_null(2);
  else finish.bind_text(2, summary.status().message());
  finish.bind_int(3, summary.ok() ? static_cast<int64_t>(summary->lines) : 0);
  finish.bind_int(4, summary.ok() ? static_cast<int64_t>(summary->failed) : 0);
  finish.bind_int(5, unix_now());
  finish.bind_int(6, job_id);
  return finish.run();
}

}  // namespace

const char* job_kind_name(JobKind kind) {
  switch (kind) {
    case JobKind::kImport: return "import";
    case JobKind::kSolutionVersion: return "solution-version";
    case JobKind::kDataDeletion: return "data-deletion";
    case JobKind::kBatch: return "batch";
  }
  return "";
}

Result<JobKind> parse_job_kind(std::string_view name) {
  for (const JobKind k : {JobKind::kImport, JobKind::kSolutionVersion, JobKind::kDataDeletion, JobKind::kBatch}) {
    if (name == job_kind_name(k)) return k;
  }
  return invalid_input("unknown job kind " + std::string(name) + " (import, solution-version, data-deletion)");
}

namespace {

// Where each kind of job keeps its rows, and which statuses mean waiting for a worker and being
// run by one: the one list pending_jobs, running_jobs and fail_job_of_worker read.
struct JobTable {
  JobKind kind;
  const char* table;
  const char* id_column;
  const char* pending;  ///< SQL list of the statuses of a job no process has taken over
  const char* running;  ///< SQL list of the statuses of a job a process (its pid) runs
};
constexpr JobTable kJobTables[] = {
    {JobKind::kImport, "import_jobs", "job_id", "'CREATE PENDING'", "'CREATE IN_PROGRESS'"},
    {JobKind::kSolutionVersion, "solution_versions", "solution_version_id", "'CREATE PENDING'",
     "'CREATE IN_PROGRESS', 'CREATE STOPPING'"},
    {JobKind::kDataDeletion, "data_deletion_jobs", "job_id", "'PENDING'", "'IN_PROGRESS'"},
    {JobKind::kBatch, "batch_jobs", "job_id", "'CREATE PENDING'", "'CREATE IN_PROGRESS'"},
};

const JobTable& job_table(JobKind kind) {
  for (const JobTable& t : kJobTables) {
    if (t.kind == kind) return t;
  }
  return kJobTables[0];  // unreachable: every kind has a table
}

}  // namespace

Result<std::vector<PendingJob>> pending_jobs(DatasetGroup& group) {
  std::vector<PendingJob> out;
  for (const JobTable& t : kJobTables) {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string("SELECT ") + t.id_column + ", created_at FROM " +
                                                                    t.table + " WHERE status IN (" + t.pending + ")"));
    for (;;) {
      EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
      if (!row) break;
      out.push_back(PendingJob{group.dir(), t.kind, s.column_text(0), s.column_int(1)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PendingJob& a, const PendingJob& b) { return a.created_at < b.created_at; });
  return out;
}

Result<std::vector<RunningJob>> running_jobs(DatasetGroup& group) {
  std::vector<RunningJob> out;
  for (const JobTable& t : kJobTables) {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string("SELECT ") + t.id_column +
                                                                    ", coalesce(pid, 0) FROM " + t.table +
                                                                    " WHERE status IN (" + t.running + ")"));
    for (;;) {
      EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
      if (!row) break;
      out.push_back(RunningJob{t.kind, s.column_text(0), s.column_int(1)});
    }
  }
  return out;
}

Status run_job(const std::string& group_dir, JobKind kind, const std::string& id) {
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::open(group_dir));
  switch (kind) {
    case JobKind::kImport: return run_import(group, id);
    case JobKind::kSolutionVersion: return run_solution_version(group, id);
    case JobKind::kDataDeletion: return run_data_deletion(group, id);
    case JobKind::kBatch: return run_batch_job(group, id);
  }
  return internal_error("unknown job kind");
}

Status fail_unfinished_job(DatasetGroup& group, JobKind kind, const std::string& id, const std::string& reason) {
  sql::Database& db = group.db();
  if (kind == JobKind::kSolutionVersion) {
    Status stopped = transition_solution_version(group, id, {"CREATE STOPPING"}, "CREATE STOPPED");
    if (stopped.ok()) return stopped;
    Status failed = transition_solution_version(group, id, {"CREATE PENDING", "CREATE IN_PROGRESS"}, "CREATE FAILED", reason);
    return failed.code() == StatusCode::kFailedPrecondition ? Status::ok_status() : failed;
  }
  EDGEREC_ASSIGN_OR_RETURN(const int64_t job_id, job_number(id));
  if (kind == JobKind::kBatch) {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, db.prepare("UPDATE batch_jobs SET status = 'CREATE FAILED', failure_reason = ?, "
                                                          "updated_at = ? WHERE job_id = ? AND status IN ('CREATE PENDING', "
                                                          "'CREATE IN_PROGRESS')"));
    s.bind_text(1, reason);
    s.bind_int(2, unix_now());
    s.bind_int(3, job_id);
    return s.run();
  }
  if (kind == JobKind::kImport) {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement state, db.prepare("SELECT status FROM import_jobs WHERE job_id = ?"));
    state.bind_int(1, job_id);
    EDGEREC_ASSIGN_OR_RETURN(const bool found, state.step());
    const std::string status = found ? state.column_text(0) : "";
    state.reset();
    if (status != "CREATE PENDING" && status != "CREATE IN_PROGRESS") return Status::ok_status();  // finished
    // An interactions job commits chunks as it goes: those become leftovers, as when a CLI
    // import is killed (store/bulk_rows.h). Then the reason replaces the generic one.
    if (status == "CREATE IN_PROGRESS") EDGEREC_RETURN_IF_ERROR(mark_job_interrupted(db, job_id));
  }
  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.prepare(kind == JobKind::kImport
                     ? "UPDATE import_jobs SET status = 'CREATE FAILED', finished_at = ?, message = ? WHERE job_id = ?"
                     : "UPDATE data_deletion_jobs SET status = 'FAILED', finished_at = ?, message = ? WHERE job_id = ? "
                       "AND status IN ('PENDING', 'IN_PROGRESS')"));
  s.bind_int(1, unix_now());
  s.bind_text(2, reason);
  s.bind_int(3, job_id);
  return s.run();
}

Status fail_job_of_worker(DatasetGroup& group, JobKind kind, const std::string& id, int64_t worker_pid,
                          const std::string& reason) {
  const JobTable& t = job_table(kind);
  // One write transaction: no other worker can take the job over between the check and the update.
  sql::Transaction txn(group.db());
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare(std::string("SELECT status IN (") + t.pending + "), coalesce(pid, 0) FROM " +
                                              t.table + " WHERE " + t.id_column + " = ?"));
  s.bind_text(1, id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  const bool waiting = row && s.column_int(0) != 0;
  const int64_t pid = row ? s.column_int(1) : 0;
  s.reset();
  if (!row) return Status::ok_status();  // deleted meanwhile
  // Taken over by another process (a worker of another server on this home): its runner, or the
  // scan for dead workers, records how that process ended.
  if (!waiting && pid != worker_pid) return Status::ok_status();
  EDGEREC_RETURN_IF_ERROR(fail_unfinished_job(group, kind, id, reason));
  return txn.commit();
}

}  // namespace edgerec::control
