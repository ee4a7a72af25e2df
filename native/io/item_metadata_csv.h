// Item metadata for training: a Personalize Items CSV (ITEM_ID plus metadata columns) read into
// categorical tokens per item, for similar-items' metadata similarity and for cold items.
//
// Every column other than ITEM_ID and CREATION_TIMESTAMP is treated as categorical: each value
// (split on '|', Personalize's multi-value separator) becomes a token "COLUMN=value". Numeric
// columns give one token per distinct value, which suits low-cardinality numbers (ratings,
// sizes) and is harmless for the rest: a value shared by no other item carries no similarity.
//
// The same columns are also kept as typed values (metadata_columns.h), which the solution's
// catalog stores for filters.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "io/csv_reader.h"
#include "io/metadata_columns.h"

namespace edgerec {

/// A missing CREATION_TIMESTAMP (any real one, 1970 or before, is a valid epoch second).
inline constexpr int64_t kUnknownCreationTime = std::numeric_limits<int64_t>::min();

struct ItemMetadataTable {
  std::vector<std::string> item_ids;               ///< in file order, unique
  std::vector<std::vector<uint32_t>> item_tokens;  ///< per item: token ids, sorted, unique
  std::vector<std::string> tokens;                 ///< token id -> "COLUMN=value"
  std::vector<int64_t> creation_timestamps;        ///< per item, kUnknownCreationTime if absent
  std::vector<std::string> columns;                ///< the header
  /// Every column but ITEM_ID and CREATION_TIMESTAMP, one value per item (file order).
  std::vector<MetadataColumn> value_columns;
};

/// Reads an Items CSV. Errors name file, line, column: a missing ITEM_ID column, an empty or
/// over-long (256) ITEM_ID, a repeated ITEM_ID, a bad CREATION_TIMESTAMP, malformed CSV.
Result<ItemMetadataTable> read_item_metadata_csv(const std::string& path);
/// The same from a reader (a file opened already, or CSV text in memory: CsvReader::from_string).
Result<ItemMetadataTable> read_item_metadata_csv(CsvReader& reader);

}  // namespace edgerec
