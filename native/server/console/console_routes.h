// The console's own routes of `edgerec serve` (server/console/web/ is the page itself):
//
//   GET    /console, /console/, /console/FILE   the page and its files (no credentials: they hold
//                                               no data; every call the page makes needs a session)
//   POST   /console/session                     sign in: {"accessKeyId","secretAccessKey"} of one of
//                                               the home's access keys -> {"token","accessKeyId","expiresAt"}
//   DELETE /console/session                     sign out (Authorization: Bearer TOKEN)
//
// and the check of "Authorization: Bearer TOKEN", which the server accepts on every signed route
// in place of a SigV4 signature: the page calls the same control-plane and Runtime APIs the SDKs
// call (edgerec_server.h).
#pragma once

#include <memory>
#include <string>

#include "edgerec/status.h"
#include "server/console/console_assets.h"
#include "server/console/console_sessions.h"
#include "server/http/http_message.h"

namespace edgerec::server {

class ConsoleRoutes {
 public:
  ConsoleRoutes(ConsoleAssets assets, CheckCredentials check) : assets_(std::move(assets)), sessions_(std::move(check)) {}

  /// Whether the path is one of the console's.
  static bool is_console_path(std::string_view path);
  /// The answer to a request for a console path.
  HttpResponse answer(const HttpRequest& request, int64_t now);

  /// Whether the request carries a bearer token (and so is checked by check_bearer, not SigV4).
  static bool has_bearer(const HttpRequest& request);
  /// OK for a live session's token; otherwise the reason, with `error_type` set to
  /// ExpiredTokenException or UnrecognizedClientException (the page then shows its sign-in form).
  Status check_bearer(const HttpRequest& request, int64_t now, std::string& error_type) const;

 private:
  HttpResponse file(std::string_view name) const;
  HttpResponse sign_in(const HttpRequest& request, int64_t now);

  ConsoleAssets assets_;
  ConsoleSessions sessions_;
};

}  // namespace edgerec::server
