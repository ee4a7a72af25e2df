// CreateBatchInferenceJob, DescribeBatchInferenceJob, ListBatchInferenceJobs and the same three
// for batch segment jobs: batch inference and segments (batch/batch_inference.h) on a solution
// version, as background jobs (the batch_jobs table, by kind) under ARNs batch-inference-job/NAME
// and batch-segment-job/NAME. The input is one JSON Lines file in a bucket; the output goes to the
// destination folder as INPUT_FILE_NAME.out, as Personalize writes it.
#include <filesystem>

#include "control/operations.h"
#include "control/solution_resources.h"
#include "edgerec/limits.h"
#include "store/filters.h"
#include "store/home_names.h"

namespace edgerec::control {
namespace {

// What differs between the two kinds of batch job: names, keys and limits.
struct BatchApi {
  const char* kind;       ///< batch_jobs.kind
  const char* arn_type;   ///< batch-inference-job
  const char* arn_field;  ///< batchInferenceJobArn
  const char* object;     ///< batchInferenceJob (Describe)
  const char* list;       ///< batchInferenceJobs (List)
  const char* what;       ///< batch inference job (messages)
  int64_t max_results;
};
const BatchApi kInference{"inference", "batch-inference-job", "batchInferenceJobArn", "batchInferenceJob",
                          "batchInferenceJobs", "batch inference job", kMaxNumResults};
const BatchApi kSegment{"segment", "batch-segment-job", "batchSegmentJobArn", "batchSegmentJob", "batchSegmentJobs",
                        "batch segment job", kMaxSegmentUsers};

constexpr const char* kSelect =
    "SELECT job_name, solution_version_id, filter_name, num_results, input_location, output_location, role_arn, status, "
    "failure_reason, created_at, updated_at, lines, failed_lines FROM batch_jobs";

// A member path of the request, e.g. jobInput.s3DataSource.path.
Result<std::string> nested_path(const Request& r, const char* outer, const char* inner) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue* object, r.optional_object(outer));
  const std::string field = std::string(outer) + "." + inner + ".path";
  const JsonValue* source = object != nullptr ? object->find(inner) : nullptr;
  if (source == nullptr || !source->is_object()) return constraint_error(field, "Member must not be null");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> path, string_member(*source, "path", std::string(outer) + "." + inner));
  if (!path) return constraint_error(field, "Member must not be null");
  return *path;
}

std::string job_json(const BatchApi& api, const Home& home, DatasetGroup& group, const sql::Statement& s, bool summary) {
  const std::string status = s.column_text(7);
  auto version = find_solution_version(group, s.column_text(1));
  JsonWriter w;
  w.begin_object();
  w.key("jobName");
  w.string(s.column_text(0));
  w.key(api.arn_field);
  w.string(home.arn(std::string(api.arn_type) + "/" + s.column_text(0)));
  if (version.ok() && *version) {
    w.key("solutionVersionArn");
    w.string(solution_version_arn(home, **version));
  }
  w.key("status");
  w.string(status);
  w.key("creationDateTime");
  w.integer(s.column_int(9));
  w.key("lastUpdatedDateTime");
  w.integer(s.column_int(10));
  if (!s.column_is_null(8)) {
    w.key("failureReason");
    w.string(s.column_text(8));
  }
  if (&api == &kInference) {
    w.key("batchInferenceJobMode");
    w.string("BATCH_INFERENCE");
  }
  if (!summary) {
    if (!s.column_is_null(2)) {
      w.key("filterArn");
      w.string(home.arn("filter/" + s.column_text(2)));
    }
    w.key("numResults");
    w.integer(s.column_int(3));
    w.key("jobInput");
    w.raw("{\"s3DataSource\":{\"path\":" + [&] { JsonWriter p; p.string(s.column_text(4)); return p.take(); }() + "}}");
    w.key("jobOutput");
    w.raw("{\"s3DataDestination\":{\"path\":" + [&] { JsonWriter p; p.string(s.column_text(5)); return p.take(); }() + "}}");
    if (!s.column_is_null(6)) {
      w.key("roleArn");
      w.string(s.column_text(6));
    }
    // Not Personalize's: how many lines the job answered, and how many with an error.
    if (!s.column_is_null(11)) {
      w.key("edgerecLines");
      w.integer(s.column_int(11));
      w.key("edgerecFailedLines");
      w.integer(s.column_int(12));
    }
  }
  w.end_object();
  return w.take();
}

Result<std::string> create_batch_job(const BatchApi& api, Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, r.required_string("jobName"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(name, "jobName"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string version_arn, r.required_string("solutionVersionArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> filter_arn, r.optional_string("filterArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<int64_t> num_results,
                           r.optional_integer("numResults", 1, api.max_results));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> role, r.optional_string("roleArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> mode, r.optional_string("batchInferenceJobMode"));
  if (&api == &kSegment && filter_arn) {
    return invalid_input("filterArn: edgerec's batch segments take no filter (segments list users; filters select items)");
  }
  if (mode && *mode != "BATCH_INFERENCE") {
    return constraint_error("batchInferenceJobMode", "Member must be BATCH_INFERENCE (edgerec has no THEME_GENERATION)");
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::string input_location, nested_path(r, "jobInput", "s3DataSource"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string output_location, nested_path(r, "jobOutput", "s3DataDestination"));
  EDGEREC_ASSIGN_OR_RETURN(SolutionVersionRef ref, solution_version_of_arn(c.home, version_arn, "solutionVersionArn"));
  if (ref.version.status != "ACTIVE") {
    return failed_precondition("solution version " + version_arn + " is " + ref.version.status + ", not ACTIVE");
  }
  std::optional<std::string> filter_name;
  if (filter_arn) {
    EDGEREC_ASSIGN_OR_RETURN(const std::string f, c.home.arn_path(*filter_arn, "filterArn", "filter"));
    EDGEREC_ASSIGN_OR_RETURN(const std::optional<FilterRecord> filter, find_filter(ref.group, f));
    if (!filter) return not_found("filter " + *filter_arn + " does not exist in the solution version's dataset group");
    filter_name = f;
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::string input, c.locations.resolve(input_location, "jobInput.s3DataSource.path"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string folder,
                           c.locations.resolve_folder(output_location, "jobOutput.s3DataDestination.path"));
  const std::string output = folder + "/" + std::filesystem::path(input).filename().string() + ".out";
  sql::Database& db = ref.group.db();
  // Held until the job's row is committed (the end of this call).
  EDGEREC_ASSIGN_OR_RETURN(const HomeNameClaim claim, claim_name_in_home(ref.group, "batch_jobs", name, api.what, "job_name"));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement named, db.prepare("SELECT 1 FROM batch_jobs WHERE job_name = ?"));
  named.bind_text(1, name);
  EDGEREC_ASSIGN_OR_RETURN(const bool taken, named.step());
  if (taken) return already_exists(std::string(api.what) + " " + name + " already exists");
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement insert,
                           db.prepare("INSERT INTO batch_jobs(kind, job_name, solution_version_id, filter_name, num_results, "
                                      "input_location, input_path, output_location, output_path, role_arn, status, "
                                      "created_at, updated_at) VALUES (?12, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                                      "'CREATE PENDING', ?10, ?11)"));
  const int64_t now = unix_now();
  insert.bind_text(1, name);
  insert.bind_text(2, ref.version.id);
  insert.bind_optional_text(3, filter_name);
  insert.bind_int(4, num_results.value_or(kDefaultNumResults));
  insert.bind_text(5, input_location);
  insert.bind_text(6, input);
  insert.bind_text(7, output_location);
  insert.bind_text(8, output);
  insert.bind_optional_text(9, role);
  insert.bind_int(10, now);
  insert.bind_int(11, now);
  insert.bind_text(12, api.kind);
  EDGEREC_RETURN_IF_ERROR(insert.run());
  const std::string job_id = std::to_string(db.last_insert_rowid());
  if (c.job_recorded) c.job_recorded(PendingJob{ref.group.dir(), JobKind::kBatch, job_id, now});
  return arn_response(api.arn_field, c.home.arn(std::string(api.arn_type) + "/" + name));
}

Result<std::string> describe_batch_job(const BatchApi& api, Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string(api.arn_field));
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, c.home.arn_path(arn, api.arn_field, api.arn_type));
  EDGEREC_ASSIGN_OR_RETURN(auto found, c.home.find_resource<std::string>(
                                           [&](DatasetGroup& g) -> Result<std::optional<std::string>> {
                                             EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                                                                      g.db().prepare(std::string(kSelect) +
                                                                                     " WHERE job_name = ?1 AND kind = ?2"));
                                             s.bind_text(1, name);
                                             s.bind_text(2, api.kind);
                                             EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
                                             if (!row) return std::optional<std::string>();
                                             return std::optional<std::string>(job_json(api, c.home, g, s, false));
                                           },
                                           api.what, arn));
  return "{\"" + std::string(api.object) + "\":" + found.second + "}";
}

Result<std::string> list_batch_jobs(const BatchApi& api, Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> version_arn, r.optional_string("solutionVersionArn"));
  std::optional<std::string> only_version;
  if (version_arn) {
    EDGEREC_ASSIGN_OR_RETURN(SolutionVersionRef ref, solution_version_of_arn(c.home, *version_arn, "solutionVersionArn"));
    only_version = ref.version.id;
  }
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(std::nullopt, [&](DatasetGroup& g, const std::string&) -> Status {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, g.db().prepare(std::string(kSelect) + " WHERE kind = ?1" +
                                                               (only_version ? " AND solution_version_id = ?2" : "") +
                                                               " ORDER BY job_id DESC"));
    s.bind_text(1, api.kind);
    if (only_version) s.bind_text(2, *only_version);
    for (;;) {
      EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
      if (!row) break;
      items.push_back(job_json(api, c.home, g, s, true));
    }
    return Status::ok_status();
  }));
  return list_response(r, api.list, items);
}

}  // namespace

Result<std::string> create_batch_inference_job(Context& c, const Request& r) { return create_batch_job(kInference, c, r); }
Result<std::string> describe_batch_inference_job(Context& c, const Request& r) {
  return describe_batch_job(kInference, c, r);
}
Result<std::string> list_batch_inference_jobs(Context& c, const Request& r) { return list_batch_jobs(kInference, c, r); }
Result<std::string> create_batch_segment_job(Context& c, const Request& r) { return create_batch_job(kSegment, c, r); }
Result<std::string> describe_batch_segment_job(Context& c, const Request& r) { return describe_batch_job(kSegment, c, r); }
Result<std::string> list_batch_segment_jobs(Context& c, const Request& r) { return list_batch_jobs(kSegment, c, r); }

}  // namespace edgerec::control
