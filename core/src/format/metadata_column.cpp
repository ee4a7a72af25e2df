// Metadata column access.
#include "format/metadata_column.h"

#include <cmath>
#include <cstdlib>

namespace edgerec {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Consumes one or more digits at `at`; false if there are none.
bool digits(std::string_view s, size_t& at) {
  const size_t start = at;
  while (at < s.size() && digit(s[at])) ++at;
  return at > start;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  // Checked by hand first: strtod alone would also take spaces, "inf", "nan" and hex.
  size_t at = 0;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
  if (!digits(text, at)) return std::nullopt;
  if (at < text.size() && text[at] == '.') {
    ++at;
    if (!digits(text, at)) return std::nullopt;
  }
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    if (!digits(text, at)) return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  const std::string copy(text);  // strtod needs a terminated string
  const double value = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<ColumnView> ColumnView::find(const Columns* columns, std::string_view name) {
  if (columns == nullptr) return std::nullopt;
  for (const fb::Column* c : *columns) {
    if (c->name()->string_view() == name) return ColumnView(c);
  }
  return std::nullopt;
}

std::string ColumnView::names(const Columns* columns) {
  std::string out;
  if (columns != nullptr) {
    for (const fb::Column* c : *columns) {
      if (!out.empty()) out += ", ";
      out += c->name()->str();
    }
  }
  return out.empty() ? "none" : out;
}

bool ColumnView::is_null(uint32_t row) const {
  const flatbuffers::Vector<uint8_t>* mask = column_->null_mask();
  if (mask == nullptr || mask->size() == 0) return false;
  return (mask->Get(row / 8) >> (row % 8)) & 1u;
}

std::string_view ColumnView::text(uint32_t row) const {
  if (!is_string()) return {};
  return column_->string_values()->Get(row)->string_view();
}

std::optional<double> ColumnView::number(uint32_t row) const {
  if (is_null(row)) return std::nullopt;
  switch (type()) {
    case fb::ColumnType::LONG:
    case fb::ColumnType::BOOLEAN: return static_cast<double>(column_->long_values()->Get(row));
    case fb::ColumnType::DOUBLE: return column_->double_values()->Get(row);
    case fb::ColumnType::STRING: return parse_number(text(row));
    default: return std::nullopt;
  }
}

std::optional<int64_t> ColumnView::integer(uint32_t row) const {
  if (is_null(row) || (type() != fb::ColumnType::LONG && type() != fb::ColumnType::BOOLEAN)) return std::nullopt;
  return column_->long_values()->Get(row);
}

}  // namespace edgerec
