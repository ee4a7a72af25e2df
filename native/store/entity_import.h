// Loading an Items or Users CSV into its typed table (see datasets.h), streamed. Rows are
// upserts by id (a later row with the same id replaces the earlier one) marked source = bulk.
// Runs inside the caller's transaction, which rolls everything back on an error.
#pragma once

#include "edgerec/status.h"
#include "io/csv_reader.h"
#include "schema/dataset_schema.h"
#include "store/import_outcome.h"
#include "store/sqlite.h"

namespace edgerec {

/**
 * Reads the CSV (header first) into the items or users table of `schema.type`.
 * @return ok, or the first error (also in outcome.errors with up to 9 more).
 */
Status import_entity_csv(sql::Database& db, CsvReader& reader, const DatasetSchema& schema, ImportOutcome& outcome);

}  // namespace edgerec
