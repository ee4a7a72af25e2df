// Reading item metadata for training.
#include "edgerec/epoch_seconds.h"
#include "io/item_metadata_csv.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <unordered_map>

#include "io/csv_reader.h"

namespace edgerec {

Result<ItemMetadataTable> read_item_metadata_csv(const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::open(path));
  return read_item_metadata_csv(reader);
}

Result<ItemMetadataTable> read_item_metadata_csv(CsvReader& reader) {
  const std::string& path = reader.path();
  std::vector<std::string_view> fields;
  EDGEREC_ASSIGN_OR_RETURN(const bool has_header, reader.next(fields));
  if (!has_header) return invalid_input(path + ": empty file: an Items CSV needs a header row with ITEM_ID");
  ItemMetadataTable table;
  for (const std::string_view f : fields) table.columns.emplace_back(f);
  reader.set_column_names(table.columns);
  const auto column = [&](const char* name) -> int {
    const auto it = std::find(table.columns.begin(), table.columns.end(), name);
    return it == table.columns.end() ? -1 : static_cast<int>(it - table.columns.begin());
  };
  const int id_column = column("ITEM_ID");
  const int time_column = column("CREATION_TIMESTAMP");
  if (id_column < 0) return invalid_input(path + ":1: the header has no ITEM_ID column");

  std::vector<std::string> value_names;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (static_cast<int>(c) != id_column && static_cast<int>(c) != time_column) value_names.push_back(table.columns[c]);
  }
  MetadataColumnsBuilder values(value_names);
  std::vector<std::string_view> cells;
  std::unordered_map<std::string, uint32_t> token_ids;
  std::unordered_map<std::string, uint64_t> seen_ids;  // id -> line
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, reader.next(fields));
    if (!row) break;
    if (fields.size() != table.columns.size()) {
      return reader.record_error("expected " + std::to_string(table.columns.size()) +
                                 " columns as in the header, got " + std::to_string(fields.size()));
    }
    const std::string id(fields[static_cast<size_t>(id_column)]);
    if (id.empty() || id.size() > 256) {
      return reader.field_error(static_cast<size_t>(id_column), "ITEM_ID must be 1 to 256 characters long");
    }
    if (const auto [it, inserted] = seen_ids.emplace(id, reader.line()); !inserted) {
      return reader.field_error(static_cast<size_t>(id_column),
                                "ITEM_ID \"" + id + "\" already appeared on line " + std::to_string(it->second));
    }
    int64_t created = kUnknownCreationTime;
    if (time_column >= 0 && !fields[static_cast<size_t>(time_column)].empty()) {
      const std::string text(fields[static_cast<size_t>(time_column)]);
      errno = 0;
      char* end = nullptr;
      const long long value = std::strtoll(text.c_str(), &end, 10);
      if (*end != '\0' || errno == ERANGE) {
        return reader.field_error(static_cast<size_t>(time_column), "expected epoch seconds as an integer, got \"" + text + "\"");
      }
      if (Status s = check_epoch_seconds(static_cast<double>(value), EpochRange::kAnyYear, "CREATION_TIMESTAMP");
          !s.ok()) {
        return reader.field_error(static_cast<size_t>(time_column), s.message());
      }
      created = value;
    }
    std::vector<uint32_t> tokens;
    cells.clear();
    for (size_t c = 0; c < fields.size(); ++c) {
      if (static_cast<int>(c) == id_column || static_cast<int>(c) == time_column) continue;
      cells.push_back(fields[c]);
      std::string_view value = fields[c];
      while (!value.empty()) {
        const size_t bar = value.find('|');
        const std::string_view part = value.substr(0, bar);
        if (!part.empty()) {
          std::string token = table.columns[c] + "=" + std::string(part);
          const auto [it, inserted] = token_ids.emplace(token, static_cast<uint32_t>(table.tokens.size()));
          if (inserted) table.tokens.push_back(std::move(token));
          tokens.push_back(it->second);
        }
        if (bar == std::string_view::npos) break;
        value.remove_prefix(bar + 1);
      }
    }
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    table.item_ids.push_back(id);
    table.item_tokens.push_back(std::move(tokens));
    table.creation_timestamps.push_back(created);
    values.add_row(cells);
  }
  table.value_columns = values.finish();
  return table;
}

}  // namespace edgerec
