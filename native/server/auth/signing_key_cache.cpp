// Derived SigV4 signing keys, reused per key and scope (see signing_key_cache.h).
#include "server/auth/signing_key_cache.h"

namespace edgerec::auth {

SigningKeyCache::~SigningKeyCache() {
  std::lock_guard<std::mutex> lock(mutex_);
  clear_locked();
}

size_t SigningKeyCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void SigningKeyCache::clear_locked() {
  for (auto& [name, entry] : entries_) {
    wipe(entry.signing_key);
    wipe(entry.secret_digest);
  }
  entries_.clear();
}

Sha256Digest SigningKeyCache::get(std::string_view access_key_id, std::string_view secret, const CredentialScope& scope) {
  std::string name(access_key_id);
  name += '\n';
  name += scope.text();
  const Sha256Digest secret_digest = sha256(secret);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = entries_.find(name);
    if (found != entries_.end() && found->second.secret_digest == secret_digest) return found->second.signing_key;
  }
  const Sha256Digest key = sigv4_signing_key(secret, scope);
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= capacity_) clear_locked();
  entries_[name] = Entry{secret_digest, key};
  return key;
}

}  // namespace edgerec::auth
