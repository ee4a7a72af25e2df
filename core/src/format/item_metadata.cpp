// metadataColumns: request parsing, column lookup, values as strings.
#include "format/item_metadata.h"

#include "edgerec/message_text.h"
#include "edgerec/solution_generated.h"

namespace edgerec {

Status parse_metadata_columns(const JsonValue& value, MetadataColumnsRequest& out) {
  if (!value.is_object()) {
    return invalid_input(std::string("request field metadataColumns must be an object such as "
                                     "{\"ITEMS\": [\"GENRE\", \"PRICE\"]}, got ") +
                         json_type_name(value.type()));
  }
  out = {};
  for (const auto& [type, names] : value.members()) {
    // Personalize keys the map by dataset type; only Items metadata can be returned with items.
    if (type != "ITEMS") {
      return invalid_input("request field metadataColumns: unknown dataset type " + quote_for_message(type) +
                           "; the only one is ITEMS (columns of the Items dataset)");
    }
    if (!names.is_array()) {
      return invalid_input(std::string("request field metadataColumns.ITEMS must be an array of column names, got ") +
                           json_type_name(names.type()));
    }
    if (names.items().size() > kMaxMetadataColumns) {
      return invalid_input("request field metadataColumns.ITEMS names " + std::to_string(names.items().size()) +
                           " columns; at most " + std::to_string(kMaxMetadataColumns) + " are allowed");
    }
    for (size_t i = 0; i < names.items().size(); ++i) {
      const JsonValue& name = names.items()[i];
      const std::string where = "request field metadataColumns.ITEMS[" + std::to_string(i) + "]";
      if (!name.is_string()) return invalid_input(where + " must be a string, got " + json_type_name(name.type()));
      if (name.as_string().empty()) return invalid_input(where + " must not be empty");
      for (const std::string& earlier : out.items) {
        if (earlier == name.as_string()) return invalid_input(where + " names " + quote_for_message(earlier) + " a second time");
      }
      out.items.push_back(name.as_string());
    }
  }
  return Status::ok_status();
}

Result<std::vector<ColumnView>> resolve_item_metadata(const Solution& solution, const MetadataColumnsRequest& request) {
  std::vector<ColumnView> columns;
  if (!request.requested()) return columns;
  const ColumnView::Columns* available = solution.root().items()->columns();
  if (available == nullptr || available->size() == 0) {
    return invalid_input("request field metadataColumns: the solution version has no item metadata (train it with "
                         "an Items dataset, e.g. `edgerec train --items ITEMS.csv`)");
  }
  for (const std::string& name : request.items) {
    const std::optional<ColumnView> column = ColumnView::find(available, name);
    if (!column) {
      return invalid_input("request field metadataColumns: unknown column " + member_path("ITEMS", name) +
                           "; the solution's item columns are " + ColumnView::names(available));
    }
    columns.push_back(*column);
  }
  return columns;
}

bool metadata_value_text(const ColumnView& column, uint32_t row, std::string& out) {
  if (column.is_null(row)) return false;
  if (column.is_string()) {
    out.assign(column.text(row));
    return true;
  }
  if (const std::optional<int64_t> integer = column.integer(row)) {
    if (column.type() == fb::ColumnType::BOOLEAN) out = *integer != 0 ? "true" : "false";
    else out = std::to_string(*integer);
    return true;
  }
  const std::optional<double> number = column.number(row);
  if (!number) return false;
  out = shortest_number_text(*number);
  return true;
}

void write_item_metadata(JsonWriter& w, const std::vector<ColumnView>& columns, uint32_t row) {
  if (columns.empty()) return;
  w.key("metadata");
  w.begin_object();
  std::string text;
  for (const ColumnView& column : columns) {
    if (!metadata_value_text(column, row, text)) continue;
    w.key(column.name());
    w.string(text);
  }
  w.end_object();
}

}  // namespace edgerec
