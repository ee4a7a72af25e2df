// Dataset groups: creation, opening, crash recovery, describe.
#include "store/dataset_group.h"

#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>

#include "edgerec/json.h"
#include "store/bulk_rows.h"
#include "store/group_description.h"

namespace edgerec {
namespace {

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE datasets(
  dataset_type TEXT PRIMARY KEY CHECK (dataset_type IN ('interactions', 'items', 'users')),
  schema_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE user_ids(user_idx INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE);
CREATE TABLE item_ids(item_idx INTEGER PRIMARY KEY, item_id TEXT NOT NULL UNIQUE);
CREATE TABLE event_types(event_type_idx INTEGER PRIMARY KEY, event_type TEXT NOT NULL UNIQUE);
CREATE TABLE interactions_bulk(
  user_idx INTEGER NOT NULL,
  item_idx INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  event_type_idx INTEGER,
  event_value REAL,
  metadata TEXT,
  job_id INTEGER NOT NULL);
CREATE TABLE interactions_put(
  user_idx INTEGER,
  session_id TEXT NOT NULL,
  item_idx INTEGER,
  timestamp INTEGER NOT NULL,
  event_type_idx INTEGER NOT NULL,
  event_value REAL,
  event_id TEXT NOT NULL UNIQUE,
  recommendation_id TEXT,
  impression TEXT,
  properties TEXT,
  batch_id TEXT,
  received_at INTEGER NOT NULL);
CREATE INDEX interactions_put_by_user ON interactions_put(user_idx);
CREATE INDEX interactions_put_by_session ON interactions_put(session_id, timestamp);
CREATE TABLE import_jobs(
  job_id INTEGER PRIMARY KEY,
  job_name TEXT NOT NULL,
  dataset_type TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('FULL', 'INCREMENTAL')),
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_imported INTEGER NOT NULL DEFAULT 0,
  errors TEXT,
  pid INTEGER,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  message TEXT);
CREATE TABLE ingested_batches(
  batch_id TEXT PRIMARY KEY,
  events INTEGER NOT NULL,
  ingested_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE data_deletion_jobs(
  job_id INTEGER PRIMARY KEY,
  status TEXT NOT NULL,
  users INTEGER NOT NULL,
  num_deleted INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  message TEXT);
CREATE TABLE solution_versions(
  solution_version_id TEXT PRIMARY KEY,
  recipe TEXT NOT NULL,
  path TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  metrics TEXT) WITHOUT ROWID;
)sql";

std::string new_tracking_id() {
  std::random_device entropy;
  static const char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id.push_back('-');
    id.push_back(kHex[entropy() & 0xF]);
  }
  return id;
}

Status configure_connection(sql::Database& db) {
  // WAL: readers never block the writer. synchronous=NORMAL is durable at every checkpoint and
  // never corrupts on power loss in WAL mode; a committed job survives a process crash.
  EDGEREC_RETURN_IF_ERROR(db.exec("PRAGMA journal_mode=WAL"));
  EDGEREC_RETURN_IF_ERROR(db.exec("PRAGMA synchronous=NORMAL"));
  // A large import grows the WAL to the size of its data; once checkpointed, truncate it back
  // instead of keeping hundreds of MB of dead log.
  EDGEREC_RETURN_IF_ERROR(db.exec("PRAGMA journal_size_limit=67108864"));
  return Status::ok_status();
}


/// The first directory of `dir`, from the root, that does not exist: the one create_directories
/// makes first, holding everything it makes.
std::filesystem::path outermost_missing_directory(const std::string& dir) {
  std::filesystem::path path = std::filesystem::path(dir).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();  // "group/" names "group"
  std::error_code ec;
  while (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), ec)) path = path.parent_path();
  return path;
}

void remove_created_directories(const std::filesystem::path& outermost) {
  std::error_code ec;
  std::filesystem::remove_all(outermost, ec);  // best effort: the error that led here is the one reported
}

/// The files SQLite makes for the database (WAL mode), and nothing else in DIR.
void remove_database_files(const std::string& dir) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(dir + "/" + kDatabaseFileName + suffix, ec);
  }
}

}  // namespace

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<DatasetGroup> DatasetGroup::create(const std::string& dir) {
  std::error_code ec;
  // What a failure removes again: the outermost directory this call creates, or (in a DIR that
  // was there, empty) the database files.
  std::optional<std::filesystem::path> created;
  if (std::filesystem::exists(dir, ec)) {
    if (!std::filesystem::is_directory(dir, ec)) return invalid_input(dir + ": exists and is not a directory");
    if (!std::filesystem::is_empty(dir, ec)) {
      return invalid_input(dir + ": directory is not empty; a dataset group needs a new or empty directory");
    }
  } else {
    created = outermost_missing_directory(dir);
    if (!std::filesystem::create_directories(dir, ec)) {
      remove_created_directories(*created);  // create_directories may stop after making some
      return io_error(dir + ": cannot create directory: " + ec.message());
    }
  }
  auto group = create_database(dir);
  if (!group.ok()) {
    if (created) {
      remove_created_directories(*created);
    } else {
      remove_database_files(dir);
    }
  }
  return group;
}

Result<DatasetGroup> DatasetGroup::create_database(const std::string& dir) {
  DatasetGroup group;
  group.dir_ = dir;
  EDGEREC_ASSIGN_OR_RETURN(group.db_, sql::Database::open(dir + "/" + kDatabaseFileName, true));
  EDGEREC_RETURN_IF_ERROR(configure_connection(group.db_));
  group.tracking_id_ = new_tracking_id();
  sql::Transaction txn(group.db_);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_RETURN_IF_ERROR(group.db_.exec(kSchemaSql));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement meta, group.db_.prepare("INSERT INTO meta(key, value) VALUES (?, ?)"));
  const std::string now = std::to_string(unix_now());
  const std::pair<const char*, std::string> entries[] = {
      {"format_version", "1"}, {"created_at", now}, {"tracking_id", group.tracking_id_}};
  for (const auto& [key, value] : entries) {
    meta.bind_text(1, key);
    meta.bind_text(2, value);
    EDGEREC_RETURN_IF_ERROR(meta.run());
  }
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  EDGEREC_RETURN_IF_ERROR(migrate_store(group.db_, 1));  // kSchemaSql is format 1
  return group;
}

Result<DatasetGroup> DatasetGroup::open(const std::string& dir) {
  const std::string path = dir + "/" + kDatabaseFileName;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return not_found(dir + ": not a dataset group (no " + kDatabaseFileName +
                     "); create one with `edgerec create-dataset-group " + dir + "`");
  }
  DatasetGroup group;
  group.dir_ = dir;
  EDGEREC_ASSIGN_OR_RETURN(group.db_, sql::Database::open(path, false));
  EDGEREC_RETURN_IF_ERROR(configure_connection(group.db_));
  auto version = group.db_.prepare("SELECT value FROM meta WHERE key = 'format_version'");
  if (!version.ok()) return corrupt_data(path + ": not an edgerec dataset group database");
  EDGEREC_ASSIGN_OR_RETURN(const bool has_version, version->step());
  if (!has_version) return corrupt_data(path + ": dataset group has no format_version");
  const int stored = std::stoi(version->column_text(0));
  if (stored > kStoreFormatVersion) {
    return unsupported_version(path + ": dataset group format " + std::to_string(stored) +
                               " is newer than this edgerec understands (" + std::to_string(kStoreFormatVersion) + ")");
  }
  EDGEREC_RETURN_IF_ERROR(migrate_store(group.db_, stored));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement tracking, group.db_.prepare("SELECT value FROM meta WHERE key = 'tracking_id'"));
  EDGEREC_ASSIGN_OR_RETURN(const bool has_tracking, tracking.step());
  if (has_tracking) group.tracking_id_ = tracking.column_text(0);
  EDGEREC_RETURN_IF_ERROR(group.recover_interrupted_jobs());
  return group;
}

Status DatasetGroup::recover_interrupted_jobs() {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement running,
                           db_.prepare("SELECT job_id, pid FROM import_jobs WHERE status = 'CREATE IN_PROGRESS'"));
  std::vector<int64_t> dead;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, running.step());
    if (!row) break;
    if (!process_alive(running.column_int(1))) dead.push_back(running.column_int(0));
  }
  if (dead.empty()) return Status::ok_status();
  sql::Transaction txn(db_);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  for (const int64_t job : dead) EDGEREC_RETURN_IF_ERROR(mark_job_interrupted(db_, job));
  return txn.commit();
}

bool process_alive(int64_t pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

Status mark_job_interrupted(sql::Database& db, int64_t job_id) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement mark,
                           db.prepare("UPDATE import_jobs SET status = 'CREATE FAILED', finished_at = ?, "
                                      "message = 'interrupted: the importing process stopped before the job "
                                      "finished; no rows from this job were kept' WHERE job_id = ?"));
  mark.bind_int(1, unix_now());
  mark.bind_int(2, job_id);
  EDGEREC_RETURN_IF_ERROR(mark.run());
  // Only an Interactions job commits before it finishes (Items and Users roll back).
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement type, db.prepare("SELECT dataset_type FROM import_jobs WHERE job_id = ?"));
  type.bind_int(1, job_id);
  EDGEREC_ASSIGN_OR_RETURN(const bool found, type.step());
  if (!found || type.column_text(0) != "interactions") return Status::ok_status();
  return mark_import_leftovers(db);
}

Result<std::string> DatasetGroup::describe_json() {
  JsonWriter w;
  w.begin_object();
  w.key("datasetGroup");
  w.string(dir_);
  w.key("trackingId");
  w.string(tracking_id_);
  EDGEREC_RETURN_IF_ERROR(write_datasets(db_, w));
  for (const TableJson& table : described_tables()) EDGEREC_RETURN_IF_ERROR(write_table_rows(db_, table, w));
  w.key("ingestedBatches");
  EDGEREC_ASSIGN_OR_RETURN(const int64_t batches, db_.query_int("SELECT count(*) FROM ingested_batches"));
  w.integer(batches);
  w.end_object();
  return w.take();
}

}  // namespace edgerec
