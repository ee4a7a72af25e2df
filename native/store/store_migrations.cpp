// The dataset group's format steps (see the layout in dataset_group.h).
#include "store/store_migrations.h"

#include <string>

namespace edgerec {
namespace {

// kSteps[v - 1] takes format v to v + 1.
constexpr const char* kSteps[] = {
    // 1 -> 2: solution versions say how they were trained and from which version (UPDATE).
    "ALTER TABLE solution_versions ADD COLUMN training_mode TEXT NOT NULL DEFAULT 'FULL';"
    "ALTER TABLE solution_versions ADD COLUMN base_solution_version_id TEXT;",
    // 2 -> 3: what is deployed and named (campaigns, filters, event trackers; edgerec serve), and
    // an order of solution versions that does not depend on clocks ("latest").
    "ALTER TABLE solution_versions ADD COLUMN sequence INTEGER;"
    "UPDATE solution_versions SET sequence = (SELECT count(*) FROM solution_versions AS o WHERE "
    "o.created_at < solution_versions.created_at OR (o.created_at = solution_versions.created_at AND "
    "o.solution_version_id <= solution_versions.solution_version_id));"
    "CREATE TABLE campaigns(name TEXT PRIMARY KEY, solution_version_id TEXT NOT NULL, "
    "min_provisioned_tps INTEGER NOT NULL DEFAULT 1, campaign_config TEXT NOT NULL DEFAULT '{}', "
    "status TEXT NOT NULL, failure_reason TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) "
    "WITHOUT ROWID;"
    "CREATE TABLE filters(name TEXT PRIMARY KEY, expression TEXT NOT NULL, status TEXT NOT NULL, "
    "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE event_trackers(name TEXT PRIMARY KEY, tracking_id TEXT NOT NULL UNIQUE, "
    "client_key TEXT NOT NULL UNIQUE, allowed_origins TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL) "
    "WITHOUT ROWID;"
    // The group's own tracker (meta.tracking_id, since format 1) becomes the tracker "default".
    "INSERT INTO event_trackers(name, tracking_id, client_key, created_at) SELECT 'default', value, "
    "'ck-' || lower(hex(randomblob(16))), (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'created_at') "
    "FROM meta WHERE key = 'tracking_id';",
    // 3 -> 4: interactions imports commit in chunks (store/import_job.h): interactions_bulk may
    // hold rows of jobs that are not ACTIVE (store/bulk_rows.h decides which count), and the
    // dictionary entries a job added are recorded until it finishes.
    "CREATE TABLE import_job_ids(job_id INTEGER NOT NULL, dictionary TEXT NOT NULL CHECK (dictionary IN "
    "('user', 'item', 'event_type')), idx INTEGER NOT NULL, PRIMARY KEY (job_id, dictionary, idx)) WITHOUT ROWID;",
    // 4 -> 5: the control plane (native/control/): datasets carry Personalize's name and schema,
    // jobs their request as given (dataLocation, roleArn) and wait as CREATE PENDING for a
    // worker; solutions hold a recipe and its config, and their versions are trained in the
    // background (status, failure reason, progress, the worker's pid).
    "ALTER TABLE datasets ADD COLUMN name TEXT;"
    "ALTER TABLE datasets ADD COLUMN schema_name TEXT;"
    "ALTER TABLE import_jobs ADD COLUMN data_location TEXT;"
    "ALTER TABLE import_jobs ADD COLUMN role_arn TEXT;"
    "ALTER TABLE import_jobs ADD COLUMN updated_at INTEGER;"
    "ALTER TABLE data_deletion_jobs ADD COLUMN job_name TEXT;"
    "ALTER TABLE data_deletion_jobs ADD COLUMN data_location TEXT;"
    "ALTER TABLE data_deletion_jobs ADD COLUMN source TEXT;"
    "ALTER TABLE data_deletion_jobs ADD COLUMN role_arn TEXT;"
    "ALTER TABLE data_deletion_jobs ADD COLUMN pid INTEGER;"
    "ALTER TABLE solution_versions ADD COLUMN solution_name TEXT;"
    "ALTER TABLE solution_versions ADD COLUMN failure_reason TEXT;"
    "ALTER TABLE solution_versions ADD COLUMN pid INTEGER;"
    "ALTER TABLE solution_versions ADD COLUMN progress TEXT;"
    "ALTER TABLE solution_versions ADD COLUMN updated_at INTEGER;"
    "CREATE TABLE solutions(name TEXT PRIMARY KEY, recipe TEXT NOT NULL, perform_hpo INTEGER NOT NULL DEFAULT 0, "
    "perform_auto_ml INTEGER NOT NULL DEFAULT 0, event_type TEXT, solution_config TEXT NOT NULL DEFAULT '{}', "
    "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;",
    // 5 -> 6: batch inference and batch segment jobs of the control plane (control/batch_job_operations.cpp), run by
    // workers as the other jobs are.
    "CREATE TABLE batch_jobs(job_id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('inference', 'segment')), "
    "job_name TEXT NOT NULL UNIQUE, solution_version_id TEXT NOT NULL, filter_name TEXT, num_results INTEGER NOT NULL, "
    "input_location TEXT NOT NULL, input_path TEXT NOT NULL, output_location TEXT NOT NULL, output_path TEXT NOT NULL, "
    "role_arn TEXT, status TEXT NOT NULL, failure_reason TEXT, pid INTEGER, lines INTEGER, failed_lines INTEGER, "
    "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
    // 6 -> 7: a campaign's online metrics (Edgerec.GetCampaignOnlineMetrics) read the events whose
    // recommendationId starts with its tag; without an index that read scanned every event
    // (0.12 s at 2M). Partial: events without an id, most of them, cost nothing more to store.
    "CREATE INDEX interactions_put_by_recommendation ON interactions_put(recommendation_id, timestamp) "
    "WHERE recommendation_id IS NOT NULL;",
    // 7 -> 8: automatic training (Personalize's performAutoTraining): whether a solution trains
    // on its schedule and since when (its creation, or the UpdateSolution that turned it on),
    // when it was last updated, and whether a version was requested or scheduled.
    "ALTER TABLE solutions ADD COLUMN perform_auto_training INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE solutions ADD COLUMN auto_training_since INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE solutions ADD COLUMN solution_updated_at INTEGER;"
    "ALTER TABLE solution_versions ADD COLUMN training_type TEXT NOT NULL DEFAULT 'MANUAL';",
};
static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kStoreFormatVersion - 1, "one step per format version");

}  // namespace

Status migrate_store(sql::Database& db, int from) {
  if (from >= kStoreFormatVersion) return Status::ok_status();
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  for (int v = from; v < kStoreFormatVersion; ++v) {
    Status step = db.exec(kSteps[v - 1]);
    if (!step.ok()) return step.with_context("migrating the dataset group from format " + std::to_string(v));
  }
  EDGEREC_RETURN_IF_ERROR(
      db.exec("UPDATE meta SET value = '" + std::to_string(kStoreFormatVersion) + "' WHERE key = 'format_version'"));
  return txn.commit();
}

}  // namespace edgerec
