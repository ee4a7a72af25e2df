// describe's sections: the datasets, and the column lists of the tables shown row by row.
#include "store/group_description.h"

#include <string>

#include "store/bulk_rows.h"
#include "store/minimum_data.h"

namespace edgerec {

const std::vector<TableJson>& described_tables() {
  static const std::vector<TableJson> tables = {
      {"importJobs",
       "import_jobs",
       {{"job_id", "jobId", ColumnAs::kInteger},
        {"job_name", "jobName", ColumnAs::kText},
        {"dataset_type", "datasetType", ColumnAs::kText},
        {"mode", "importMode", ColumnAs::kText},
        {"source", "source", ColumnAs::kText},
        {"status", "status", ColumnAs::kText},
        {"rows_read", "rowsRead", ColumnAs::kInteger},
        {"rows_imported", "rowsImported", ColumnAs::kInteger},
        {"errors", "errors", ColumnAs::kStringArray},
        {"created_at", "createdAt", ColumnAs::kInteger},
        {"finished_at", "finishedAt", ColumnAs::kIntegerOrNull},
        {"message", "message", ColumnAs::kTextOrNull},
        // As a control-plane CreateDatasetImportJob gave them (control/import_job_operations.cpp).
        {"data_location", "dataLocation", ColumnAs::kTextIfPresent},
        {"role_arn", "roleArn", ColumnAs::kTextIfPresent},
        {"updated_at", "updatedAt", ColumnAs::kIntegerOrNull}},
       "job_id",
       // The importing process, for crash recovery (DatasetGroup::open); meaningless to a reader.
       {"pid"}},
      {"dataDeletionJobs",
       "data_deletion_jobs",
       {{"job_id", "jobId", ColumnAs::kInteger},
        {"status", "status", ColumnAs::kText},
        {"users", "users", ColumnAs::kInteger},
        {"num_deleted", "numDeleted", ColumnAs::kInteger},
        {"created_at", "createdAt", ColumnAs::kInteger},
        {"finished_at", "finishedAt", ColumnAs::kIntegerOrNull},
        {"message", "message", ColumnAs::kTextOrNull},
        {"job_name", "jobName", ColumnAs::kTextIfPresent},
        {"data_location", "dataLocation", ColumnAs::kTextIfPresent},
        {"source", "source", ColumnAs::kTextIfPresent},
        {"role_arn", "roleArn", ColumnAs::kTextIfPresent}},
       "job_id",
       // The worker's process (control/job_runner.h), for crash recovery.
       {"pid"}},
      {"solutionVersions",
       "solution_versions",
       {{"solution_version_id", "solutionVersionId", ColumnAs::kText},
        {"recipe", "recipe", ColumnAs::kText},
        {"path", "path", ColumnAs::kText},
        {"status", "status", ColumnAs::kText},
        {"created_at", "createdAt", ColumnAs::kInteger},
        {"training_mode", "trainingMode", ColumnAs::kText},
        {"training_type", "trainingType", ColumnAs::kText},
        {"base_solution_version_id", "baseSolutionVersionId", ColumnAs::kTextIfPresent},
        // Stored by record_solution_version as a JSON object (Personalize's GetSolutionMetrics map).
        {"metrics", "metrics", ColumnAs::kJsonIfPresent},
        // Versions the control plane trains (store/solutions.h): their solution, how a failed one
        // failed, the worker's latest progress line.
        {"solution_name", "solution", ColumnAs::kTextIfPresent},
        {"failure_reason", "failureReason", ColumnAs::kTextIfPresent},
        {"progress", "progress", ColumnAs::kTextIfPresent},
        {"updated_at", "updatedAt", ColumnAs::kIntegerOrNull}},
       "created_at, solution_version_id",
       // The recording order a campaign's "latest" version is picked by (store/campaigns.cpp):
       // the store's bookkeeping, not something describe has ever shown; the worker's process.
       {"sequence", "pid"}},
      {"batchJobs",
       "batch_jobs",
       {{"job_id", "jobId", ColumnAs::kInteger},
        {"kind", "kind", ColumnAs::kText},
        {"job_name", "jobName", ColumnAs::kText},
        {"solution_version_id", "solutionVersionId", ColumnAs::kText},
        {"filter_name", "filter", ColumnAs::kTextIfPresent},
        {"num_results", "numResults", ColumnAs::kInteger},
        {"input_location", "inputLocation", ColumnAs::kText},
        {"input_path", "input", ColumnAs::kText},
        {"output_location", "outputLocation", ColumnAs::kText},
        {"output_path", "output", ColumnAs::kText},
        {"role_arn", "roleArn", ColumnAs::kTextIfPresent},
        {"status", "status", ColumnAs::kText},
        {"failure_reason", "failureReason", ColumnAs::kTextIfPresent},
        {"lines", "lines", ColumnAs::kIntegerOrNull},
        {"failed_lines", "failedLines", ColumnAs::kIntegerOrNull},
        {"created_at", "createdAt", ColumnAs::kInteger},
        {"updated_at", "updatedAt", ColumnAs::kInteger}},
       "job_id",
       // The worker's process (control/job_runner.h), for crash recovery.
       {"pid"}},
      {"solutions",
       "solutions",
       {{"name", "name", ColumnAs::kText},
        {"recipe", "recipe", ColumnAs::kText},
        {"perform_hpo", "performHPO", ColumnAs::kInteger},
        {"perform_auto_ml", "performAutoML", ColumnAs::kInteger},
        {"event_type", "eventType", ColumnAs::kTextIfPresent},
        {"solution_config", "solutionConfig", ColumnAs::kJsonIfPresent},
        {"created_at", "createdAt", ColumnAs::kInteger},
        {"updated_at", "updatedAt", ColumnAs::kInteger},
        // Automatic training (control/auto_training.h) and the latest UpdateSolution.
        {"perform_auto_training", "performAutoTraining", ColumnAs::kInteger},
        {"auto_training_since", "autoTrainingSince", ColumnAs::kInteger},
        {"solution_updated_at", "solutionUpdatedAt", ColumnAs::kIntegerOrNull}},
       "name",
       {}},
  };
  return tables;
}

const std::vector<ColumnJson>& dataset_columns() {
  static const std::vector<ColumnJson> columns = {
      {"created_at", "createdAt", ColumnAs::kInteger},
      {"updated_at", "updatedAt", ColumnAs::kInteger},
      // Validated JSON, stored when the dataset was created.
      {"schema_json", "schema", ColumnAs::kJsonIfPresent},
      // Personalize's dataset name and the home schema it was created with (CreateDataset).
      {"name", "name", ColumnAs::kTextIfPresent},
      {"schema_name", "schemaName", ColumnAs::kTextIfPresent},
  };
  return columns;
}

namespace {

/// The interactions dataset's counts: its rows come from import jobs (bulk) and PutEvents or
/// client batches (streamed), and it alone is checked for Personalize's minimum data.
Status write_interactions_counts(sql::Database& db, JsonWriter& w) {
  sql::ReadSnapshot snapshot(db);
  EDGEREC_RETURN_IF_ERROR(snapshot.begin());
  EDGEREC_ASSIGN_OR_RETURN(const std::string counted, counted_bulk_rows(db));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t bulk, db.query_int("SELECT count(*) FROM interactions_bulk" + where_counted(counted)));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t put, db.query_int("SELECT count(*) FROM interactions_put"));
  w.key("bulkRows");
  w.integer(bulk);
  w.key("streamedRows");
  w.integer(put);
  w.key("rows");
  w.integer(bulk + put);
  EDGEREC_ASSIGN_OR_RETURN(const MinimumDataReport minimum, check_minimum_data(db, UserCount::kExact));
  w.key("minimumData");
  write_minimum_data(w, minimum);
  return Status::ok_status();
}

}  // namespace

Status write_datasets(sql::Database& db, JsonWriter& w) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement stored,
                           db.prepare("SELECT " + select_list(dataset_columns()) +
                                      " FROM datasets WHERE dataset_type = ?"));
  w.key("datasets");
  w.begin_object();
  for (const char* type : {"interactions", "items", "users"}) {
    stored.bind_text(1, type);
    EDGEREC_ASSIGN_OR_RETURN(const bool created, stored.step());
    w.key(type);
    w.begin_object();
    if (std::string(type) == "interactions") {
      EDGEREC_RETURN_IF_ERROR(write_interactions_counts(db, w));
    } else {
      // An Items or Users table exists once its dataset does (store/datasets.h).
      int64_t rows = 0;
      if (created) {
        EDGEREC_ASSIGN_OR_RETURN(rows, db.query_int(std::string("SELECT count(*) FROM ") + type));
      }
      w.key("rows");
      w.integer(rows);
    }
    w.key("status");
    w.string(created ? "ACTIVE" : "NOT_CREATED");
    if (created) write_columns(stored, dataset_columns(), w);
    w.end_object();
    stored.reset();
  }
  w.end_object();
  return Status::ok_status();
}

}  // namespace edgerec
