// `edgerec ingest-batch DIR FILE...`: applies client upload batches (.erev) to a dataset group.
// Each file is its own all-or-nothing transaction; one JSON line per file on stdout. A batch id
// applied before is acknowledged ("status":"ALREADY_INGESTED") and changes nothing. Exit code 1
// if any file failed (the others are still applied).
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "events/batch_ingest.h"
#include "io/file_io.h"

namespace edgerec::cli {

int ingest_batch_command(int argc, char** argv) {
  constexpr const char* kName = "ingest-batch";
  auto args = Args::parse(argc, argv, 0, {});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (args->positional().size() < 2) {
    return report_failure(kName, invalid_input("expected a dataset group directory and batch files: "
                                               "ingest-batch DIR FILE..."),
                          true);
  }
  auto group = DatasetGroup::open(args->positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  int exit_code = 0;
  for (size_t i = 1; i < args->positional().size(); ++i) {
    const std::string& path = args->positional()[i];
    auto bytes = read_file(path);
    auto result = bytes.ok() ? ingest_event_batch(*group, bytes->data(), bytes->size())
                             : Result<BatchIngestResult>(bytes.status());
    if (!result.ok()) {
      exit_code = report_failure(kName, result.status().with_context(path));
      continue;
    }
    std::printf("%s\n", result->to_json().c_str());
  }
  return exit_code;
}

EDGEREC_REGISTER_COMMAND("ingest-batch", ingest_batch_command,
                         "apply client event batches (.erev) to a dataset group, each batch id once", 72);

}  // namespace edgerec::cli
