// Upserting typed rows into the items or users table: shared by CSV import jobs and
// PutItems / PutUsers so both store a value the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "schema/dataset_schema.h"
#include "schema/field_value.h"
#include "store/datasets.h"
#include "store/sqlite.h"

namespace edgerec {

class EntityWriter {
 public:
  /// Prepares `INSERT OR REPLACE` into the table of `schema.type`; the schema must outlive it.
  static Result<EntityWriter> create(sql::Database& db, const DatasetSchema& schema, RecordSource source);

  /// The schema fields stored as columns, in column order (every field but the id).
  const std::vector<const SchemaField*>& columns() const { return columns_; }

  /// Stores one record: `values` holds one value per columns() entry, in that order.
  Status upsert(int64_t index, const std::vector<FieldValue>& values);

 private:
  std::vector<const SchemaField*> columns_;
  sql::Statement insert_;
};

}  // namespace edgerec
