// Console sign-in sessions (see console_sessions.h).
#include "server/console/console_sessions.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>

#include "edgerec/limits.h"

namespace edgerec::server {
namespace {

Result<std::string> random_token() {
  unsigned char bytes[32];
  size_t filled = 0;
  while (filled < sizeof(bytes)) {
    const ssize_t n = ::getrandom(bytes + filled, sizeof(bytes) - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("cannot read random bytes from the kernel (getrandom) for a console session");
    filled += static_cast<size_t>(n);
  }
  static const char kHex[] = "0123456789abcdef";
  std::string token;
  for (const unsigned char b : bytes) {
    token.push_back(kHex[b >> 4]);
    token.push_back(kHex[b & 0xF]);
  }
  return token;
}

}  // namespace

Result<ConsoleSession> ConsoleSessions::sign_in(std::string_view access_key_id, std::string_view secret, int64_t now) {
  if (!check_ || !check_(access_key_id, secret)) {
    return invalid_input("the access key id or the secret access key is wrong (edgerec create-access-key --home HOME makes one)");
  }
  EDGEREC_ASSIGN_OR_RETURN(std::string token, random_token());
  ConsoleSession session{std::move(token), std::string(access_key_id), now + kConsoleSessionSeconds};
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires_at <= now ? sessions_.erase(it) : std::next(it);
  }
  if (sessions_.size() >= kMaxConsoleSessions) {
    // Bounded: the session that ends soonest (the oldest) is signed out.
    sessions_.erase(std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.expires_at < b.second.expires_at;
    }));
  }
  sessions_.emplace(session.token, session);
  return session;
}

Result<std::string> ConsoleSessions::check(std::string_view token, int64_t now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = sessions_.find(token);
  if (it == sessions_.end()) return not_found("not signed in to the console (or the server restarted): sign in again");
  if (it->second.expires_at <= now) return failed_precondition("the console session expired: sign in again");
  return it->second.access_key_id;
}

bool ConsoleSessions::sign_out(std::string_view token) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = sessions_.find(token);
  if (it == sessions_.end()) return false;
  sessions_.erase(it);
  return true;
}

}  // namespace edgerec::server
