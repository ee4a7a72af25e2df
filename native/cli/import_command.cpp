// `edgerec import DIR --dataset interactions|items|users --csv FILE [--schema FILE.json]
//                 [--mode full|incremental] [--job-name NAME]`
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "store/dataset_group.h"
#include "store/import_job.h"

namespace edgerec::cli {
namespace {

constexpr const char* kName = "import";
constexpr const char* kUsage =
    "edgerec import DIR --dataset interactions|items|users --csv FILE [--schema FILE.json] "
    "[--mode full|incremental] [--job-name NAME]";

Result<ImportJobRequest> request_from(const Args& args) {
  ImportJobRequest request;
  EDGEREC_ASSIGN_OR_RETURN(const std::string dataset, args.required("dataset"));
  EDGEREC_ASSIGN_OR_RETURN(request.dataset, parse_dataset_type(dataset));
  EDGEREC_ASSIGN_OR_RETURN(request.csv_path, args.required("csv"));
  if (auto schema = args.get("schema")) request.schema_path = *schema;
  if (auto mode = args.get("mode")) {
    EDGEREC_ASSIGN_OR_RETURN(request.mode, parse_import_mode(*mode));
  }
  request.job_name = args.get("job-name").value_or("");
  return request;
}

int import_command(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 0, {"dataset", "csv", "schema", "mode", "job-name"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (args->positional().size() != 1) {
    return report_failure(kName, invalid_input(std::string("expected one dataset group directory; usage: ") + kUsage), true);
  }
  auto request = request_from(*args);
  if (!request.ok()) return report_failure(kName, request.status(), true);
  auto group = DatasetGroup::open(args->positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  auto job = run_import_job(*group, *request);
  if (!job.ok()) return report_failure(kName, job.status());
  std::printf("%s\n", job->to_json().c_str());
  for (const std::string& warning : job->warnings) std::fprintf(stderr, "edgerec import: warning: %s\n", warning.c_str());
  if (!job->succeeded) {
    const ImportOutcome& outcome = job->outcome;
    const int code = report_failure(kName, outcome.first_error());
    for (size_t i = 1; i < outcome.errors.size(); ++i) {
      std::fprintf(stderr, "edgerec import: also: %s\n", outcome.errors[i].message().c_str());
    }
    if (outcome.error_count > outcome.errors.size()) {
      std::fprintf(stderr, "edgerec import: ... and %llu more errors\n",
                   static_cast<unsigned long long>(outcome.error_count - outcome.errors.size()));
    }
    std::fprintf(stderr, "edgerec import: job %lld (%s) CREATE FAILED: %llu errors in %llu rows; the dataset is unchanged\n",
                 static_cast<long long>(job->job_id), job->job_name.c_str(),
                 static_cast<unsigned long long>(outcome.error_count),
                 static_cast<unsigned long long>(outcome.rows_read));
    return code;
  }
  std::fprintf(stderr, "edgerec import: job %lld (%s) ACTIVE: %llu rows in %.2f s\n", static_cast<long long>(job->job_id),
               job->job_name.c_str(), static_cast<unsigned long long>(job->outcome.rows_imported), job->seconds);
  if (job->minimum && !job->minimum->meets_minimum()) {
    std::fprintf(stderr, "edgerec import: note: the group does not yet meet Personalize's minimum data for training "
                         "(1000 interactions and 25 users with at least 2)\n");
  }
  return 0;
}

}  // namespace

EDGEREC_REGISTER_COMMAND("import", import_command,
                         "a dataset import job: CSV into a group's dataset, all-or-nothing (FULL or INCREMENTAL)", 52);

}  // namespace edgerec::cli
