// The metadataColumns field of GetRecommendations and GetPersonalizedRanking: which Items
// columns to return with each item, and their values as Personalize returns them.
//
// Request field (JSON): {"metadataColumns": {"ITEMS": ["GENRE", "PRICE"]}}: at most 10 column
// names of the solution's item catalog (the Items metadata it was trained with). Personalize
// caps numResults (and inputList) at 50 when metadata is requested; so does edgerec. An empty
// list asks for nothing and lifts no cap.
//
// Response: each item gets "metadata": {"GENRE": "drama|comedy", "PRICE": "12.5"}: every value
// a string, as in Personalize (numbers in their shortest round-trip form, booleans "true" /
// "false", multi-valued categorical fields with their '|' separators); null values are left out.
// Items the solution does not know (unknown inputList ids of a ranking) get no metadata.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/limits.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"
#include "format/metadata_column.h"

namespace edgerec {


/// metadataColumns as requested.
struct MetadataColumnsRequest {
  std::vector<std::string> items;  ///< the ITEMS column names, in request order, distinct
  bool requested() const { return !items.empty(); }
};

/// Reads the request member metadataColumns into `out`; InvalidInput naming what is wrong (not
/// an object, a dataset type other than ITEMS, more than 10 names, a repeated name).
Status parse_metadata_columns(const JsonValue& value, MetadataColumnsRequest& out);

/// The catalog columns the request names, in request order. InvalidInput for a solution without
/// item metadata, or naming an unknown column and listing the solution's columns.
Result<std::vector<ColumnView>> resolve_item_metadata(const Solution& solution, const MetadataColumnsRequest& request);

/// The value of `column` at `row` as Personalize returns it, or false for a null (left out).
bool metadata_value_text(const ColumnView& column, uint32_t row, std::string& out);

/// Writes "metadata":{...} for catalog item `row`; nothing when `columns` is empty.
void write_item_metadata(JsonWriter& w, const std::vector<ColumnView>& columns, uint32_t row);

}  // namespace edgerec
