// Read access to one metadata column of a solution (fb::Column, one value per catalog item or
// per user): null checks, the stored text of multi-valued categorical fields ('|' between
// values, as in Personalize's CSV), and numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edgerec/solution_generated.h"

namespace edgerec {

/// The number `text` spells: an optional sign, digits with an optional fraction and exponent
/// ("12", "-3.5", "1e6"); anything else (spaces, "inf", hex, "") is not a number.
std::optional<double> parse_number(std::string_view text);

class ColumnView {
 public:
  using Columns = flatbuffers::Vector<flatbuffers::Offset<fb::Column>>;

  /// The column called `name` (exact match) among `columns`, which may be null.
  static std::optional<ColumnView> find(const Columns* columns, std::string_view name);
  /// The columns' names, comma-separated, for error messages ("none" if there are none).
  static std::string names(const Columns* columns);

  explicit ColumnView(const fb::Column* column) : column_(column) {}

  std::string_view name() const { return column_->name()->string_view(); }
  fb::ColumnType type() const { return column_->type(); }
  bool is_string() const { return type() == fb::ColumnType::STRING; }
  bool textual() const { return column_->textual(); }

  bool is_null(uint32_t row) const;
  /// A STRING value as stored ("" for other types).
  std::string_view text(uint32_t row) const;
  /// A LONG, BOOLEAN or DOUBLE value, or a STRING value that is a number; nothing for nulls.
  std::optional<double> number(uint32_t row) const;
  /// A LONG or BOOLEAN value exactly (numbers above 2^53 do not survive a double); nothing for
  /// nulls and other types.
  std::optional<int64_t> integer(uint32_t row) const;

 private:
  const fb::Column* column_;
};

/// Calls fn(value) for each non-empty '|'-separated value of `text` (one call if it has no '|').
template <typename Fn>
void for_each_value(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    const size_t bar = text.find('|');
    const std::string_view part = text.substr(0, bar);
    if (!part.empty()) fn(part);
    if (bar == std::string_view::npos) return;
    text.remove_prefix(bar + 1);
  }
}

}  // namespace edgerec
