// From a canonical request to a Signature Version 4 signature: the string to sign and the
// signing key derived from the secret through the credential scope, as AWS documents them.
#pragma once

#include <string>
#include <string_view>

#include "server/auth/hmac_sha256.h"

namespace edgerec::auth {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kSigV4Terminator = "aws4_request";

/// What a signature is scoped to: "20150830/us-east-1/personalize/aws4_request".
struct CredentialScope {
  std::string date;  ///< YYYYMMDD
  std::string region;
  std::string service;

  std::string text() const;
};

/// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex SHA-256 of the canonical request>".
std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope, std::string_view canonical_request);

/// The 64 lower-case hex digits of HMAC(signing key, string to sign), where the signing key is
/// HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). Every
/// intermediate key is wiped before returning.
std::string sigv4_signature(std::string_view secret_access_key, const CredentialScope& scope,
                            std::string_view string_to_sign);

/// The signing key alone (the caller wipes it), and the signature from it: a verifier that sees
/// many requests of one key and day derives the key once (signing_key_cache.h).
Sha256Digest sigv4_signing_key(std::string_view secret_access_key, const CredentialScope& scope);
std::string sigv4_signature_with_key(const Sha256Digest& signing_key, std::string_view string_to_sign);

}  // namespace edgerec::auth
