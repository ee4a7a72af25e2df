// Amazon Personalize's PutEvents rules, applied to every event edgerec stores: events from
// `put-events` and events from client upload batches go through this one validator, so a batch
// can never smuggle in what PutEvents would refuse.
//
// Errors name the event and the field the way the request spells it, e.g.
//   eventList[3].itemId: must be 1 to 256 characters, got 300
// The caller gives the path prefix ("eventList[3]" for PutEvents, "events[3]" for batches).
// Lengths count Unicode code points, as Personalize counts characters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edgerec/event_batch.h"
#include "edgerec/limits.h"  // kMaxIdLength and PutEvents' limits
#include "edgerec/status.h"

namespace edgerec {


/// An event that passed every rule, in the form it is stored (interactions_put).
struct ValidatedEvent {
  std::optional<std::string> user_id;  ///< absent: an anonymous event (sessionId only)
  std::string session_id;
  std::optional<std::string> event_id;  ///< absent: the store generates a unique one
  std::string event_type;
  int64_t timestamp = 0;  ///< sentAt, whole epoch seconds (fractions dropped)
  std::optional<std::string> item_id;
  std::optional<double> event_value;
  /// The properties as a canonical JSON object: keys turned into the Interactions columns they
  /// name (numRatings -> NUM_RATINGS, as Personalize maps them) and sorted, plus
  /// EVENT_ATTRIBUTION_SOURCE from metricAttribution. Canonical, so identical events compare equal.
  std::optional<std::string> properties;
  std::optional<std::string> recommendation_id;
  std::optional<std::string> impression;  ///< item ids joined with '|', as in Interactions CSVs
};

/// Checks an id-like string field (userId, sessionId, trackingId, ...): present if `required`,
/// valid UTF-8 without NUL, 1 to `max_length` characters. `path` names it in errors.
Status validate_text_field(const std::optional<std::string>& value, std::string_view path, size_t max_length,
                           bool required);

/// Validates one event. `path` prefixes errors ("eventList[3]"). The event's own user_id /
/// session_id (batches only) override `default_user_id` / `default_session_id`, which the
/// caller has already validated; the resulting sessionId is required.
Result<ValidatedEvent> validate_event(const Event& event, const std::string& path,
                                      const std::optional<std::string>& default_user_id,
                                      const std::optional<std::string>& default_session_id);

/// An event batch's id (the server applies each once): 1 to kMaxBatchIdLength bytes of printable
/// ASCII without spaces, so it can travel in headers and logs as it is.
Status validate_batch_id(std::string_view id);

/// "numRatings" -> "NUM_RATINGS": the Interactions column a camelCase property key names.
std::string property_column_name(std::string_view camel_case_key);

}  // namespace edgerec
