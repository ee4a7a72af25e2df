// Typing values against schema fields.
#include "schema/field_value.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "edgerec/epoch_seconds.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"
#include "io/csv_reader.h"
#include "io/interactions_csv.h"

namespace edgerec {
namespace {

bool is_timestamp_field(const SchemaField& field) { return field.epoch_seconds; }

/// The prefix of `text` holding its first `chars` code points.
std::string_view prefix_code_points(std::string_view text, size_t chars) {
  size_t at = 0;
  for (size_t n = 0; n < chars && at < text.size(); ++n) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return text.substr(0, at);
}

Result<FieldValue> parse_integer(const SchemaField& field, std::string_view text) {
  FieldValue value;
  value.kind = FieldValue::Kind::kInteger;
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value.integer);
  const bool is_int = field.type == FieldType::kInt;
  if (stop != end || error == std::errc::invalid_argument) {
    if (is_timestamp_field(field)) return invalid_input("expected epoch seconds as an integer, got " + quote_for_message(text));
    return invalid_input(std::string("expected an integer (") + field_type_name(field.type) + "), got " +
                         quote_for_message(text));
  }
  if (error == std::errc::result_out_of_range ||
      (is_int && (value.integer < std::numeric_limits<int32_t>::min() || value.integer > std::numeric_limits<int32_t>::max()))) {
    return invalid_input(std::string("integer out of range for ") + field_type_name(field.type) + ": " +
                         quote_for_message(text));
  }
  if (is_timestamp_field(field)) {
    EDGEREC_RETURN_IF_ERROR(check_epoch_seconds(static_cast<double>(value.integer), EpochRange::kAnyYear, field.name));
  }
  return value;
}

Result<FieldValue> parse_real(const SchemaField& field, std::string_view text) {
  FieldValue value;
  value.kind = FieldValue::Kind::kReal;
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value.real);
  if (stop != end || error == std::errc::invalid_argument) {
    return invalid_input(std::string("expected a number (") + field_type_name(field.type) + "), got " +
                         quote_for_message(text));
  }
  const double limit = field.type == FieldType::kFloat ? static_cast<double>(std::numeric_limits<float>::max())
                                                       : std::numeric_limits<double>::max();
  if (error == std::errc::result_out_of_range || !std::isfinite(value.real) || std::fabs(value.real) > limit) {
    return invalid_input(std::string("expected a finite number that fits a ") + field_type_name(field.type) + ", got " +
                         quote_for_message(text));
  }
  return value;
}

Result<FieldValue> parse_text(const SchemaField& field, std::string_view text) {
  FieldValue value;
  value.kind = FieldValue::Kind::kText;
  value.text = text;
  if (field.max_chars != 0 && text.size() > field.max_chars && utf8::count_code_points(text) > field.max_chars) {
    const bool is_id = field.max_chars == kMaxIdLength;
    return invalid_input(std::string(is_id ? "longer than 256 characters" : "a value longer than 1000 characters") + " (" +
                         std::to_string(utf8::count_code_points(text)) + "), the limit Personalize sets" +
                         (is_id ? "" : " for categorical and impression values (multiple values are joined with '|')") +
                         ": " + quote_for_message(text));
  } else if (field.textual && text.size() > kMaxTextualChars && utf8::count_code_points(text) > kMaxTextualChars) {
    value.text = prefix_code_points(text, kMaxTextualChars);  // Personalize truncates long text
    value.truncated = true;
  }
  return value;
}

}  // namespace

Status check_id_value(std::string_view id) {
  if (id.empty()) return invalid_input("empty id; every record needs one");
  if (id.size() > kMaxIdLength && utf8::count_code_points(id) > kMaxIdLength) {
    return invalid_input("longer than " + std::to_string(kMaxIdLength) + " characters (" +
                         std::to_string(utf8::count_code_points(id)) + "), the limit Personalize sets: " +
                         quote_for_message(id));
  }
  return Status::ok_status();
}

Result<FieldValue> parse_field_value(const SchemaField& field, std::string_view text) {
  if (text.empty()) {
    if (field.nullable) return FieldValue{};
    return invalid_input(std::string("empty value, but ") + field.name + " is not nullable in the schema (declare it "
                         "[\"null\", \"" + field_type_name(field.type) + "\"] to allow empty values)");
  }
  switch (field.type) {
    case FieldType::kString: return parse_text(field, text);
    case FieldType::kInt:
    case FieldType::kLong: return parse_integer(field, text);
    case FieldType::kFloat:
    case FieldType::kDouble: return parse_real(field, text);
    case FieldType::kBoolean: {
      if (text != "true" && text != "false") {
        return invalid_input("expected true or false (lower case) for a boolean, got " + quote_for_message(text));
      }
      FieldValue value;
      value.kind = FieldValue::Kind::kInteger;
      value.integer = text == "true" ? 1 : 0;
      return value;
    }
  }
  return internal_error("unknown field type");
}

Result<FieldValue> json_field_value(const SchemaField& field, const JsonValue& json) {
  if (json.is_null()) return parse_field_value(field, "");
  if (json.is_string()) {
    if (json.as_string().empty() && field.type == FieldType::kString && !field.nullable) {
      return invalid_input(std::string("empty string, but ") + field.name + " is not nullable in the schema");
    }
    return parse_field_value(field, json.as_string());
  }
  FieldValue value;
  if (json.is_bool()) {
    if (field.type != FieldType::kBoolean) {
      return invalid_input(std::string("expected ") + field_type_name(field.type) + ", got a boolean");
    }
    value.kind = FieldValue::Kind::kInteger;
    value.integer = json.as_bool() ? 1 : 0;
    return value;
  }
  if (json.is_number()) {
    const double number = json.as_number();
    switch (field.type) {
      case FieldType::kInt:
      case FieldType::kLong: {
        const double limit = field.type == FieldType::kInt ? 2147483648.0 : 9223372036854775808.0;
        if (std::floor(number) != number || number < -limit || number >= limit) {
          return invalid_input(std::string("expected an integer (") + field_type_name(field.type) + "), got " +
                               std::to_string(number));
        }
        value.kind = FieldValue::Kind::kInteger;
        value.integer = static_cast<int64_t>(number);
        if (is_timestamp_field(field)) {
          EDGEREC_RETURN_IF_ERROR(check_epoch_seconds(static_cast<double>(value.integer), EpochRange::kAnyYear, field.name));
        }
        return value;
      }
      case FieldType::kFloat:
      case FieldType::kDouble:
        if (field.type == FieldType::kFloat && std::fabs(number) > static_cast<double>(std::numeric_limits<float>::max())) {
          return invalid_input("number out of range for float");
        }
        value.kind = FieldValue::Kind::kReal;
        value.real = number;
        return value;
      default: break;
    }
    return invalid_input(std::string("expected ") + field_type_name(field.type) + ", got a number");
  }
  return invalid_input(std::string("expected ") + field_type_name(field.type) + ", got a JSON " + json_type_name(json.type()));
}

void write_field_value(JsonWriter& writer, const SchemaField& field, const FieldValue& value) {
  switch (value.kind) {
    case FieldValue::Kind::kNull: writer.null(); break;
    case FieldValue::Kind::kInteger:
      if (field.type == FieldType::kBoolean) writer.boolean(value.integer != 0);
      else writer.integer(value.integer);
      break;
    case FieldValue::Kind::kReal: writer.number(value.real); break;
    case FieldValue::Kind::kText: writer.string(value.text); break;
  }
}

}  // namespace edgerec
