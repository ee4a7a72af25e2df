// Rows of a table as JSON, column by column.
#include "store/table_json.h"

namespace edgerec {
namespace {

void write_string_array(const sql::Statement& row, int index, JsonWriter& w) {
  w.begin_array();
  if (!row.column_is_null(index)) {
    auto stored = parse_json(row.column_text(index), "stored string array");
    if (stored.ok() && stored->is_array()) {
      for (const JsonValue& e : stored->items()) w.string(e.is_string() ? e.as_string() : "");
    }
  }
  w.end_array();
}

void write_column(const sql::Statement& row, int index, const ColumnJson& column, JsonWriter& w) {
  const bool null = row.column_is_null(index);
  switch (column.as) {
    case ColumnAs::kInteger:
      w.key(column.key);
      w.integer(row.column_int(index));
      return;
    case ColumnAs::kText:
      w.key(column.key);
      w.string(row.column_text(index));
      return;
    case ColumnAs::kIntegerOrNull:
      w.key(column.key);
      if (null) w.null();
      else w.integer(row.column_int(index));
      return;
    case ColumnAs::kTextOrNull:
      w.key(column.key);
      if (null) w.null();
      else w.string(row.column_text(index));
      return;
    case ColumnAs::kTextIfPresent:
      if (null) return;
      w.key(column.key);
      w.string(row.column_text(index));
      return;
    case ColumnAs::kJsonIfPresent: {
      const std::string json = row.column_text(index);
      if (json.empty()) return;
      w.key(column.key);
      w.raw(json);  // written as validated JSON by the store itself
      return;
    }
    case ColumnAs::kStringArray:
      w.key(column.key);
      write_string_array(row, index, w);
      return;
  }
}

}  // namespace

std::string select_list(const std::vector<ColumnJson>& columns) {
  std::string list;
  for (const ColumnJson& c : columns) list += (list.empty() ? "" : ", ") + std::string(c.column);
  return list;
}

void write_columns(const sql::Statement& row, const std::vector<ColumnJson>& columns, JsonWriter& w,
                   int first_index) {
  for (size_t i = 0; i < columns.size(); ++i) write_column(row, first_index + static_cast<int>(i), columns[i], w);
}

Status write_table_rows(sql::Database& db, const TableJson& table, JsonWriter& w) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement rows,
                           db.prepare("SELECT " + select_list(table.columns) + " FROM " + table.table +
                                      " ORDER BY " + table.order_by));
  w.key(table.key);
  w.begin_array();
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, rows.step());
    if (!row) break;
    w.begin_object();
    write_columns(rows, table.columns, w);
    w.end_object();
  }
  w.end_array();
  return Status::ok_status();
}

}  // namespace edgerec
