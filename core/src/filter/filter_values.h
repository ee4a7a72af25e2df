// Personalize's filterValues: the values of a filter's $PARAM placeholders in one request.
//
// The request field is an object of at most 25 entries; each key is a placeholder name without
// the $ (1-50 characters of [A-Za-z0-9_], case-sensitive), each value a string of at most 1000
// characters holding a comma-separated list of escaped-quoted strings, as Personalize takes it:
//   {"GENRE": "\"comedy\",\"drama\"", "PRICE": "\"10\""}
// A value written without quotes (e.g. "10") is taken as one string, for convenience.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/limits.h"
#include "edgerec/status.h"

namespace edgerec {

/// Placeholder name (no $) -> its values.
using FilterValues = std::map<std::string, std::vector<std::string>>;

/// Parses a request's filterValues object; errors are InvalidInput naming filterValues.KEY.
Result<FilterValues> parse_filter_values(const JsonValue& object);

/// Parses one value's list ("\"a\",\"b\"" -> a, b); `name` names the entry in errors.
Result<std::vector<std::string>> parse_filter_value_list(std::string_view text, std::string_view name);

}  // namespace edgerec
