// A control-plane request body (AWS JSON 1.1: one JSON object) and its fields, read with the
// errors Personalize gives: the field named, and what it must be.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edgerec/json.h"
#include "edgerec/status.h"

namespace edgerec::control {

class Request {
 public:
  /// InvalidInput when `body` is not a JSON object (an empty body is `{}`, as the SDKs send
  /// for operations without input).
  static Result<Request> parse(std::string_view body);
  explicit Request(JsonValue value) : value_(std::move(value)) {}

  const JsonValue& json() const { return value_; }
  /// A member, or null when absent or JSON null.
  const JsonValue* field(std::string_view key) const;

  Result<std::string> required_string(std::string_view key) const;
  Result<std::optional<std::string>> optional_string(std::string_view key) const;
  Result<std::optional<bool>> optional_bool(std::string_view key) const;
  Result<std::optional<int64_t>> optional_integer(std::string_view key, int64_t min, int64_t max) const;
  /// An object member (nullopt when absent); InvalidInput when it is not an object.
  Result<const JsonValue*> optional_object(std::string_view key) const;

 private:
  JsonValue value_;
};

/// InvalidInput in the SDKs' words: "Value at 'FIELD' failed to satisfy constraint: WHAT".
Status constraint_error(std::string_view field, std::string_view what);

/// A string member of an object (`where` names the object in errors), or nullopt.
Result<std::optional<std::string>> string_member(const JsonValue& object, std::string_view key, std::string_view where);

}  // namespace edgerec::control
