// The control plane's operations, one function each (Personalize's names), grouped by resource
// in the *_operations.cpp files; control_plane.cpp dispatches to them by name. Each takes the
// request's fields as Personalize documents them and returns the response body (JSON), or an
// error Status whose code the server turns into Personalize's error types (aws_error.h):
// InvalidInput, NotFound (ResourceNotFound), AlreadyExists, FailedPrecondition (ResourceInUse),
// ResourceExhausted (LimitExceeded).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "control/data_locations.h"
#include "control/home.h"
#include "control/jobs.h"
#include "control/request.h"
#include "edgerec/json.h"
#include "edgerec/status.h"

namespace edgerec::control {

/// What every operation works with.
struct Context {
  const Home& home;
  const DataLocations& locations;
  /// Called after a job was recorded CREATE PENDING, so whoever runs jobs starts it.
  const std::function<void(const PendingJob& job)>& job_recorded;
};

using Operation = Result<std::string> (*)(Context& context, const Request& request);

/// The page of `items` (JSON objects, in the list's order) that the request's nextToken and
/// maxResults (1-100, default 100) ask for, written as "KEY":[...] plus "nextToken" when more
/// follow, inside the object `w` has open. InvalidInput for a token this list never gave.
Status write_page(JsonWriter& w, const Request& request, const char* key, const std::vector<std::string>& items);

/// {"KEY":[page],"nextToken":...}: a List operation's whole response (write_page).
Result<std::string> list_response(const Request& request, const char* key, const std::vector<std::string>& items);

/// A job found by name in whichever group holds it: `select` (a query whose ?1 is the name) run
/// in each group until it returns a row, which `write` turns into the response's JSON. NotFound
/// "WHAT ARN does not exist" when no group has one.
Result<std::string> job_by_name(const Home& home, const std::string& select, const std::string& name,
                                const std::function<std::string(const std::string& group_name, const sql::Statement& row)>& write,
                                const std::string& what, std::string_view arn);

/// Whether `status` is write_page's refusal of a nextToken.
bool is_next_token_error(const Status& status);

/// {"KEY": VALUE} for a single ARN response ({"datasetGroupArn": ...}).
std::string arn_response(const char* key, const std::string& arn);

// dataset_group_operations.cpp
Result<std::string> create_dataset_group(Context& c, const Request& r);
Result<std::string> describe_dataset_group(Context& c, const Request& r);
Result<std::string> list_dataset_groups(Context& c, const Request& r);
Result<std::string> delete_dataset_group(Context& c, const Request& r);
// schema_operations.cpp
Result<std::string> create_schema(Context& c, const Request& r);
Result<std::string> describe_schema(Context& c, const Request& r);
Result<std::string> list_schemas(Context& c, const Request& r);
Result<std::string> delete_schema(Context& c, const Request& r);
// dataset_operations.cpp
Result<std::string> create_dataset(Context& c, const Request& r);
Result<std::string> describe_dataset(Context& c, const Request& r);
Result<std::string> list_datasets(Context& c, const Request& r);
Result<std::string> delete_dataset(Context& c, const Request& r);
// import_job_operations.cpp
Result<std::string> create_dataset_import_job(Context& c, const Request& r);
Result<std::string> describe_dataset_import_job(Context& c, const Request& r);
Result<std::string> list_dataset_import_jobs(Context& c, const Request& r);
// solution_operations.cpp
Result<std::string> create_solution(Context& c, const Request& r);
Result<std::string> describe_solution(Context& c, const Request& r);
Result<std::string> list_solutions(Context& c, const Request& r);
Result<std::string> delete_solution(Context& c, const Request& r);
Result<std::string> update_solution(Context& c, const Request& r);
// solution_version_operations.cpp
Result<std::string> create_solution_version(Context& c, const Request& r);
Result<std::string> describe_solution_version(Context& c, const Request& r);
Result<std::string> list_solution_versions(Context& c, const Request& r);
Result<std::string> stop_solution_version_creation(Context& c, const Request& r);
Result<std::string> get_solution_metrics(Context& c, const Request& r);
// recipe_operations.cpp
Result<std::string> list_recipes(Context& c, const Request& r);
Result<std::string> describe_recipe(Context& c, const Request& r);
// campaign_operations.cpp
Result<std::string> create_campaign(Context& c, const Request& r);
Result<std::string> describe_campaign(Context& c, const Request& r);
Result<std::string> list_campaigns(Context& c, const Request& r);
Result<std::string> update_campaign(Context& c, const Request& r);
Result<std::string> delete_campaign(Context& c, const Request& r);
// filter_operations.cpp
Result<std::string> create_filter(Context& c, const Request& r);
Result<std::string> describe_filter(Context& c, const Request& r);
Result<std::string> list_filters(Context& c, const Request& r);
Result<std::string> delete_filter(Context& c, const Request& r);
// event_tracker_operations.cpp
Result<std::string> create_event_tracker(Context& c, const Request& r);
Result<std::string> describe_event_tracker(Context& c, const Request& r);
Result<std::string> list_event_trackers(Context& c, const Request& r);
Result<std::string> delete_event_tracker(Context& c, const Request& r);
// batch_job_operations.cpp
Result<std::string> create_batch_inference_job(Context& c, const Request& r);
Result<std::string> describe_batch_inference_job(Context& c, const Request& r);
Result<std::string> list_batch_inference_jobs(Context& c, const Request& r);
Result<std::string> create_batch_segment_job(Context& c, const Request& r);
Result<std::string> describe_batch_segment_job(Context& c, const Request& r);
Result<std::string> list_batch_segment_jobs(Context& c, const Request& r);
// data_deletion_operations.cpp
Result<std::string> create_data_deletion_job(Context& c, const Request& r);
Result<std::string> describe_data_deletion_job(Context& c, const Request& r);
Result<std::string> list_data_deletion_jobs(Context& c, const Request& r);

// console_operations.cpp: edgerec's own (X-Amz-Target Edgerec.OP)
Result<std::string> describe_dataset_group_data(Context& c, const Request& r);
Result<std::string> validate_filter_expression(Context& c, const Request& r);
Result<std::string> describe_items(Context& c, const Request& r);
Result<std::string> get_campaign_online_metrics(Context& c, const Request& r);
Result<std::string> get_solution_report(Context& c, const Request& r);

}  // namespace edgerec::control
