// Typed metadata columns from CSV text.
#include "io/metadata_columns.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace edgerec {
namespace {

bool parse_long(const std::string& text, int64_t& out) {
  if (text.empty() || text[0] == ' ' || text[0] == '+') return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  out = v;
  return true;
}

bool parse_double(const std::string& text, double& out) {
  if (text.empty() || text[0] == ' ') return false;
  for (const char c : text) {  // plain decimals only: no inf, nan or hex
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
  }
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return false;
  out = v;
  return true;
}

}  // namespace

void MetadataColumn::push_null() {
  nulls.push_back(1);
  if (type == Type::kString) strings.emplace_back();
  if (type == Type::kLong) longs.push_back(0);
  if (type == Type::kDouble) doubles.push_back(0.0);
}

void MetadataColumn::push_string(std::string value) {
  nulls.push_back(0);
  strings.push_back(std::move(value));
}

void MetadataColumn::push_long(int64_t value) {
  nulls.push_back(0);
  longs.push_back(value);
}

void MetadataColumn::push_double(double value) {
  nulls.push_back(0);
  doubles.push_back(value);
}

MetadataColumnsBuilder::MetadataColumnsBuilder(std::vector<std::string> names)
    : names_(std::move(names)), cells_(names_.size()) {}

void MetadataColumnsBuilder::add_row(const std::vector<std::string_view>& cells) {
  for (size_t c = 0; c < cells_.size(); ++c) cells_[c].emplace_back(c < cells.size() ? cells[c] : std::string_view());
}

std::vector<MetadataColumn> MetadataColumnsBuilder::finish() {
  std::vector<MetadataColumn> out;
  for (size_t c = 0; c < names_.size(); ++c) {
    std::vector<std::string>& cells = cells_[c];
    bool longs = true;
    bool doubles = true;
    bool any = false;
    for (const std::string& cell : cells) {
      if (cell.empty()) continue;
      any = true;
      int64_t l = 0;
      double d = 0.0;
      longs = longs && parse_long(cell, l);
      doubles = doubles && parse_double(cell, d);
      if (!doubles) break;
    }
    MetadataColumn column;
    column.name = names_[c];
    column.type = !any ? MetadataColumn::Type::kString
                       : longs ? MetadataColumn::Type::kLong
                               : doubles ? MetadataColumn::Type::kDouble : MetadataColumn::Type::kString;
    column.categorical = column.type == MetadataColumn::Type::kString;
    for (std::string& cell : cells) {
      if (cell.empty()) {
        column.push_null();
      } else if (column.type == MetadataColumn::Type::kLong) {
        int64_t v = 0;
        parse_long(cell, v);
        column.push_long(v);
      } else if (column.type == MetadataColumn::Type::kDouble) {
        double v = 0.0;
        parse_double(cell, v);
        column.push_double(v);
      } else {
        column.push_string(std::move(cell));
      }
    }
    cells.clear();
    out.push_back(std::move(column));
  }
  return out;
}

}  // namespace edgerec
