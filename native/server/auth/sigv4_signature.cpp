#include "server/auth/sigv4_signature.h"

#include "server/auth/hmac_sha256.h"

namespace edgerec::auth {
namespace {

std::string_view bytes_of(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace

std::string CredentialScope::text() const {
  std::string out = date;
  out += '/';
  out += region;
  out += '/';
  out += service;
  out += '/';
  out.append(kSigV4Terminator);
  return out;
}

std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope, std::string_view canonical_request) {
  std::string out(kSigV4Algorithm);
  out += '\n';
  out.append(amz_date);
  out += '\n';
  out += scope.text();
  out += '\n';
  out += lower_hex(sha256(canonical_request));
  return out;
}

Sha256Digest sigv4_signing_key(std::string_view secret_access_key, const CredentialScope& scope) {
  std::string secret = "AWS4";
  secret.append(secret_access_key);
  Sha256Digest date_key = hmac_sha256(secret, scope.date);
  Sha256Digest region_key = hmac_sha256(bytes_of(date_key), scope.region);
  Sha256Digest service_key = hmac_sha256(bytes_of(region_key), scope.service);
  const Sha256Digest signing_key = hmac_sha256(bytes_of(service_key), kSigV4Terminator);
  wipe(secret);
  wipe(date_key);
  wipe(region_key);
  wipe(service_key);
  return signing_key;
}

std::string sigv4_signature_with_key(const Sha256Digest& signing_key, std::string_view string_to_sign) {
  return lower_hex(hmac_sha256(bytes_of(signing_key), string_to_sign));
}

std::string sigv4_signature(std::string_view secret_access_key, const CredentialScope& scope,
                            std::string_view string_to_sign) {
  Sha256Digest signing_key = sigv4_signing_key(secret_access_key, scope);
  std::string signature = sigv4_signature_with_key(signing_key, string_to_sign);
  wipe(signing_key);
  return signature;
}

}  // namespace edgerec::auth
