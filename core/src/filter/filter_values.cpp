// filterValues: request-field checks and the escaped-quoted list format.
#include "filter/filter_values.h"

#include "edgerec/message_text.h"

namespace edgerec {
namespace {

bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<std::vector<std::string>> parse_filter_value_list(std::string_view text, std::string_view name) {
  const std::string field = "request field filterValues." + std::string(name);
  std::vector<std::string> values;
  size_t at = 0;
  const auto skip_space = [&] {
    while (at < text.size() && space(text[at])) ++at;
  };
  for (;;) {
    skip_space();
    if (at == text.size()) {
      return invalid_input(field + (values.empty() ? " is empty" : " ends with a comma") +
                           ": expected comma-separated quoted values, e.g. \"\\\"comedy\\\",\\\"drama\\\"\"");
    }
    std::string value;
    if (text[at] == '"') {
      const size_t open = at++;
      bool closed = false;
      while (at < text.size()) {
        if (text[at] == '\\' && at + 1 < text.size() && (text[at + 1] == '"' || text[at + 1] == '\\')) {
          value.push_back(text[at + 1]);
          at += 2;
        } else if (text[at] == '"') {
          ++at;
          closed = true;
          break;
        } else {
          value.push_back(text[at++]);
        }
      }
      if (!closed) {
        return invalid_input(field + ": the quote at character " + std::to_string(open + 1) + " is not closed");
      }
    } else {
      const size_t start = at;
      while (at < text.size() && text[at] != ',' && text[at] != '"') ++at;
      size_t end = at;
      while (end > start && space(text[end - 1])) --end;
      value = std::string(text.substr(start, end - start));
      if (at < text.size() && text[at] == '"') {
        return invalid_input(field + ": unexpected quote at character " + std::to_string(at + 1) +
                             "; quote each value whole, e.g. \"\\\"a\\\",\\\"b\\\"\"");
      }
    }
    values.push_back(std::move(value));
    skip_space();
    if (at == text.size()) return values;
    if (text[at] != ',') {
      return invalid_input(field + ": expected a comma at character " + std::to_string(at + 1) +
                           " between quoted values");
    }
    ++at;
  }
}

Result<FilterValues> parse_filter_values(const JsonValue& object) {
  if (!object.is_object()) {
    return invalid_input(std::string("request field filterValues must be an object, got ") +
                         json_type_name(object.type()));
  }
  if (object.members().size() > kMaxFilterValueEntries) {
    return invalid_input("request field filterValues has " + std::to_string(object.members().size()) +
                         " entries, at most " + std::to_string(kMaxFilterValueEntries));
  }
  FilterValues values;
  for (const auto& [key, value] : object.members()) {
    bool valid = !key.empty() && key.size() <= 50;
    for (const char c : key) valid = valid && name_char(c);
    if (!valid) {
      return invalid_input("request field filterValues: key " + quote_for_message(key) +
                           " must be a placeholder name of 1 to 50 characters A-Z, a-z, 0-9 or _ (without the $)");
    }
    if (!value.is_string()) {
      return invalid_input("request field filterValues." + key + " must be a string, got " +
                           json_type_name(value.type()));
    }
    if (value.as_string().size() > kMaxFilterValueLength) {
      return invalid_input("request field filterValues." + key + " is " + std::to_string(value.as_string().size()) +
                           " characters long, at most " + std::to_string(kMaxFilterValueLength));
    }
    EDGEREC_ASSIGN_OR_RETURN(values[key], parse_filter_value_list(value.as_string(), key));
  }
  return values;
}

}  // namespace edgerec
