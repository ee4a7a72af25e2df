// `edgerec batch --solution FILE.erec --input IN.jsonl --output OUT.jsonl [--num-results N]
//                [--filter EXPR | --filter-name NAME --group DIR] [--threads N] [--quiet]`:
// Personalize's batch inference job on a file (batch/batch_inference.h).
#include <cstdio>

#include "batch/batch_inference.h"
#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/limits.h"
#include "edgerec/runtime.h"
#include "store/dataset_group.h"
#include "store/filters.h"

namespace edgerec::cli {
namespace {

constexpr const char* kName = "batch";

// The job's filter: an expression, or a named filter of a dataset group.
Result<std::optional<std::string>> job_filter(const Args& args, bool& usage_error) {
  usage_error = true;
  if (args.has("filter") && args.has("filter-name")) return invalid_input("give --filter or --filter-name, not both");
  if (args.has("filter-name") != args.has("group")) return invalid_input("--filter-name and --group go together");
  if (auto expression = args.get("filter")) return std::optional<std::string>(*expression);
  usage_error = false;
  if (!args.has("filter-name")) return std::optional<std::string>();
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::open(args.value("group")));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<FilterRecord> filter, find_filter(group, args.value("filter-name")));
  if (!filter) return not_found("filter " + args.value("filter-name") + " does not exist in " + args.value("group"));
  return std::optional<std::string>(filter->expression);
}

// What `batch` and `batch-segment` share: the run and its report.
int run_batch_command(const char* name, const Args& args, BatchRunOptions& options) {
  options.progress = !args.has("quiet");
  auto threads = args.get_int("threads", 0, 0, 1024);
  if (!threads.ok()) return report_failure(name, threads.status(), true);
  options.threads = static_cast<unsigned>(*threads);
  auto runtime = load_runtime(args.value("solution"));
  if (!runtime.ok()) return report_failure(name, runtime.status());
  auto summary = run_batch_inference(**runtime, args.value("input"), args.value("output"), options);
  if (!summary.ok()) return report_failure(name, summary.status());
  std::printf("%s\n", summary->to_json().c_str());
  std::fprintf(stderr, "edgerec %s: wrote %s: %llu lines (%llu answered, %llu with an error) in %.2f s, %.0f lines/s on %u threads\n",
               name, args.value("output").c_str(), static_cast<unsigned long long>(summary->lines),
               static_cast<unsigned long long>(summary->answered), static_cast<unsigned long long>(summary->failed),
               summary->seconds, summary->seconds > 0 ? static_cast<double>(summary->lines) / summary->seconds : 0.0,
               summary->threads);
  return 0;
}

int batch_command(const Args& args) {
  BatchRunOptions options;
  auto num_results = args.get_int("num-results", 25, 1, static_cast<int64_t>(kMaxNumResults));
  if (!num_results.ok()) return report_failure(kName, num_results.status(), true);
  options.settings.num_results = static_cast<uint32_t>(*num_results);
  bool usage_error = false;
  auto filter = job_filter(args, usage_error);
  if (!filter.ok()) return report_failure(kName, filter.status(), usage_error);
  options.settings.filter_expression = *filter;
  if (options.settings.filter_expression) {
    if (Status s = Runtime::check_filter_expression(*options.settings.filter_expression); !s.ok()) {
      return report_failure(kName, s, true);
    }
  }
  return run_batch_command(kName, args, options);
}

int batch_segment_command(const Args& args) {
  BatchRunOptions options;
  options.settings.kind = BatchKind::kSegment;
  auto num_results = args.get_int("num-results", 25, 1, kMaxSegmentUsers);
  if (!num_results.ok()) return report_failure("batch-segment", num_results.status(), true);
  options.settings.num_results = static_cast<uint32_t>(*num_results);
  return run_batch_command("batch-segment", args, options);
}

// --solution, --input, --output, then the command's own flags, then --threads and --quiet.
std::vector<FlagSpec> job_flags(const char* solution_help, const char* output_help, std::vector<FlagSpec> own) {
  std::vector<FlagSpec> flags = {path_flag("solution", "FILE.erec", solution_help).required(),
                                 path_flag("input", "IN.jsonl", "the queries, one JSON object a line").required(),
                                 path_flag("output", "OUT.jsonl", output_help).required()};
  flags.insert(flags.end(), own.begin(), own.end());
  flags.push_back(text_flag("threads", "N", "threads answering lines, 0 = all cores").defaults_to("0"));
  flags.push_back(switch_flag("quiet", "no progress output"));
  return flags;
}

CommandSpec batch_spec() {
  CommandSpec spec;
  spec.name = kName;
  spec.summary = "a batch inference job: JSON Lines of users, items or lists in, recommendations out";
  spec.order = 37;
  spec.usage = {"edgerec batch --solution FILE.erec --input IN.jsonl --output OUT.jsonl [flags]"};
  spec.description =
      "Personalize's batch inference job on a file: each input line {\"userId\"} (user recipes), {\"itemId\"}\n"
      "(related items) or {\"userId\",\"itemList\"} (ranking), with optional \"filterValues\" for the job's\n"
      "filter, gets one output line {\"input\",\"output\":{\"recommendedItems\",\"scores\"},\"error\":null}, in\n"
      "input order. A line that cannot be answered gets its error (\"line 7: ...\") and the job goes on.\n"
      "Streams with bounded memory on --threads threads; OUT appears only when complete. Prints a\n"
      "summary as JSON.";
  spec.flags = job_flags("the solution version to answer from", "where to write the answers (replaced once complete)",
                         {text_flag("num-results", "N", "items per user or item line").defaults_to("25"),
                          text_flag("filter", "EXPR", "a filter expression for every line (values per line: filterValues)"),
                          text_flag("filter-name", "NAME", "a named filter of --group instead"),
                          path_flag("group", "DIR", "the dataset group whose --filter-name to use")});
  spec.examples = {"edgerec batch --solution up.erec --input users.jsonl --output recommendations.jsonl",
                   "edgerec batch --solution up.erec --input users.jsonl --output out.jsonl --num-results 10 "
                   "--filter-name no-purchased --group shop"};
  spec.run = batch_command;
  return spec;
}

CommandSpec batch_segment_spec() {
  CommandSpec spec;
  spec.name = "batch-segment";
  spec.summary = "a batch segment job: the users most likely to interact with items, or items with attributes";
  spec.order = 38;
  spec.usage = {"edgerec batch-segment --solution FILE.erec --input IN.jsonl --output OUT.jsonl [flags]"};
  spec.description =
      "Personalize's batch segment job on a file: each input line {\"itemId\"} (Item-Affinity) or\n"
      "{\"itemAttributes\":\"ITEMS.GENRE = \\\"Comedy\\\" AND ...\"} (Item-Attribute-Affinity) gets one output line\n"
      "{\"input\",\"output\":{\"usersList\":[...]},\"error\":null}: the users of a user-personalization solution\n"
      "with the highest affinity (user vector x the item's, or the mean of the matching items'), in\n"
      "input order. Streams and writes OUT as `edgerec batch` does.";
  spec.flags = job_flags("a user-personalization solution version", "where to write the segments (replaced once complete)",
                         {text_flag("num-results", "N", "users per segment").defaults_to("25")});
  spec.examples = {"edgerec batch-segment --solution up.erec --input items.jsonl --output segments.jsonl --num-results 1000"};
  spec.run = batch_segment_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(batch_spec);
EDGEREC_REGISTER_COMMAND(batch_segment_spec);

}  // namespace edgerec::cli
