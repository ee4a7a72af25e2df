// Which interactions_bulk rows count, and removing the ones that no longer do.
//
// An interactions import commits its rows in chunks (store/import_job.h), so PutEvents and the
// server's writer never wait for a whole import. Its rows are in interactions_bulk from the
// first chunk on, tagged with the job id, but count only once the job is ACTIVE: the rows that
// count are those of ACTIVE interactions jobs from the latest ACTIVE FULL one on (a FULL job
// replaces the bulk rows before it the moment it succeeds). Every reader of interactions_bulk
// selects rows with counted_bulk_rows(); the rest (a failed or interrupted job's rows, rows a
// FULL job replaced) are leftovers, deleted in short transactions by collect_import_leftovers.
//
// The dictionary entries a job adds are committed with its chunks too (a PutEvents meanwhile
// may use them) and recorded in import_job_ids until the job finishes; a failed job's entries
// are deleted unless something else came to use them.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

#include "edgerec/status.h"
#include "store/sqlite.h"

namespace edgerec {

/// An SQL condition on interactions_bulk's job_id selecting the rows that count: "job_id IN
/// (3,4)", "0" when none do, "1" when all do (nothing left over, no job running). Read it in the same transaction (sql::ReadSnapshot) as the rows.
Result<std::string> counted_bulk_rows(sql::Database& db);

/// " WHERE <counted>" for a query on interactions_bulk, or "" when every row counts (so that
/// SQLite counts the table from its B-tree rather than decoding every row).
inline std::string where_counted(const std::string& counted) { return counted == "1" ? "" : " WHERE " + counted; }

/// Notes that leftovers exist (a job failed or replaced earlier rows); run it in the
/// transaction that makes them leftovers.
Status mark_import_leftovers(sql::Database& db);

/// Deletes leftover rows and dictionary entries, if any were marked, in transactions of at
/// most ~50 ms each, so writers waiting meanwhile get their turn. Interrupted, it goes on next
/// time (the rows it has not reached yet do not count).
Status collect_import_leftovers(sql::Database& db);

/// Item dictionary entries that an unfinished or failed import job added: not part of the
/// catalog unless an interaction or the Items dataset refers to them.
Result<std::unordered_set<int64_t>> items_added_by_unfinished_imports(sql::Database& db);

/// How long an import's write transaction may last before it commits and lets others write,
/// and the pause it then leaves them (sql::Database's waiters poll every millisecond).
inline constexpr int kImportChunkMilliseconds = 50;
inline constexpr int kImportYieldMilliseconds = 2;

/// Sleeps kImportYieldMilliseconds: between an import's chunks, with the write lock released.
void yield_write_lock();

}  // namespace edgerec
