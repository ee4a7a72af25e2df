// What `edgerec serve --home HOME` checks signed requests with: AWS Signature Version 4
// (sigv4_verifier.h) against the home's access keys as they are now (live_access_keys.h), in the
// home's region (HOME/edgerec-home.json, the region its ARNs carry), for the service
// `personalize`. hook() is ServerOptions::authenticate (edgerec_server.h).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "edgerec/status.h"
#include "server/auth/auth_result.h"
#include "server/auth/live_access_keys.h"
#include "server/auth/sigv4_verifier.h"
#include "server/http/http_message.h"

namespace edgerec::auth {

class HomeAuthenticator : public std::enable_shared_from_this<HomeAuthenticator> {
 public:
  /// Reads the home's identity and keys. `settings.region` is replaced by the home's region;
  /// the rest (service, clock skew, clock) is kept. An error (a key file others may read, a
  /// damaged file, no such home) should stop the server from starting.
  static Result<std::shared_ptr<HomeAuthenticator>> open(const std::string& home, SigV4Settings settings = {},
                                                         std::chrono::milliseconds reload_interval = std::chrono::seconds(1));

  /// Who signed `request`, or why it is refused (answer: 403, x-amzn-ErrorType, {"message"}).
  AuthResult verify(const server::HttpRequest& request) const;

  /// verify() in the form the server takes: OK, or a Status carrying the message (its code is
  /// InvalidInput; the server answers 403 whatever it is) with `error_type` set to AWS's type.
  /// The hook keeps this authenticator alive.
  std::function<Status(const server::HttpRequest&, std::string& error_type)> hook() const;

  /// Whether a secret is that of one of the home's keys as they are now, compared in constant
  /// time: the console's sign-in (ServerOptions::check_credentials). Keeps this alive.
  std::function<bool(std::string_view access_key_id, std::string_view secret)> credentials_hook() const;

  /// Why the key file could not be reloaded lately (the keys before stay in use), for the
  /// server's log; OK otherwise.
  Status last_reload_status() const { return keys_->last_reload_status(); }
  const SigV4Verifier& verifier() const { return verifier_; }

 private:
  HomeAuthenticator(SigV4Settings settings, std::unique_ptr<LiveAccessKeys> keys);

  SigV4Verifier verifier_;
  std::unique_ptr<LiveAccessKeys> keys_;
};

}  // namespace edgerec::auth
