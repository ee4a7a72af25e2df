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

int export_edge_command(int argc, char** argv) {
  constexpr const char* kName = "export-edge";
  auto args = Args::parse(argc, argv, 0, {"output"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (args->positional().size() != 1) {
    return report_failure(kName, invalid_input("expected one solution file: edgerec export-edge FILE.erec --output EDGE.erec"), true);
  }
  auto output = args->required("output");
  if (!output.ok()) return report_failure(kName, output.status(), true);
  const std::string& input = args->positional()[0];
  auto bytes = read_file(input);
  if (!bytes.ok()) return report_failure(kName, bytes.status());
  auto solution = Solution::load(bytes->data(), bytes->size());
  if (!solution.ok()) return report_failure(kName, solution.status().with_context(input));
  auto bundle = export_edge_bundle(**solution);
  if (!bundle.ok()) return report_failure(kName, bundle.status());
  if (Status s = write_file_atomically(*output, *bundle); !s.ok()) return report_failure(kName, s);
  std::fprintf(stderr, "edgerec export-edge: wrote %s (%zu bytes, from %zu; users, user factors and histories removed)\n",
               output->c_str(), bundle->size(), bytes->size());
  return 0;
}

}  // namespace

EDGEREC_REGISTER_COMMAND("export-edge", export_edge_command,
                         "an edge bundle of a solution version: item side only, for browsers and edge workers", 47);

}  // namespace edgerec::cli
