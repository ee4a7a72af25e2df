// The primitives over OpenSSL 3's EVP digest and EVP_MAC interfaces. Each thread keeps one
// digest context and one HMAC context and re-initialises them per call: the one-shot EVP_Digest
// and HMAC() allocate a context and fetch the algorithm from the provider on every call, which
// was most of what verifying a small request's signature cost (perf, server_bench).
#include "server/auth/hmac_sha256.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdlib>
#include <memory>

namespace edgerec::auth {
namespace {

// SHA-256 fetched from OpenSSL's provider once: EVP_sha256() makes every call fetch it again
// (OpenSSL 3), a third of what hashing a small request costs.
const EVP_MD* sha256_algorithm() {
  static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (algorithm == nullptr) std::abort();  // OpenSSL without its default provider
  return algorithm;
}

EVP_MAC* hmac_algorithm() {
  static EVP_MAC* const algorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (algorithm == nullptr) std::abort();
  return algorithm;
}

struct DigestContextFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct MacContextFree {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }  // also cleanses the key it held
};

// Failures below mean OpenSSL could not allocate or lost its default provider: nothing sensible
// can go on without hashing, so they abort rather than return a digest that is not one.
EVP_MD_CTX* thread_digest_context() {
  thread_local const std::unique_ptr<EVP_MD_CTX, DigestContextFree> context(EVP_MD_CTX_new());
  if (!context) std::abort();
  return context.get();
}

EVP_MAC_CTX* thread_hmac_context() {
  thread_local const std::unique_ptr<EVP_MAC_CTX, MacContextFree> context = [] {
    std::unique_ptr<EVP_MAC_CTX, MacContextFree> c(EVP_MAC_CTX_new(hmac_algorithm()));
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                                 OSSL_PARAM_construct_end()};
    if (!c || EVP_MAC_CTX_set_params(c.get(), params) != 1) std::abort();
    return c;
  }();
  return context.get();
}

}  // namespace

Sha256Digest sha256(std::string_view bytes) {
  Sha256Digest digest{};
  unsigned int size = 0;
  EVP_MD_CTX* context = thread_digest_context();
  if (EVP_DigestInit_ex2(context, sha256_algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(context, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(context, digest.data(), &size) != 1 || size != digest.size()) {
    std::abort();
  }
  return digest;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
  Sha256Digest mac{};
  size_t size = 0;
  EVP_MAC_CTX* context = thread_hmac_context();
  // EVP_MAC_init with a key starts a new MAC on the same context (the digest stays set).
  if (EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr) != 1 ||
      EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      EVP_MAC_final(context, mac.data(), &size, mac.size()) != 1 || size != mac.size()) {
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
