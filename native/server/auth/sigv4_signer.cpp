#include "server/auth/sigv4_signer.h"

#include <algorithm>
#include <vector>

#include "server/auth/canonical_request.h"
#include "server/auth/hmac_sha256.h"

namespace edgerec::auth {

std::string sigv4_authorization(const HttpRequestView& request, std::string_view access_key_id,
                                std::string_view secret_access_key, const CredentialScope& scope,
                                std::string_view amz_date) {
  std::vector<std::string> names;
  std::string payload_hash;
  for (const HeaderView& header : request.headers) {
    std::string name = lower_header_name(header.name);
    if (name == "x-amz-content-sha256") payload_hash = std::string(header.value);
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const std::vector<std::string_view> signed_headers(names.begin(), names.end());
  if (payload_hash.empty()) payload_hash = lower_hex(sha256(request.body));

  const std::string canonical = canonical_request(request, signed_headers, payload_hash);
  std::string authorization(kSigV4Algorithm);
  authorization += " Credential=";
  authorization.append(access_key_id);
  authorization += '/';
  authorization += scope.text();
  authorization += ", SignedHeaders=";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) authorization += ';';
    authorization += names[i];
  }
  authorization += ", Signature=";
  authorization += sigv4_signature(secret_access_key, scope, string_to_sign(amz_date, scope, canonical));
  return authorization;
}

}  // namespace edgerec::auth
