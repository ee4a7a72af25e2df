// Names unique in a home (see home_names.h).
#include "store/home_names.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store/sqlite.h"

namespace edgerec {

namespace {

constexpr const char* kNameLockFile = ".edgerec-names.lock";  // a dot file: never a group (Home::group_names)

}  // namespace

HomeNameClaim::~HomeNameClaim() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

Result<HomeNameClaim> claim_name_in_home(const DatasetGroup& group, const std::string& table, const std::string& name,
                                         const std::string& what, const std::string& column) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path self = fs::weakly_canonical(group.dir(), ec);
  const fs::path home = self.parent_path();
  const std::string lock_path = (home / kNameLockFile).string();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot open " + lock_path + " (the home's name lock): " + std::strerror(errno));
  HomeNameClaim claim(fd);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) return io_error("cannot lock " + lock_path + " (the home's name lock): " + std::strerror(errno));
  }
  for (fs::directory_iterator it(home, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path db = it->path() / kDatabaseFileName;
    std::error_code ignored;
    if (fs::weakly_canonical(it->path(), ignored) == self || !fs::exists(db, ignored)) continue;
    auto other = sql::Database::open(db.string(), false);
    if (!other.ok()) continue;
    auto found = other->prepare("SELECT 1 FROM " + table + " WHERE " + column + " = ?");
    if (!found.ok()) continue;  // a group from before the table existed
    found->bind_text(1, name);
    auto row = found->step();
    if (row.ok() && *row) {
      return already_exists(what + " " + name + " already exists in dataset group " + it->path().string() +
                            " of the same home (names are unique in a home, as their ARNs are)");
    }
  }
  return claim;
}

}  // namespace edgerec
