// ASCII helpers shared by the readers of names that Personalize matches case-insensitively
// (dataset types, import modes, header hints).
#pragma once

#include <cstddef>
#include <string_view>

namespace edgerec {

/// True if `a` and `b` are equal once ASCII letters are lower-cased (other bytes compare as is).
inline bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace edgerec
