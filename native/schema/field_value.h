// Typing one value against its schema field: the rules shared by CSV import jobs and
// PutItems / PutUsers, so a value accepted by one path is accepted by the other.
//
// Personalize's rules: int / long / float / double as decimal numbers, boolean as lower-case
// true / false, an empty value is null (allowed only for nullable fields), ids at most 256
// characters, categorical and IMPRESSION values at most 1,000 characters (longer fails), textual
// values longer than 20,000 characters are truncated, TIMESTAMP and CREATION_TIMESTAMP are
// non-negative epoch seconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "edgerec/json.h"
#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "schema/dataset_schema.h"

namespace edgerec {

/// A typed value. Text is a view into the input (a prefix of it when truncated).
struct FieldValue {
  enum class Kind { kNull, kInteger, kReal, kText };
  Kind kind = Kind::kNull;
  int64_t integer = 0;  ///< int, long, boolean (0 / 1)
  double real = 0.0;    ///< float, double
  std::string_view text;
  bool truncated = false;  ///< a textual value cut to kMaxTextualChars
};

/**
 * Types `text` (a CSV cell, or a string property) as `field` declares.
 * @return the value, or InvalidInput with a message that says what was expected and what was
 *   found; the caller adds where (file:line:column, or the record and property).
 */
Result<FieldValue> parse_field_value(const SchemaField& field, std::string_view text);

/// Types a JSON property value: strings go through parse_field_value, numbers and booleans must
/// suit the field's type, null needs a nullable field. `value` must outlive the result.
Result<FieldValue> json_field_value(const SchemaField& field, const JsonValue& value);

/// Checks an id (USER_ID, ITEM_ID): non-empty, at most 256 characters.
Status check_id_value(std::string_view id);

/// Writes `value` as JSON (null, a number, true/false for booleans, or a string).
void write_field_value(JsonWriter& writer, const SchemaField& field, const FieldValue& value);

}  // namespace edgerec
