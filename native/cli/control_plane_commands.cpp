// `edgerec api --home HOME OPERATION [REQUEST_JSON]`: Personalize's control plane from the shell,
// the same operations `edgerec serve` answers (control/control_plane.h); jobs the call records
// run here before it returns. `edgerec run-job GROUP KIND ID`: the worker `edgerec serve` starts
// for one background job (control/job_worker.h).
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "control/control_plane.h"
#include "control/job_worker.h"
#include "io/file_io.h"
#include "train/progress.h"

namespace edgerec::cli {
namespace {

// The request: JSON text, @FILE, or {} when absent.
Result<std::string> request_body(const Args& args) {
  if (args.positional().size() < 2) return std::string("{}");
  const std::string& given = args.positional()[1];
  if (given.empty() || given[0] != '@') return given;
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(given.substr(1)));
  return std::string(bytes.begin(), bytes.end());
}

// The jobs the call recorded, each run to its end in this process. One that a running server's
// worker took over first runs there: Describe shows how it ends.
Status run_recorded_jobs(const std::vector<control::PendingJob>& jobs) {
  for (const control::PendingJob& job : jobs) {
    std::fprintf(stderr, "edgerec api: running %s job %s of %s\n", control::job_kind_name(job.kind), job.id.c_str(),
                 job.group_dir.c_str());
    Status ran = control::run_job(job.group_dir, job.kind, job.id);
    if (ran.code() == StatusCode::kFailedPrecondition) {
      std::fprintf(stderr, "edgerec api: %s; another process (a server's worker) runs it\n", ran.message().c_str());
    } else if (!ran.ok()) {
      return ran;
    }
  }
  return Status::ok_status();
}

int api_command(const Args& args) {
  constexpr const char* kName = "api";
  const std::string& named = args.positional()[0];
  // edgerec's own operations (the console's) are named as the server's X-Amz-Target names them.
  const std::string extension_prefix = "Edgerec.";
  const bool extension = named.compare(0, extension_prefix.size(), extension_prefix) == 0;
  const std::string operation = extension ? named.substr(extension_prefix.size()) : named;
  if (extension && !control::ControlPlane::is_extension(operation)) {
    return report_failure(kName, invalid_input("unknown operation " + named + "; see edgerec api --help"), true);
  }
  switch (extension ? control::ControlPlane::Support::kSupported : control::ControlPlane::support(operation)) {
    case control::ControlPlane::Support::kSupported: break;
    case control::ControlPlane::Support::kNotSupported:
      return report_failure(kName, invalid_input(operation + " is an Amazon Personalize operation edgerec does not support "
                                                             "(docs/control-plane.md)"), true);
    case control::ControlPlane::Support::kUnknown:
      return report_failure(kName, invalid_input("unknown operation " + operation + "; see edgerec api --help"), true);
  }
  control::ControlPlaneOptions options;
  options.home = args.value("home");
  for (const std::string& bucket : args.get_all("bucket")) {
    if (Status s = options.locations.add(bucket); !s.ok()) return report_failure(kName, s, true);
  }
  std::vector<control::PendingJob> recorded;
  options.job_recorded = [&recorded](const control::PendingJob& job) { recorded.push_back(job); };
  auto body = request_body(args);
  if (!body.ok()) return report_failure(kName, body.status(), true);
  Progress::set_quiet(args.has("quiet"));
  const control::ControlPlane plane(std::move(options));
  auto response = extension ? plane.call_extension(operation, *body) : plane.call(operation, *body);
  if (!response.ok()) return report_failure(kName, response.status());
  std::printf("%s\n", response->c_str());
  std::fflush(stdout);
  if (Status s = run_recorded_jobs(recorded); !s.ok()) return report_failure(kName, s);
  return 0;
}

int run_job_command(const Args& args) {
  constexpr const char* kName = "run-job";
  auto kind = control::parse_job_kind(args.positional()[1]);
  if (!kind.ok()) return report_failure(kName, kind.status(), true);
  Progress::set_quiet(true);  // the runner keeps the log; progress goes to the job's record
  if (Status s = control::run_job(args.positional()[0], *kind, args.positional()[2]); !s.ok()) {
    return report_failure(kName, s);
  }
  return 0;
}

std::string operation_list() {
  std::string list = "operations:\n";
  std::string line = " ";
  for (const std::string& op : control::ControlPlane::supported_operations()) {
    if (line.size() + op.size() + 1 > 100) {
      list += line + "\n";
      line = " ";
    }
    line += " " + op;
  }
  list += line + "\nedgerec's own (the console's; docs/control-plane.md):\n ";
  for (const std::string& op : control::ControlPlane::extension_operations()) list += " Edgerec." + op;
  return list + "\n";
}

CommandSpec api_spec() {
  CommandSpec spec;
  spec.name = "api";
  spec.summary = "a Personalize control-plane operation on a home (what the SDKs call on edgerec serve)";
  spec.order = 121;
  spec.usage = {"edgerec api --home HOME OPERATION [REQUEST_JSON | @FILE.json] [--bucket BUCKET=DIR ...]"};
  spec.description =
      "Runs one of Amazon Personalize's management operations on the home, with Personalize's request\n"
      "and response JSON: the same implementation `edgerec serve` answers the SDKs with, so what one\n"
      "creates the other lists. Jobs the call records (dataset imports, solution versions, data\n"
      "deletions, batch inference) run to their end before it returns. s3://BUCKET/KEY locations need --bucket.";
  spec.positionals = {{"OPERATION", "the operation, e.g. CreateSolution", true, false},
                      {"REQUEST_JSON", "the request body (default {}), or @FILE.json", false, false}};
  spec.flags = {path_flag("home", "HOME", "the directory holding the dataset groups (HOME/NAME)").required(),
                text_flag("bucket", "BUCKET=DIR", "s3://BUCKET/KEY locations are DIR/KEY").repeatable(),
                switch_flag("quiet", "no training progress output")};
  spec.examples = {
      "edgerec api --home home CreateDatasetGroup '{\"name\":\"shop\"}'",
      "edgerec api --home home --bucket data=./csv CreateDatasetImportJob @import-job.json",
      "edgerec api --home home ListSolutions '{\"datasetGroupArn\":\"arn:aws:personalize:us-east-1:000000000000:"
      "dataset-group/shop\"}'"};
  spec.more_help = operation_list;
  spec.run = api_command;
  return spec;
}

CommandSpec run_job_spec() {
  CommandSpec spec;
  spec.name = "run-job";
  spec.summary = "run one background job of a group (the worker edgerec serve starts)";
  spec.order = 122;
  spec.usage = {"edgerec run-job DIR import|solution-version|data-deletion|batch ID"};
  spec.description =
      "Runs a job the control plane recorded as pending (an import job, a solution version, a data\n"
      "deletion job, a batch inference or segment job) in this process and records its outcome. `edgerec serve` starts one per job, at\n"
      "most --max-jobs at a time; run by hand it does the same.";
  spec.positionals = {dataset_group_argument(), {"KIND", "import, solution-version, data-deletion or batch", true, false},
                      {"ID", "the job's id (a solution version id for solution-version)", true, false}};
  spec.examples = {"edgerec run-job home/shop solution-version sv-20261203-0123456789abcdef"};
  spec.run = run_job_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(api_spec);
EDGEREC_REGISTER_COMMAND(run_job_spec);

}  // namespace edgerec::cli
