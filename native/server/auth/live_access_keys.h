// A server's view of its home's access keys while it runs: HOME/access-keys.json is checked for
// changes (its inode, size, mode and change time: every write renames a new inode into place, a
// chmod changes the mode) at most once per interval, and reloaded when it changed, so a key made by `edgerec
// create-access-key` works, and one deleted by `delete-access-key` stops working, within a
// second and without a restart.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "edgerec/status.h"
#include "server/auth/access_keys.h"

namespace edgerec::auth {

class LiveAccessKeys {
 public:
  /// Loads the keys of `home` now. An error here (a file others may read, a damaged file, no
  /// such home) should stop the server from starting.
  static Result<std::unique_ptr<LiveAccessKeys>> open(const std::string& home,
                                                      std::chrono::milliseconds check_interval = std::chrono::seconds(1));

  /// The keys as of now: reloaded first if the interval has passed and the file changed. A
  /// snapshot, kept alive by the pointer, so a request verifies against one set of keys even if
  /// a reload happens meanwhile. If a reload fails (the file made readable by others, or damaged
  /// by a hand edit), the keys loaded before stay in use and last_reload_status() says why.
  /// Thread-safe.
  std::shared_ptr<const AccessKeys> current();

  /// The outcome of the latest reload: OK if it worked or none was needed yet.
  Status last_reload_status() const;

 private:
  /// What identifies one version of the file and its permissions.
  struct FileVersion {
    bool exists = false;
    unsigned long long inode = 0, device = 0;
    long long size = 0, ctime_ns = 0;
    unsigned mode = 0;
    bool operator==(const FileVersion& o) const {
      return exists == o.exists && inode == o.inode && device == o.device && size == o.size && ctime_ns == o.ctime_ns &&
             mode == o.mode;
    }
  };

  LiveAccessKeys(std::string home, std::chrono::milliseconds check_interval);
  FileVersion stat_file() const;

  const std::string home_;
  const std::chrono::milliseconds check_interval_;
  mutable std::mutex mutex_;
  std::shared_ptr<const AccessKeys> keys_;
  FileVersion version_;
  std::chrono::steady_clock::time_point last_check_;
  Status last_reload_status_;
};

}  // namespace edgerec::auth
