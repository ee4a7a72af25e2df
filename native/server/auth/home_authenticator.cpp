#include "server/auth/home_authenticator.h"

#include <openssl/crypto.h>

#include <utility>

#include "store/arns.h"

namespace edgerec::auth {

HomeAuthenticator::HomeAuthenticator(SigV4Settings settings, std::unique_ptr<LiveAccessKeys> keys)
    : verifier_(std::move(settings)), keys_(std::move(keys)) {}

Result<std::shared_ptr<HomeAuthenticator>> HomeAuthenticator::open(const std::string& home, SigV4Settings settings,
                                                                   std::chrono::milliseconds reload_interval) {
  EDGEREC_ASSIGN_OR_RETURN(const HomeIdentity identity, read_home_identity(home));
  EDGEREC_ASSIGN_OR_RETURN(std::unique_ptr<LiveAccessKeys> keys, LiveAccessKeys::open(home, reload_interval));
  settings.region = identity.region;
  return std::shared_ptr<HomeAuthenticator>(new HomeAuthenticator(std::move(settings), std::move(keys)));
}

AuthResult HomeAuthenticator::verify(const server::HttpRequest& request) const {
  const std::shared_ptr<const AccessKeys> keys = keys_->current();
  return verifier_.verify(request_view(request.method, request.target, request.headers, request.body), *keys);
}

std::function<Status(const server::HttpRequest&, std::string&)> HomeAuthenticator::hook() const {
  return [self = shared_from_this()](const server::HttpRequest& request, std::string& error_type) -> Status {
    const AuthResult result = self->verify(request);
    if (result.ok()) return Status::ok_status();
    error_type = result.error().error_type();
    return invalid_input(result.error().message);
  };
}

std::function<bool(std::string_view, std::string_view)> HomeAuthenticator::credentials_hook() const {
  return [self = shared_from_this()](std::string_view access_key_id, std::string_view secret) {
    const std::shared_ptr<const AccessKeys> keys = self->keys_->current();
    const std::string* expected = keys->find_secret(access_key_id);
    return expected != nullptr && expected->size() == secret.size() &&
           CRYPTO_memcmp(expected->data(), secret.data(), secret.size()) == 0;
  };
}

}  // namespace edgerec::auth
