// `edgerec export-edge FILE.erec --output EDGE.erec`: the solution's edge bundle (item side only;
// see edge/edge_bundle.h) for browsers and edge workers.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edge/edge_bundle.h"
#include "edgerec/solution.h"
#include "io/file_io.h"

namespace edgerec::cli {
namespace {

int export_edge_command(const Args& args) {
  constexpr const char* kName = "export-edge";
  const std::string& output = args.value("output");
  const std::string& input = args.positional()[0];
  auto bytes = read_file(input);
  if (!bytes.ok()) return report_failure(kName, bytes.status());
  auto solution = Solution::load(bytes->data(), bytes->size());
  if (!solution.ok()) return report_failure(kName, solution.status().with_context(input));
  auto bundle = export_edge_bundle(**solution);
  if (!bundle.ok()) return report_failure(kName, bundle.status());
  if (Status s = write_file_atomically(output, *bundle); !s.ok()) return report_failure(kName, s);
  std::fprintf(stderr, "edgerec export-edge: wrote %s (%zu bytes, from %zu; users, user factors and histories removed)\n",
               output.c_str(), bundle->size(), bytes->size());
  return 0;
}

CommandSpec export_edge_spec() {
  CommandSpec spec;
  spec.name = "export-edge";
  spec.summary = "an edge bundle of a solution version: item side only, for browsers and edge workers";
  spec.order = 47;
  spec.usage = {"edgerec export-edge FILE.erec --output EDGE.erec"};
  spec.description =
      "Writes the solution version's edge bundle: the item side only (catalog, item factors, neighbours,\n"
      "sequence model, popularity), without any user's id, vector or history. The runtime serves it\n"
      "from the session's own events (PutEvents).";
  spec.positionals = {{"FILE.erec", "the solution version", true, false}};
  spec.flags = {path_flag("output", "EDGE.erec", "where to write the edge bundle").required()};
  spec.examples = {"edgerec export-edge up.erec --output up-edge.erec"};
  spec.run = export_edge_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(export_edge_spec);

}  // namespace edgerec::cli
