// Reading a control-plane request's fields (see request.h).
#include "control/request.h"

#include <cmath>

#include "edgerec/message_text.h"

namespace edgerec::control {

Result<Request> Request::parse(std::string_view body) {
  if (body.empty()) return Request(JsonValue::object({}));
  EDGEREC_ASSIGN_OR_RETURN(JsonValue value, parse_json(body, "request body"));
  if (!value.is_object()) return invalid_input("the request body must be a JSON object");
  return Request(std::move(value));
}

const JsonValue* Request::field(std::string_view key) const {
  const JsonValue* v = value_.find(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

Status constraint_error(std::string_view field, std::string_view what) {
  return invalid_input("1 validation error detected: Value at '" + std::string(field) +
                       "' failed to satisfy constraint: " + std::string(what));
}

Result<std::string> Request::required_string(std::string_view key) const {
  const JsonValue* v = field(key);
  if (v == nullptr) return constraint_error(key, "Member must not be null");
  if (!v->is_string()) return constraint_error(key, "Member must be a string");
  return v->as_string();
}

Result<std::optional<std::string>> Request::optional_string(std::string_view key) const {
  return string_member(value_, key, "");
}

Result<std::optional<std::string>> string_member(const JsonValue& object, std::string_view key, std::string_view where) {
  const JsonValue* v = object.find(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  const std::string name = where.empty() ? std::string(key) : std::string(where) + "." + std::string(key);
  if (!v->is_string()) return constraint_error(name, "Member must be a string");
  return std::optional<std::string>(v->as_string());
}

Result<std::optional<bool>> Request::optional_bool(std::string_view key) const {
  const JsonValue* v = field(key);
  if (v == nullptr) return std::optional<bool>();
  if (!v->is_bool()) return constraint_error(key, "Member must be a boolean");
  return std::optional<bool>(v->as_bool());
}

Result<std::optional<int64_t>> Request::optional_integer(std::string_view key, int64_t min, int64_t max) const {
  const JsonValue* v = field(key);
  if (v == nullptr) return std::optional<int64_t>();
  const double d = v->is_number() ? v->as_number() : NAN;
  if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max)) || std::floor(d) != d) {
    return constraint_error(key, "Member must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<int64_t>(static_cast<int64_t>(d));
}

Result<const JsonValue*> Request::optional_object(std::string_view key) const {
  const JsonValue* v = field(key);
  if (v != nullptr && !v->is_object()) return constraint_error(key, "Member must be an object");
  return v;
}

}  // namespace edgerec::control
