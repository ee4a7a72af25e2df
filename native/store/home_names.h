// Campaign, filter, solution and job names are unique within a home (HOME/NAME are its dataset
// groups), since their ARNs do not name the group (arns.h). Checked when one is created, under a
// lock of the home held until the row taking the name is committed, so two processes (servers,
// CLIs) creating one name in two groups at once cannot both succeed.
#pragma once

#include <string>

#include "edgerec/status.h"
#include "store/dataset_group.h"

namespace edgerec {

/// The home's name lock (an exclusive flock on HOME/.edgerec-names.lock), released when destroyed.
/// Keep it until the row that takes the name is committed.
class HomeNameClaim {
 public:
  HomeNameClaim(HomeNameClaim&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  HomeNameClaim& operator=(HomeNameClaim&&) = delete;
  HomeNameClaim(const HomeNameClaim&) = delete;
  ~HomeNameClaim();

 private:
  friend Result<HomeNameClaim> claim_name_in_home(const DatasetGroup&, const std::string&, const std::string&,
                                                 const std::string&, const std::string&);
  explicit HomeNameClaim(int fd) : fd_(fd) {}
  int fd_ = -1;
};

/// Takes the home's name lock (waiting for another process's), then AlreadyExists when another
/// dataset group beside `group` (in the same parent directory) has a row whose `column` is `name`
/// in `table` ("campaigns", "filters", "solutions", "import_jobs" by job_name, ...); groups whose
/// store cannot be read, or predates the table, have none. IoError when the lock cannot be taken.
/// The caller checks its own group and writes its row while it holds the claim.
Result<HomeNameClaim> claim_name_in_home(const DatasetGroup& group, const std::string& table, const std::string& name,
                                         const std::string& what, const std::string& column = "name");

}  // namespace edgerec
