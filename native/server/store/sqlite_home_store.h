// A home as a directory of dataset groups (HOME/NAME, each with its SQLite store) and the
// identity file the CLI writes (HOME/edgerec-home.json): the server's HomeStore (group_store.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "server/store/group_store.h"

namespace edgerec::server {

class SqliteHomeStore final : public HomeStore {
 public:
  /// Refuses a `home` that is not a directory.
  static Result<std::unique_ptr<SqliteHomeStore>> open(const std::string& home);

  const std::string& location() const override { return home_; }
  Result<HomeIdentity> identity() override;
  Result<std::vector<std::string>> list_groups() override;
  Result<std::unique_ptr<GroupStore>> open_group(const std::string& name) override;

 private:
  explicit SqliteHomeStore(std::string home) : home_(std::move(home)) {}
  std::string home_;
};

}  // namespace edgerec::server
