// CSV header names: present and unique.
#include "io/csv_header_names.h"

namespace edgerec {

Status check_csv_header_name(const CsvReader& reader, const std::vector<std::string>& header, size_t column) {
  const std::string& name = header[column];
  if (name.empty()) return reader.field_error(column, "empty column name in the header row");
  for (size_t earlier = 0; earlier < column; ++earlier) {
    if (header[earlier] == name) {
      return reader.field_error(column, "duplicate column " + name + " in the header (also column " +
                                            std::to_string(earlier + 1) + ")");
    }
  }
  return Status::ok_status();
}

}  // namespace edgerec
