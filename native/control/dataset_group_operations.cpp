// CreateDatasetGroup, DescribeDatasetGroup, ListDatasetGroups, DeleteDatasetGroup: a dataset group
// is the directory HOME/NAME with its store (store/dataset_group.h), ACTIVE once created.
#include <filesystem>

#include "control/operations.h"
#include "store/datasets.h"
#include "store/event_trackers.h"
#include "store/solutions.h"

namespace edgerec::control {
namespace {

int64_t created_at(DatasetGroup& group) {
  auto v = group.db().query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'created_at'");
  return v.ok() ? *v : 0;
}

// Describe and List show the same fields: edgerec's groups have no domain.
std::string group_json(const Home& home, const std::string& name, DatasetGroup& group) {
  JsonWriter w;
  w.begin_object();
  w.key("name");
  w.string(name);
  w.key("datasetGroupArn");
  w.string(home.arn("dataset-group/" + name));
  w.key("status");
  w.string("ACTIVE");
  const int64_t created = created_at(group);  // a group is never updated: both times are its creation
  w.key("creationDateTime");
  w.integer(created);
  w.key("lastUpdatedDateTime");
  w.integer(created);
  w.end_object();
  return w.take();
}

// What Personalize refuses to delete a group for: any resource still in it. The group's own
// event tracker ("default", made with it) goes with it.
Status check_group_empty(DatasetGroup& group, const std::string& name) {
  const auto in_use = [&](const std::string& what) {
    return failed_precondition("dataset group " + name + " still has " + what + "; delete it first");
  };
  for (const DatasetType type : {DatasetType::kInteractions, DatasetType::kItems, DatasetType::kUsers}) {
    EDGEREC_ASSIGN_OR_RETURN(const auto schema, load_dataset_schema(group.db(), type));
    if (schema) return in_use(std::string("its ") + dataset_type_name(type) + " dataset");
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<SolutionRecord> solutions, edgerec::list_solutions(group));
  if (!solutions.empty()) return in_use("solution " + solutions[0].name);
  EDGEREC_ASSIGN_OR_RETURN(const int64_t campaigns, group.db().query_int("SELECT count(*) FROM campaigns"));
  if (campaigns != 0) return in_use("campaigns");
  EDGEREC_ASSIGN_OR_RETURN(const int64_t filters, group.db().query_int("SELECT count(*) FROM filters"));
  if (filters != 0) return in_use("filters");
  EDGEREC_ASSIGN_OR_RETURN(const int64_t trackers,
                           group.db().query_int("SELECT count(*) FROM event_trackers WHERE name <> 'default'"));
  if (trackers != 0) return in_use("event trackers");
  return Status::ok_status();
}

}  // namespace

Result<std::string> create_dataset_group(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, r.required_string("name"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(name, "name"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> domain, r.optional_string("domain"));
  if (domain) {
    return invalid_input("domain " + *domain + ": edgerec has no domain dataset groups (their recommenders); create "
                         "the group without a domain and train solutions with ListRecipes' recipes");
  }
  std::error_code ec;
  if (std::filesystem::exists(c.home.group_dir(name), ec)) {
    return already_exists("dataset group " + name + " already exists");
  }
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::create(c.home.group_dir(name)));
  (void)group;
  return arn_response("datasetGroupArn", c.home.arn("dataset-group/" + name));
}

Result<std::string> describe_dataset_group(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, c.home.arn_path(arn, "datasetGroupArn", "dataset-group"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.open_group(name, arn));
  JsonWriter w;
  w.begin_object();
  w.key("datasetGroup");
  w.raw(group_json(c.home, name, group));
  w.end_object();
  return w.take();
}

Result<std::string> list_dataset_groups(Context& c, const Request& r) {
  std::vector<std::string> items;
  for (const std::string& name : c.home.group_names()) {
    auto group = DatasetGroup::open(c.home.group_dir(name));
    if (group.ok()) items.push_back(group_json(c.home, name, *group));
  }
  return list_response(r, "datasetGroups", items);
}

Result<std::string> delete_dataset_group(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, c.home.arn_path(arn, "datasetGroupArn", "dataset-group"));
  {
    EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.open_group(name, arn));
    EDGEREC_RETURN_IF_ERROR(check_group_empty(group, name));
  }
  std::error_code ec;
  std::filesystem::remove_all(c.home.group_dir(name), ec);
  if (ec) return io_error("deleting dataset group " + name + ": " + ec.message());
  return std::string("{}");
}

}  // namespace edgerec::control
