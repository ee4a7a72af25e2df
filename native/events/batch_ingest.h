// Ingestion of client upload batches (.erev, core/include/edgerec/event_batch.h) into a dataset
// group: the server side of the EventBuffer's "removed only after the server acknowledges".
//
// - Every event passes PutEvents' rules (event_validation.h, the same code as put_events); one
//   invalid event rejects the whole batch, which is then NOT recorded as ingested, so the client
//   can fix it and send it again.
// - A batch is applied in one transaction together with its row in ingested_batches, so a batch
//   id is applied once: ingesting it again succeeds with already_ingested set and changes
//   nothing. A crash mid-ingest leaves neither events nor the record.
// - Events within the batch are deduplicated as PutEvents' are (event_store.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/event_batch.h"
#include "edgerec/status.h"
#include "edgerec/event_validation.h"
#include "store/dataset_group.h"

namespace edgerec {

struct BatchIngestResult {
  std::string batch_id;
  bool already_ingested = false;  ///< applied before; nothing changed this time
  size_t events = 0;              ///< events in the batch
  size_t stored = 0;
  size_t deduplicated = 0;

  /// {"batchId":..,"status":"INGESTED"|"ALREADY_INGESTED","events":N,"eventsStored":S,"eventsDeduplicated":D}
  std::string to_json() const;
};

/// Decodes, validates and applies one batch.
Result<BatchIngestResult> ingest_event_batch(DatasetGroup& group, const uint8_t* data, size_t size);

/// The batch-level and per-event checks, without storing: batchId (1-256 printable ASCII),
/// trackingId (required; another group's is NotFound), 1 to kMaxBatchEvents events, each one
/// valid. Errors read "events[3].itemId: ...".
Result<std::vector<ValidatedEvent>> validate_event_batch(DatasetGroup& group, const EventBatch& batch);

}  // namespace edgerec
