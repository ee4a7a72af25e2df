// The event buffer's C ABI (edgerec.h, "Event buffer"): JSON options and requests in, JSON and
// .erev bytes out, errors as codes plus the thread's message.
#include <cmath>
#include <memory>
#include <string>

#include "edgerec/edgerec.h"
#include "edgerec/event_buffer.h"
#include "edgerec/event_json.h"
#include "edgerec/json.h"
#include "serve/c_api_support.h"

struct edgerec_event_buffer {
  explicit edgerec_event_buffer(edgerec::EventBuffer b) : buffer(std::move(b)) {}
  edgerec::EventBuffer buffer;
};

namespace {

using edgerec::Result;
using edgerec::Status;
using edgerec::c_api::fail;
using edgerec::c_api::fail_invalid;

constexpr size_t kDefaultBatchEvents = 500;
constexpr size_t kDefaultBatchBytes = 256 * 1024;

std::string_view text(const char* data, size_t size) { return {data == nullptr ? "" : data, size}; }

// A whole number from 1 up, as the counts and sizes here are.
Result<std::optional<size_t>> count_member(const edgerec::JsonValue& object, const char* name) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<double> v, edgerec::json_optional_number(object.find(name), name));
  if (!v) return std::optional<size_t>();
  if (!(*v >= 1) || *v != std::floor(*v) || *v > 1e15) {
    return edgerec::invalid_input(std::string(name) + ": must be a whole number of at least 1");
  }
  return std::optional<size_t>(static_cast<size_t>(*v));
}

// An options object, or the defaults for an empty text.
Result<edgerec::EventBufferLimits> limits_from_json(std::string_view json) {
  edgerec::EventBufferLimits limits;
  if (json.empty()) return limits;
  EDGEREC_ASSIGN_OR_RETURN(const edgerec::JsonValue root, edgerec::parse_json(json, "event buffer options"));
  if (!root.is_object()) return edgerec::invalid_input("event buffer options must be a JSON object");
  EDGEREC_RETURN_IF_ERROR(
      edgerec::json_check_members(root, "event buffer options", {"maxBufferedEvents", "maxBufferedBytes"}));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<size_t> events, count_member(root, "maxBufferedEvents"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<size_t> bytes, count_member(root, "maxBufferedBytes"));
  if (events) limits.max_events = *events;
  if (bytes) limits.max_bytes = *bytes;
  return limits;
}

edgerec_status created(Result<edgerec::EventBuffer> made, edgerec_event_buffer** out) {
  if (!made.ok()) return fail(made.status());
  *out = new edgerec_event_buffer(std::move(made).value());
  return EDGEREC_OK;
}

Result<std::vector<uint8_t>> seal(edgerec::EventBuffer& buffer, std::string_view json) {
  EDGEREC_ASSIGN_OR_RETURN(const edgerec::JsonValue root, edgerec::parse_json(json, "seal request"));
  if (!root.is_object()) return edgerec::invalid_input("seal request must be a JSON object");
  EDGEREC_RETURN_IF_ERROR(edgerec::json_check_members(root, "seal request",
                                                      {"batchId", "trackingId", "createdAt", "maxEvents", "maxBytes"}));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> batch_id,
                           edgerec::json_optional_string(root.find("batchId"), "batchId"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> tracking_id,
                           edgerec::json_optional_string(root.find("trackingId"), "trackingId"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<double> created_at,
                           edgerec::json_optional_number(root.find("createdAt"), "createdAt"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<size_t> max_events, count_member(root, "maxEvents"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<size_t> max_bytes, count_member(root, "maxBytes"));
  if (!batch_id) return edgerec::invalid_input("batchId: required");
  if (!tracking_id) return edgerec::invalid_input("trackingId: required");
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<edgerec::SealedBatch> sealed,
                           buffer.seal_batch(*batch_id, *tracking_id, created_at.value_or(0),
                                             max_events.value_or(kDefaultBatchEvents),
                                             max_bytes.value_or(kDefaultBatchBytes)));
  if (!sealed) return std::vector<uint8_t>();
  return sealed->bytes;
}

std::string stats_json(const edgerec::EventBuffer& buffer) {
  const edgerec::EventBufferStats s = buffer.stats();
  edgerec::JsonWriter w;
  w.begin_object();
  const auto count = [&](const char* name, uint64_t v) {
    w.key(name);
    w.integer(static_cast<int64_t>(v));
  };
  count("pendingEvents", s.pending_events);
  count("inFlightEvents", s.in_flight_events);
  count("setAsideEvents", s.set_aside_events);
  count("bufferedBytes", s.buffered_bytes);
  count("accepted", s.accepted);
  count("acknowledged", s.acknowledged);
  count("dropped", s.dropped);
  const auto batch = [&](const std::string& id, size_t events, const std::string* reason) {
    w.begin_object();
    w.key("batchId");
    w.string(id);
    count("events", events);
    if (reason != nullptr) {
      w.key("reason");
      w.string(*reason);
    }
    w.end_object();
  };
  w.key("inFlight");
  w.begin_array();
  for (const edgerec::InFlightBatch& b : buffer.in_flight()) batch(b.batch_id, b.events, nullptr);
  w.end_array();
  w.key("setAside");
  w.begin_array();
  for (const edgerec::SetAsideBatch& b : buffer.set_aside_batches()) batch(b.batch_id, b.events, &b.reason);
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace

extern "C" {

edgerec_status edgerec_event_buffer_create(const char* options_json, size_t options_len,
                                           edgerec_event_buffer** out_buffer) {
  if (out_buffer == nullptr) return fail_invalid("edgerec_event_buffer_create: out_buffer is NULL");
  if (options_json == nullptr && options_len != 0) return fail_invalid("edgerec_event_buffer_create: options_json is NULL");
  Result<edgerec::EventBufferLimits> limits = limits_from_json(text(options_json, options_len));
  if (!limits.ok()) return fail(limits.status());
  return created(edgerec::EventBuffer::create(*limits), out_buffer);
}

edgerec_status edgerec_event_buffer_restore(const uint8_t* snapshot, size_t snapshot_size, const char* options_json,
                                            size_t options_len, edgerec_event_buffer** out_buffer) {
  if (out_buffer == nullptr) return fail_invalid("edgerec_event_buffer_restore: out_buffer is NULL");
  if (snapshot == nullptr) return fail_invalid("edgerec_event_buffer_restore: snapshot is NULL");
  if (options_json == nullptr && options_len != 0) return fail_invalid("edgerec_event_buffer_restore: options_json is NULL");
  Result<edgerec::EventBufferLimits> limits = limits_from_json(text(options_json, options_len));
  if (!limits.ok()) return fail(limits.status());
  return created(edgerec::EventBuffer::restore(snapshot, snapshot_size, *limits), out_buffer);
}

void edgerec_event_buffer_free(edgerec_event_buffer* buffer) { delete buffer; }

edgerec_status edgerec_event_buffer_put_events(edgerec_event_buffer* buffer, const char* request_json,
                                               size_t request_len, char** out_json, size_t* out_len) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_put_events: buffer is NULL");
  if (request_json == nullptr && request_len != 0) return fail_invalid("edgerec_event_buffer_put_events: request_json is NULL");
  if (out_json == nullptr) return fail_invalid("edgerec_event_buffer_put_events: out_json is NULL");
  Result<size_t> taken = buffer->buffer.put_events_json(text(request_json, request_len));
  if (!taken.ok()) return fail(taken.status());
  return edgerec::c_api::hand_over("{\"eventsAccepted\":" + std::to_string(*taken) + "}", out_json, out_len);
}

edgerec_status edgerec_event_buffer_seal(edgerec_event_buffer* buffer, const char* request_json, size_t request_len,
                                         uint8_t** out_bytes, size_t* out_size) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_seal: buffer is NULL");
  if (request_json == nullptr && request_len != 0) return fail_invalid("edgerec_event_buffer_seal: request_json is NULL");
  if (out_bytes == nullptr) return fail_invalid("edgerec_event_buffer_seal: out_bytes is NULL");
  Result<std::vector<uint8_t>> bytes = seal(buffer->buffer, text(request_json, request_len));
  if (!bytes.ok()) return fail(bytes.status());
  return edgerec::c_api::hand_over_bytes(*bytes, out_bytes, out_size);
}

edgerec_status edgerec_event_buffer_batch(edgerec_event_buffer* buffer, const char* batch_id, size_t batch_id_len,
                                          uint8_t** out_bytes, size_t* out_size) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_batch: buffer is NULL");
  if (batch_id == nullptr && batch_id_len != 0) return fail_invalid("edgerec_event_buffer_batch: batch_id is NULL");
  if (out_bytes == nullptr) return fail_invalid("edgerec_event_buffer_batch: out_bytes is NULL");
  const std::string_view id = text(batch_id, batch_id_len);
  const std::vector<uint8_t>* bytes = buffer->buffer.batch_bytes(id);
  if (bytes == nullptr) return fail(edgerec::not_found("batchId " + std::string(id) + ": no batch in flight with this id"));
  return edgerec::c_api::hand_over_bytes(*bytes, out_bytes, out_size);
}

edgerec_status edgerec_event_buffer_acknowledge(edgerec_event_buffer* buffer, const char* batch_id, size_t batch_id_len) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_acknowledge: buffer is NULL");
  if (batch_id == nullptr && batch_id_len != 0) return fail_invalid("edgerec_event_buffer_acknowledge: batch_id is NULL");
  const Status s = buffer->buffer.acknowledge(text(batch_id, batch_id_len));
  return s.ok() ? EDGEREC_OK : fail(s);
}

edgerec_status edgerec_event_buffer_set_aside(edgerec_event_buffer* buffer, const char* batch_id, size_t batch_id_len,
                                              const char* reason, size_t reason_len) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_set_aside: buffer is NULL");
  if ((batch_id == nullptr && batch_id_len != 0) || (reason == nullptr && reason_len != 0)) {
    return fail_invalid("edgerec_event_buffer_set_aside: batch_id or reason is NULL");
  }
  const Status s = buffer->buffer.set_aside(text(batch_id, batch_id_len), std::string(text(reason, reason_len)));
  return s.ok() ? EDGEREC_OK : fail(s);
}

edgerec_status edgerec_event_buffer_clear_set_aside(edgerec_event_buffer* buffer, size_t* out_events) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_clear_set_aside: buffer is NULL");
  const size_t events = buffer->buffer.clear_set_aside();
  if (out_events != nullptr) *out_events = events;
  return EDGEREC_OK;
}

edgerec_status edgerec_event_buffer_stats(const edgerec_event_buffer* buffer, char** out_json, size_t* out_len) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_stats: buffer is NULL");
  if (out_json == nullptr) return fail_invalid("edgerec_event_buffer_stats: out_json is NULL");
  return edgerec::c_api::hand_over(stats_json(buffer->buffer), out_json, out_len);
}

edgerec_status edgerec_event_buffer_snapshot(const edgerec_event_buffer* buffer, uint8_t** out_bytes, size_t* out_size) {
  if (buffer == nullptr) return fail_invalid("edgerec_event_buffer_snapshot: buffer is NULL");
  if (out_bytes == nullptr) return fail_invalid("edgerec_event_buffer_snapshot: out_bytes is NULL");
  Result<std::vector<uint8_t>> snapshot = buffer->buffer.snapshot();
  if (!snapshot.ok()) return fail(snapshot.status());
  return edgerec::c_api::hand_over_bytes(*snapshot, out_bytes, out_size);
}

}  // extern "C"
