// The home a control plane manages: HOME/NAME are its dataset groups, HOME/edgerec-home.json its
// identity (region, account: what every ARN carries), HOME/.edgerec-schemas its schemas. Every
// operation finds what an ARN names here, so the CLI and `edgerec serve` see the same resources.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/status.h"
#include "store/arns.h"
#include "store/dataset_group.h"

namespace edgerec::control {

class Home {
 public:
  /// NotFound when `dir` is not a directory.
  static Result<Home> open(const std::string& dir);

  const std::string& dir() const { return dir_; }
  const HomeIdentity& identity() const { return identity_; }
  std::string arn(std::string_view resource) const { return edgerec::arn(identity_, resource); }

  /// The groups the home holds (directories with a store), by name.
  std::vector<std::string> group_names() const;
  std::string group_dir(const std::string& name) const { return dir_ + "/" + name; }
  /// NotFound "dataset group NAME does not exist" (`arn` is what the caller named it by).
  Result<DatasetGroup> open_group(const std::string& name, std::string_view arn = {}) const;
  /// The group a datasetGroupArn (in request field `field`) names.
  Result<DatasetGroup> group_of_arn(std::string_view arn, std::string_view field) const;
  /// Parses an ARN of `type` in field `field` into its path ("NAME", "GROUP/TYPE", ...).
  Result<std::string> arn_path(std::string_view arn, std::string_view field, std::string_view type) const;

  /// The first group (by name) for which `holds` is true: the one holding a resource whose ARN
  /// does not name its group (campaigns, solutions, filters, jobs).
  Result<std::optional<DatasetGroup>> find_group(const std::function<Result<bool>(DatasetGroup&)>& holds) const;

  /// A resource whose ARN does not name its group, with the group holding it: the first that
  /// `lookup` finds. NotFound "WHAT ARN does not exist" when no group has it.
  template <typename T>
  Result<std::pair<DatasetGroup, T>> find_resource(const std::function<Result<std::optional<T>>(DatasetGroup&)>& lookup,
                                                   const std::string& what, std::string_view arn) const {
    std::optional<T> found;
    EDGEREC_ASSIGN_OR_RETURN(std::optional<DatasetGroup> group, find_group([&](DatasetGroup& g) -> Result<bool> {
      EDGEREC_ASSIGN_OR_RETURN(found, lookup(g));
      return found.has_value();
    }));
    if (!group) return not_found(what + " " + std::string(arn) + " does not exist");
    return std::pair<DatasetGroup, T>(std::move(*group), std::move(*found));
  }

  /// What a List operation with an optional datasetGroupArn covers: `visit` is called with that
  /// group (NotFound if it does not exist), or with every group of the home that opens.
  Status for_each_listed_group(const std::optional<std::string>& group_arn,
                               const std::function<Status(DatasetGroup& group, const std::string& name)>& visit) const;

 private:
  std::string dir_;
  HomeIdentity identity_;
};

}  // namespace edgerec::control
