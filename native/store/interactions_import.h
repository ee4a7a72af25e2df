// Loading an Interactions CSV into interactions_bulk, streamed and pipelined.
//
// One thread parses and validates rows (CsvReader, schema typing, in-memory dictionaries) into
// column batches; the calling thread stores each batch through InteractionBatchWriter. The two
// meet at a bounded queue of recycled batches, so memory stays a few megabytes of rows plus the
// dictionaries however large the file is. The rows are committed in chunks of about
// kImportChunkMilliseconds (store/bulk_rows.h), tagged with the job id: they count only once
// the caller records the job ACTIVE, and on an error the caller marks them leftovers.
#pragma once

#include <cstdint>
#include <string>

#include "edgerec/status.h"
#include "io/csv_reader.h"
#include "schema/dataset_schema.h"
#include "store/import_outcome.h"
#include "store/sqlite.h"

namespace edgerec {

/// Personalize's minimum per interactions import job, FULL or INCREMENTAL.
inline constexpr uint64_t kMinInteractionsPerImportJob = 1000;

struct InteractionsImportOptions {
  int64_t job_id = 0;
  /// FULL: the distinct-event-type limit counts this job's types plus streamed ones (bulk data
  /// is replaced); INCREMENTAL: plus every type the group knows.
  bool full = true;
  size_t batch_rows = 32768;
};

/**
 * Reads the CSV (header first) and appends its rows to interactions_bulk, adding new ids to the
 * dictionaries (recorded in import_job_ids for `options.job_id`). Call it outside a transaction.
 * @return ok, or the first error (also in outcome.errors with up to 9 more): malformed CSV or a
 *   bad value (file:line:column (FIELD)), fewer than 1,000 rows, too many event types, or a
 *   database error.
 */
Status import_interactions_csv(sql::Database& db, CsvReader& reader, const DatasetSchema& schema,
                               const InteractionsImportOptions& options, ImportOutcome& outcome);

}  // namespace edgerec
