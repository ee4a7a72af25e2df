// The access keys of a server home: HOME/access-keys.json, one JSON document
//
//   {"formatVersion":1,"accessKeys":[
//   {"accessKeyId":"EDGE...","secretAccessKey":"...","description":"...","createdAt":1714558830}
//   ]}
//
// holding each key's secret in the clear, since verifying a SigV4 signature needs the secret
// itself (as AWS's own services do). So the file is created with mode 0600, and a file that its
// group or others may read or write is refused, like ssh refuses an open private key, with the
// chmod that fixes it. Changes go through a temporary file, fsync and rename, under an exclusive
// lock (flock) on HOME, so concurrent commands never lose a key and a failed write leaves the
// file as it was.
//
// Keys have AWS's shapes, so SDKs and tools that check them accept these: an id of 20
// upper-case letters and digits starting with "EDGE" (where AWS's long-term keys start with
// "AKIA"; secret scanners therefore tell them apart), a secret of 40 characters of
// A-Z a-z 0-9 + /, both from the kernel's random source (getrandom).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "server/auth/access_key_lookup.h"

namespace edgerec::auth {

inline constexpr std::string_view kAccessKeysFileName = "access-keys.json";
inline constexpr std::string_view kAccessKeyIdPrefix = "EDGE";
inline constexpr size_t kAccessKeyIdLength = 20;
inline constexpr size_t kSecretAccessKeyLength = 40;

struct AccessKey {
  std::string access_key_id;
  std::string secret_access_key;
  std::string description;
  int64_t created_at = 0;  ///< epoch seconds
};

/// HOME/access-keys.json.
std::string access_keys_path(const std::string& home);

/// The keys of a home as loaded from its file: an immutable snapshot, safe to share between
/// threads. A server reloads it (AccessKeys::load again) to see keys created since.
class AccessKeys final : public AccessKeyLookup {
 public:
  /// The keys of `home`; none if HOME/access-keys.json does not exist. FailedPrecondition for a
  /// file its group or others may access (saying how to fix it), CorruptData for one that is
  /// not this format, UnsupportedVersion for a newer format.
  static Result<AccessKeys> load(const std::string& home);

  /// In creation order.
  const std::vector<AccessKey>& keys() const { return keys_; }
  /// The key with this id, or nullptr.
  const AccessKey* find(std::string_view access_key_id) const;
  const std::string* find_secret(std::string_view access_key_id) const override;

 private:
  std::vector<AccessKey> keys_;
};

/// Makes a new key with `description` (UTF-8, at most kMaxAccessKeyDescriptionLength
/// characters) created at `now`, adds it to the home's file (making HOME and the file if
/// missing) and returns it with its secret, which is never shown again.
Result<AccessKey> create_access_key(const std::string& home, std::string_view description, int64_t now);

/// Removes the key from the home's file; NotFound if the home has no such key.
Status delete_access_key(const std::string& home, std::string_view access_key_id);

}  // namespace edgerec::auth
