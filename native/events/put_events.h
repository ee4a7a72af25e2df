// PutEvents: Amazon Personalize's event-recording call against a local dataset group.
//
// Request (the JSON body of Personalize's POST /events):
//   {"trackingId": "...", "sessionId": "...", "userId": "...",          userId optional
//    "eventList": [{"eventType": "click", "sentAt": 1700000000, "itemId": "i1", ...}]}   1-10 events
// Every event is checked with PutEvents' rules (the core's put_events_request.h, the rules a
// Runtime and a device's EventTracker apply too) and the call is applied in
// one transaction: one bad event and nothing is stored. A wrong trackingId is NotFound, as
// Personalize's ResourceNotFoundException. Events without a userId are anonymous (stored with
// no user) and join the user's history once some event carries both their sessionId and userId.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/event_batch.h"
#include "edgerec/status.h"
#include "edgerec/put_events_request.h"  // PutEventsRequest, parse_ and validate_put_events
#include "store/dataset_group.h"

namespace edgerec {

struct PutEventsResult {
  size_t accepted = 0;      ///< events in the request (all valid, or the call fails)
  size_t stored = 0;        ///< new rows
  size_t deduplicated = 0;  ///< repeats of a stored eventId or of an identical event

  /// {"eventsAccepted":N,"eventsStored":S,"eventsDeduplicated":D}
  std::string to_json() const;
};

/// Validates and stores the events in one transaction.
Result<PutEventsResult> put_events(DatasetGroup& group, const PutEventsRequest& request);

/// parse_put_events_request + put_events.
Result<PutEventsResult> put_events_json(DatasetGroup& group, std::string_view body);

/// The NotFound error for a trackingId that is not `group`'s (shared with batch ingestion).
Status check_tracking_id(DatasetGroup& group, const std::string& tracking_id, std::string_view path);

}  // namespace edgerec
