// Signs a request with AWS Signature Version 4 as the AWS SDKs do, from the same canonical
// request the verifier rebuilds: for C++ clients of `edgerec serve` and for tests that need
// freshly signed requests (other dates, paths, bodies) beyond AWS's published examples.
#pragma once

#include <string>
#include <string_view>

#include "server/auth/http_request_view.h"
#include "server/auth/sigv4_signature.h"

namespace edgerec::auth {

/// The Authorization header value for `request`, signing every header it has (their names lower
/// cased, sorted, a repeated name once). The caller adds host and X-Amz-Date (equal to
/// `amz_date`) to the request first, and no Authorization header. The payload hash is the
/// x-amz-content-sha256 header's value when the request has one, else the body's SHA-256.
std::string sigv4_authorization(const HttpRequestView& request, std::string_view access_key_id,
                                std::string_view secret_access_key, const CredentialScope& scope,
                                std::string_view amz_date);

}  // namespace edgerec::auth
