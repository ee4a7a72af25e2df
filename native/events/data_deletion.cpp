// Data deletion jobs: one transaction over every table that refers to a user.
#include "events/data_deletion.h"

#include <set>

#include "edgerec/json.h"
#include "edgerec/event_validation.h"
#include "io/csv_reader.h"
#include "store/datasets.h"

namespace edgerec {
namespace {

// The users to delete, as dictionary indexes, in a connection-private table so that each
// DELETE below is one statement (one pass over interactions_bulk, which has no user index).
constexpr const char* kCreateTargetsSql =
    "CREATE TEMP TABLE IF NOT EXISTS deletion_targets(user_idx INTEGER PRIMARY KEY); "
    "DELETE FROM temp.deletion_targets";
constexpr const char* kTargets = "(SELECT user_idx FROM temp.deletion_targets)";

Result<size_t> delete_rows(sql::Database& db, const std::string& sql) {
  EDGEREC_RETURN_IF_ERROR(db.exec(sql));
  return static_cast<size_t>(db.changes());
}

std::string summary(const DataDeletionResult& r) {
  return "deleted " + std::to_string(r.users_deleted) + " of " + std::to_string(r.users_requested) +
         " users: " + std::to_string(r.bulk_rows) + " imported and " + std::to_string(r.streamed_rows) +
         " streamed interactions, " + std::to_string(r.anonymous_rows) + " anonymous events of their sessions, " +
         std::to_string(r.user_rows) + " Users dataset rows";
}

Result<DataDeletionResult> run_deletion(DatasetGroup& group, const std::set<std::string>& ids, int64_t started,
                                        int64_t pending_job_id) {
  sql::Database& db = group.db();
  DataDeletionResult r;
  r.users_requested = ids.size();
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  // A running interactions import has resolved these users to indices it keeps writing rows
  // with; deleting them under it would leave those rows pointing nowhere.
  EDGEREC_ASSIGN_OR_RETURN(const int64_t importing,
                           db.query_int("SELECT count(*) FROM import_jobs WHERE dataset_type = 'interactions' AND "
                                        "status = 'CREATE IN_PROGRESS'"));
  if (importing != 0) {
    return failed_precondition(group.dir() + ": an interactions import job is running; a data deletion job waits "
                               "until it finishes (Personalize: ResourceInUseException)");
  }
  EDGEREC_RETURN_IF_ERROR(db.exec(kCreateTargetsSql));
  {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement add,
                             db.prepare("INSERT INTO temp.deletion_targets(user_idx) "
                                        "SELECT user_idx FROM user_ids WHERE user_id = ?"));
    for (const std::string& id : ids) {
      add.bind_text(1, id);  // INSERT ... SELECT adds nothing for an id the group never saw
      EDGEREC_RETURN_IF_ERROR(add.run());
      r.users_deleted += static_cast<size_t>(db.changes());
    }
  }
  const std::string in_targets = std::string(" IN ") + kTargets;
  // Anonymous events first: their sessions are found through the users' own streamed rows.
  EDGEREC_ASSIGN_OR_RETURN(r.anonymous_rows,
                           delete_rows(db, "DELETE FROM interactions_put WHERE user_idx IS NULL AND session_id IN "
                                           "(SELECT DISTINCT session_id FROM interactions_put WHERE user_idx" +
                                               in_targets + ")"));
  EDGEREC_ASSIGN_OR_RETURN(r.streamed_rows, delete_rows(db, "DELETE FROM interactions_put WHERE user_idx" + in_targets));
  EDGEREC_ASSIGN_OR_RETURN(r.bulk_rows, delete_rows(db, "DELETE FROM interactions_bulk WHERE user_idx" + in_targets));
  // The Users dataset's table exists only once the dataset was created (store/datasets.h).
  const std::string users_table = entity_table_name(DatasetType::kUsers);
  EDGEREC_ASSIGN_OR_RETURN(const int64_t has_users_table,
                           db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                                        users_table + "'"));
  if (has_users_table != 0) {
    EDGEREC_ASSIGN_OR_RETURN(r.user_rows, delete_rows(db, "DELETE FROM " + sql::quote_identifier(users_table) + " WHERE " +
                                                              entity_index_column(DatasetType::kUsers) + in_targets));
  }
  EDGEREC_RETURN_IF_ERROR(db.exec("DELETE FROM user_ids WHERE user_idx" + in_targets));
  EDGEREC_RETURN_IF_ERROR(db.exec("DROP TABLE temp.deletion_targets"));

  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement job,
      db.prepare(pending_job_id != 0 ? "UPDATE data_deletion_jobs SET status = 'COMPLETED', users = ?1, num_deleted = ?2, "
                                       "finished_at = ?4, message = ?5 WHERE job_id = ?6"
                                     : "INSERT INTO data_deletion_jobs(status, users, num_deleted, created_at, "
                                       "finished_at, message) VALUES ('COMPLETED', ?1, ?2, ?3, ?4, ?5)"));
  const std::string message = summary(r);
  if (pending_job_id != 0) job.bind_int(6, pending_job_id);
  job.bind_int(1, static_cast<int64_t>(r.users_requested));
  job.bind_int(2, static_cast<int64_t>(r.users_deleted));
  job.bind_int(3, started);
  job.bind_int(4, unix_now());
  job.bind_text(5, message);
  EDGEREC_RETURN_IF_ERROR(job.run());
  r.job_id = pending_job_id != 0 ? pending_job_id : db.last_insert_rowid();
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  return r;
}

}  // namespace

std::string DataDeletionResult::to_json() const {
  JsonWriter w;
  w.begin_object();
  w.key("jobId");
  w.integer(job_id);
  w.key("status");
  w.string("COMPLETED");
  w.key("usersRequested");
  w.integer(static_cast<int64_t>(users_requested));
  w.key("numDeleted");
  w.integer(static_cast<int64_t>(users_deleted));
  w.key("interactionsDeleted");
  w.begin_object();
  w.key("bulk");
  w.integer(static_cast<int64_t>(bulk_rows));
  w.key("streamed");
  w.integer(static_cast<int64_t>(streamed_rows));
  w.key("anonymousSessionEvents");
  w.integer(static_cast<int64_t>(anonymous_rows));
  w.end_object();
  w.key("userRowsDeleted");
  w.integer(static_cast<int64_t>(user_rows));
  w.end_object();
  return w.take();
}

Result<std::vector<std::string>> read_user_ids_csv(const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::open(path));
  std::vector<std::string_view> fields;
  EDGEREC_ASSIGN_OR_RETURN(const bool has_header, reader.next(fields));
  if (!has_header) return invalid_input(path + ": empty file; expected a header row USER_ID");
  if (fields.size() != 1 || fields[0] != "USER_ID") {
    return reader.record_error("expected the header to be the single column USER_ID (Personalize's data deletion "
                               "input), got " + std::to_string(fields.size()) + " column(s) starting with \"" +
                               std::string(fields.empty() ? std::string_view() : fields[0]) + "\"");
  }
  reader.set_column_names({"USER_ID"});
  std::vector<std::string> ids;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool more, reader.next(fields));
    if (!more) break;
    if (fields.size() != 1) {
      return reader.record_error("expected 1 field (USER_ID), got " + std::to_string(fields.size()));
    }
    const std::string id(fields[0]);
    if (Status s = validate_text_field(id, "USER_ID", kMaxIdLength, true); !s.ok()) {
      return reader.field_error(0, s.message().substr(s.message().find(": ") + 2));
    }
    ids.push_back(id);
  }
  if (ids.empty()) return invalid_input(path + ": no user ids after the USER_ID header");
  return ids;
}

Status record_failed_deletion_job(DatasetGroup& group, size_t users_requested, const std::string& message,
                                  int64_t pending_job_id) {
  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement job,
      group.db().prepare(pending_job_id != 0 ? "UPDATE data_deletion_jobs SET status = 'FAILED', users = ?1, "
                                               "finished_at = ?3, message = ?4 WHERE job_id = ?5"
                                             : "INSERT INTO data_deletion_jobs(status, users, num_deleted, created_at, "
                                               "finished_at, message) VALUES ('FAILED', ?1, 0, ?2, ?3, ?4)"));
  const int64_t now = unix_now();
  if (pending_job_id != 0) job.bind_int(5, pending_job_id);
  job.bind_int(1, static_cast<int64_t>(users_requested));
  job.bind_int(2, now);
  job.bind_int(3, now);
  job.bind_text(4, message);
  return job.run();
}

Result<DataDeletionResult> delete_user_data(DatasetGroup& group, const std::vector<std::string>& user_ids,
                                            int64_t pending_job_id) {
  const int64_t started = unix_now();
  std::set<std::string> ids;
  Status invalid;
  for (size_t i = 0; i < user_ids.size() && invalid.ok(); ++i) {
    invalid = validate_text_field(user_ids[i], "userIds[" + std::to_string(i) + "]", kMaxIdLength, true);
    ids.insert(user_ids[i]);
  }
  if (invalid.ok() && ids.empty()) invalid = invalid_input("no user ids to delete");
  auto result = invalid.ok() ? run_deletion(group, ids, started, pending_job_id) : Result<DataDeletionResult>(invalid);
  if (!result.ok()) {
    // Best effort: the reason the job failed matters more than a failure to record it.
    (void)record_failed_deletion_job(group, ids.size(), result.status().message(), pending_job_id);
  }
  return result;
}

}  // namespace edgerec
