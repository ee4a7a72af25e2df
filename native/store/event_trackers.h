// Event trackers (Personalize's CreateEventTracker): the trackingIds PutEvents and client event
// batches must name, recorded in the group's store (the event_trackers table). Each tracker also
// has a publishable client key for browsers, which cannot hold a secret: `edgerec serve` accepts
// it on the two calls a page makes (uploading event batches, fetching edge bundles) and only from
// the tracker's allowed origins. The group's first tracker, "default", is made with the group.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/status.h"
#include "store/arns.h"
#include "store/dataset_group.h"

namespace edgerec {

struct EventTrackerRecord {
  std::string name;
  std::string tracking_id;
  std::string client_key;
  std::vector<std::string> allowed_origins;  ///< e.g. "https://shop.example"; "*" any
  int64_t created_at = 0;
};

/// A new tracker with a fresh trackingId and client key (random), recorded. AlreadyExists when
/// the name is taken; InvalidInput for a bad name or an origin that is not scheme://host[:port].
Result<EventTrackerRecord> create_event_tracker(DatasetGroup& group, const std::string& name,
                                                const std::vector<std::string>& allowed_origins);
Status delete_event_tracker(DatasetGroup& group, const std::string& name);
Result<std::vector<EventTrackerRecord>> list_event_trackers(DatasetGroup& group);
/// The tracker with this trackingId, if the group has one.
Result<std::optional<EventTrackerRecord>> find_event_tracker_by_tracking_id(DatasetGroup& group,
                                                                             const std::string& tracking_id);

/// arn:...:event-tracker/ID, ID the first 8 hex digits of the trackingId (as Personalize's ARNs
/// carry an id, not the name, names need only be unique in the group).
std::string event_tracker_arn(const HomeIdentity& identity, const EventTrackerRecord& tracker);

/// Personalize's EventTracker object: name, eventTrackerArn, trackingId, datasetGroupArn, status,
/// times; plus edgerec's clientKey and allowedOrigins (not with `summary`).
void write_event_tracker_json(JsonWriter& w, const HomeIdentity& identity, const std::string& group_name,
                              const EventTrackerRecord& tracker, bool summary = false);

}  // namespace edgerec
