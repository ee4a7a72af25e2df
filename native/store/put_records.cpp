// PutItems / PutUsers: validation of the whole call first, then one transaction.
#include "store/put_records.h"

#include <memory>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"
#include "schema/field_value.h"
#include "store/datasets.h"
#include "store/entity_writer.h"

namespace edgerec {
namespace {

struct ParsedRecord {
  std::string id;
  std::unique_ptr<JsonValue> properties;  ///< owns the text the values point into
  std::vector<FieldValue> values;          ///< one per EntityWriter column
};

Result<int64_t> find_or_add_id(sql::Database& db, DatasetType type, const std::string& id, bool& created) {
  const std::string table = id_dictionary_table(type);
  const std::string index = entity_index_column(type);
  const std::string column = type == DatasetType::kItems ? "item_id" : "user_id";
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement find, db.prepare("SELECT " + index + " FROM " + table + " WHERE " + column + " = ?"));
  find.bind_text(1, id);
  EDGEREC_ASSIGN_OR_RETURN(const bool found, find.step());
  if (found) return find.column_int(0);
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement add, db.prepare("INSERT INTO " + table + "(" + column + ") VALUES (?)"));
  add.bind_text(1, id);
  EDGEREC_RETURN_IF_ERROR(add.run());
  created = true;
  return db.last_insert_rowid();
}

}  // namespace

Result<PutRecordsResult> put_records(DatasetGroup& group, DatasetType type, std::string_view records_json) {
  if (type == DatasetType::kInteractions) return invalid_input("interactions are sent with PutEvents (put-events)");
  const bool items = type == DatasetType::kItems;
  const char* id_key = items ? "itemId" : "userId";
  const char* what = items ? "items" : "users";
  const size_t max_properties = items ? kMaxItemPropertiesChars : kMaxUserPropertiesChars;
  sql::Database& db = group.db();
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<DatasetSchema> schema, load_dataset_schema(db, type));
  if (!schema) {
    return failed_precondition(std::string("the group has no ") + what + " dataset; create it first with `edgerec "
                               "create-dataset DIR --type " + what + " --schema FILE.json`");
  }
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(records_json, what));
  if (!root.is_array() || root.items().empty() || root.items().size() > kMaxRecordsPerPut) {
    return invalid_input(std::string(what) + ": expected a JSON array of 1 to " + std::to_string(kMaxRecordsPerPut) +
                         " records" + (root.is_array() ? ", got " + std::to_string(root.items().size()) : ""));
  }
  EDGEREC_ASSIGN_OR_RETURN(EntityWriter writer, EntityWriter::create(db, *schema, RecordSource::kPut));

  std::vector<ParsedRecord> records;
  for (size_t r = 0; r < root.items().size(); ++r) {
    const JsonValue& record = root.items()[r];
    const std::string where = std::string(what) + "[" + std::to_string(r) + "]";
    if (!record.is_object()) return invalid_input(where + ": expected an object {\"" + id_key + "\":..,\"properties\":..}");
    for (const auto& [key, value] : record.members()) {
      if (key != id_key && key != "properties") {
        return invalid_input(where + ": unknown member " + quote_for_message(key) + "; a record has " + id_key + " and properties");
      }
    }
    const JsonValue* id = record.find(id_key);
    if (id == nullptr || !id->is_string()) return invalid_input(where + ": needs " + id_key + " as a string");
    if (Status s = check_id_value(id->as_string()); !s.ok()) return invalid_input(where + "." + id_key + ": " + s.message());
    ParsedRecord parsed;
    parsed.id = id->as_string();
    parsed.values.assign(writer.columns().size(), FieldValue{});
    std::vector<bool> given(writer.columns().size(), false);
    if (const JsonValue* properties = record.find("properties")) {
      if (!properties->is_string()) {
        return invalid_input(where + ".properties: must be a JSON object serialized as a string, e.g. "
                                     "\"{\\\"genre\\\":\\\"drama\\\"}\" (Personalize's wire format)");
      }
      const std::string& text = properties->as_string();
      if (text.size() > max_properties && utf8::count_code_points(text) > max_properties) {
        return invalid_input(where + ".properties: " + std::to_string(utf8::count_code_points(text)) +
                             " characters; Personalize allows at most " + std::to_string(max_properties));
      }
      auto parsed_properties = parse_json(text, where + ".properties");
      if (!parsed_properties.ok()) return parsed_properties.status();
      if (!parsed_properties->is_object()) return invalid_input(where + ".properties: must hold a JSON object");
      parsed.properties = std::make_unique<JsonValue>(std::move(parsed_properties).value());
      for (const auto& [key, value] : parsed.properties->members()) {
        const SchemaField* field = schema->find_by_key(key);
        if (field == nullptr || field->name == dataset_id_field(type)) {
          return invalid_input(where + ".properties." + key + ": no such field in the " + what + " schema (fields: " +
                               [&] {
                                 std::string list;
                                 for (const SchemaField* c : writer.columns()) list += (list.empty() ? "" : ", ") + c->name;
                                 return list;
                               }() + "); camelCase keys map to SNAKE_CASE fields, e.g. numRatings -> NUM_RATINGS");
        }
        size_t column = 0;
        while (writer.columns()[column] != field) ++column;
        auto typed = json_field_value(*field, value);
        if (!typed.ok()) return invalid_input(where + ".properties." + key + " (" + field->name + "): " + typed.status().message());
        parsed.values[column] = *typed;
        given[column] = true;
      }
    }
    for (size_t c = 0; c < writer.columns().size(); ++c) {
      if (!given[c] && !writer.columns()[c]->nullable) {
        return invalid_input(where + ".properties: missing " + writer.columns()[c]->name +
                             ", which the schema requires (it is not nullable)");
      }
    }
    records.push_back(std::move(parsed));
  }

  PutRecordsResult result;
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement exists, db.prepare(std::string("SELECT 1 FROM ") + entity_table_name(type) +
                                                             " WHERE " + entity_index_column(type) + " = ?"));
  for (const ParsedRecord& record : records) {
    bool new_id = false;
    EDGEREC_ASSIGN_OR_RETURN(const int64_t index, find_or_add_id(db, type, record.id, new_id));
    exists.bind_int(1, index);
    EDGEREC_ASSIGN_OR_RETURN(const bool had_row, exists.step());
    exists.reset();
    EDGEREC_RETURN_IF_ERROR(writer.upsert(index, record.values));
    ++(had_row ? result.updated : result.created);
  }
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  return result;
}

}  // namespace edgerec
