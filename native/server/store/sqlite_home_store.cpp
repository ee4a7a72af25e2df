// A directory of dataset groups as the server's HomeStore (see sqlite_home_store.h).
#include "server/store/sqlite_home_store.h"

#include <algorithm>
#include <filesystem>

#include "server/store/sqlite_group_store.h"
#include "store/dataset_group.h"

namespace edgerec::server {

Result<std::unique_ptr<SqliteHomeStore>> SqliteHomeStore::open(const std::string& home) {
  std::error_code ec;
  if (!std::filesystem::is_directory(home, ec)) {
    return not_found(home + ": not a directory; --home names the directory that holds the dataset groups (HOME/NAME)");
  }
  return std::unique_ptr<SqliteHomeStore>(new SqliteHomeStore(home));
}

Result<HomeIdentity> SqliteHomeStore::identity() { return read_home_identity(home_); }

Result<std::vector<std::string>> SqliteHomeStore::list_groups() {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(home_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ignored;
    if (!it->is_directory(ignored) || !std::filesystem::exists(it->path() / kDatabaseFileName, ignored)) continue;
    names.push_back(it->path().filename().string());
  }
  if (ec) return io_error(home_ + ": cannot list the dataset groups: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::unique_ptr<GroupStore>> SqliteHomeStore::open_group(const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(std::unique_ptr<SqliteGroupStore> group,
                           SqliteGroupStore::open(name, (std::filesystem::path(home_) / name).string()));
  return std::unique_ptr<GroupStore>(std::move(group));
}

}  // namespace edgerec::server
