// `edgerec metrics FILE.erec`: a solution version's metrics as Personalize's GetSolutionMetrics
// returns them: {"solutionVersionId": ..., "metrics": {name: value}}.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "io/json_value_writer.h"

namespace edgerec::cli {
namespace {

int metrics_command(const Args& args) {
  constexpr const char* kName = "metrics";
  std::string path;
  bool usage_error = false;
  auto runtime = load_runtime_argument(args, path, usage_error);
  if (!runtime.ok()) return report_failure(kName, runtime.status(), usage_error);
  // The description is the loader's verified view of the metadata; metrics are copied from it.
  auto described = parse_json((*runtime)->describe_json(), path);
  if (!described.ok()) return report_failure(kName, described.status());
  JsonWriter w;
  w.begin_object();
  w.key("solutionVersionId");
  const JsonValue* id = described->find("solutionVersionId");
  w.string(id != nullptr && id->is_string() ? id->as_string() : "");
  w.key("recipe");
  const JsonValue* recipe = described->find("recipe");
  w.string(recipe != nullptr && recipe->is_string() ? recipe->as_string() : "");
  w.key("metrics");
  w.begin_object();
  if (const JsonValue* metrics = described->find("metrics"); metrics != nullptr && metrics->is_object()) {
    for (const auto& [name, value] : metrics->members()) {
      w.key(name);
      write_json_value(w, value);  // as described: null stays null (a NaN metric), never 0
    }
  }
  w.end_object();
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

CommandSpec metrics_spec() {
  CommandSpec spec;
  spec.name = "metrics";
  spec.summary = "a solution version's metrics (Personalize's GetSolutionMetrics) as JSON";
  spec.order = 45;
  spec.description =
      "Prints the solution version's offline metrics as Personalize's GetSolutionMetrics returns them:\n"
      "{\"solutionVersionId\", \"recipe\", \"metrics\": {name: value}}; null where a metric has no value\n"
      "(as describe-solution shows it).";
  take_solution_argument(spec);
  spec.examples = {"edgerec metrics up.erec"};
  spec.run = metrics_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(metrics_spec);

}  // namespace edgerec::cli
