// Schema parsing: the Avro-JSON shape, field types, and Personalize's per-dataset rules.
#include "schema/dataset_schema.h"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"
#include "io/ascii.h"
#include "io/json_value_writer.h"

namespace edgerec {
namespace {

constexpr const char* kAllowedTypes = "float, double, int, long, string, boolean, or a union with \"null\" such as "
                                      "[\"null\", \"string\"]";

/// The primitive type `name`; an error message for anything else.
Result<FieldType> primitive_type(const std::string& name) {
  if (name == "string") return FieldType::kString;
  if (name == "int") return FieldType::kInt;
  if (name == "long") return FieldType::kLong;
  if (name == "float") return FieldType::kFloat;
  if (name == "double") return FieldType::kDouble;
  if (name == "boolean") return FieldType::kBoolean;
  if (name == "null") return invalid_input("type \"null\" alone holds no data; use a union such as [\"null\", \"string\"]");
  if (name == "array" || name == "map" || name == "record" || name == "enum" || name == "fixed" || name == "bytes") {
    return invalid_input("type " + quote_for_message(name) + " is not allowed: Personalize schemas are flat (no arrays, maps or nested "
                         "records; join multiple values with '|' in a string); allowed: " + kAllowedTypes);
  }
  return invalid_input("unknown type " + quote_for_message(name) + "; allowed: " + kAllowedTypes);
}

/// Reads a field's "type": a primitive name, or a two-member union with "null".
Status read_field_type(const JsonValue& type, SchemaField& field) {
  if (type.is_string()) {
    EDGEREC_ASSIGN_OR_RETURN(field.type, primitive_type(type.as_string()));
    return Status::ok_status();
  }
  if (type.is_object()) {
    const JsonValue* inner = type.find("type");
    const std::string kind = inner != nullptr && inner->is_string() ? inner->as_string() : "object";
    return invalid_input("type {\"type\": " + quote_for_message(kind) + ", ...} is not allowed: Personalize schemas are flat (no arrays, "
                         "maps or nested records); allowed: " + kAllowedTypes);
  }
  if (!type.is_array()) {
    return invalid_input(std::string("\"type\" must be a type name or a union array, got a JSON ") +
                         json_type_name(type.type()));
  }
  const auto& members = type.items();
  const auto is_null = [](const JsonValue& v) { return v.is_string() && v.as_string() == "null"; };
  if (members.size() != 2 || (is_null(members[0]) == is_null(members[1]))) {
    return invalid_input("a union must be exactly one type and \"null\" (a nullable field), e.g. [\"null\", \"string\"]");
  }
  const JsonValue& other = is_null(members[0]) ? members[1] : members[0];
  if (!other.is_string()) {
    return invalid_input(std::string("a union may only hold \"null\" and a type name; allowed: ") + kAllowedTypes);
  }
  EDGEREC_ASSIGN_OR_RETURN(field.type, primitive_type(other.as_string()));
  field.nullable = true;
  return Status::ok_status();
}

bool valid_field_name(std::string_view name) {
  if (name.empty()) return false;
  const auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!alpha(name[0])) return false;
  for (const char c : name) {
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return name.find_first_not_of('_') != std::string_view::npos;
}

/// Parses one entry of "fields" (shape and types only; dataset rules come later).
Result<SchemaField> parse_field(const JsonValue& value, DatasetType dataset, const std::function<Status(std::string)>& fail) {
  SchemaField field;
  if (!value.is_object()) return fail(std::string("must be a JSON object, got ") + json_type_name(value.type()));
  const JsonValue* name = value.find("name");
  if (name == nullptr || !name->is_string()) return fail("needs a \"name\" string");
  field.name = name->as_string();
  if (!valid_field_name(field.name)) {
    return fail("name must be letters, digits and '_' and not start with a digit (an Avro name)");
  }
  for (const auto& [key, member] : value.members()) {
    if (key == "name" || key == "type" || key == "doc" || key == "default" || key == "aliases" || key == "order") continue;
    if (key == "categorical" || key == "textual") {
      if (!member.is_bool()) return fail("\"" + key + "\" must be true or false");
      (key == "categorical" ? field.categorical : field.textual) = member.as_bool();
      continue;
    }
    return fail("unknown attribute " + quote_for_message(key) + "; a field has name, type, categorical, textual (and doc, default)");
  }
  const JsonValue* type = value.find("type");
  if (type == nullptr) return fail("needs a \"type\"");
  if (Status s = read_field_type(*type, field); !s.ok()) return fail(s.message());
  if ((field.categorical || field.textual) && field.type != FieldType::kString) {
    return fail(std::string(field.categorical ? "categorical" : "textual") + " is only allowed on string fields, not " +
                field_type_name(field.type));
  }
  if (field.categorical && field.textual) return fail("a field cannot be both categorical and textual");
  if (field.textual && dataset != DatasetType::kItems) return fail("textual fields are only allowed in an Items schema");
  return field;
}

struct Reserved {
  const char* name;
  FieldType type;
  bool required;
  bool nullable_allowed;
};

constexpr Reserved kInteractionsReserved[] = {
    {"USER_ID", FieldType::kString, true, false},        {"ITEM_ID", FieldType::kString, true, false},
    {"TIMESTAMP", FieldType::kLong, true, false},        {"EVENT_TYPE", FieldType::kString, false, true},
    {"EVENT_VALUE", FieldType::kFloat, false, true},     {"IMPRESSION", FieldType::kString, false, true},
    {"RECOMMENDATION_ID", FieldType::kString, false, true}, {"EVENT_ATTRIBUTION_SOURCE", FieldType::kString, false, true},
};
constexpr Reserved kItemsReserved[] = {
    {"ITEM_ID", FieldType::kString, true, false},
    {"CREATION_TIMESTAMP", FieldType::kLong, false, true},
};
constexpr Reserved kUsersReserved[] = {{"USER_ID", FieldType::kString, true, false}};

}  // namespace

const char* dataset_type_name(DatasetType type) {
  switch (type) {
    case DatasetType::kInteractions: return "interactions";
    case DatasetType::kItems: return "items";
    case DatasetType::kUsers: return "users";
  }
  return "interactions";
}

const char* dataset_record_name(DatasetType type) {
  switch (type) {
    case DatasetType::kInteractions: return "Interactions";
    case DatasetType::kItems: return "Items";
    case DatasetType::kUsers: return "Users";
  }
  return "Interactions";
}

const char* dataset_id_field(DatasetType type) { return type == DatasetType::kItems ? "ITEM_ID" : "USER_ID"; }

Result<DatasetType> parse_dataset_type(std::string_view name) {
  for (const DatasetType type : {DatasetType::kInteractions, DatasetType::kItems, DatasetType::kUsers}) {
    if (equals_ignoring_ascii_case(name, dataset_type_name(type))) return type;
  }
  return invalid_input("unknown dataset type \"" + std::string(name) + "\"; expected interactions, items or users");
}

const char* field_type_name(FieldType type) {
  switch (type) {
    case FieldType::kString: return "string";
    case FieldType::kInt: return "int";
    case FieldType::kLong: return "long";
    case FieldType::kFloat: return "float";
    case FieldType::kDouble: return "double";
    case FieldType::kBoolean: return "boolean";
  }
  return "string";
}

std::string field_name_key(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (const char c : name) {
    if (c == '_') continue;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return key;
}

const SchemaField* DatasetSchema::find(std::string_view name) const {
  for (const SchemaField& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

const SchemaField* DatasetSchema::find_by_key(std::string_view name) const {
  const std::string key = field_name_key(name);
  for (const SchemaField& field : fields) {
    if (field_name_key(field.name) == key) return &field;
  }
  return nullptr;
}

bool DatasetSchema::same_fields(const DatasetSchema& other) const {
  if (type != other.type || fields.size() != other.fields.size()) return false;
  for (size_t i = 0; i < fields.size(); ++i) {
    const SchemaField& a = fields[i];
    const SchemaField& b = other.fields[i];
    if (a.name != b.name || a.type != b.type || a.nullable != b.nullable || a.categorical != b.categorical ||
        a.textual != b.textual) {
      return false;
    }
  }
  return true;
}

Result<DatasetSchema> parse_dataset_schema(std::string_view json, DatasetType type, std::string_view source) {
  const std::string where(source);
  const auto schema_error = [&](const std::string& message) { return invalid_input(where + ": " + message); };
  if (json.size() > kMaxSchemaChars && utf8::count_code_points(json) > kMaxSchemaChars) {
    return schema_error("the schema is " + std::to_string(utf8::count_code_points(json)) +
                        " characters; Personalize allows at most " + std::to_string(kMaxSchemaChars));
  }
  auto parsed = parse_json(json, where);
  if (!parsed.ok()) return schema_error("not valid JSON: " + parsed.status().message());
  const JsonValue& root = *parsed;
  if (!root.is_object()) return schema_error("expected a JSON object (an Avro record schema)");
  for (const auto& [key, member] : root.members()) {
    if (key != "type" && key != "name" && key != "namespace" && key != "fields" && key != "version" && key != "doc" &&
        key != "aliases") {
      return schema_error("unknown attribute " + quote_for_message(key) + "; a schema has type, name, namespace, fields, version");
    }
  }
  const JsonValue* record = root.find("type");
  if (record == nullptr || !record->is_string() || record->as_string() != "record") {
    return schema_error("\"type\" must be \"record\"");
  }
  const JsonValue* name = root.find("name");
  const std::string expected_name = dataset_record_name(type);
  if (name == nullptr || !name->is_string() || !equals_ignoring_ascii_case(name->as_string(), expected_name)) {
    return schema_error("\"name\" must be \"" + expected_name + "\" for " + dataset_type_name(type) + " datasets" +
                        (name != nullptr && name->is_string() ? ", got " + quote_for_message(name->as_string()) : ""));
  }
  const JsonValue* fields = root.find("fields");
  if (fields == nullptr || !fields->is_array() || fields->items().empty()) {
    return schema_error("\"fields\" must be a non-empty array of fields");
  }

  DatasetSchema schema;
  schema.type = type;
  for (size_t index = 0; index < fields->items().size(); ++index) {
    const JsonValue& value = fields->items()[index];
    const JsonValue* field_name = value.is_object() ? value.find("name") : nullptr;
    const std::string label = "field " + std::to_string(index + 1) +
                              (field_name != nullptr && field_name->is_string() ? " (" + field_name->as_string() + ")" : "");
    const auto fail = [&](std::string message) { return schema_error(label + ": " + message); };
    EDGEREC_ASSIGN_OR_RETURN(SchemaField field, parse_field(value, type, fail));
    for (size_t earlier = 0; earlier < schema.fields.size(); ++earlier) {
      if (field_name_key(schema.fields[earlier].name) == field_name_key(field.name)) {
        return fail("collides with field " + std::to_string(earlier + 1) + " (" + schema.fields[earlier].name +
                    "): names must be unique once '_' is ignored and case is ignored");
      }
    }
    schema.fields.push_back(std::move(field));
  }

  // Reserved fields: required ones present, every reserved one with its type.
  const Reserved* reserved = kInteractionsReserved;
  size_t reserved_count = std::size(kInteractionsReserved);
  if (type == DatasetType::kItems) {
    reserved = kItemsReserved;
    reserved_count = std::size(kItemsReserved);
  } else if (type == DatasetType::kUsers) {
    reserved = kUsersReserved;
    reserved_count = std::size(kUsersReserved);
  }
  const auto field_label = [&](const SchemaField& f) {
    return "field " + std::to_string(static_cast<size_t>(&f - schema.fields.data()) + 1) + " (" + f.name + ")";
  };
  size_t custom = 0;
  size_t optional_metadata = 0;
  size_t textual = 0;
  for (const SchemaField& field : schema.fields) {
    const Reserved* rule = nullptr;
    for (size_t r = 0; r < reserved_count; ++r) {
      if (field.name == reserved[r].name) rule = &reserved[r];
    }
    if (rule == nullptr) {
      for (size_t r = 0; r < reserved_count; ++r) {
        if (field_name_key(field.name) == field_name_key(reserved[r].name)) {
          return schema_error(field_label(field) + ": reserved field names are upper case; write " + reserved[r].name);
        }
      }
      ++custom;
      if (field.textual) ++textual;
      if (field.type == FieldType::kString && !field.categorical && !field.textual) {
        schema.warnings.push_back(field_label(field) +
                                  ": a string field that is neither categorical nor textual is stored (and usable in "
                                  "filters) but ignored in training");
      }
      continue;
    }
    const std::string kind = rule->required ? "required" : "reserved";
    if (field.type != rule->type || (field.nullable && !rule->nullable_allowed)) {
      const std::string wanted = std::string("\"") + field_type_name(rule->type) + "\"" +
                                 (rule->nullable_allowed ? " (or [\"null\", \"" + std::string(field_type_name(rule->type)) + "\"])" : "");
      return schema_error(field_label(field) + ": the " + kind + " field " + rule->name + " must be of type " + wanted +
                          ", got " + (field.nullable ? "nullable " : "") + field_type_name(field.type));
    }
    if (field.categorical || field.textual) {
      return schema_error(field_label(field) + ": the " + kind + " field " + rule->name + " cannot be " +
                          (field.categorical ? "categorical" : "textual"));
    }
    if (type == DatasetType::kInteractions && (field.name == "EVENT_TYPE" || field.name == "EVENT_VALUE")) ++optional_metadata;
  }
  for (size_t r = 0; r < reserved_count; ++r) {
    if (reserved[r].required && schema.find(reserved[r].name) == nullptr) {
      return schema_error(std::string("the required field ") + reserved[r].name + " (" + field_type_name(reserved[r].type) +
                          ") is missing; a" + (type == DatasetType::kInteractions ? "n " : " ") + dataset_record_name(type) +
                          " schema needs " +
                          (type == DatasetType::kInteractions ? "USER_ID, ITEM_ID (string) and TIMESTAMP (long)"
                                                              : std::string(reserved[r].name) + " (string)"));
    }
  }

  if (type == DatasetType::kInteractions) {
    if (custom > kMaxInteractionsCustomFields) {
      return schema_error(std::to_string(custom) + " non-reserved metadata fields; an Interactions schema allows at most " +
                          std::to_string(kMaxInteractionsCustomFields));
    }
    optional_metadata += custom;
    // Each distinct event type counts against the same limit; a schema with EVENT_TYPE brings at
    // least one, the rest are checked at import.
    const size_t at_least_types = schema.find("EVENT_TYPE") != nullptr ? 1 : 0;
    if (optional_metadata + at_least_types > kMaxInteractionsMetadataPlusEventTypes) {
      return schema_error(std::to_string(optional_metadata) +
                          " optional metadata fields (EVENT_TYPE, EVENT_VALUE and non-reserved ones) plus at least " +
                          std::to_string(at_least_types) + " event type exceed Personalize's limit of " +
                          std::to_string(kMaxInteractionsMetadataPlusEventTypes) + " for metadata fields plus distinct event types");
    }
  } else {
    const size_t metadata = schema.fields.size() - 1;  // every field but the id
    const size_t limit = type == DatasetType::kItems ? kMaxItemsMetadataFields : kMaxUsersMetadataFields;
    if (metadata == 0) {
      return schema_error(std::string("an ") + dataset_record_name(type) + " schema needs " + dataset_id_field(type) +
                          " and at least 1 metadata field");
    }
    if (metadata > limit) {
      return schema_error(std::to_string(metadata) + " metadata fields; an " + dataset_record_name(type) +
                          " schema allows at most " + std::to_string(limit));
    }
    if (textual > 1) return schema_error(std::to_string(textual) + " textual fields; an Items schema allows at most 1");
  }

  for (SchemaField& field : schema.fields) {
    const std::string& n = field.name;
    field.epoch_seconds = n == "TIMESTAMP" || n == "CREATION_TIMESTAMP";
    if (n == "USER_ID" || n == "ITEM_ID" || (n == "EVENT_TYPE" && type == DatasetType::kInteractions)) {
      field.max_chars = 256;  // Personalize's id limit (edgerec's for event types, as PutEvents)
    } else if (field.categorical || (n == "IMPRESSION" && type == DatasetType::kInteractions)) {
      field.max_chars = 1000;
    }
  }

  JsonWriter writer;
  write_json_value(writer, root);  // compactly: a pretty-printed schema file is stored (and described) on one line
  schema.json = writer.take();
  return schema;
}

}  // namespace edgerec
