// CreateSolutionVersion, DescribeSolutionVersion, ListSolutionVersions,
// StopSolutionVersionCreation, GetSolutionMetrics. A version is recorded CREATE PENDING and
// trained by a worker (job_runner.h); Describe shows its status, progress and failure reason.
#include <csignal>

#include "control/operations.h"
#include "control/recipes.h"
#include "control/solution_resources.h"
#include "train/solution_writer.h"

namespace edgerec::control {

std::string solution_version_arn(const Home& home, const SolutionVersionRecord& v) {
  return home.arn("solution/" + v.solution + "/" + v.id);
}

Result<SolutionVersionRef> solution_version_of_arn(const Home& home, std::string_view arn, std::string_view field) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string path, home.arn_path(arn, field, "solution"));
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) {
    return invalid_input(std::string(field) + " " + std::string(arn) + " is a solution's ARN, not a solution version's");
  }
  const std::string id = path.substr(slash + 1);
  EDGEREC_ASSIGN_OR_RETURN(
      auto found, home.find_resource<SolutionVersionRecord>([&](DatasetGroup& g) { return find_solution_version(g, id); },
                                                            "solution version", arn));
  if (found.second.solution != path.substr(0, slash)) return not_found("solution version " + std::string(arn) + " does not exist");
  return SolutionVersionRef{std::move(found.first), std::move(found.second)};
}

void write_version_summary_fields(JsonWriter& w, const Home& home, const SolutionVersionRecord& v) {
  w.key("solutionVersionArn");
  w.string(solution_version_arn(home, v));
  w.key("status");
  w.string(v.status);
  w.key("trainingMode");
  w.string(v.training_mode);
  w.key("trainingType");
  w.string(v.training_type);
  w.key("creationDateTime");
  w.integer(v.created_at);
  w.key("lastUpdatedDateTime");
  w.integer(v.updated_at);
  if (v.failure_reason) {
    w.key("failureReason");
    w.string(*v.failure_reason);
  }
}

Result<std::string> create_solution_version(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("solutionArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> mode_text, r.optional_string("trainingMode"));
  const std::string mode = mode_text.value_or("FULL");
  if (mode != "FULL" && mode != "UPDATE") {
    return constraint_error("trainingMode", "Member must be FULL or UPDATE (edgerec has no AUTOTRAIN)");
  }
  EDGEREC_ASSIGN_OR_RETURN(SolutionRef ref, solution_of_arn(c.home, arn, "solutionArn"));
  EDGEREC_ASSIGN_OR_RETURN(const TrainingPlan plan, training_plan(ref.solution));
  (void)plan;
  std::optional<std::string> base;
  if (mode == "UPDATE") {
    EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionVersionRecord> latest,
                             latest_active_version(ref.group, ref.solution.name));
    if (!latest) {
      return invalid_input("trainingMode UPDATE refreshes the solution's latest ACTIVE version; solution " +
                           ref.solution.name + " has none: train a FULL one first");
    }
    base = latest->id;
  }
  SolutionVersionRecord v;
  v.id = new_solution_version_id();
  v.solution = ref.solution.name;
  EDGEREC_RETURN_IF_ERROR(insert_pending_solution_version(ref.group, ref.solution, v.id, mode, base));
  if (c.job_recorded) c.job_recorded(PendingJob{ref.group.dir(), JobKind::kSolutionVersion, v.id, unix_now()});
  return arn_response("solutionVersionArn", solution_version_arn(c.home, v));
}

Result<std::string> describe_solution_version(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(SolutionVersionRef ref, solution_version_of_arn(c.home, arn, "solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionRecord> solution, find_solution(ref.group, ref.version.solution));
  const SolutionVersionRecord& v = ref.version;
  JsonWriter w;
  w.begin_object();
  w.key("solutionVersion");
  w.begin_object();
  write_version_summary_fields(w, c.home, v);
  w.key("solutionArn");
  w.string(solution_arn(c.home, v.solution));
  w.key("recipeArn");
  w.string(recipe_arn(v.recipe));
  w.key("datasetGroupArn");
  w.string(c.home.arn("dataset-group/" + dataset_group_name(ref.group.dir())));
  if (solution) {
    w.key("performHPO");
    w.boolean(solution->perform_hpo);
    w.key("performAutoML");
    w.boolean(solution->perform_auto_ml);
    if (solution->event_type) {
      w.key("eventType");
      w.string(*solution->event_type);
    }
    w.key("solutionConfig");
    w.raw(solution->solution_config);
  }
  if (v.status == "ACTIVE") {
    w.key("trainingHours");
    w.number(static_cast<double>(v.updated_at - v.created_at) / 3600.0);
  }
  // Not Personalize's: what the worker is doing (the SDKs drop fields they do not know).
  if (v.progress) {
    w.key("edgerecProgress");
    w.string(*v.progress);
  }
  w.end_object();
  w.end_object();
  return w.take();
}

Result<std::string> list_solution_versions(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> arn, r.optional_string("solutionArn"));
  std::optional<SolutionRef> solution;
  if (arn) {
    EDGEREC_ASSIGN_OR_RETURN(SolutionRef ref, solution_of_arn(c.home, *arn, "solutionArn"));
    solution.emplace(std::move(ref));
  }
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(std::nullopt, [&](DatasetGroup& g, const std::string&) -> Status {
    if (solution && g.dir() != solution->group.dir()) return Status::ok_status();
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<SolutionVersionRecord> versions,
                             edgerec::list_solution_versions(g, solution ? solution->solution.name : ""));
    for (const SolutionVersionRecord& v : versions) {
      JsonWriter w;
      w.begin_object();
      write_version_summary_fields(w, c.home, v);
      w.end_object();
      items.push_back(w.take());
    }
    return Status::ok_status();
  }));
  return list_response(r, "solutionVersions", items);
}

Result<std::string> stop_solution_version_creation(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(SolutionVersionRef ref, solution_version_of_arn(c.home, arn, "solutionVersionArn"));
  const std::string& id = ref.version.id;
  // Each step is one atomic transition, so a worker that takes the version over meanwhile is seen:
  // a version not started is stopped at once; a training one is STOPPING until its worker ends
  // (whoever reaps it records CREATE STOPPED).
  const auto moved = [&](const char* from, const char* to, const char* reason) -> Result<bool> {
    Status s = transition_solution_version(ref.group, id, {from}, to, std::string(reason));
    if (s.code() == StatusCode::kFailedPrecondition) return false;
    EDGEREC_RETURN_IF_ERROR(s);
    return true;
  };
  EDGEREC_ASSIGN_OR_RETURN(const bool stopped, moved("CREATE PENDING", "CREATE STOPPED", "stopped before training began"));
  if (stopped) return std::string("{}");
  EDGEREC_ASSIGN_OR_RETURN(const bool stopping,
                           moved("CREATE IN_PROGRESS", "CREATE STOPPING", "stopped by StopSolutionVersionCreation"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionVersionRecord> current, find_solution_version(ref.group, id));
  if (!stopping) {
    return invalid_input("solution version " + arn + " is " + (current ? current->status : ref.version.status) +
                         "; only a version in CREATE PENDING or CREATE IN_PROGRESS can be stopped");
  }
  // The pid the worker recorded when it took the version over.
  if (current && current->pid > 0 && process_alive(current->pid)) ::kill(static_cast<pid_t>(current->pid), SIGTERM);
  return std::string("{}");
}

Result<std::string> get_solution_metrics(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(SolutionVersionRef ref, solution_version_of_arn(c.home, arn, "solutionVersionArn"));
  if (ref.version.status != "ACTIVE") {
    return failed_precondition("solution version " + arn + " is " + ref.version.status + "; its metrics come once it is ACTIVE");
  }
  JsonWriter w;
  w.begin_object();
  w.key("solutionVersionArn");
  w.string(arn);
  w.key("metrics");
  w.begin_object();
  if (ref.version.metrics) {
    auto metrics = parse_json(*ref.version.metrics, "metrics");
    if (metrics.ok() && metrics->is_object()) {
      for (const auto& [name, value] : metrics->members()) {
        if (!value.is_number()) continue;  // a metric that could not be computed is left out
        w.key(name);
        w.number(value.as_number());
      }
    }
  }
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace edgerec::control
