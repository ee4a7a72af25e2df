// DatasetGroup: a directory holding `edgerec.db` (SQLite, WAL mode) and the group's
// solution-version files, as Amazon Personalize's dataset group holds datasets and solutions.
//
// Database layout (format 8, store_migrations.h; tables marked "dynamic" are created with their
// dataset, from its schema):
//
//   meta(key, value)                        format_version, created_at, tracking_id
//   datasets(dataset_type, schema_json, created_at, updated_at, name, schema_name)
//                                           dataset_type: interactions | items | users
//   user_ids(user_idx, user_id UNIQUE)      dictionaries shared by every table: rows store
//   item_ids(item_idx, item_id UNIQUE)      small integers, not repeated strings
//   event_types(event_type_idx, event_type UNIQUE)
//   interactions_bulk(user_idx, item_idx, timestamp, event_type_idx, event_value, metadata,
//                     job_id)               rows from import jobs, committed in chunks; only
//                                           those of ACTIVE jobs since the latest FULL one
//                                           count (store/bulk_rows.h)
//   interactions_put(user_idx, session_id, item_idx, timestamp, event_type_idx, event_value,
//                    event_id UNIQUE, recommendation_id, impression, properties, batch_id,
//                    received_at)           rows from PutEvents and client batches (indexed by
//                                           user, by session and by recommendation id); kept by
//                                           FULL imports (as Personalize keeps streamed records)
//   items(item_idx PK, <schema fields>, source)   dynamic: the Items dataset (store/datasets.h);
//   users(user_idx PK, <schema fields>, source)   dynamic: the Users dataset  one typed column per
//                                           schema field but the id; source 0 = import job
//                                           (replaced by FULL), 1 = PutItems / PutUsers
//   import_jobs(job_id, job_name, dataset_type, mode, source, status, rows_read,
//               rows_imported, errors, pid, created_at, finished_at, message,
//               data_location, role_arn, updated_at)
//                                           CREATE PENDING until a worker takes a control-plane
//                                           job over (control/job_runner.h)
//   import_job_ids(job_id, dictionary, idx) dictionary entries an unfinished import job added
//                                           (user | item | event_type): dropped with the job's
//                                           rows if it fails, forgotten when it succeeds
//   ingested_batches(batch_id PK, events, ingested_at)     client upload batches applied
//   data_deletion_jobs(job_id, status, users, num_deleted, created_at, finished_at, message,
//                      job_name, data_location, source, role_arn, pid)
//   solution_versions(solution_version_id PK, recipe, path, status, created_at, metrics,
//                     training_mode, base_solution_version_id, sequence, solution_name,
//                     failure_reason, pid, progress, updated_at)
//                                           FULL | UPDATE; UPDATE's base; 1, 2, ... in recording
//                                           order; the solution (NULL: the recipe's, as `edgerec
//                                           train DIR` records), store/solutions.h
//   solutions(name PK, recipe, perform_hpo, perform_auto_ml, event_type, solution_config,
//             created_at, updated_at)       store/solutions.h
//   batch_jobs(job_id, kind, job_name UNIQUE, solution_version_id, filter_name, num_results,
//              input_location, input_path, output_location, output_path, role_arn, status,
//              failure_reason, pid, lines, failed_lines, created_at, updated_at)
//                                           batch inference jobs (control/batch_job_operations.cpp)
//   campaigns(name PK, solution_version_id, min_provisioned_tps, campaign_config, status,
//             failure_reason, created_at, updated_at)            store/campaigns.h
//   filters(name PK, expression, status, created_at, updated_at)  store/filters.h
//   event_trackers(name PK, tracking_id UNIQUE, client_key UNIQUE, allowed_origins, created_at)
//                                           store/event_trackers.h; "default" is meta.tracking_id
//
// `metadata` and `properties` hold a JSON object of the row's extra (contextual) fields, or
// NULL. `event_value` is NULL when absent. Job status values follow Personalize:
// CREATE PENDING, CREATE IN_PROGRESS, ACTIVE, CREATE FAILED.
//
// interactions_bulk has no index: bulk loads append at full speed (store/import_job.h).
//
// Concurrency: one writer at a time (SQLite's rule); readers are never blocked (WAL). An
// interactions import commits every ~50 ms, so PutEvents and the server's writer go on while it
// runs; an Items or Users import and a data deletion job hold the write lock for their run.
#pragma once

#include <string>

#include "edgerec/status.h"
#include "store/sqlite.h"
#include "store/store_migrations.h"

namespace edgerec {

inline constexpr const char* kDatabaseFileName = "edgerec.db";

class DatasetGroup {
 public:
  /// Creates DIR (which must not exist or be empty) with a new database. On failure it removes
  /// what it created: the directories it made, or the database files in a DIR that was empty.
  static Result<DatasetGroup> create(const std::string& dir);
  /// Opens an existing group, migrating an older format (store_migrations.h). Import jobs left
  /// CREATE IN_PROGRESS by a process that no longer runs (killed mid-job) are marked CREATE
  /// FAILED; their data was never committed.
  static Result<DatasetGroup> open(const std::string& dir);

  const std::string& dir() const { return dir_; }
  sql::Database& db() { return db_; }

  /// The tracking id events are sent with (Personalize's event tracker), fixed at creation.
  const std::string& tracking_id() const { return tracking_id_; }

  /// {"datasetGroup":DIR,"trackingId":..,"datasets":{"interactions":{"rows":N,...},"items":{..},
  ///  "users":{..}},"importJobs":[..],"dataDeletionJobs":[..],"solutionVersions":[..],
  ///  "ingestedBatches":N}
  Result<std::string> describe_json();

 private:
  /// The new database in the existing, empty DIR.
  static Result<DatasetGroup> create_database(const std::string& dir);
  Status recover_interrupted_jobs();

  std::string dir_;
  std::string tracking_id_;
  sql::Database db_;
};

/// Seconds since the Unix epoch, now.
int64_t unix_now();

/// Whether process `pid` (an import job's) still runs.
bool process_alive(int64_t pid);

/// Marks import job `job_id`, whose process stopped mid-job, CREATE FAILED; its committed
/// chunks become leftovers (store/bulk_rows.h).
Status mark_job_interrupted(sql::Database& db, int64_t job_id);

}  // namespace edgerec
