// CreateDataDeletionJob, DescribeDataDeletionJob, ListDataDeletionJobs: data deletion jobs
// (events/data_deletion.h) under ARNs data-deletion-job/NAME. Create records the job PENDING;
// a worker deletes the users the CSV at dataSource.dataLocation lists.
#include "control/operations.h"
#include "store/home_names.h"

namespace edgerec::control {
namespace {

constexpr const char* kSelect =
    "SELECT coalesce(job_name, 'deletion-' || job_id), status, num_deleted, created_at, coalesce(finished_at, created_at), "
    "message, coalesce(data_location, ''), role_arn FROM data_deletion_jobs";

std::string job_json(const Home& home, const std::string& group_name, const sql::Statement& s, bool summary) {
  const std::string status = s.column_text(1);
  JsonWriter w;
  w.begin_object();
  w.key("jobName");
  w.string(s.column_text(0));
  w.key("dataDeletionJobArn");
  w.string(home.arn("data-deletion-job/" + s.column_text(0)));
  w.key("datasetGroupArn");
  w.string(home.arn("dataset-group/" + group_name));
  if (!summary) {
    w.key("dataSource");
    w.begin_object();
    w.key("dataLocation");
    w.string(s.column_text(6));
    w.end_object();
    if (!s.column_is_null(7)) {
      w.key("roleArn");
      w.string(s.column_text(7));
    }
    w.key("numDeleted");
    w.integer(s.column_int(2));
  }
  w.key("status");
  w.string(status);
  w.key("creationDateTime");
  w.integer(s.column_int(3));
  w.key("lastUpdatedDateTime");
  w.integer(s.column_int(4));
  if (status == "FAILED" && !s.column_is_null(5)) {
    w.key("failureReason");
    w.string(s.column_text(5));
  }
  w.end_object();
  return w.take();
}

}  // namespace

Result<std::string> create_data_deletion_job(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, r.required_string("jobName"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(name, "jobName"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string group_arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue* source, r.optional_object("dataSource"));
  if (source == nullptr) return constraint_error("dataSource", "Member must not be null");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> location, string_member(*source, "dataLocation", "dataSource"));
  if (!location) return constraint_error("dataSource.dataLocation", "Member must not be null");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> role, r.optional_string("roleArn"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(group_arn, "datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string path, c.locations.resolve(*location, "dataSource.dataLocation"));
  // Held until the job's row is committed (the end of this call).
  EDGEREC_ASSIGN_OR_RETURN(const HomeNameClaim claim,
                           claim_name_in_home(group, "data_deletion_jobs", name, "data deletion job", "job_name"));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement named, group.db().prepare("SELECT 1 FROM data_deletion_jobs WHERE job_name = ?"));
  named.bind_text(1, name);
  EDGEREC_ASSIGN_OR_RETURN(const bool taken, named.step());
  if (taken) return already_exists("data deletion job " + name + " already exists");
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement insert,
                           group.db().prepare("INSERT INTO data_deletion_jobs(status, users, created_at, job_name, "
                                              "data_location, source, role_arn) VALUES ('PENDING', 0, ?, ?, ?, ?, ?)"));
  insert.bind_int(1, unix_now());
  insert.bind_text(2, name);
  insert.bind_text(3, *location);
  insert.bind_text(4, path);
  insert.bind_optional_text(5, role);
  EDGEREC_RETURN_IF_ERROR(insert.run());
  const std::string job_id = std::to_string(group.db().last_insert_rowid());
  if (c.job_recorded) c.job_recorded(PendingJob{group.dir(), JobKind::kDataDeletion, job_id, unix_now()});
  return arn_response("dataDeletionJobArn", c.home.arn("data-deletion-job/" + name));
}

Result<std::string> describe_data_deletion_job(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("dataDeletionJobArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, c.home.arn_path(arn, "dataDeletionJobArn", "data-deletion-job"));
  EDGEREC_ASSIGN_OR_RETURN(
      const std::string body,
      job_by_name(c.home, std::string(kSelect) + " WHERE job_name = ?1", name,
                  [&](const std::string& group, const sql::Statement& row) { return job_json(c.home, group, row, false); },
                  "data deletion job", arn));
  return "{\"dataDeletionJob\":" + body + "}";
}

Result<std::string> list_data_deletion_jobs(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> group_arn, r.optional_string("datasetGroupArn"));
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(group_arn, [&](DatasetGroup& group, const std::string& name) -> Status {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kSelect) + " ORDER BY job_id DESC"));
    for (;;) {
      EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
      if (!row) break;
      items.push_back(job_json(c.home, name, s, true));
    }
    return Status::ok_status();
  }));
  return list_response(r, "dataDeletionJobs", items);
}

}  // namespace edgerec::control
