// Dispatch of the control plane's operations (see control_plane.h).
#include "control/control_plane.h"

#include <algorithm>

#include "control/operations.h"

namespace edgerec::control {
namespace {

struct Entry {
  const char* name;
  Operation run;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {"CreateBatchInferenceJob", create_batch_inference_job},
      {"CreateBatchSegmentJob", create_batch_segment_job},
      {"CreateCampaign", create_campaign},
      {"CreateDataDeletionJob", create_data_deletion_job},
      {"CreateDataset", create_dataset},
      {"CreateDatasetGroup", create_dataset_group},
      {"CreateDatasetImportJob", create_dataset_import_job},
      {"CreateEventTracker", create_event_tracker},
      {"CreateFilter", create_filter},
      {"CreateSchema", create_schema},
      {"CreateSolution", create_solution},
      {"CreateSolutionVersion", create_solution_version},
      {"DeleteCampaign", delete_campaign},
      {"DeleteDataset", delete_dataset},
      {"DeleteDatasetGroup", delete_dataset_group},
      {"DeleteEventTracker", delete_event_tracker},
      {"DeleteFilter", delete_filter},
      {"DeleteSchema", delete_schema},
      {"DeleteSolution", delete_solution},
      {"DescribeBatchInferenceJob", describe_batch_inference_job},
      {"DescribeBatchSegmentJob", describe_batch_segment_job},
      {"DescribeCampaign", describe_campaign},
      {"DescribeDataDeletionJob", describe_data_deletion_job},
      {"DescribeDataset", describe_dataset},
      {"DescribeDatasetGroup", describe_dataset_group},
      {"DescribeDatasetImportJob", describe_dataset_import_job},
      {"DescribeEventTracker", describe_event_tracker},
      {"DescribeFilter", describe_filter},
      {"DescribeRecipe", describe_recipe},
      {"DescribeSchema", describe_schema},
      {"DescribeSolution", describe_solution},
      {"DescribeSolutionVersion", describe_solution_version},
      {"GetSolutionMetrics", get_solution_metrics},
      {"ListBatchInferenceJobs", list_batch_inference_jobs},
      {"ListBatchSegmentJobs", list_batch_segment_jobs},
      {"ListCampaigns", list_campaigns},
      {"ListDataDeletionJobs", list_data_deletion_jobs},
      {"ListDatasetGroups", list_dataset_groups},
      {"ListDatasetImportJobs", list_dataset_import_jobs},
      {"ListDatasets", list_datasets},
      {"ListEventTrackers", list_event_trackers},
      {"ListFilters", list_filters},
      {"ListRecipes", list_recipes},
      {"ListSchemas", list_schemas},
      {"ListSolutionVersions", list_solution_versions},
      {"ListSolutions", list_solutions},
      {"StopSolutionVersionCreation", stop_solution_version_creation},
      {"UpdateCampaign", update_campaign},
      {"UpdateSolution", update_solution},
  };
  return table;
}

// Personalize's operations edgerec does not have (yet): answered with an error naming them, not
// as unknown operations. docs/control-plane.md says why for each.
constexpr const char* kNotSupported[] = {
    "CreateDatasetExportJob", "CreateMetricAttribution", "CreateRecommender",
    "DeleteMetricAttribution", "DeleteRecommender", "DescribeAlgorithm",
    "DescribeDatasetExportJob", "DescribeFeatureTransformation", "DescribeMetricAttribution", "DescribeRecommender",
    "ListDatasetExportJobs", "ListMetricAttributionMetrics", "ListMetricAttributions",
    "ListRecommenders", "ListTagsForResource", "StartRecommender", "StopRecommender", "TagResource", "UntagResource",
    "UpdateDataset", "UpdateMetricAttribution", "UpdateRecommender"};

const std::vector<Entry>& extension_entries() {
  static const std::vector<Entry> table = {
      {"DescribeDatasetGroupData", describe_dataset_group_data},
      {"DescribeItems", describe_items},
      {"GetCampaignOnlineMetrics", get_campaign_online_metrics},
      {"GetSolutionReport", get_solution_report},
      {"ValidateFilterExpression", validate_filter_expression},
  };
  return table;
}

const Entry* find_in(const std::vector<Entry>& table, std::string_view operation) {
  for (const Entry& e : table) {
    if (operation == e.name) return &e;
  }
  return nullptr;
}

const Entry* find_entry(std::string_view operation) { return find_in(entries(), operation); }

Result<std::string> run(const Entry* entry, std::string_view operation, std::string_view body, const ControlPlaneOptions& options) {
  if (entry == nullptr) return invalid_input("unknown operation " + std::string(operation));
  EDGEREC_ASSIGN_OR_RETURN(const Request request, Request::parse(body));
  EDGEREC_ASSIGN_OR_RETURN(const Home home, Home::open(options.home));
  Context context{home, options.locations, options.job_recorded};
  return entry->run(context, request);
}

}  // namespace

ControlPlane::Support ControlPlane::support(std::string_view operation) {
  if (find_entry(operation) != nullptr) return Support::kSupported;
  for (const char* name : kNotSupported) {
    if (operation == name) return Support::kNotSupported;
  }
  return Support::kUnknown;
}

std::vector<std::string> ControlPlane::supported_operations() {
  std::vector<std::string> names;
  for (const Entry& e : entries()) names.emplace_back(e.name);
  return names;
}

bool ControlPlane::changes_deployment(std::string_view operation) {
  const bool mutates = operation.substr(0, 6) == "Create" || operation.substr(0, 6) == "Delete" ||
                       operation.substr(0, 6) == "Update";
  return mutates && (operation.find("Campaign") != std::string_view::npos ||
                     operation.find("Filter") != std::string_view::npos ||
                     operation.find("EventTracker") != std::string_view::npos ||
                     operation.find("DatasetGroup") != std::string_view::npos);
}

std::string ControlPlane::error_type(const Status& status) {
  if (status.code() == StatusCode::kInvalidInput && is_next_token_error(status)) return "InvalidNextTokenException";
  return "";
}

bool ControlPlane::is_extension(std::string_view operation) { return find_in(extension_entries(), operation) != nullptr; }

std::vector<std::string> ControlPlane::extension_operations() {
  std::vector<std::string> names;
  for (const Entry& e : extension_entries()) names.emplace_back(e.name);
  return names;
}

Result<std::string> ControlPlane::call_extension(std::string_view operation, std::string_view body) const {
  return run(find_in(extension_entries(), operation), operation, body, options_);
}

Result<std::string> ControlPlane::call(std::string_view operation, std::string_view body) const {
  return run(find_entry(operation), operation, body, options_);
}

}  // namespace edgerec::control
