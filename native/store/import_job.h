// Dataset import jobs (Personalize's CreateDatasetImportJob): a CSV file into a dataset,
// all-or-nothing, with a job record in import_jobs.
//
// The job row is committed first as CREATE IN_PROGRESS with the importing process id, so a
// crash mid-job is visible (and turned into CREATE FAILED when the group is next opened). All
// the data of the job, the dataset's creation if the job creates it, and the job's switch to
// ACTIVE are one transaction: a failed or killed job leaves the dataset exactly as it was.
//
// Personalize's rules: a dataset's first import must be FULL; FULL replaces the earlier bulk
// data (rows from import jobs) and keeps records streamed by PutEvents / PutItems / PutUsers;
// INCREMENTAL appends, replacing items / users with the same id; an interactions job carries
// at least 1,000 records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "schema/dataset_schema.h"
#include "store/dataset_group.h"
#include "store/import_outcome.h"
#include "store/minimum_data.h"

namespace edgerec {

enum class ImportMode { kFull, kIncremental };

/// "FULL" or "INCREMENTAL".
const char* import_mode_name(ImportMode mode);
/// full / incremental, case-insensitively.
Result<ImportMode> parse_import_mode(std::string_view text);

struct ImportJobRequest {
  DatasetType dataset = DatasetType::kInteractions;
  std::string csv_path;
  /// A schema file; used to create the dataset, or checked against its schema if it exists.
  std::optional<std::string> schema_path;
  ImportMode mode = ImportMode::kFull;
  std::string job_name;  ///< empty: "<dataset>-import-<job id>"
  /// A job already recorded CREATE PENDING (the control plane's CreateDatasetImportJob): this
  /// run takes that row over instead of recording a new one. 0: a new job.
  int64_t pending_job_id = 0;
  /// SQLite page cache for the job, in KiB. Rows are appended, so a page is written once
  /// whatever the cache size; 64 MiB to 512 MiB measured the same speed on 20M rows, and the
  /// small end keeps the whole process near 110 MB.
  int64_t cache_kib = 64 * 1024;
};

struct ImportJobResult {
  int64_t job_id = 0;
  std::string job_name;
  ImportJobRequest request;
  bool succeeded = false;
  ImportOutcome outcome;
  std::vector<std::string> warnings;        ///< schema warnings and value warnings
  std::optional<MinimumDataReport> minimum;  ///< interactions jobs that succeeded
  double seconds = 0;

  /// {"jobId":..,"jobName":..,"datasetType":..,"importMode":..,"status":..,"rowsRead":..,
  ///  "rowsImported":..,"seconds":..,"rowsPerSecond":..,"errors":[..],"warnings":[..],
  ///  "minimumData":{..}}
  std::string to_json() const;
};

/// Runs a job. An error Result only when the job could not be recorded at all (e.g. the
/// database is locked by another writer for longer than the busy timeout); a failed import is
/// a result with succeeded = false, its errors, and the job recorded as CREATE FAILED.
Result<ImportJobResult> run_import_job(DatasetGroup& group, const ImportJobRequest& request);

}  // namespace edgerec
