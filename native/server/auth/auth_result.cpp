#include "server/auth/auth_result.h"

namespace edgerec::auth {

const char* aws_error_type_name(AuthErrorType type) {
  switch (type) {
    case AuthErrorType::kMissingAuthenticationToken:
      return "MissingAuthenticationTokenException";
    case AuthErrorType::kIncompleteSignature:
      return "IncompleteSignatureException";
    case AuthErrorType::kInvalidSignature:
      return "InvalidSignatureException";
    case AuthErrorType::kUnrecognizedClient:
      return "UnrecognizedClientException";
  }
  return "InvalidSignatureException";
}

}  // namespace edgerec::auth
