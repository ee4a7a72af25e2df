// PutEvents: request parsing, validation, one transaction.
#include "events/put_events.h"

#include "store/event_trackers.h"

#include "edgerec/json.h"
#include "events/event_store.h"

namespace edgerec {

std::string PutEventsResult::to_json() const {
  JsonWriter w;
  w.begin_object();
  w.key("eventsAccepted");
  w.integer(static_cast<int64_t>(accepted));
  write_store_counts(w, {stored, deduplicated});
  w.end_object();
  return w.take();
}

Status check_tracking_id(DatasetGroup& group, const std::string& tracking_id, std::string_view path) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<EventTrackerRecord> tracker,
                           find_event_tracker_by_tracking_id(group, tracking_id));
  if (tracker) return Status::ok_status();
  std::string shown;
  append_json_string(shown, tracking_id.size() > 64 ? tracking_id.substr(0, 64) + "..." : tracking_id);
  return not_found(std::string(path) + ": no event tracker " + shown + " in dataset group " + group.dir() +
                   " (`edgerec describe " + group.dir() + "` shows its trackingId)");
}

Result<PutEventsResult> put_events(DatasetGroup& group, const PutEventsRequest& request) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<ValidatedEvent> events, validate_put_events(request));
  EDGEREC_RETURN_IF_ERROR(check_tracking_id(group, *request.tracking_id, "trackingId"));
  sql::Transaction txn(group.db());
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_ASSIGN_OR_RETURN(const StoreCounts counts, store_events(group.db(), events, std::nullopt));
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  PutEventsResult result;
  result.accepted = events.size();
  result.stored = counts.stored;
  result.deduplicated = counts.deduplicated;
  return result;
}

Result<PutEventsResult> put_events_json(DatasetGroup& group, std::string_view body) {
  EDGEREC_ASSIGN_OR_RETURN(const PutEventsRequest request, parse_put_events_request(body));
  return put_events(group, request);
}

}  // namespace edgerec
