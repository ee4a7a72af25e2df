// Dataset schemas in Amazon Personalize's Avro-JSON form, validated as Personalize validates
// them (see ../shared/PERSONALIZE.md section 1).
//
// A schema is a JSON "record" whose `name` is the dataset type and whose `fields` are flat:
// float, double, int, long, string, boolean, or a union of one of them with "null" (nullable).
// Per-type rules (required and reserved fields, field-count limits, categorical / textual
// strings) are checked by parse_dataset_schema; every error names the field by position and
// name and says which rule it breaks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "edgerec/limits.h"
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
  // Value rules derived from the field's role by parse_dataset_schema (so the per-row code
  // compares no names):
  bool epoch_seconds = false;  ///< TIMESTAMP, CREATION_TIMESTAMP: non-negative seconds
  size_t max_chars = 0;        ///< strings: a longer value fails the import (0: no limit)
};

struct DatasetSchema {
  DatasetType type = DatasetType::kInteractions;
  std::vector<SchemaField> fields;  ///< in declaration order
  std::string json;                 ///< the schema, compact (stored with the dataset)
  /// Valid but noteworthy choices, e.g. a string metadata field that is neither categorical nor
  /// textual (stored and usable in filters, but ignored in training, as in Personalize).
  std::vector<std::string> warnings;

  /// The field called `name` (exact match), or nullptr.
  const SchemaField* find(std::string_view name) const;
  /// The field whose name equals `name` once `_` is dropped and case ignored (the key
  /// Personalize uses for uniqueness, and how camelCase property keys such as `numRatings`
  /// reach the column NUM_RATINGS), or nullptr.
  const SchemaField* find_by_key(std::string_view name) const;
  /// Same fields (names, types, nullability, categorical, textual) in the same order.
  bool same_fields(const DatasetSchema& other) const;
};


/// The name Personalize compares field names by: `_` dropped, ASCII letters lower-cased
/// ("GENRES_FIELD_1" and "GenresField1" both give "genresfield1").
std::string field_name_key(std::string_view name);

/// "string", "long", ... (the Avro type name).
const char* field_type_name(FieldType type);

/// The id field of a dataset type: USER_ID (interactions, users) or ITEM_ID (items).
const char* dataset_id_field(DatasetType type);

/// The schema type name Personalize uses: "Interactions", "Items" or "Users".
const char* dataset_record_name(DatasetType type);

/**
 * Parses and validates a schema for a dataset of `type`.
 * @param source names the schema in errors (a file name, or "--schema").
 * @return the schema, or InvalidInput "<source>: field 3 (GENRE): <rule>" (or "<source>: <rule>"
 *   for whole-schema problems) for the first rule the schema breaks.
 */
Result<DatasetSchema> parse_dataset_schema(std::string_view json, DatasetType type, std::string_view source);

/// Personalize's default Interactions schema: USER_ID, ITEM_ID (string), TIMESTAMP (long),
/// EVENT_TYPE (string), EVENT_VALUE (nullable float).
const std::string& default_interactions_schema_json();

}  // namespace edgerec
