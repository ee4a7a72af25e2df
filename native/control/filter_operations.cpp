// CreateFilter, DescribeFilter, ListFilters, DeleteFilter: named filters (store/filters.h).
#include "control/operations.h"
#include "store/filters.h"

namespace edgerec::control {
namespace {

using FilterRef = std::pair<DatasetGroup, FilterRecord>;

Result<FilterRef> filter_of_arn(const Home& home, std::string_view arn) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, home.arn_path(arn, "filterArn", "filter"));
  return home.find_resource<FilterRecord>([&](DatasetGroup& g) { return find_filter(g, name); }, "filter", arn);
}

}  // namespace

Result<std::string> create_filter(Context& c, const Request& r) {
  FilterRecord f;
  EDGEREC_ASSIGN_OR_RETURN(f.name, r.required_string("name"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string group_arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(f.expression, r.required_string("filterExpression"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(group_arn, "datasetGroupArn"));
  f.created_at = f.updated_at = unix_now();
  EDGEREC_RETURN_IF_ERROR(insert_filter(group, f));
  return arn_response("filterArn", c.home.arn("filter/" + f.name));
}

Result<std::string> describe_filter(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("filterArn"));
  EDGEREC_ASSIGN_OR_RETURN(FilterRef ref, filter_of_arn(c.home, arn));
  JsonWriter w;
  write_filter_json(w, c.home.identity(), dataset_group_name(ref.first.dir()), ref.second);
  return "{\"filter\":" + w.take() + "}";
}

Result<std::string> list_filters(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> group_arn, r.optional_string("datasetGroupArn"));
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(group_arn, [&](DatasetGroup& group, const std::string& name) -> Status {
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<FilterRecord> filters, edgerec::list_filters(group));
    for (const FilterRecord& f : filters) {
      JsonWriter w;
      write_filter_json(w, c.home.identity(), name, f, true);
      items.push_back(w.take());
    }
    return Status::ok_status();
  }));
  return list_response(r, "Filters", items);
}

Result<std::string> delete_filter(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("filterArn"));
  EDGEREC_ASSIGN_OR_RETURN(FilterRef ref, filter_of_arn(c.home, arn));
  EDGEREC_RETURN_IF_ERROR(edgerec::delete_filter(ref.first, ref.second.name));
  return std::string("{}");
}

}  // namespace edgerec::control
