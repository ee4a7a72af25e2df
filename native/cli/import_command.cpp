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

Result<ImportJobRequest> request_from(const Args& args) {
  ImportJobRequest request;
  EDGEREC_ASSIGN_OR_RETURN(request.dataset, parse_dataset_type(args.value("dataset")));
  request.csv_path = args.value("csv");
  if (auto schema = args.get("schema")) request.schema_path = *schema;
  EDGEREC_ASSIGN_OR_RETURN(request.mode, parse_import_mode(args.value("mode")));
  request.job_name = args.get("job-name").value_or("");
  return request;
}

int import_command(const Args& args) {
  auto request = request_from(args);
  if (!request.ok()) return report_failure(kName, request.status(), true);
  auto group = DatasetGroup::open(args.positional()[0]);
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

CommandSpec import_spec() {
  CommandSpec spec;
  spec.name = kName;
  spec.summary = "a dataset import job: CSV into a group's dataset, all-or-nothing (FULL or INCREMENTAL)";
  spec.order = 52;
  spec.usage = {"edgerec import DIR --dataset interactions|items|users --csv FILE [flags]"};
  spec.description =
      "A dataset import job: reads the CSV (header row; columns by name, in any order) into the\n"
      "group's dataset, all or nothing. FULL (a dataset's first import) replaces the rows of earlier\n"
      "import jobs and keeps streamed ones; INCREMENTAL appends, replacing items and users with the\n"
      "same id. A missing dataset is created with --schema (Interactions: or the default schema).\n"
      "Prints the job as JSON; errors go to stderr with file:line:column and the field.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {text_flag("dataset", "TYPE", "interactions, items or users").required(),
                path_flag("csv", "FILE", "the CSV file to import").required(),
                path_flag("schema", "FILE.json", "the dataset's schema (created with it, or checked against it)"),
                text_flag("mode", "full|incremental", "replace the imported rows or add to them").defaults_to("full"),
                text_flag("job-name", "NAME", "the job's name (default <dataset>-import-<job id>)")};
  spec.examples = {"edgerec import shop --dataset interactions --csv interactions.csv",
                   "edgerec import shop --dataset items --csv items.csv --schema items-schema.json --mode incremental"};
  spec.run = import_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(import_spec);

}  // namespace edgerec::cli
