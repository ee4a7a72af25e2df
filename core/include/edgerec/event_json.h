// Events in JSON: the PutEvents request's Event objects, read with errors that name the path of
// the offending member ("eventList[2].sentAt: expected a number (epoch seconds), got string"),
// and written back in the same shape.
//
// Reading checks JSON types only; the field rules (lengths, limits, properties) are
// event_validation.h's, applied to events from every source.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "edgerec/event_batch.h"
#include "edgerec/json.h"
#include "edgerec/status.h"

namespace edgerec {

/// Reads one PutEvents Event object at `path`. With `allow_identity` the event may carry its own
/// "userId" and "sessionId" (batches); PutEvents events may not, as in Personalize.
/// Unknown members are errors, so a misspelt "itemID" is not silently dropped.
Result<Event> event_from_json(const JsonValue& value, const std::string& path, bool allow_identity);

/// Writes `event` as a PutEvents Event object (members in Personalize's order, absent ones left
/// out, metricAttribution nested).
void write_event_json(JsonWriter& writer, const Event& event);

/// The event's size as compact PutEvents JSON: what the 10 KB per-event limit measures, the
/// same for events that arrived as JSON and events that arrived in a batch.
size_t event_json_size(const Event& event);

/// Reads the JSON form of an event batch (what `edgerec encode-batch` takes):
///   {"batchId": "...", "trackingId": "...", "sessionId": "...", "userId": "...",
///    "createdAt": 1700000000, "events": [ <PutEvents Event, plus optional userId/sessionId> ]}
/// Only "events" is required here; a missing batchId is left empty for the caller to generate.
Result<EventBatch> event_batch_from_json(std::string_view text, std::string_view what);

/// Helpers shared by the request readers: a JSON member's value as the expected type, or an
/// error "<path>: expected <type>, got <actual type>". Null counts as absent.
Result<std::optional<std::string>> json_optional_string(const JsonValue* value, const std::string& path);
Result<std::optional<double>> json_optional_number(const JsonValue* value, const std::string& path,
                                                   std::string_view expected = "a number");
/// Errors for members of `object` (at `path`) that are not in `allowed`, listing the valid ones.
Status json_check_members(const JsonValue& object, const std::string& path,
                          std::initializer_list<std::string_view> allowed);

}  // namespace edgerec
