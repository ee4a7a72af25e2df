#include "server/auth/live_access_keys.h"

#include <sys/stat.h>

#include <utility>

namespace edgerec::auth {

LiveAccessKeys::LiveAccessKeys(std::string home, std::chrono::milliseconds check_interval)
    : home_(std::move(home)), check_interval_(check_interval) {}

Result<std::unique_ptr<LiveAccessKeys>> LiveAccessKeys::open(const std::string& home,
                                                              std::chrono::milliseconds check_interval) {
  std::unique_ptr<LiveAccessKeys> live(new LiveAccessKeys(home, check_interval));
  live->version_ = live->stat_file();
  EDGEREC_ASSIGN_OR_RETURN(AccessKeys keys, AccessKeys::load(home));
  live->keys_ = std::make_shared<const AccessKeys>(std::move(keys));
  live->last_check_ = std::chrono::steady_clock::now();
  return live;
}

LiveAccessKeys::FileVersion LiveAccessKeys::stat_file() const {
  FileVersion version;
  struct stat st {};
  if (::stat(access_keys_path(home_).c_str(), &st) != 0) return version;  // missing: no keys
  version.exists = true;
  version.inode = st.st_ino;
  version.device = st.st_dev;
  version.size = st.st_size;
  version.ctime_ns = static_cast<long long>(st.st_ctim.tv_sec) * 1000000000LL + st.st_ctim.tv_nsec;
  version.mode = st.st_mode;
  return version;
}

std::shared_ptr<const AccessKeys> LiveAccessKeys::current() {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - last_check_ < check_interval_) return keys_;
  last_check_ = now;
  // The version is taken before loading: a write landing during the load is seen at the next
  // check and loaded then.
  const FileVersion version = stat_file();
  if (version == version_) return keys_;
  Result<AccessKeys> reloaded = AccessKeys::load(home_);
  if (!reloaded.ok()) {
    last_reload_status_ = reloaded.status();
    return keys_;  // version_ kept: the next check tries again
  }
  keys_ = std::make_shared<const AccessKeys>(std::move(reloaded).value());
  version_ = version;
  last_reload_status_ = Status::ok_status();
  return keys_;
}

Status LiveAccessKeys::last_reload_status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_reload_status_;
}

}  // namespace edgerec::auth
