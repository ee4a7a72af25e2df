// Matching a CSV header row against a dataset schema: Personalize's rule that column names are
// the schema's field names. Columns may come in any order; every non-nullable field must be
// present; a column the schema does not know is an error naming it (a typo would otherwise
// silently drop the column's data).
#pragma once

#include <string>
#include <vector>

#include "edgerec/status.h"
#include "io/csv_reader.h"
#include "schema/dataset_schema.h"

namespace edgerec {

/// For each column of the header (in file order), its schema field.
using CsvColumns = std::vector<const SchemaField*>;

/**
 * Resolves `header` (already read from `reader`, which gets the names for its error messages).
 * @return the columns, or InvalidInput "file:1:3 (GENRE): ..." for an empty, duplicate or
 *   unknown column name, or "file:1: ..." for a missing required field.
 */
Result<CsvColumns> resolve_csv_header(CsvReader& reader, const std::vector<std::string>& header,
                                      const DatasetSchema& schema);

/// Reads the header row from `reader` and resolves it: an empty file is an InvalidInput error
/// naming the fields the schema expects; otherwise as resolve_csv_header.
Result<CsvColumns> read_csv_header(CsvReader& reader, const DatasetSchema& schema);

/// The schema's field names joined with commas, for messages.
std::string schema_field_list(const DatasetSchema& schema);

}  // namespace edgerec
