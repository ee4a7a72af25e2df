// Counted bulk rows and leftover collection.
#include "store/bulk_rows.h"

#include <chrono>
#include <thread>
#include <vector>

namespace edgerec {
namespace {

constexpr int64_t kRowidsPerChunk = 32768;

Result<std::string> job_list(sql::Database& db, const std::string& query) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement jobs, db.prepare(query));
  std::string list;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, jobs.step());
    if (!row) break;
    list += (list.empty() ? "" : ",") + std::to_string(jobs.column_int(0));
  }
  return list;
}

constexpr const char* kCountedJobs =
    "SELECT job_id FROM import_jobs WHERE dataset_type = 'interactions' AND status = 'ACTIVE' AND job_id >= "
    "coalesce((SELECT max(job_id) FROM import_jobs WHERE dataset_type = 'interactions' AND status = 'ACTIVE' "
    "AND mode = 'FULL'), 0) ORDER BY job_id";

constexpr const char* kRunningJobs =
    "SELECT job_id FROM import_jobs WHERE dataset_type = 'interactions' AND status = 'CREATE IN_PROGRESS'";

/// The rows a collection must keep: counted ones and those of jobs still running (read in the
/// chunk's own transaction, so a job that starts meanwhile is kept too).
Result<std::string> kept_rows(sql::Database& db) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string counted, job_list(db, kCountedJobs));
  EDGEREC_ASSIGN_OR_RETURN(const std::string running, job_list(db, kRunningJobs));
  const std::string all = counted + (counted.empty() || running.empty() ? "" : ",") + running;
  return all.empty() ? std::string("0") : "job_id IN (" + all + ")";
}

Result<bool> leftovers_marked(sql::Database& db) {
  EDGEREC_ASSIGN_OR_RETURN(const int64_t marked, db.query_int("SELECT count(*) FROM meta WHERE key = 'import_leftovers'"));
  return marked != 0;
}

/// Entries of `dictionary` recorded for jobs that are over (failed: a finished job's records
/// are gone), deleted unless `referenced` (an SQL condition on `idx`) holds.
Status drop_unused_entries(sql::Database& db, const char* dictionary, const std::string& table, const std::string& column,
                           const std::string& referenced) {
  return db.exec("DELETE FROM " + table + " WHERE " + column + " IN (SELECT idx FROM import_job_ids WHERE dictionary = '" +
                 dictionary + "') AND NOT (" + referenced + ")");
}

Result<bool> table_exists(sql::Database& db, const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(const int64_t n, db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                                         "name = '" + name + "'"));
  return n != 0;
}

/// The dictionary part of a collection, in one transaction; skipped while an interactions job
/// runs (it may have loaded those entries and be about to write rows that use them).
Status collect_dictionary_leftovers(sql::Database& db) {
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(const std::string running, job_list(db, kRunningJobs));
  if (!running.empty()) return Status::ok_status();  // the next job's collection finishes it
  EDGEREC_ASSIGN_OR_RETURN(const bool has_items, table_exists(db, "items"));
  EDGEREC_ASSIGN_OR_RETURN(const bool has_users, table_exists(db, "users"));
  std::string user_used = "user_idx IN (SELECT user_idx FROM interactions_put WHERE user_idx IS NOT NULL)";
  if (has_users) user_used += " OR user_idx IN (SELECT user_idx FROM users)";
  std::string item_used = "item_idx IN (SELECT item_idx FROM interactions_put WHERE item_idx IS NOT NULL)";
  if (has_items) item_used += " OR item_idx IN (SELECT item_idx FROM items)";
  EDGEREC_RETURN_IF_ERROR(drop_unused_entries(db, "user", "user_ids", "user_idx", user_used));
  EDGEREC_RETURN_IF_ERROR(drop_unused_entries(db, "item", "item_ids", "item_idx", item_used));
  EDGEREC_RETURN_IF_ERROR(drop_unused_entries(db, "event_type", "event_types", "event_type_idx",
                                              "event_type_idx IN (SELECT event_type_idx FROM interactions_put)"));
  EDGEREC_RETURN_IF_ERROR(db.exec("DELETE FROM import_job_ids"));
  EDGEREC_RETURN_IF_ERROR(db.exec("DELETE FROM meta WHERE key = 'import_leftovers'"));
  return txn.commit();
}

}  // namespace

Result<std::string> counted_bulk_rows(sql::Database& db) {
  // Nothing marked and no job running: every row counts (where_counted() then adds no WHERE).
  EDGEREC_ASSIGN_OR_RETURN(const bool marked, leftovers_marked(db));
  EDGEREC_ASSIGN_OR_RETURN(const std::string running, job_list(db, kRunningJobs));
  if (!marked && running.empty()) return std::string("1");
  EDGEREC_ASSIGN_OR_RETURN(const std::string counted, job_list(db, kCountedJobs));
  return counted.empty() ? std::string("0") : "job_id IN (" + counted + ")";
}

Status mark_import_leftovers(sql::Database& db) {
  return db.exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('import_leftovers', '1')");
}

Status collect_import_leftovers(sql::Database& db) {
  EDGEREC_ASSIGN_OR_RETURN(const bool marked, leftovers_marked(db));
  if (!marked) return Status::ok_status();
  EDGEREC_ASSIGN_OR_RETURN(const int64_t first, db.query_int("SELECT coalesce(min(rowid), 0) FROM interactions_bulk"));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t last, db.query_int("SELECT coalesce(max(rowid), -1) FROM interactions_bulk"));
  // The freed pages are reused by later rows; zeroing them (Debian's secure_delete default)
  // would write every deleted page once more (store/import_job.cpp measures it).
  EDGEREC_ASSIGN_OR_RETURN(const int64_t secure_delete, db.query_int("PRAGMA secure_delete"));
  EDGEREC_RETURN_IF_ERROR(db.exec("PRAGMA secure_delete=FAST"));
  Status status;
  for (int64_t from = first; from <= last && status.ok(); from += kRowidsPerChunk) {
    sql::Transaction chunk(db);
    status = chunk.begin();
    Result<std::string> keep = status.ok() ? kept_rows(db) : Result<std::string>(status);
    if (!keep.ok()) status = keep.status();
    if (status.ok()) {
      status = db.exec("DELETE FROM interactions_bulk WHERE rowid >= " + std::to_string(from) + " AND rowid < " +
                       std::to_string(from + kRowidsPerChunk) + " AND NOT (" + *keep + ")");
    }
    if (status.ok()) status = chunk.commit();
    if (status.ok()) yield_write_lock();
  }
  (void)db.exec("PRAGMA secure_delete=" + std::to_string(secure_delete));
  EDGEREC_RETURN_IF_ERROR(status);
  return collect_dictionary_leftovers(db);
}

Result<std::unordered_set<int64_t>> items_added_by_unfinished_imports(sql::Database& db) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement added, db.prepare("SELECT idx FROM import_job_ids WHERE dictionary = 'item'"));
  std::unordered_set<int64_t> out;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, added.step());
    if (!row) break;
    out.insert(added.column_int(0));
  }
  return out;
}

void yield_write_lock() { std::this_thread::sleep_for(std::chrono::milliseconds(kImportYieldMilliseconds)); }

}  // namespace edgerec
