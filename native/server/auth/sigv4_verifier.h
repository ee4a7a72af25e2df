// Verifies AWS Signature Version 4 (AWS4-HMAC-SHA256, the Authorization header form) the way
// AWS's services do, so that requests signed by the official SDKs are accepted as they are:
//
//   - the Authorization header is parsed and checked for form (authorization_header.h);
//   - the credential scope must name this server's region, the service `personalize` (the
//     signing name of both Personalize Runtime and Personalize Events) and `aws4_request`, and
//     its date must be the request's date;
//   - the request time (X-Amz-Date, else Date) must be signed and within ±15 minutes of now;
//   - host, and every x-amz-* header the request has, must be signed; every signed header must
//     be present;
//   - the payload hash is x-amz-content-sha256 when present (and then must be the SHA-256 of
//     the body: UNSIGNED-PAYLOAD and streaming payloads are refused), else the body's SHA-256;
//   - the access key id must be known; its secret signs the canonical request
//     (canonical_request.h) and the result is compared in constant time.
//
// Temporary credentials are out of scope: a server home issues long-term access keys only, so a
// request with X-Amz-Security-Token is refused (UnrecognizedClientException) rather than
// verified without its token meaning anything. Presigned URLs (query-string signatures) are
// refused too: the Personalize SDKs never send them.
//
// Thread-safe: verify() is const and keeps no state between calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "edgerec/limits.h"
#include "server/auth/access_key_lookup.h"
#include "server/auth/auth_result.h"
#include "server/auth/http_request_view.h"
#include "server/auth/signing_key_cache.h"

namespace edgerec::auth {

/// What the verifier reads is bounded (kMaxVerifiedHeaders and the others, limits.h): beyond
/// them a request is refused (IncompleteSignatureException) with the limit in the message.

struct SigV4Settings {
  std::string region = "us-east-1";  ///< the home's region, as in its ARNs
  std::string service = "personalize";
  int64_t max_clock_skew_seconds = 15 * 60;
  /// Epoch seconds now; empty means the system clock. Tests fix it.
  std::function<int64_t()> clock;
};

class SigV4Verifier {
 public:
  explicit SigV4Verifier(SigV4Settings settings = {});

  /// The principal who signed `request`, or the AuthError to answer it with (HTTP 403).
  AuthResult verify(const HttpRequestView& request, const AccessKeyLookup& keys) const;

  const SigV4Settings& settings() const { return settings_; }

 private:
  int64_t now() const;

  SigV4Settings settings_;
  std::shared_ptr<SigningKeyCache> signing_keys_ = std::make_shared<SigningKeyCache>();
};

}  // namespace edgerec::auth
