// Signature Version 4 signing keys, derived once per access key, day, region and service
// instead of once per request: the derivation is four HMACs, most of what verifying a small
// request costs, and AWS's own SDKs cache the key the same way.
//
// The cache holds derived keys only for secrets the server holds anyway (its access keys); an
// entry is used only while the secret it was derived from is still the key's (a key deleted and
// made again never reuses a stale entry), and the cache is bounded: when full it is emptied and
// its keys wiped (a new day's requests fill it again).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/auth/hmac_sha256.h"
#include "server/auth/sigv4_signature.h"

namespace edgerec::auth {

class SigningKeyCache {
 public:
  explicit SigningKeyCache(size_t capacity = 1024) : capacity_(capacity) {}
  ~SigningKeyCache();
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  /// The signing key of `secret` for `scope` (thread-safe); the caller wipes its copy.
  Sha256Digest get(std::string_view access_key_id, std::string_view secret, const CredentialScope& scope);

  size_t size() const;

 private:
  struct Entry {
    Sha256Digest secret_digest;  // which secret the key came from, without keeping another copy
    Sha256Digest signing_key;
  };
  void clear_locked();

  size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // "<access key id>\n<scope text>"
};

}  // namespace edgerec::auth
