// CreateEventTracker, DescribeEventTracker, ListEventTrackers, DeleteEventTracker: event trackers
// (store/event_trackers.h) under ARNs event-tracker/ID.
#include "control/operations.h"
#include "store/event_trackers.h"

namespace edgerec::control {
namespace {

using TrackerRef = std::pair<DatasetGroup, EventTrackerRecord>;

Result<TrackerRef> tracker_of_arn(const Home& home, std::string_view arn) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string id, home.arn_path(arn, "eventTrackerArn", "event-tracker"));
  (void)id;  // the ARN carries the trackingId's first digits: compared whole below
  return home.find_resource<EventTrackerRecord>(
      [&](DatasetGroup& g) -> Result<std::optional<EventTrackerRecord>> {
        EDGEREC_ASSIGN_OR_RETURN(const std::vector<EventTrackerRecord> trackers, edgerec::list_event_trackers(g));
        for (const EventTrackerRecord& t : trackers) {
          if (event_tracker_arn(home.identity(), t) == arn) return std::optional<EventTrackerRecord>(t);
        }
        return std::optional<EventTrackerRecord>();
      },
      "event tracker", arn);
}

}  // namespace

Result<std::string> create_event_tracker(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, r.required_string("name"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string group_arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(group_arn, "datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const EventTrackerRecord tracker, edgerec::create_event_tracker(group, name, {}));
  JsonWriter w;
  w.begin_object();
  w.key("eventTrackerArn");
  w.string(event_tracker_arn(c.home.identity(), tracker));
  w.key("trackingId");
  w.string(tracker.tracking_id);
  w.end_object();
  return w.take();
}

Result<std::string> describe_event_tracker(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("eventTrackerArn"));
  EDGEREC_ASSIGN_OR_RETURN(TrackerRef ref, tracker_of_arn(c.home, arn));
  JsonWriter w;
  write_event_tracker_json(w, c.home.identity(), dataset_group_name(ref.first.dir()), ref.second);
  return "{\"eventTracker\":" + w.take() + "}";
}

Result<std::string> list_event_trackers(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> group_arn, r.optional_string("datasetGroupArn"));
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(group_arn, [&](DatasetGroup& group, const std::string& name) -> Status {
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<EventTrackerRecord> trackers, edgerec::list_event_trackers(group));
    for (const EventTrackerRecord& t : trackers) {
      JsonWriter w;
      write_event_tracker_json(w, c.home.identity(), name, t, true);
      items.push_back(w.take());
    }
    return Status::ok_status();
  }));
  return list_response(r, "eventTrackers", items);
}

Result<std::string> delete_event_tracker(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("eventTrackerArn"));
  EDGEREC_ASSIGN_OR_RETURN(TrackerRef ref, tracker_of_arn(c.home, arn));
  EDGEREC_RETURN_IF_ERROR(edgerec::delete_event_tracker(ref.first, ref.second.name));
  return std::string("{}");
}

}  // namespace edgerec::control
