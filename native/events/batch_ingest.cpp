// Batch ingestion: decode, validate with PutEvents' rules, apply once per batch id.
#include "events/batch_ingest.h"

#include "edgerec/json.h"
#include "events/event_store.h"
#include "events/put_events.h"

namespace edgerec {

std::string BatchIngestResult::to_json() const {
  JsonWriter w;
  w.begin_object();
  w.key("batchId");
  w.string(batch_id);
  w.key("status");
  w.string(already_ingested ? "ALREADY_INGESTED" : "INGESTED");
  w.key("events");
  w.integer(static_cast<int64_t>(events));
  write_store_counts(w, {stored, deduplicated});
  w.end_object();
  return w.take();
}

Result<std::vector<ValidatedEvent>> validate_event_batch(DatasetGroup& group, const EventBatch& batch) {
  EDGEREC_RETURN_IF_ERROR(validate_batch_id(batch.batch_id));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(batch.tracking_id, "trackingId", kMaxIdLength, true));
  EDGEREC_RETURN_IF_ERROR(check_tracking_id(group, *batch.tracking_id, "trackingId"));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(batch.session_id, "sessionId", kMaxIdLength, false));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(batch.user_id, "userId", kMaxIdLength, false));
  if (batch.events.empty() || batch.events.size() > kMaxBatchEvents) {
    return invalid_input("events: must hold 1 to " + std::to_string(kMaxBatchEvents) + " events, got " +
                         std::to_string(batch.events.size()));
  }
  std::vector<ValidatedEvent> events;
  events.reserve(batch.events.size());
  for (size_t i = 0; i < batch.events.size(); ++i) {
    EDGEREC_ASSIGN_OR_RETURN(ValidatedEvent e, validate_event(batch.events[i], "events[" + std::to_string(i) + "]",
                                                              batch.user_id, batch.session_id));
    events.push_back(std::move(e));
  }
  return events;
}

Result<BatchIngestResult> ingest_event_batch(DatasetGroup& group, const uint8_t* data, size_t size) {
  EDGEREC_ASSIGN_OR_RETURN(const EventBatch batch, decode_event_batch(data, size));
  EDGEREC_RETURN_IF_ERROR(validate_batch_id(batch.batch_id));
  const std::string context = "batch \"" + batch.batch_id + "\"";
  // Another group's batch is refused before its id is looked up here.
  if (Status s = validate_text_field(batch.tracking_id, "trackingId", kMaxIdLength, true); !s.ok()) {
    return s.with_context(context);
  }
  if (Status s = check_tracking_id(group, *batch.tracking_id, "trackingId"); !s.ok()) return s.with_context(context);
  BatchIngestResult result;
  result.batch_id = batch.batch_id;
  result.events = batch.events.size();

  sql::Transaction txn(group.db());
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  // Checked first, inside the transaction: a resend of an applied batch is acknowledged even if
  // a later edgerec has tightened a rule, so a client is never stuck retrying it.
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement seen, group.db().prepare("SELECT 1 FROM ingested_batches WHERE batch_id = ?"));
  seen.bind_text(1, batch.batch_id);
  EDGEREC_ASSIGN_OR_RETURN(const bool already, seen.step());
  seen.reset();
  if (already) {
    result.already_ingested = true;
    return result;  // the transaction rolls back: nothing was written
  }
  auto events = validate_event_batch(group, batch);
  if (!events.ok()) return events.status().with_context(context);
  EDGEREC_ASSIGN_OR_RETURN(const StoreCounts counts, store_events(group.db(), *events, batch.batch_id));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement record, group.db().prepare(
                                                      "INSERT INTO ingested_batches(batch_id, events, ingested_at) "
                                                      "VALUES (?, ?, ?)"));
  record.bind_text(1, batch.batch_id);
  record.bind_int(2, static_cast<int64_t>(batch.events.size()));
  record.bind_int(3, unix_now());
  EDGEREC_RETURN_IF_ERROR(record.run());
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  result.stored = counts.stored;
  result.deduplicated = counts.deduplicated;
  return result;
}

}  // namespace edgerec
