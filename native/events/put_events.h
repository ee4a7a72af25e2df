// PutEvents: Amazon Personalize's event-recording call against a local dataset group.
//
// Request (the JSON body of Personalize's POST /events):
//   {"trackingId": "...", "sessionId": "...", "userId": "...",          userId optional
//    "eventList": [{"eventType": "click", "sentAt": 1700000000, "itemId": "i1", ...}]}   1-10 events
// Every event is checked with PutEvents' rules (event_validation.h) and the call is applied in
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
#include "events/event_validation.h"  // ValidatedEvent
#include "store/dataset_group.h"

namespace edgerec {

struct PutEventsRequest {
  std::optional<std::string> tracking_id;
  std::optional<std::string> session_id;
  std::optional<std::string> user_id;
  std::optional<std::vector<Event>> event_list;
};

struct PutEventsResult {
  size_t accepted = 0;      ///< events in the request (all valid, or the call fails)
  size_t stored = 0;        ///< new rows
  size_t deduplicated = 0;  ///< repeats of a stored eventId or of an identical event

  /// {"eventsAccepted":N,"eventsStored":S,"eventsDeduplicated":D}
  std::string to_json() const;
};

/// Reads the JSON request body. Type errors name the member ("eventList[1].sentAt: ...").
Result<PutEventsRequest> parse_put_events_request(std::string_view body);

/// Validates and stores the events in one transaction.
Result<PutEventsResult> put_events(DatasetGroup& group, const PutEventsRequest& request);

/// Every check of put_events that needs no store (Personalize's rules and limits; trackingId
/// present), giving the events to store (event_store.h): what a server validates before it
/// queues the events for its group's writer.
Result<std::vector<ValidatedEvent>> validate_put_events(const PutEventsRequest& request);

/// parse_put_events_request + put_events.
Result<PutEventsResult> put_events_json(DatasetGroup& group, std::string_view body);

/// The NotFound error for a trackingId that is not `group`'s (shared with batch ingestion).
Status check_tracking_id(DatasetGroup& group, const std::string& tracking_id, std::string_view path);

}  // namespace edgerec
