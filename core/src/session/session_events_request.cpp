// PutEvents request parsing and validation (see session_events_request.h).
#include "session/session_events_request.h"

#include "edgerec/epoch_seconds.h"
#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"

namespace edgerec {
namespace {

Status field_error(const std::string& path, const std::string& message) { return invalid_input(path + ": " + message); }

Result<std::string> string_field(const JsonValue& v, const std::string& path, size_t min, size_t max) {
  if (!v.is_string()) return field_error(path, std::string("must be a string, got ") + json_type_name(v.type()));
  // Characters as Personalize counts them: Unicode code points (the JSON reader has checked the
  // UTF-8), so the limits match those of the server's PutEvents (native/events/event_validation.h).
  const size_t n = utf8::count_code_points(v.as_string());
  if (n < min || n > max) {
    return field_error(path, "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters, got " +
                                 std::to_string(n));
  }
  return v.as_string();
}

Result<double> number_field(const JsonValue& v, const std::string& path) {
  if (!v.is_number() || !std::isfinite(v.as_number())) {
    return field_error(path, std::string("must be a finite number, got ") + json_type_name(v.type()));
  }
  return v.as_number();
}

Result<SessionPutEvent> parse_event(const JsonValue& e, const std::string& path) {
  if (!e.is_object()) return field_error(path, std::string("must be an object, got ") + json_type_name(e.type()));
  SessionPutEvent event;
  bool has_type = false;
  bool has_sent_at = false;
  for (const auto& [name, v] : e.members()) {
    const std::string p = member_path(path, name);
    if (name == "eventType") {
      EDGEREC_ASSIGN_OR_RETURN(event.event_type, string_field(v, p, 1, 256));
      has_type = true;
    } else if (name == "sentAt") {
      EDGEREC_ASSIGN_OR_RETURN(event.sent_at, number_field(v, p));
      if (Status s = check_epoch_seconds(event.sent_at, EpochRange::kFrom1970, "sentAt"); !s.ok()) {
        return field_error(p, s.message());
      }
      has_sent_at = true;
    } else if (name == "itemId") {
      EDGEREC_ASSIGN_OR_RETURN(event.item_id, string_field(v, p, 1, 256));
    } else if (name == "eventValue") {
      EDGEREC_ASSIGN_OR_RETURN(const double value, number_field(v, p));
      event.event_value = static_cast<float>(value);
    } else if (name == "eventId") {
      EDGEREC_RETURN_IF_ERROR(string_field(v, p, 1, 256).status());
    } else if (name == "properties") {
      EDGEREC_RETURN_IF_ERROR(string_field(v, p, 1, 1024).status());
    } else if (name == "recommendationId") {
      EDGEREC_RETURN_IF_ERROR(string_field(v, p, 1, 40).status());
    } else if (name == "impression") {
      if (!v.is_array() || v.items().empty() || v.items().size() > 25) {
        return field_error(p, "must be an array of 1 to 25 item ids");
      }
      for (size_t i = 0; i < v.items().size(); ++i) {
        EDGEREC_RETURN_IF_ERROR(string_field(v.items()[i], p + "[" + std::to_string(i) + "]", 1, 256).status());
      }
    } else if (name == "metricAttribution") {
      if (!v.is_object()) return field_error(p, std::string("must be an object, got ") + json_type_name(v.type()));
      const JsonValue* source = v.find("eventAttributionSource");
      if (source == nullptr || v.members().size() != 1) {
        return field_error(p, "must hold exactly eventAttributionSource");
      }
      EDGEREC_RETURN_IF_ERROR(string_field(*source, p + ".eventAttributionSource", 1, 1024).status());
    } else {
      return field_error(p, "unknown field; valid fields are eventType, sentAt, itemId, eventValue, eventId, "
                            "properties, impression, recommendationId, metricAttribution");
    }
  }
  if (!has_type) return field_error(path + ".eventType", "is required");
  if (!has_sent_at) return field_error(path + ".sentAt", "is required");
  return event;
}

}  // namespace

Result<SessionEventsRequest> parse_session_events_request(std::string_view json) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(json, "PutEvents request"));
  if (!root.is_object()) {
    return invalid_input(std::string("PutEvents request must be a JSON object, got ") + json_type_name(root.type()));
  }
  SessionEventsRequest request;
  bool has_session = false;
  bool has_list = false;
  for (const auto& [name, v] : root.members()) {
    if (name == "trackingId") {
      EDGEREC_RETURN_IF_ERROR(string_field(v, name, 1, 256).status());
    } else if (name == "sessionId") {
      EDGEREC_ASSIGN_OR_RETURN(request.session_id, string_field(v, name, 1, 256));
      has_session = true;
    } else if (name == "userId") {
      EDGEREC_ASSIGN_OR_RETURN(request.user_id, string_field(v, name, 1, 256));
    } else if (name == "eventList") {
      if (!v.is_array()) return field_error(name, std::string("must be an array, got ") + json_type_name(v.type()));
      if (v.items().empty() || v.items().size() > kMaxEventsPerPutEvents) {
        return field_error(name, "must hold 1 to " + std::to_string(kMaxEventsPerPutEvents) + " events, got " +
                                     std::to_string(v.items().size()));
      }
      for (size_t i = 0; i < v.items().size(); ++i) {
        EDGEREC_ASSIGN_OR_RETURN(SessionPutEvent event, parse_event(v.items()[i], "eventList[" + std::to_string(i) + "]"));
        request.events.push_back(std::move(event));
      }
      has_list = true;
    } else {
      return field_error(member_path("", name), "unknown field; valid fields are trackingId, sessionId, userId, eventList");
    }
  }
  if (!has_session) return field_error("sessionId", "is required");
  if (!has_list) return field_error("eventList", "is required");
  return request;
}

}  // namespace edgerec
