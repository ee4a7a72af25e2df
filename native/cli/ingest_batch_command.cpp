// `edgerec ingest-batch DIR FILE...`: applies client upload batches (.erev) to a dataset group.
// Each file is its own all-or-nothing transaction; one JSON line per file on stdout. A batch id
// applied before is acknowledged ("status":"ALREADY_INGESTED") and changes nothing. Exit code 1
// if any file failed (the others are still applied).
#include <cstdio>
#include <filesystem>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "events/batch_ingest.h"
#include "io/file_io.h"

namespace edgerec::cli {
namespace {

// A valid batch is at most its header plus a 16 MiB FlatBuffer (a zstd frame of incompressible
// content is barely larger), so a bigger file is refused before it is read into memory.
constexpr uint64_t kMaxBatchFileBytes = kMaxBatchContentBytes + (uint64_t{1} << 20);

Result<std::vector<uint8_t>> read_batch_file(const std::string& path) {
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxBatchFileBytes) {
    return resource_exhausted(path + ": the file is " + std::to_string(size) + " bytes, larger than any event batch (at most " +
                              std::to_string(kMaxBatchFileBytes) + ")");
  }
  return read_file(path);  // which reports a missing or unreadable file
}

int ingest_batch_command(const Args& args) {
  constexpr const char* kName = "ingest-batch";
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  int exit_code = 0;
  for (size_t i = 1; i < args.positional().size(); ++i) {
    const std::string& path = args.positional()[i];
    auto bytes = read_batch_file(path);
    if (!bytes.ok()) {
      exit_code = report_failure(kName, bytes.status());  // read errors already name the file
      continue;
    }
    auto result = ingest_event_batch(*group, bytes->data(), bytes->size());
    if (!result.ok()) {
      exit_code = report_failure(kName, result.status().with_context(path));
      continue;
    }
    std::printf("%s\n", result->to_json().c_str());
  }
  return exit_code;
}

CommandSpec ingest_batch_spec() {
  CommandSpec spec;
  spec.name = "ingest-batch";
  spec.summary = "apply client event batches (.erev) to a dataset group, each batch id once";
  spec.order = 72;
  spec.usage = {"edgerec ingest-batch DIR FILE.erev..."};
  spec.description =
      "Applies client upload batches (.erev, from the runtime's event batches or `encode-batch`) to the\n"
      "group. Each file is its own all-or-nothing transaction; prints one JSON line per file. A batch\n"
      "id applied before is acknowledged (\"status\":\"ALREADY_INGESTED\") and changes nothing. Exit\n"
      "code 1 if any file failed (the others are still applied).";
  spec.positionals = {dataset_group_argument(), {"FILE.erev", "the event batches, applied in order", true, true}};
  spec.examples = {"edgerec ingest-batch shop uploads/*.erev"};
  spec.run = ingest_batch_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(ingest_batch_spec);

}  // namespace edgerec::cli
