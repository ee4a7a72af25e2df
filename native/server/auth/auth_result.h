// What authenticating a request gives: who signed it (a Principal), or why it is refused (an
// AuthError carrying the error type AWS's services send, so the SDKs raise the same exceptions).
//
// The server answers every AuthError with HTTP 403, the header `x-amzn-ErrorType: <error_type()>`
// and the body {"message": <message>}. Messages say what is wrong for the client to fix; they
// never contain a secret or the signature the server expected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace edgerec::auth {

enum class AuthErrorType {
  kMissingAuthenticationToken,  ///< no Authorization header: the request is not signed
  kIncompleteSignature,         ///< an Authorization header that is not a well-formed SigV4 one
  kInvalidSignature,            ///< well formed but wrong: signature, scope, date, body hash
  kUnrecognizedClient,          ///< the access key id is unknown (or a session token was sent)
};

/// "MissingAuthenticationTokenException", "IncompleteSignatureException",
/// "InvalidSignatureException", "UnrecognizedClientException".
const char* aws_error_type_name(AuthErrorType type);

struct AuthError {
  /// Every refusal: AWS's services answer all four types with 403 Forbidden.
  static constexpr int kHttpStatus = 403;

  AuthErrorType type = AuthErrorType::kMissingAuthenticationToken;
  std::string message;

  const char* error_type() const { return aws_error_type_name(type); }
};

/// Who signed a request that verified.
struct Principal {
  std::string access_key_id;
  std::string region;
  std::string service;
  int64_t signed_at = 0;  ///< epoch seconds of the request's X-Amz-Date (or Date)
};

class [[nodiscard]] AuthResult {
 public:
  AuthResult(Principal principal) : principal_(std::move(principal)) {}  // NOLINT: implicit by design
  AuthResult(AuthError error) : error_(std::move(error)) {}              // NOLINT: implicit by design

  bool ok() const { return principal_.has_value(); }
  /// Only valid when ok().
  const Principal& principal() const { return *principal_; }
  /// Only valid when !ok().
  const AuthError& error() const { return error_; }

 private:
  std::optional<Principal> principal_;
  AuthError error_;
};

}  // namespace edgerec::auth
