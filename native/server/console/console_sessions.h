// Who is signed in to the console: a browser cannot sign requests (SigV4 needs the secret on the
// page, and WebCrypto exists only on https and localhost), so it signs in once with one of the
// home's access keys and then sends the token it got as "Authorization: Bearer TOKEN". Tokens
// are 256 random bits from the kernel, kept in memory only (a restart signs everyone out), valid
// for kConsoleSessionSeconds, and stand for the access key they were made with.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "edgerec/status.h"

namespace edgerec::server {

/// Whether `secret` is the secret access key of `access_key_id` (compared in constant time).
using CheckCredentials = std::function<bool(std::string_view access_key_id, std::string_view secret)>;

struct ConsoleSession {
  std::string token;
  std::string access_key_id;
  int64_t expires_at = 0;  ///< epoch seconds
};

class ConsoleSessions {
 public:
  explicit ConsoleSessions(CheckCredentials check) : check_(std::move(check)) {}

  /// A new session for a key whose secret matches; InvalidInput otherwise
  /// (the message never says which of the two was wrong).
  Result<ConsoleSession> sign_in(std::string_view access_key_id, std::string_view secret, int64_t now);
  /// The access key of a live session; NotFound for a token it never gave (or gave before a
  /// restart), FailedPrecondition for an expired one.
  Result<std::string> check(std::string_view token, int64_t now) const;
  /// Ends the session; false if there was none.
  bool sign_out(std::string_view token);

 private:
  CheckCredentials check_;
  mutable std::mutex mutex_;
  std::map<std::string, ConsoleSession, std::less<>> sessions_;  // by token
};

}  // namespace edgerec::server
