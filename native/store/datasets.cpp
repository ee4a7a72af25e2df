// Dataset records and the typed items / users tables.
#include "store/datasets.h"

#include "io/file_io.h"
#include "store/bulk_rows.h"
#include "store/dataset_group.h"

namespace edgerec {
namespace {

const char* column_type(FieldType type) {
  switch (type) {
    case FieldType::kString: return "TEXT";
    case FieldType::kFloat:
    case FieldType::kDouble: return "REAL";
    default: return "INTEGER";
  }
}

bool same_name_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

const char* entity_table_name(DatasetType type) { return type == DatasetType::kItems ? "items" : "users"; }
const char* entity_index_column(DatasetType type) { return type == DatasetType::kItems ? "item_idx" : "user_idx"; }
const char* id_dictionary_table(DatasetType type) { return type == DatasetType::kItems ? "item_ids" : "user_ids"; }

Result<std::optional<DatasetSchema>> load_dataset_schema(sql::Database& db, DatasetType type) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement stmt, db.prepare("SELECT schema_json FROM datasets WHERE dataset_type = ?"));
  stmt.bind_text(1, dataset_type_name(type));
  EDGEREC_ASSIGN_OR_RETURN(const bool found, stmt.step());
  if (!found) return std::optional<DatasetSchema>();
  const std::string json = stmt.column_text(0);
  auto schema = parse_dataset_schema(json, type, db.path() + " (stored " + dataset_type_name(type) + " schema)");
  if (!schema.ok()) return corrupt_data(schema.status().message());
  return std::optional<DatasetSchema>(std::move(schema).value());
}

Status create_dataset(sql::Database& db, const DatasetSchema& schema) {
  EDGEREC_ASSIGN_OR_RETURN(const int64_t exists,
                           db.query_int(std::string("SELECT count(*) FROM datasets WHERE dataset_type = '") +
                                        dataset_type_name(schema.type) + "'"));
  if (exists != 0) {
    return failed_precondition(std::string("the ") + dataset_type_name(schema.type) +
                               " dataset exists already; schemas are immutable (create a new dataset group to change it)");
  }
  if (schema.type != DatasetType::kInteractions) {
    const std::string index = entity_index_column(schema.type);
    std::string ddl = std::string("CREATE TABLE ") + entity_table_name(schema.type) + "(" + index +
                      " INTEGER PRIMARY KEY REFERENCES " + id_dictionary_table(schema.type) + "(" + index +
                      ") DEFERRABLE INITIALLY DEFERRED";
    for (const SchemaField& field : schema.fields) {
      if (field.name == dataset_id_field(schema.type)) continue;
      if (same_name_ignoring_case(field.name, index) || same_name_ignoring_case(field.name, "source")) {
        return invalid_input("field " + field.name + ": the name is taken by edgerec's own column " +
                             (same_name_ignoring_case(field.name, "source") ? std::string("source") : index) +
                             " in the " + entity_table_name(schema.type) + " table; rename the field");
      }
      ddl += ", " + sql::quote_identifier(field.name) + " " + column_type(field.type);
    }
    ddl += ", source INTEGER NOT NULL CHECK (source IN (0, 1)))";
    EDGEREC_RETURN_IF_ERROR(db.exec(ddl));
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement insert,
                           db.prepare("INSERT INTO datasets(dataset_type, schema_json, created_at, updated_at) "
                                      "VALUES (?, ?, ?, ?)"));
  const int64_t now = unix_now();
  insert.bind_text(1, dataset_type_name(schema.type));
  insert.bind_text(2, schema.json);
  insert.bind_int(3, now);
  insert.bind_int(4, now);
  return insert.run();
}

Result<DatasetSchema> default_dataset_schema(DatasetType type) {
  if (type == DatasetType::kInteractions) {
    return parse_dataset_schema(default_interactions_schema_json(), type, "default Interactions schema");
  }
  return invalid_input(std::string("an ") + dataset_record_name(type) +
                       " dataset needs a schema (Personalize has no default for it); pass --schema FILE.json, e.g. "
                       "{\"type\":\"record\",\"name\":\"" + dataset_record_name(type) + "\",\"fields\":[{\"name\":\"" +
                       dataset_id_field(type) + "\",\"type\":\"string\"},{\"name\":\"GENRE\",\"type\":\"string\","
                       "\"categorical\":true}],\"version\":\"1.0\"}");
}

Result<DatasetSchema> read_dataset_schema_file(const std::string& path, DatasetType type) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return parse_dataset_schema(text, type, path);
}

Result<int64_t> dataset_row_count(sql::Database& db, DatasetType type) {
  if (type == DatasetType::kInteractions) {
    sql::ReadSnapshot snapshot(db);
    EDGEREC_RETURN_IF_ERROR(snapshot.begin());
    EDGEREC_ASSIGN_OR_RETURN(const std::string counted, counted_bulk_rows(db));
    EDGEREC_ASSIGN_OR_RETURN(const int64_t bulk, db.query_int("SELECT count(*) FROM interactions_bulk" + where_counted(counted)));
    EDGEREC_ASSIGN_OR_RETURN(const int64_t put, db.query_int("SELECT count(*) FROM interactions_put"));
    return bulk + put;
  }
  EDGEREC_ASSIGN_OR_RETURN(const auto schema, load_dataset_schema(db, type));
  if (!schema) return int64_t{0};
  return db.query_int(std::string("SELECT count(*) FROM ") + entity_table_name(type));
}

}  // namespace edgerec
