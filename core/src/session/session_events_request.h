// Personalize's PutEvents request body, as a Runtime's live sessions take it:
//
//   {"trackingId"?: string (accepted, ignored: a Runtime is one event tracker),
//    "sessionId": 1-256 chars, "userId"?: 1-256 chars,
//    "eventList": 1-10 × {"eventType": 1-256 chars, "sentAt": epoch seconds (number),
//                          "itemId"?: 1-256, "eventValue"?: number, "eventId"?: 1-256,
//                          "properties"?: JSON string 1-1024, "impression"?: 1-25 ids of 1-256,
//                          "recommendationId"?: 1-40, "metricAttribution"?: {"eventAttributionSource": 1-1024}}}
//
// Unknown fields and bad values are InvalidInput naming the field's path, e.g.
// "eventList[3].itemId: must be 1 to 256 characters, got 0".
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

inline constexpr size_t kMaxEventsPerPutEvents = 10;

struct SessionPutEvent {
  std::string event_type;
  double sent_at = 0.0;                ///< epoch seconds
  std::optional<std::string> item_id;
  float event_value = std::nanf("");  ///< NaN: none
};

struct SessionEventsRequest {
  std::string session_id;
  std::optional<std::string> user_id;
  std::vector<SessionPutEvent> events;  ///< 1 to 10, in request order
  /// Whose session the events extend: the userId if given, else the sessionId (Personalize:
  /// pass the sessionId as userId to get recommendations for an anonymous session).
  const std::string& session_key() const { return user_id ? *user_id : session_id; }
};

Result<SessionEventsRequest> parse_session_events_request(std::string_view json);

}  // namespace edgerec
