// CreateDatasetImportJob, DescribeDatasetImportJob, ListDatasetImportJobs: import jobs
// (store/import_job.h) under ARNs dataset-import-job/NAME. Create records the job CREATE PENDING
// and returns; a worker runs it (job_runner.h), taking the row over.
#include "control/dataset_resources.h"
#include "control/operations.h"
#include "store/home_names.h"
#include "store/import_job.h"

namespace edgerec::control {
namespace {

constexpr const char* kSelect =
    "SELECT job_name, dataset_type, mode, source, status, created_at, coalesce(finished_at, updated_at, created_at), "
    "message, data_location, role_arn FROM import_jobs";

std::string job_json(const Home& home, const std::string& group_name, const sql::Statement& s, bool summary) {
  const std::string status = s.column_text(4);
  JsonWriter w;
  w.begin_object();
  w.key("jobName");
  w.string(s.column_text(0));
  w.key("datasetImportJobArn");
  w.string(home.arn("dataset-import-job/" + s.column_text(0)));
  if (!summary) {
    auto type = parse_dataset_type(s.column_text(1));
    w.key("datasetArn");
    w.string(dataset_arn(home, group_name, type.ok() ? *type : DatasetType::kInteractions));
    w.key("dataSource");
    w.begin_object();
    w.key("dataLocation");
    w.string(s.column_is_null(8) ? "file://" + s.column_text(3) : s.column_text(8));
    w.end_object();
    if (!s.column_is_null(9)) {
      w.key("roleArn");
      w.string(s.column_text(9));
    }
  }
  w.key("status");
  w.string(status);
  w.key("creationDateTime");
  w.integer(s.column_int(5));
  w.key("lastUpdatedDateTime");
  w.integer(s.column_int(6));
  if (status == "CREATE FAILED" && !s.column_is_null(7)) {
    w.key("failureReason");
    w.string(s.column_text(7));
  }
  w.key("importMode");
  w.string(s.column_text(2));
  w.end_object();
  return w.take();
}

}  // namespace

Result<std::string> create_dataset_import_job(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, r.required_string("jobName"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(name, "jobName"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string dataset, r.required_string("datasetArn"));
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue* source, r.optional_object("dataSource"));
  if (source == nullptr) return constraint_error("dataSource", "Member must not be null");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> location,
                           string_member(*source, "dataLocation", "dataSource"));
  if (!location) return constraint_error("dataSource.dataLocation", "Member must not be null");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> role, r.optional_string("roleArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> mode_text, r.optional_string("importMode"));
  EDGEREC_ASSIGN_OR_RETURN(const ImportMode mode, parse_import_mode(mode_text.value_or("FULL")));
  EDGEREC_ASSIGN_OR_RETURN(DatasetRef ref, dataset_of_arn(c.home, dataset, "datasetArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string path, c.locations.resolve(*location, "dataSource.dataLocation"));

  sql::Database& db = ref.group.db();
  // Held until the job's row is committed (the end of this call).
  EDGEREC_ASSIGN_OR_RETURN(const HomeNameClaim claim,
                           claim_name_in_home(ref.group, "import_jobs", name, "dataset import job", "job_name"));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement named, db.prepare("SELECT 1 FROM import_jobs WHERE job_name = ?"));
  named.bind_text(1, name);
  EDGEREC_ASSIGN_OR_RETURN(const bool taken, named.step());
  if (taken) return already_exists("dataset import job " + name + " already exists");
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement busy, db.prepare("SELECT job_name FROM import_jobs WHERE dataset_type = ? AND "
                                                           "status IN ('CREATE PENDING', 'CREATE IN_PROGRESS')"));
  busy.bind_text(1, dataset_type_name(ref.type));
  EDGEREC_ASSIGN_OR_RETURN(const bool running, busy.step());
  if (running) {
    return failed_precondition("dataset " + dataset + " is in use: import job " + busy.column_text(0) +
                               " has not finished; one import job per dataset runs at a time");
  }
  busy.reset();
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement insert,
                           db.prepare("INSERT INTO import_jobs(job_name, dataset_type, mode, source, status, created_at, "
                                      "updated_at, data_location, role_arn) VALUES (?, ?, ?, ?, 'CREATE PENDING', ?, ?, ?, ?)"));
  const int64_t now = unix_now();
  insert.bind_text(1, name);
  insert.bind_text(2, dataset_type_name(ref.type));
  insert.bind_text(3, import_mode_name(mode));
  insert.bind_text(4, path);
  insert.bind_int(5, now);
  insert.bind_int(6, now);
  insert.bind_text(7, *location);
  insert.bind_optional_text(8, role);
  EDGEREC_RETURN_IF_ERROR(insert.run());
  const int64_t job_id = db.last_insert_rowid();
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  if (c.job_recorded) c.job_recorded(PendingJob{ref.group.dir(), JobKind::kImport, std::to_string(job_id), now});
  return arn_response("datasetImportJobArn", c.home.arn("dataset-import-job/" + name));
}

Result<std::string> describe_dataset_import_job(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetImportJobArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, c.home.arn_path(arn, "datasetImportJobArn", "dataset-import-job"));
  EDGEREC_ASSIGN_OR_RETURN(
      const std::string body,
      job_by_name(c.home, std::string(kSelect) + " WHERE job_name = ?1 ORDER BY job_id DESC", name,
                  [&](const std::string& group, const sql::Statement& row) { return job_json(c.home, group, row, false); },
                  "dataset import job", arn));
  return "{\"datasetImportJob\":" + body + "}";
}

Result<std::string> list_dataset_import_jobs(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> dataset, r.optional_string("datasetArn"));
  std::vector<std::string> items;
  const auto add_jobs = [&](DatasetGroup& g, const std::string& group_name, const std::string& type) -> Status {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, g.db().prepare(std::string(kSelect) +
                                                               (type.empty() ? "" : " WHERE dataset_type = ?") +
                                                               " ORDER BY job_id DESC"));
    if (!type.empty()) s.bind_text(1, type);
    for (;;) {
      EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
      if (!row) break;
      items.push_back(job_json(c.home, group_name, s, true));
    }
    return Status::ok_status();
  };
  if (dataset) {
    EDGEREC_ASSIGN_OR_RETURN(DatasetRef ref, dataset_of_arn(c.home, *dataset, "datasetArn"));
    EDGEREC_RETURN_IF_ERROR(add_jobs(ref.group, ref.group_name, dataset_type_name(ref.type)));
  } else {
    EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(
        std::nullopt, [&](DatasetGroup& group, const std::string& name) { return add_jobs(group, name, ""); }));
  }
  return list_response(r, "datasetImportJobs", items);
}

}  // namespace edgerec::control
