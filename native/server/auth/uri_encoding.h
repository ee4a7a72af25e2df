// Percent-encoding as AWS Signature Version 4 defines it: every byte except the unreserved
// characters A-Z a-z 0-9 - _ . ~ becomes %XY with upper-case hex (so a space is %20, never +).
#pragma once

#include <string>
#include <string_view>

namespace edgerec::auth {

/// `bytes` percent-encoded; with `keep_slash`, '/' stays as it is (a path).
std::string aws_uri_encode(std::string_view bytes, bool keep_slash = false);

/// `text` with each %XY (hex digits, either case) replaced by its byte. '+' stays '+': SigV4
/// clients encode a space as %20, so a '+' in a query they sent was a plus. A '%' not followed by
/// two hex digits is kept as it is; it encodes back as %25, and the signature will then tell
/// whether the client meant that.
std::string percent_decode(std::string_view text);

}  // namespace edgerec::auth
