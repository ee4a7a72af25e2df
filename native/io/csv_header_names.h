// The rule every CSV header row of edgerec's inputs follows, whatever the dataset: each column
// has a name, and no name appears twice (a second USER_ID column would leave it unclear which
// one holds the ids).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "io/csv_reader.h"

namespace edgerec {

/// Checks header[column] against the rule: InvalidInput "file:1:3 (...): empty column name in
/// the header row" or "...: duplicate column GENRE in the header (also column 1)". Callers check
/// column by column, between their own checks of each name, so the first problem in file order
/// is the one reported.
Status check_csv_header_name(const CsvReader& reader, const std::vector<std::string>& header, size_t column);

}  // namespace edgerec
