// Dataset schemas in Amazon Personalize's Avro-JSON form, validated as Personalize validates
// them (see ../shared/PERSONALIZE.md section 1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

enum class DatasetType { kInteractions, kItems, kUsers };

/// "interactions", "items" or "users" (the names the CLI and the database use).
const char* dataset_type_name(DatasetType type);
/// Parses a dataset type name, case-insensitively ("Interactions" works too); the error lists
/// the valid names.
Result<DatasetType> parse_dataset_type(std::string_view name);

enum class FieldType { kString, kInt, kLong, kFloat, kDouble, kBoolean };

struct SchemaField {
  std::string name;
  FieldType type = FieldType::kString;
  bool nullable = false;     ///< declared as a union with "null"
  bool categorical = false;  ///< string fields only
  bool textual = false;      ///< string fields of Items only
};

struct DatasetSchema {
  DatasetType type = DatasetType::kInteractions;
  std::vector<SchemaField> fields;  ///< in declaration order
  std::string json;                 ///< the schema as given (stored with the dataset)

  /// The field called `name` (exact match), or nullptr.
  const SchemaField* find(std::string_view name) const;
};

/// Personalize's default Interactions schema: USER_ID, ITEM_ID (string), TIMESTAMP (long),
/// EVENT_TYPE (string), EVENT_VALUE (nullable float).
const std::string& default_interactions_schema_json();

}  // namespace edgerec
