// Errors as values: Status and Result<T>, used across the whole core.
//
// Nothing in the core throws. A function that can fail returns a Status (or a Result<T> holding
// either a value or a non-ok Status). Messages say what was wrong and where (file, line, field,
// byte offset), so they can be shown to a user as they are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace edgerec {

/// Stable error codes; the same numbers cross the C ABI (edgerec.h) and reach JS as
/// EdgerecError.code. Values are spaced so related codes can be added later.
enum class StatusCode : int32_t {
  kOk = 0,
  kInvalidInput = 10,         ///< A request or argument is malformed or out of range.
  kNotFound = 20,             ///< A named resource (file, id) does not exist.
  kCorruptData = 30,          ///< Bytes that should hold a solution or batch are damaged.
  kUnsupportedVersion = 40,   ///< Data written by a newer, incompatible format version.
  kResourceExhausted = 50,    ///< A size cap or memory limit was hit.
  kIoError = 60,              ///< Reading or writing a file failed (native only).
  kFailedPrecondition = 70,   ///< The operation is not valid in the current state.
  kAlreadyExists = 80,        ///< A resource of that name exists already (native only).
  kInternal = 90,             ///< A bug in edgerec.
};

/// The short name of a code, e.g. "InvalidInput".
const char* status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok_status() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  /// "InvalidInput: <message>", or "OK".
  std::string to_string() const;

  /// Returns a copy whose message is "<context>: <message>".
  Status with_context(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status invalid_input(std::string message) {
  return Status(StatusCode::kInvalidInput, std::move(message));
}
inline Status not_found(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status corrupt_data(std::string message) {
  return Status(StatusCode::kCorruptData, std::move(message));
}
inline Status unsupported_version(std::string message) {
  return Status(StatusCode::kUnsupportedVersion, std::move(message));
}
inline Status resource_exhausted(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message));
}
inline Status io_error(std::string message) {
  return Status(StatusCode::kIoError, std::move(message));
}
inline Status failed_precondition(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status already_exists(std::string message) {
  return Status(StatusCode::kAlreadyExists, std::move(message));
}
inline Status internal_error(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

/// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = internal_error("Result constructed from an ok Status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  /// Only valid when ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace edgerec

#define EDGEREC_CONCAT_INNER_(a, b) a##b
#define EDGEREC_CONCAT_(a, b) EDGEREC_CONCAT_INNER_(a, b)

/// Returns the Status of `expr` from the enclosing function if it is not ok.
#define EDGEREC_RETURN_IF_ERROR(expr)                   \
  do {                                                  \
    ::edgerec::Status edgerec_status_ = (expr);         \
    if (!edgerec_status_.ok()) return edgerec_status_;  \
  } while (false)

/// `EDGEREC_ASSIGN_OR_RETURN(auto x, f());` declares x from a Result or returns its Status.
#define EDGEREC_ASSIGN_OR_RETURN(lhs, expr) \
  EDGEREC_ASSIGN_OR_RETURN_IMPL_(EDGEREC_CONCAT_(edgerec_result_, __LINE__), lhs, expr)
#define EDGEREC_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()
