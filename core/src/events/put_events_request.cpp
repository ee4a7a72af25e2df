// PutEvents request reading and validation (see put_events_request.h).
#include "edgerec/put_events_request.h"

#include "edgerec/event_json.h"
#include "edgerec/json.h"
#include "edgerec/limits.h"

namespace edgerec {

Result<PutEventsRequest> parse_put_events_request(std::string_view body) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(body, "PutEvents request"));
  if (!root.is_object()) {
    return invalid_input(std::string("PutEvents request: expected a JSON object, got ") + json_type_name(root.type()));
  }
  EDGEREC_RETURN_IF_ERROR(
      json_check_members(root, "PutEvents request", {"trackingId", "sessionId", "userId", "eventList"}));
  PutEventsRequest request;
  EDGEREC_ASSIGN_OR_RETURN(request.tracking_id, json_optional_string(root.find("trackingId"), "trackingId"));
  EDGEREC_ASSIGN_OR_RETURN(request.session_id, json_optional_string(root.find("sessionId"), "sessionId"));
  EDGEREC_ASSIGN_OR_RETURN(request.user_id, json_optional_string(root.find("userId"), "userId"));
  if (const JsonValue* list = root.find("eventList"); list != nullptr && !list->is_null()) {
    if (!list->is_array()) {
      return invalid_input(std::string("eventList: expected an array of events, got ") + json_type_name(list->type()));
    }
    if (list->items().size() > kMaxPutEventsEvents) {
      return invalid_input("eventList: must hold 1 to " + std::to_string(kMaxPutEventsEvents) + " events, got " +
                           std::to_string(list->items().size()));
    }
    request.event_list.emplace();
    for (size_t i = 0; i < list->items().size(); ++i) {
      EDGEREC_ASSIGN_OR_RETURN(Event e,
                               event_from_json(list->items()[i], "eventList[" + std::to_string(i) + "]", false));
      request.event_list->push_back(std::move(e));
    }
  }
  return request;
}

Result<std::vector<ValidatedEvent>> validate_put_events(const PutEventsRequest& request, TrackingIdRule tracking_id) {
  EDGEREC_RETURN_IF_ERROR(validate_text_field(request.tracking_id, "trackingId", kMaxIdLength,
                                              tracking_id == TrackingIdRule::kRequired));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(request.session_id, "sessionId", kMaxIdLength, true));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(request.user_id, "userId", kMaxIdLength, false));
  if (!request.event_list) return invalid_input("eventList: required");
  const std::vector<Event>& list = *request.event_list;
  if (list.empty() || list.size() > kMaxPutEventsEvents) {
    return invalid_input("eventList: must hold 1 to " + std::to_string(kMaxPutEventsEvents) + " events, got " +
                         std::to_string(list.size()));
  }
  std::vector<ValidatedEvent> events;
  events.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    // PutEvents events have no identity of their own; only the request's applies.
    if (list[i].user_id || list[i].session_id) {
      return invalid_input("eventList[" + std::to_string(i) +
                           "]: userId and sessionId belong to the request, not to an event");
    }
    EDGEREC_ASSIGN_OR_RETURN(ValidatedEvent e, validate_event(list[i], "eventList[" + std::to_string(i) + "]",
                                                              request.user_id, request.session_id));
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace edgerec
