// Boundary: a client upload batch (.erev) as POST /events/batch and ingest-batch receive it.
// Decoding must reject what is damaged with an error; what decodes must encode again.
#include <cstddef>
#include <cstdint>

#include "edgerec/event_batch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto batch = edgerec::decode_event_batch(data, size);
  if (batch.ok()) (void)edgerec::encode_event_batch(*batch);
  return 0;
}
