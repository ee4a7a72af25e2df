// Import job lifecycle: record, transaction, mode rules, loading, outcome.
#include "store/import_job.h"

#include <unistd.h>

#include <chrono>

#include "edgerec/json.h"
#include "io/ascii.h"
#include "io/csv_reader.h"
#include "store/bulk_rows.h"
#include "store/datasets.h"
#include "store/entity_import.h"
#include "store/interactions_import.h"

namespace edgerec {
namespace {

/// The dataset's schema: the stored one (checked against a given one), else the given or the
/// default one. `create`: create the dataset if it does not exist yet.
Result<DatasetSchema> resolve_dataset(sql::Database& db, const ImportJobRequest& request, bool create = true) {
  std::optional<DatasetSchema> given;
  if (request.schema_path) {
    EDGEREC_ASSIGN_OR_RETURN(given, read_dataset_schema_file(*request.schema_path, request.dataset));
  }
  EDGEREC_ASSIGN_OR_RETURN(std::optional<DatasetSchema> existing, load_dataset_schema(db, request.dataset));
  if (existing) {
    if (given && !given->same_fields(*existing)) {
      return failed_precondition(*request.schema_path + ": differs from the schema the " + dataset_type_name(request.dataset) +
                                 " dataset was created with; schemas are immutable (stored: " + existing->json + ")");
    }
    return std::move(*existing);
  }
  if (!given) {
    EDGEREC_ASSIGN_OR_RETURN(given, default_dataset_schema(request.dataset));
  }
  if (create) EDGEREC_RETURN_IF_ERROR(create_dataset(db, *given));
  return std::move(*given);
}

Status check_mode(sql::Database& db, const ImportJobRequest& request) {
  if (request.mode == ImportMode::kFull) return Status::ok_status();
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement done,
                           db.prepare("SELECT count(*) FROM import_jobs WHERE dataset_type = ? AND status = 'ACTIVE'"));
  done.bind_text(1, dataset_type_name(request.dataset));
  EDGEREC_ASSIGN_OR_RETURN(const bool row, done.step());
  if (row && done.column_int(0) > 0) return Status::ok_status();
  return failed_precondition(std::string("the ") + dataset_type_name(request.dataset) +
                             " dataset has no completed import yet, and a dataset's first import must be FULL "
                             "(Personalize's rule); run it with --mode full");
}

/// An Items or Users FULL job: drop the earlier imported rows, keep the streamed ones. (An
/// interactions FULL job replaces the earlier bulk rows when it becomes ACTIVE: bulk_rows.h.)
Status clear_bulk_data(sql::Database& db, DatasetType type) {
  return db.exec(std::string("DELETE FROM ") + entity_table_name(type) + " WHERE source = 0");
}

Status touch_dataset(sql::Database& db, DatasetType type) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement touch, db.prepare("UPDATE datasets SET updated_at = ? WHERE dataset_type = ?"));
  touch.bind_int(1, unix_now());
  touch.bind_text(2, dataset_type_name(type));
  return touch.run();
}

/// An Items or Users job's data work, inside the caller's transaction.
Status load_entities(sql::Database& db, const ImportJobRequest& request, ImportJobResult& result) {
  EDGEREC_ASSIGN_OR_RETURN(const DatasetSchema schema, resolve_dataset(db, request));
  result.warnings = schema.warnings;
  EDGEREC_RETURN_IF_ERROR(check_mode(db, request));
  EDGEREC_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::open(request.csv_path));
  if (request.mode == ImportMode::kFull) EDGEREC_RETURN_IF_ERROR(clear_bulk_data(db, request.dataset));
  EDGEREC_RETURN_IF_ERROR(import_entity_csv(db, reader, schema, result.outcome));
  for (const std::string& w : result.outcome.warnings) result.warnings.push_back(w);
  return touch_dataset(db, request.dataset);
}

std::string errors_json(const ImportOutcome& outcome) {
  JsonWriter w;
  w.begin_array();
  for (const Status& e : outcome.errors) w.string(e.message());
  w.end_array();
  return w.take();
}

std::string success_message(const ImportJobResult& result) {
  if (!result.minimum) return "imported";
  const MinimumDataReport& m = *result.minimum;
  if (m.meets_minimum()) return "imported; the group meets Personalize's minimum data for training";
  return "imported; the group does not yet meet Personalize's minimum data for training (" +
         std::to_string(m.interactions) + " of 1000 interactions, " + std::to_string(m.users_with_two) +
         " of 25 users with at least 2 interactions)";
}

Status finish_job(sql::Database& db, const ImportJobResult& result, const std::string& status, const std::string& message) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement update,
                           db.prepare("UPDATE import_jobs SET status = ?, rows_read = ?, rows_imported = ?, errors = ?, "
                                      "finished_at = ?, message = ? WHERE job_id = ?"));
  const std::string errors = errors_json(result.outcome);
  update.bind_text(1, status);
  update.bind_int(2, static_cast<int64_t>(result.outcome.rows_read));
  update.bind_int(3, result.succeeded ? static_cast<int64_t>(result.outcome.rows_imported) : 0);
  if (result.outcome.errors.empty()) update.bind_null(4);
  else update.bind_text(4, errors);
  update.bind_int(5, unix_now());
  update.bind_text(6, message);
  update.bind_int(7, result.job_id);
  return update.run();
}

/// An interactions job: its rows are committed in chunks as it goes (counting only once it is
/// ACTIVE, bulk_rows.h); then one short transaction creates the dataset if this job is its
/// first, records the job ACTIVE (which, for FULL, replaces the earlier bulk rows) and forgets
/// the dictionary entries it added; then the minimum-data report, read without a lock.
Status load_interactions(sql::Database& db, const ImportJobRequest& request, ImportJobResult& result) {
  EDGEREC_ASSIGN_OR_RETURN(const DatasetSchema schema, resolve_dataset(db, request, /*create=*/false));
  result.warnings = schema.warnings;
  EDGEREC_RETURN_IF_ERROR(check_mode(db, request));
  EDGEREC_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::open(request.csv_path));
  InteractionsImportOptions options;
  options.job_id = result.job_id;
  options.full = request.mode == ImportMode::kFull;
  EDGEREC_RETURN_IF_ERROR(import_interactions_csv(db, reader, schema, options, result.outcome));
  for (const std::string& w : result.outcome.warnings) result.warnings.push_back(w);
  {
    sql::Transaction publish(db);
    EDGEREC_RETURN_IF_ERROR(publish.begin());
    // Events may have created the dataset meanwhile (with the default schema): checked again.
    EDGEREC_RETURN_IF_ERROR(resolve_dataset(db, request).status());
    EDGEREC_RETURN_IF_ERROR(check_mode(db, request));
    if (request.mode == ImportMode::kFull) {
      EDGEREC_ASSIGN_OR_RETURN(sql::Statement earlier, db.prepare("SELECT count(*) FROM import_jobs WHERE dataset_type = "
                                                                  "'interactions' AND status = 'ACTIVE' AND job_id < ?"));
      earlier.bind_int(1, result.job_id);
      EDGEREC_ASSIGN_OR_RETURN(const bool row, earlier.step());
      if (row && earlier.column_int(0) > 0) EDGEREC_RETURN_IF_ERROR(mark_import_leftovers(db));
    }
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement forget, db.prepare("DELETE FROM import_job_ids WHERE job_id = ?"));
    forget.bind_int(1, result.job_id);
    EDGEREC_RETURN_IF_ERROR(forget.run());
    EDGEREC_RETURN_IF_ERROR(touch_dataset(db, request.dataset));
    result.succeeded = true;
    EDGEREC_RETURN_IF_ERROR(finish_job(db, result, "ACTIVE", "imported"));
    EDGEREC_RETURN_IF_ERROR(publish.commit());
  }
  // The job has succeeded; what follows only tidies and reports, and may not fail it.
  Status tidy = collect_import_leftovers(db);
  if (!tidy.ok()) result.warnings.push_back("the rows this job replaced are not all deleted yet (" + tidy.message() +
                                            "); they no longer count, and the next import deletes them");
  auto minimum = check_minimum_data(db, UserCount::kUntilMet);
  if (minimum.ok()) {
    result.minimum = *minimum;
    (void)finish_job(db, result, "ACTIVE", success_message(result));
  }
  return Status::ok_status();
}

/// Refuses a second job on a dataset while one runs (a job whose process died is marked failed
/// here, as opening the group does), then records this one; one transaction.
Status record_job(sql::Database& db, const ImportJobRequest& request, ImportJobResult& result) {
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement running, db.prepare("SELECT job_id, job_name, pid FROM import_jobs WHERE "
                                                              "dataset_type = ? AND status = 'CREATE IN_PROGRESS'"));
  running.bind_text(1, dataset_type_name(request.dataset));
  EDGEREC_ASSIGN_OR_RETURN(const bool busy, running.step());
  if (busy) {
    const int64_t other = running.column_int(0);
    const std::string name = running.column_text(1);
    const int64_t pid = running.column_int(2);
    running.reset();
    if (process_alive(pid)) {
      return failed_precondition("the import job " + name + " (process " + std::to_string(pid) + ") is still "
                                 "importing into the " + dataset_type_name(request.dataset) + " dataset; one import job "
                                 "per dataset runs at a time (Personalize: ResourceInUseException). Wait for it, or "
                                 "stop it: a stopped job keeps nothing");
    }
    EDGEREC_RETURN_IF_ERROR(mark_job_interrupted(db, other));
  }
  if (request.pending_job_id != 0) {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement take,
                             db.prepare("UPDATE import_jobs SET status = 'CREATE IN_PROGRESS', pid = ?, updated_at = ? "
                                        "WHERE job_id = ? AND status = 'CREATE PENDING'"));
    take.bind_int(1, static_cast<int64_t>(::getpid()));
    take.bind_int(2, unix_now());
    take.bind_int(3, request.pending_job_id);
    EDGEREC_RETURN_IF_ERROR(take.run());
    if (db.changes() != 1) {
      return failed_precondition("import job " + std::to_string(request.pending_job_id) + " is not CREATE PENDING");
    }
    result.job_id = request.pending_job_id;
    return txn.commit();
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement insert,
                           db.prepare("INSERT INTO import_jobs(job_name, dataset_type, mode, source, status, pid, "
                                      "created_at) VALUES (?, ?, ?, ?, 'CREATE IN_PROGRESS', ?, ?)"));
  insert.bind_text(1, request.job_name);
  insert.bind_text(2, dataset_type_name(request.dataset));
  insert.bind_text(3, import_mode_name(request.mode));
  insert.bind_text(4, request.csv_path);
  insert.bind_int(5, static_cast<int64_t>(::getpid()));
  insert.bind_int(6, unix_now());
  EDGEREC_RETURN_IF_ERROR(insert.run());
  result.job_id = db.last_insert_rowid();
  if (result.job_name.empty()) {
    result.job_name = std::string(dataset_type_name(request.dataset)) + "-import-" + std::to_string(result.job_id);
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement name, db.prepare("UPDATE import_jobs SET job_name = ? WHERE job_id = ?"));
    name.bind_text(1, result.job_name);
    name.bind_int(2, result.job_id);
    EDGEREC_RETURN_IF_ERROR(name.run());
  }
  return txn.commit();  // visible while the job runs
}

}  // namespace

const char* import_mode_name(ImportMode mode) { return mode == ImportMode::kFull ? "FULL" : "INCREMENTAL"; }

Result<ImportMode> parse_import_mode(std::string_view text) {
  if (equals_ignoring_ascii_case(text, "full")) return ImportMode::kFull;
  if (equals_ignoring_ascii_case(text, "incremental")) return ImportMode::kIncremental;
  return invalid_input("unknown import mode \"" + std::string(text) + "\"; expected full or incremental");
}

Result<ImportJobResult> run_import_job(DatasetGroup& group, const ImportJobRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  sql::Database& db = group.db();
  ImportJobResult result;
  result.request = request;
  result.job_name = request.job_name;
  // What earlier jobs left (a failure, rows a FULL job replaced): gone before this one loads
  // the dictionaries.
  EDGEREC_RETURN_IF_ERROR(collect_import_leftovers(db));
  EDGEREC_RETURN_IF_ERROR(record_job(db, request, result));

  EDGEREC_ASSIGN_OR_RETURN(const int64_t old_cache, db.query_int("PRAGMA cache_size"));
  EDGEREC_RETURN_IF_ERROR(db.exec("PRAGMA cache_size=-" + std::to_string(request.cache_kib)));
  // A chunked job commits every ~50 ms; checkpointing every 1,000 pages (SQLite's default)
  // would sync the database file every 4 MB of rows. Every 64 MB instead, the size the WAL is
  // truncated back to (journal_size_limit).
  EDGEREC_ASSIGN_OR_RETURN(const int64_t old_checkpoint, db.query_int("PRAGMA wal_autocheckpoint"));
  EDGEREC_RETURN_IF_ERROR(db.exec("PRAGMA wal_autocheckpoint=16384"));
  Status status;
  if (request.dataset == DatasetType::kInteractions) {
    status = load_interactions(db, request, result);
  } else {
    sql::Transaction txn(db);
    status = txn.begin();
    if (status.ok()) status = load_entities(db, request, result);
    if (status.ok()) {
      result.succeeded = true;
      status = finish_job(db, result, "ACTIVE", success_message(result));
    }
    if (status.ok()) status = txn.commit();
    // Leaving the scope without a commit rolls the job's data back.
  }
  (void)db.exec("PRAGMA cache_size=" + std::to_string(old_cache));
  (void)db.exec("PRAGMA wal_autocheckpoint=" + std::to_string(old_checkpoint));
  if (!status.ok()) {
    result.succeeded = false;
    if (result.outcome.errors.empty()) result.outcome.add_error(status);
    {
      sql::Transaction txn(db);
      EDGEREC_RETURN_IF_ERROR(txn.begin());
      EDGEREC_RETURN_IF_ERROR(finish_job(db, result, "CREATE FAILED", result.outcome.failure_message()));
      if (request.dataset == DatasetType::kInteractions) EDGEREC_RETURN_IF_ERROR(mark_import_leftovers(db));
      EDGEREC_RETURN_IF_ERROR(txn.commit());
    }
    // The rows already committed never counted; deleting them now only frees the space.
    (void)collect_import_leftovers(db);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::string ImportJobResult::to_json() const {
  JsonWriter w;
  w.begin_object();
  w.key("jobId");
  w.integer(job_id);
  w.key("jobName");
  w.string(job_name);
  w.key("datasetType");
  w.string(dataset_type_name(request.dataset));
  w.key("importMode");
  w.string(import_mode_name(request.mode));
  w.key("source");
  w.string(request.csv_path);
  w.key("status");
  w.string(succeeded ? "ACTIVE" : "CREATE FAILED");
  w.key("rowsRead");
  w.integer(static_cast<int64_t>(outcome.rows_read));
  w.key("rowsImported");
  w.integer(succeeded ? static_cast<int64_t>(outcome.rows_imported) : 0);
  w.key("seconds");
  w.number(seconds);
  w.key("rowsPerSecond");
  w.integer(seconds > 0 ? static_cast<int64_t>(static_cast<double>(outcome.rows_read) / seconds) : 0);
  w.key("errors");
  w.begin_array();
  for (const Status& e : outcome.errors) w.string(e.message());
  w.end_array();
  w.key("errorCount");  // every error found, of which `errors` lists the first 10
  w.integer(static_cast<int64_t>(outcome.error_count));
  if (outcome.error_count > outcome.errors.size()) {
    w.key("moreErrors");
    w.integer(static_cast<int64_t>(outcome.error_count - outcome.errors.size()));
  }
  w.key("warnings");
  w.begin_array();
  for (const std::string& warning : warnings) w.string(warning);
  w.end_array();
  if (minimum) {
    w.key("minimumData");
    write_minimum_data(w, *minimum);
  }
  w.end_object();
  return w.take();
}

}  // namespace edgerec
