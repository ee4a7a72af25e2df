// A table's rows as JSON objects, from one list that says, column by column, which key the column
// becomes and how its value is written. The SELECT is made from the same list, so a column cannot
// be selected and then left unwritten (describe once lost data_deletion_jobs.finished_at that
// way), and a test can hold the list against the table's real columns (PRAGMA table_info).
#pragma once

#include <string>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/status.h"
#include "store/sqlite.h"

namespace edgerec {

/// How a column's value becomes JSON.
enum class ColumnAs {
  kInteger,        ///< a number (SQL NULL reads as 0)
  kText,           ///< a string (SQL NULL reads as "")
  kIntegerOrNull,  ///< a number, or null for SQL NULL
  kTextOrNull,     ///< a string, or null for SQL NULL
  kTextIfPresent,  ///< a string; the key is left out for SQL NULL
  kJsonIfPresent,  ///< stored JSON text, inserted as it is; the key is left out for NULL or ''
  kStringArray,    ///< a stored JSON array of strings: [] for NULL or anything else; non-strings as ""
};

struct ColumnJson {
  const char* column;  ///< SQL column name
  const char* key;     ///< JSON member name
  ColumnAs as;
};

/// The columns as an SQL select list: "a, b, c".
std::string select_list(const std::vector<ColumnJson>& columns);

/// Writes one member per column of the current row of `row`, in list order, reading column
/// first_index + i for columns[i]. Runs inside the object `w` is in.
void write_columns(const sql::Statement& row, const std::vector<ColumnJson>& columns, JsonWriter& w,
                   int first_index = 0);

/// One table shown as an array of objects, one per row.
struct TableJson {
  const char* key;                     ///< the member holding the array ("importJobs")
  const char* table;                   ///< SQL table
  std::vector<ColumnJson> columns;     ///< what each object holds, in key order
  const char* order_by;                ///< SQL ORDER BY of the rows
  std::vector<const char*> unshown;    ///< the table's other columns, left out on purpose
};

/// Writes table.key and the array of its rows into the object `w` is in.
Status write_table_rows(sql::Database& db, const TableJson& table, JsonWriter& w);

}  // namespace edgerec
