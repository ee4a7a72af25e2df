// What `describe` (DatasetGroup::describe_json) says about a dataset group, section by section:
// the datasets with their row counts, and the tables shown row by row (import jobs, data
// deletion jobs, solution versions), each from a column list (table_json.h) that tests hold
// against the database's real columns.
#pragma once

#include <vector>

#include "edgerec/json.h"
#include "edgerec/status.h"
#include "store/sqlite.h"
#include "store/table_json.h"

namespace edgerec {

/// The tables describe shows row by row, in the order it writes them.
const std::vector<TableJson>& described_tables();

/// The stored columns of a dataset (table `datasets`, one row per dataset type) as describe
/// shows them; dataset_type is the member the dataset is written under.
const std::vector<ColumnJson>& dataset_columns();

/// Writes the "datasets" member: {"interactions":{..},"items":{..},"users":{..}}, each with its
/// row count and status (ACTIVE, or NOT_CREATED), the stored columns once created, and for
/// interactions the bulk and streamed counts and Personalize's minimum-data check.
Status write_datasets(sql::Database& db, JsonWriter& w);

}  // namespace edgerec
