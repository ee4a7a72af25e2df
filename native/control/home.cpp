// Finding a home's dataset groups and what ARNs name (see home.h).
#include "control/home.h"

#include <algorithm>
#include <filesystem>

namespace edgerec::control {

namespace fs = std::filesystem;

Result<Home> Home::open(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return not_found("home " + dir + " is not a directory");
  Home home;
  home.dir_ = dir;
  EDGEREC_ASSIGN_OR_RETURN(home.identity_, read_home_identity(dir));
  return home;
}

std::vector<std::string> Home::group_names() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ignored;
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] != '.' && fs::exists(it->path() / kDatabaseFileName, ignored)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<DatasetGroup> Home::open_group(const std::string& name, std::string_view arn) const {
  std::error_code ec;
  if (check_resource_name(name, "datasetGroupArn").ok() && fs::exists(fs::path(group_dir(name)) / kDatabaseFileName, ec)) {
    return DatasetGroup::open(group_dir(name));
  }
  return not_found("dataset group " + (arn.empty() ? name : std::string(arn)) + " does not exist");
}

Result<std::string> Home::arn_path(std::string_view arn, std::string_view field, std::string_view type) const {
  EDGEREC_ASSIGN_OR_RETURN(const ParsedArn parsed, parse_arn(identity_, arn, field, type));
  return parsed.path;
}

Result<DatasetGroup> Home::group_of_arn(std::string_view arn, std::string_view field) const {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, arn_path(arn, field, "dataset-group"));
  return open_group(name, arn);
}

Status Home::for_each_listed_group(const std::optional<std::string>& group_arn,
                                   const std::function<Status(DatasetGroup& group, const std::string& name)>& visit) const {
  if (group_arn) {
    EDGEREC_ASSIGN_OR_RETURN(const std::string name, arn_path(*group_arn, "datasetGroupArn", "dataset-group"));
    EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, open_group(name, *group_arn));
    return visit(group, name);
  }
  for (const std::string& name : group_names()) {
    auto group = DatasetGroup::open(group_dir(name));
    if (group.ok()) EDGEREC_RETURN_IF_ERROR(visit(*group, name));
  }
  return Status::ok_status();
}

Result<std::optional<DatasetGroup>> Home::find_group(const std::function<Result<bool>(DatasetGroup&)>& holds) const {
  for (const std::string& name : group_names()) {
    auto group = DatasetGroup::open(group_dir(name));
    if (!group.ok()) continue;  // a group that cannot be opened holds nothing one can reach
    EDGEREC_ASSIGN_OR_RETURN(const bool found, holds(*group));
    if (found) return std::optional<DatasetGroup>(std::move(group).value());
  }
  return std::optional<DatasetGroup>();
}

}  // namespace edgerec::control
