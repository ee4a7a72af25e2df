// Datasets of a group: one per type (interactions, items, users), each with its immutable
// schema in the `datasets` table. Items and users also get a table of their own, typed from the
// schema when the dataset is created:
//
//   items(item_idx INTEGER PRIMARY KEY REFERENCES item_ids, "<FIELD>" <type>..., source)
//   users(user_idx INTEGER PRIMARY KEY REFERENCES user_ids, "<FIELD>" <type>..., source)
//
// Every schema field but the id becomes a column of the same name: string -> TEXT, int / long /
// boolean (0 / 1) -> INTEGER, float / double -> REAL. `source` is 0 for rows from import jobs
// (replaced by a FULL import) and 1 for rows from PutItems / PutUsers (kept by it).
#pragma once

#include <optional>
#include <string>

#include "edgerec/status.h"
#include "schema/dataset_schema.h"
#include "store/sqlite.h"

namespace edgerec {

/// Where a row of items / users came from.
enum class RecordSource : int { kBulk = 0, kPut = 1 };

/// "items" or "users": the table holding the records of an items or users dataset.
const char* entity_table_name(DatasetType type);
/// "item_idx" or "user_idx".
const char* entity_index_column(DatasetType type);
/// "item_ids" or "user_ids": the dictionary table of the dataset's ids.
const char* id_dictionary_table(DatasetType type);

/// The schema of the group's dataset of `type`, or nullopt if it was not created yet.
Result<std::optional<DatasetSchema>> load_dataset_schema(sql::Database& db, DatasetType type);

/// Creates the dataset (and for items / users its table). Runs inside the caller's
/// transaction when there is one. FailedPrecondition if the dataset exists already.
Status create_dataset(sql::Database& db, const DatasetSchema& schema);

/// The schema to create a dataset with when none is given: Personalize's default for
/// Interactions; Items and Users have no default, so that is an InvalidInput error.
Result<DatasetSchema> default_dataset_schema(DatasetType type);

/// Reads and parses a schema file for a dataset of `type`.
Result<DatasetSchema> read_dataset_schema_file(const std::string& path, DatasetType type);

/// Number of records in the dataset (interactions: bulk + streamed); 0 if not created.
Result<int64_t> dataset_row_count(sql::Database& db, DatasetType type);

}  // namespace edgerec
