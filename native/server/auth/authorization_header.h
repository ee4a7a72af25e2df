// The Authorization header of a Signature Version 4 request, parsed and checked for form:
//
//   AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/personalize/aws4_request,
//                    SignedHeaders=host;x-amz-date, Signature=<64 lower-case hex digits>
//
// The three parameters may come in any order, with spaces or tabs after the commas. Everything
// else (another scheme, a missing, repeated, empty or unknown parameter, a credential without
// its five parts, signed header names out of order, a signature of the wrong shape, a control or
// non-ASCII byte, a header past the size limit) is refused with a message saying which.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/status.h"

namespace edgerec::auth {


/// Views into the header value it was parsed from.
struct AuthorizationHeader {
  std::string_view access_key_id;
  std::string_view date;        ///< the credential scope's YYYYMMDD (8 digits)
  std::string_view region;
  std::string_view service;
  std::string_view terminator;  ///< "aws4_request" when well formed; checked by the verifier
  std::vector<std::string_view> signed_headers;  ///< lower case, strictly increasing
  std::string_view signature;   ///< 64 lower-case hex digits
};

/// InvalidInput with a message for the client (it names what is wrong; it never repeats the
/// whole header, only short parts of it, quoted).
Result<AuthorizationHeader> parse_authorization_header(std::string_view value);

}  // namespace edgerec::auth
