// Item and user metadata as a solution stores it (fb::Column): one typed value per row, with
// nulls, for filters (Items.GENRE IN (...), IF CurrentUser.AGE > 30) and responses.
//
// Multi-valued categorical strings keep Personalize's '|' separators; the core splits them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>


namespace edgerec {

struct MetadataColumn {
  enum class Type : uint8_t { kString, kLong, kDouble };
  std::string name;
  Type type = Type::kString;
  bool categorical = false;
  std::vector<std::string> strings;  ///< kString values, one per row ("" for nulls)
  std::vector<int64_t> longs;        ///< kLong values (0 for nulls)
  std::vector<double> doubles;       ///< kDouble values (0 for nulls)
  std::vector<uint8_t> nulls;        ///< per row: 1 = no value

  size_t rows() const { return nulls.size(); }
  void push_null();
  void push_string(std::string value);
  void push_long(int64_t value);
  void push_double(double value);
};

/// Collects the text cells of CSV metadata columns and types each column when done: LONG if
/// every non-empty value is an integer, DOUBLE if every one is a number, STRING (categorical,
/// as the Items CSV reader treats strings) otherwise. Empty cells are nulls.
class MetadataColumnsBuilder {
 public:
  explicit MetadataColumnsBuilder(std::vector<std::string> names);
  /// One row: a cell per column, in the order of the names.
  void add_row(const std::vector<std::string_view>& cells);
  std::vector<MetadataColumn> finish();

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<std::string>> cells_;  // per column, per row
};

/// User metadata keyed by id (the Users dataset's fields), as build_user_index stores it.
struct UserMetadataTable {
  std::vector<std::string> user_ids;    ///< unique
  std::vector<MetadataColumn> columns;  ///< one value per user, in user_ids order
};

}  // namespace edgerec
