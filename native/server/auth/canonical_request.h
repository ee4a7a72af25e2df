// The canonical request of AWS Signature Version 4: the one text a client and this server both
// derive from a request, so that both sign the same bytes whatever a proxy or an HTTP library
// did to spacing, header case and order, or query order.
//
//   METHOD \n CANONICAL_URI \n CANONICAL_QUERY \n name:value \n ... \n \n signed;headers \n PAYLOAD_HASH
//
// The rules are those of the REST services other than S3, as the AWS SDKs apply them: the path
// normalised (empty and "." segments dropped, ".." removing the one before) and percent-encoded
// once more over the form it was sent in; query parameters decoded, encoded again, sorted by name
// then value; header values with their outer whitespace trimmed and inner runs of whitespace
// collapsed to one space, the values of a header sent several times joined with ','.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/auth/http_request_view.h"

namespace edgerec::auth {

/// "/a/b%2520c" from "/a/./b%20c"; "/" for an empty path.
std::string canonical_uri(std::string_view path_as_sent);

/// "a=1&b=%20" from "b=%20&a=1"; a parameter without '=' gets an empty value.
std::string canonical_query(std::string_view query_as_sent);

/// A header value trimmed, inner whitespace runs collapsed to one space.
std::string canonical_header_value(std::string_view value);

/// The whole canonical request. `signed_headers` are lower-case names in sorted order, as they
/// appear in the Authorization header; the values of each are taken from `request` (matched
/// ignoring case), a name the request lacks giving an empty value (the verifier refuses those
/// before it gets here).
std::string canonical_request(const HttpRequestView& request, const std::vector<std::string_view>& signed_headers,
                              std::string_view payload_hash);

/// ASCII case-insensitive equality of header names.
bool header_name_equals(std::string_view a, std::string_view b);

/// A header name in lower case (ASCII letters only: names are tokens), as SignedHeaders has it.
std::string lower_header_name(std::string_view name);

}  // namespace edgerec::auth
