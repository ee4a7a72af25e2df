// `edgerec encode-batch --json BATCH.json --output FILE.erev [--raw]`: writes an event batch
// from its JSON form (see edgerec/event_json.h), for tests, examples and clients that do not
// link the core. A missing batchId gets a random one. --raw leaves the payload uncompressed, as
// the WebAssembly core writes it.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/event_batch.h"
#include "events/batch_compression.h"
#include "edgerec/event_json.h"
#include "events/event_store.h"
#include "io/file_io.h"

namespace edgerec::cli {
namespace {

int encode_batch_command(const Args& args) {
  constexpr const char* kName = "encode-batch";
  const std::string& json_path = args.value("json");
  const std::string& output = args.value("output");
  auto bytes = read_file(json_path);
  if (!bytes.ok()) return report_failure(kName, bytes.status());
  auto batch = event_batch_from_json(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
                                     json_path);
  if (!batch.ok()) return report_failure(kName, batch.status());
  if (batch->batch_id.empty()) batch->batch_id = generate_event_id();
  EncodeBatchOptions options;
  if (!args.has("raw")) options.compress = zstd_compress_batch;
  auto encoded = encode_event_batch(*batch, options);
  if (!encoded.ok()) return report_failure(kName, encoded.status());
  if (Status s = write_file_atomically(output, *encoded); !s.ok()) return report_failure(kName, s);
  std::fprintf(stderr, "edgerec encode-batch: wrote %s (%zu bytes, batch %s, %zu events)\n", output.c_str(),
               encoded->size(), batch->batch_id.c_str(), batch->events.size());
  return 0;
}

CommandSpec encode_batch_spec() {
  CommandSpec spec;
  spec.name = "encode-batch";
  spec.summary = "write an event batch (.erev) from its JSON form";
  spec.order = 74;
  spec.usage = {"edgerec encode-batch --json BATCH.json --output FILE.erev [--raw]"};
  spec.description =
      "Writes a client upload batch (.erev, what `ingest-batch` applies) from its JSON form, for tests,\n"
      "examples and clients that do not link the core. A batch without a batchId gets a random one.";
  spec.flags = {path_flag("json", "BATCH.json", "the batch as JSON: {\"batchId\"?, \"trackingId\", \"sessionId\", \"userId\"?, \"events\": [...]}").required(),
                path_flag("output", "FILE.erev", "where to write the batch").required(),
                switch_flag("raw", "leave the payload uncompressed, as the WebAssembly core writes it")};
  spec.examples = {"edgerec encode-batch --json batch.json --output batch.erev"};
  spec.run = encode_batch_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(encode_batch_spec);

}  // namespace edgerec::cli
