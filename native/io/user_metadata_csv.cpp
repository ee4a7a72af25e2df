// Reading user metadata for training.
#include "io/user_metadata_csv.h"

#include <unordered_map>
#include <vector>

#include "edgerec/message_text.h"
#include "io/csv_reader.h"

namespace edgerec {

Result<UserMetadataTable> read_user_metadata_csv(const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::open(path));
  return read_user_metadata_csv(reader);
}

Result<UserMetadataTable> read_user_metadata_csv(CsvReader& reader) {
  const std::string& path = reader.path();
  std::vector<std::string_view> fields;
  EDGEREC_ASSIGN_OR_RETURN(const bool has_header, reader.next(fields));
  if (!has_header) return invalid_input(path + ": empty file: a Users CSV needs a header row with USER_ID");
  std::vector<std::string> header(fields.begin(), fields.end());
  reader.set_column_names(header);
  // A filter names a column by its header name, so an empty or repeated name could never be
  // referred to unambiguously: refuse it rather than store a column no one can use.
  int id_column = -1;
  std::unordered_map<std::string, size_t> column_of;
  for (size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty()) return reader.field_error(c, "the header has an empty column name");
    if (const auto [it, inserted] = column_of.emplace(header[c], c); !inserted) {
      return reader.field_error(c, "column \"" + header[c] + "\" already appears as column " +
                                       std::to_string(it->second + 1) + " of the header");
    }
    if (header[c] == "USER_ID") id_column = static_cast<int>(c);
  }
  if (id_column < 0) return invalid_input(path + ":1: the header has no USER_ID column");
  const size_t id_at = static_cast<size_t>(id_column);

  std::vector<std::string> value_names;
  for (size_t c = 0; c < header.size(); ++c) {
    if (c != id_at) value_names.push_back(header[c]);
  }
  MetadataColumnsBuilder values(value_names);
  UserMetadataTable table;
  std::vector<std::string_view> cells;
  std::unordered_map<std::string, uint64_t> seen_ids;  // id -> line
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, reader.next(fields));
    if (!row) break;
    if (fields.size() != header.size()) {
      return reader.record_error("expected " + std::to_string(header.size()) + " columns as in the header, got " +
                                 std::to_string(fields.size()));
    }
    std::string id(fields[id_at]);
    if (id.empty() || id.size() > 256) return reader.field_error(id_at, "USER_ID must be 1 to 256 characters long");
    if (const auto [it, inserted] = seen_ids.emplace(id, reader.line()); !inserted) {
      return reader.field_error(id_at, "USER_ID " + quote_for_message(id, 256) + " already appeared on line " +
                                           std::to_string(it->second));
    }
    cells.clear();
    for (size_t c = 0; c < fields.size(); ++c) {
      if (c != id_at) cells.push_back(fields[c]);
    }
    values.add_row(cells);
    table.user_ids.push_back(std::move(id));
  }
  table.columns = values.finish();
  return table;
}

}  // namespace edgerec
