// The primitives over OpenSSL's one-shot EVP_Digest and HMAC (both supported, not deprecated, in
// OpenSSL 3), so no context outlives a call.
#include "server/auth/hmac_sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace edgerec::auth {
namespace {

// SHA-256 fetched from OpenSSL's provider once: EVP_sha256() makes every call fetch it again
// (OpenSSL 3), a third of what hashing a small request costs.
const EVP_MD* sha256_algorithm() {
  static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (algorithm == nullptr) std::abort();  // OpenSSL without its default provider
  return algorithm;
}

}  // namespace

Sha256Digest sha256(std::string_view bytes) {
  Sha256Digest digest{};
  unsigned int size = 0;
  // Fails only if OpenSSL cannot allocate a context: nothing sensible can go on without hashing.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, sha256_algorithm(), nullptr) != 1 ||
      size != digest.size()) {
    std::abort();
  }
  return digest;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
  Sha256Digest mac{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
           message.size(), mac.data(), &size) == nullptr ||
      size != mac.size()) {
    std::abort();
  }
  return mac;
}

std::string lower_hex(const Sha256Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(digest.size() * 2, '0');
  for (size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = kDigits[digest[i] >> 4];
    hex[2 * i + 1] = kDigits[digest[i] & 0x0f];
  }
  return hex;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // sizes are public: a signature is always 64 characters
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void wipe(std::string& bytes) { OPENSSL_cleanse(bytes.data(), bytes.size()); }
void wipe(Sha256Digest& digest) { OPENSSL_cleanse(digest.data(), digest.size()); }

}  // namespace edgerec::auth
