// User metadata for training: a Personalize Users CSV (USER_ID plus metadata columns), read into
// typed columns (metadata_columns.h) that the solution's user index stores for filters'
// `IF CurrentUser.FIELD ...` conditions.
//
// Unlike Items metadata, user metadata carries no training signal here (Personalize's
// user-personalization uses it to tell users apart; edgerec's models do not), so there are no
// tokens: only the values, typed per column (integers, numbers, else categorical strings).
#pragma once

#include <string>

#include "edgerec/status.h"
#include "io/csv_reader.h"
#include "io/metadata_columns.h"

namespace edgerec {

/// Reads a Users CSV. Errors name file, line, column: an empty file, a header without a USER_ID
/// column or with an empty or repeated column name, a row with the wrong number of columns, an
/// empty or over-long (256) USER_ID, a repeated USER_ID, malformed CSV.
Result<UserMetadataTable> read_user_metadata_csv(const std::string& path);
/// The same from a reader (a file opened already, or CSV text in memory: CsvReader::from_string).
Result<UserMetadataTable> read_user_metadata_csv(CsvReader& reader);

}  // namespace edgerec
