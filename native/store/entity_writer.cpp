// Typed upserts into items / users.
#include "store/entity_writer.h"

namespace edgerec {

Result<EntityWriter> EntityWriter::create(sql::Database& db, const DatasetSchema& schema, RecordSource source) {
  EntityWriter writer;
  std::string sql = std::string("INSERT OR REPLACE INTO ") + entity_table_name(schema.type) + "(" +
                    entity_index_column(schema.type);
  std::string values = "?";
  for (const SchemaField& field : schema.fields) {
    if (field.name == dataset_id_field(schema.type)) continue;
    writer.columns_.push_back(&field);
    sql += ", " + sql::quote_identifier(field.name);
    values += ", ?";
  }
  sql += ", source) VALUES (" + values + ", " + std::to_string(static_cast<int>(source)) + ")";
  EDGEREC_ASSIGN_OR_RETURN(writer.insert_, db.prepare(sql));
  return writer;
}

Status EntityWriter::upsert(int64_t index, const std::vector<FieldValue>& values) {
  insert_.bind_int(1, index);
  for (size_t i = 0; i < values.size(); ++i) {
    const int slot = static_cast<int>(i) + 2;
    const FieldValue& value = values[i];
    switch (value.kind) {
      case FieldValue::Kind::kNull: insert_.bind_null(slot); break;
      case FieldValue::Kind::kInteger: insert_.bind_int(slot, value.integer); break;
      case FieldValue::Kind::kReal: insert_.bind_double(slot, value.real); break;
      case FieldValue::Kind::kText: insert_.bind_text(slot, value.text); break;
    }
  }
  return insert_.run();
}

}  // namespace edgerec
