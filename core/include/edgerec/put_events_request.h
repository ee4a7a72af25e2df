// Personalize's PutEvents request, read and checked by the one set of rules every edgerec
// component applies: the server before it stores events, a Runtime before its live sessions take
// them, and the EventTracker on a device before it buffers them. A device therefore never accepts
// an event the server would refuse.
//
// Request (the JSON body of Personalize's POST /events):
//   {"trackingId": "...", "sessionId": "...", "userId": "...",          userId optional
//    "eventList": [{"eventType": "click", "sentAt": 1700000000, "itemId": "i1", ...}]}   1-10 events
// Type errors and rule violations name the member ("eventList[1].sentAt: ...").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/event_batch.h"
#include "edgerec/event_validation.h"  // ValidatedEvent
#include "edgerec/status.h"

namespace edgerec {

struct PutEventsRequest {
  std::optional<std::string> tracking_id;
  std::optional<std::string> session_id;
  std::optional<std::string> user_id;
  std::optional<std::vector<Event>> event_list;
};

/// Reads the JSON request body, checking JSON types only.
Result<PutEventsRequest> parse_put_events_request(std::string_view body);

/// Whether the request must name its event tracker: a server needs it to find the dataset group;
/// a Runtime serves one campaign and accepts the field without needing it.
enum class TrackingIdRule { kRequired, kOptional };

/// Every rule of PutEvents that needs no store (Personalize's field rules and limits), giving the
/// events in the form they are stored (event_validation.h).
Result<std::vector<ValidatedEvent>> validate_put_events(const PutEventsRequest& request,
                                                        TrackingIdRule tracking_id = TrackingIdRule::kRequired);

}  // namespace edgerec
