// Items / Users CSV import.
#include "store/entity_import.h"

#include <algorithm>

#include "schema/csv_header.h"
#include "store/dictionary_loader.h"
#include "store/entity_writer.h"

namespace edgerec {

Status import_entity_csv(sql::Database& db, CsvReader& reader, const DatasetSchema& schema, ImportOutcome& outcome) {
  std::vector<std::string_view> fields;
  auto resolved = read_csv_header(reader, schema);
  if (!resolved.ok()) {
    outcome.add_error(resolved.status());
    return outcome.first_error();
  }
  const CsvColumns& columns = *resolved;
  EDGEREC_ASSIGN_OR_RETURN(EntityWriter writer, EntityWriter::create(db, schema, RecordSource::kBulk));
  // For each stored column, the CSV column holding it (or none: a nullable field left out).
  std::vector<std::optional<size_t>> source_column;
  for (const SchemaField* field : writer.columns()) {
    const auto at = std::find(columns.begin(), columns.end(), field);
    source_column.push_back(at == columns.end() ? std::nullopt : std::optional<size_t>(at - columns.begin()));
  }
  const size_t id_column = static_cast<size_t>(
      std::find_if(columns.begin(), columns.end(), [&](const SchemaField* f) { return f->name == dataset_id_field(schema.type); }) -
      columns.begin());
  EDGEREC_ASSIGN_OR_RETURN(DictionaryLoader ids, DictionaryLoader::load(db, schema.type == DatasetType::kItems
                                                                                 ? DictionaryKind::kItems
                                                                                 : DictionaryKind::kUsers));
  std::vector<FieldValue> values(writer.columns().size());
  for (;;) {
    auto more = reader.next(fields);
    if (!more.ok()) {
      outcome.add_error(more.status());
      break;
    }
    if (!*more) break;
    ++outcome.rows_read;
    if (fields.size() != columns.size()) {
      const size_t blamed = std::min(fields.size(), columns.size());
      outcome.add_error(reader.field_error(blamed, "expected " + std::to_string(columns.size()) +
                                                       " columns as in the header, got " + std::to_string(fields.size())));
    } else if (Status s = check_id_value(fields[id_column]); !s.ok()) {
      outcome.add_error(reader.field_error(id_column, s.message()));
    } else {
      bool row_ok = true;
      for (size_t i = 0; i < values.size() && row_ok; ++i) {
        if (!source_column[i]) {
          values[i] = FieldValue{};
          continue;
        }
        auto value = parse_field_value(*writer.columns()[i], fields[*source_column[i]]);
        if (!value.ok()) {
          outcome.add_error(reader.field_error(*source_column[i], value.status().message()));
          row_ok = false;
          break;
        }
        if (value->truncated) ++outcome.truncated_values;
        values[i] = *value;
      }
      if (row_ok && !outcome.failed()) {
        EDGEREC_RETURN_IF_ERROR(writer.upsert(ids.index_of(fields[id_column]), values));
        ++outcome.rows_imported;
      }
    }
  }
  if (outcome.failed()) return outcome.first_error();
  if (outcome.rows_read == 0) {
    outcome.add_error(invalid_input(reader.path() + ": the file has no records, only a header row (" +
                                    schema_field_list(schema) + ")"));
    return outcome.first_error();
  }
  if (outcome.truncated_values != 0) {
    outcome.warnings.push_back(std::to_string(outcome.truncated_values) + " textual values were longer than " +
                               std::to_string(kMaxTextualChars) + " characters and were truncated");
  }
  // The rows reference new ids; the foreign key is checked at commit, after these are in.
  return ids.insert_new_entries(db);
}

}  // namespace edgerec
