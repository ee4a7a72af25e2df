// CSV header resolution against a schema.
#include "schema/csv_header.h"

#include "io/csv_header_names.h"

namespace edgerec {

Result<CsvColumns> read_csv_header(CsvReader& reader, const DatasetSchema& schema) {
  std::vector<std::string_view> fields;
  EDGEREC_ASSIGN_OR_RETURN(const bool has_header, reader.next(fields));
  if (!has_header) {
    return invalid_input(reader.path() + ": the file is empty; expected a header row naming the schema's fields (" +
                         schema_field_list(schema) + ")");
  }
  const std::vector<std::string> header(fields.begin(), fields.end());
  return resolve_csv_header(reader, header, schema);
}

std::string schema_field_list(const DatasetSchema& schema) {
  std::string text;
  for (const SchemaField& field : schema.fields) text += (text.empty() ? "" : ",") + field.name;
  return text;
}

Result<CsvColumns> resolve_csv_header(CsvReader& reader, const std::vector<std::string>& header,
                                      const DatasetSchema& schema) {
  reader.set_column_names(header);
  CsvColumns columns(header.size(), nullptr);
  for (size_t column = 0; column < header.size(); ++column) {
    EDGEREC_RETURN_IF_ERROR(check_csv_header_name(reader, header, column));
    const std::string& name = header[column];
    columns[column] = schema.find(name);
    if (columns[column] != nullptr) continue;
    std::string message = "unknown column " + name + ": the " + dataset_type_name(schema.type) +
                          " schema has no such field (fields: " + schema_field_list(schema) + ")";
    if (const SchemaField* near = schema.find_by_key(name)) {
      message += "; column names must match the schema exactly, so write " + near->name;
    }
    return reader.field_error(column, message);
  }
  for (const SchemaField& field : schema.fields) {
    if (field.nullable) continue;
    bool present = false;
    for (const SchemaField* column : columns) present = present || column == &field;
    if (present) continue;
    std::string found;
    for (const std::string& name : header) found += (found.empty() ? "" : ",") + name;
    return invalid_input(reader.path() + ":" + std::to_string(reader.line()) + ": the header has no " + field.name +
                         " column, which the " + dataset_type_name(schema.type) +
                         " schema requires (it is not nullable); found: " + found +
                         (field.name == "EVENT_TYPE"
                              ? ". Personalize's default Interactions schema has EVENT_TYPE; for data without it, "
                                "give the dataset's first import a schema that leaves it out (--schema FILE.json)"
                              : ""));
  }
  return columns;
}

}  // namespace edgerec
