// `edgerec encode-batch --json BATCH.json --output FILE.erev [--raw]`: writes an event batch
// from its JSON form (see events/event_json.h), for tests, examples and clients that do not
// link the core. A missing batchId gets a random one. --raw leaves the payload uncompressed, as
// the WebAssembly core writes it.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/event_batch.h"
#include "events/batch_compression.h"
#include "events/event_json.h"
#include "events/event_store.h"
#include "io/file_io.h"

namespace edgerec::cli {

int encode_batch_command(int argc, char** argv) {
  constexpr const char* kName = "encode-batch";
  auto args = Args::parse(argc, argv, 0, {"json", "output"}, {"raw"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (!args->positional().empty()) {
    return report_failure(kName, invalid_input("unexpected argument \"" + args->positional()[0] + "\""), true);
  }
  auto json_path = args->required("json");
  auto output = args->required("output");
  for (const auto* r : {&json_path, &output}) {
    if (!r->ok()) return report_failure(kName, r->status(), true);
  }
  auto bytes = read_file(*json_path);
  if (!bytes.ok()) return report_failure(kName, bytes.status());
  auto batch = event_batch_from_json(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
                                     *json_path);
  if (!batch.ok()) return report_failure(kName, batch.status());
  if (batch->batch_id.empty()) batch->batch_id = generate_event_id();
  EncodeBatchOptions options;
  if (!args->has("raw")) options.compress = zstd_compress_batch;
  auto encoded = encode_event_batch(*batch, options);
  if (!encoded.ok()) return report_failure(kName, encoded.status());
  if (Status s = write_file_atomically(*output, *encoded); !s.ok()) return report_failure(kName, s);
  std::fprintf(stderr, "edgerec encode-batch: wrote %s (%zu bytes, batch %s, %zu events)\n", output->c_str(),
               encoded->size(), batch->batch_id.c_str(), batch->events.size());
  return 0;
}

EDGEREC_REGISTER_COMMAND("encode-batch", encode_batch_command,
                         "write an event batch (.erev) from its JSON form", 74);

}  // namespace edgerec::cli
