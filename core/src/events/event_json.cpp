// Events in JSON: typed reads with located errors, and PutEvents-shaped writes.
#include "edgerec/event_json.h"

#include "edgerec/message_text.h"

namespace edgerec {
namespace {

Status type_error(const std::string& path, std::string_view expected, const JsonValue& got) {
  return invalid_input(path + ": expected " + std::string(expected) + ", got " + json_type_name(got.type()));
}

Result<std::optional<std::vector<std::string>>> optional_string_list(const JsonValue* value, const std::string& path) {
  if (value == nullptr || value->is_null()) return std::optional<std::vector<std::string>>();
  if (!value->is_array()) return type_error(path, "an array of item ids", *value);
  std::vector<std::string> ids;
  ids.reserve(value->items().size());
  for (size_t i = 0; i < value->items().size(); ++i) {
    const JsonValue& id = value->items()[i];
    if (!id.is_string()) return type_error(path + "[" + std::to_string(i) + "]", "a string", id);
    ids.push_back(id.as_string());
  }
  return std::optional<std::vector<std::string>>(std::move(ids));
}

void optional_member(JsonWriter& w, const char* key, const std::optional<std::string>& value) {
  if (!value) return;
  w.key(key);
  w.string(*value);
}

}  // namespace

Result<std::optional<std::string>> json_optional_string(const JsonValue* value, const std::string& path) {
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return type_error(path, "a string", *value);
  return std::optional<std::string>(value->as_string());
}

Result<std::optional<double>> json_optional_number(const JsonValue* value, const std::string& path,
                                                   std::string_view expected) {
  if (value == nullptr || value->is_null()) return std::optional<double>();
  if (!value->is_number()) return type_error(path, expected, *value);
  return std::optional<double>(value->as_number());
}

Status json_check_members(const JsonValue& object, const std::string& path,
                          std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, unused] : object.members()) {
    bool known = false;
    for (const std::string_view a : allowed) known = known || key == a;
    if (known) continue;
    std::string list;
    for (const std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return invalid_input((path.empty() ? "" : path + ": ") + "unknown member " + quote_for_message(key) + "; valid members are " +
                         list + " (names are case-sensitive)");
  }
  return Status::ok_status();
}

Result<Event> event_from_json(const JsonValue& value, const std::string& path, bool allow_identity) {
  if (!value.is_object()) return type_error(path, "an event object", value);
  if (allow_identity) {
    EDGEREC_RETURN_IF_ERROR(json_check_members(value, path,
                                               {"eventId", "eventType", "sentAt", "itemId", "eventValue",
                                                "properties", "recommendationId", "impression",
                                                "metricAttribution", "userId", "sessionId"}));
  } else {
    EDGEREC_RETURN_IF_ERROR(json_check_members(value, path,
                                               {"eventId", "eventType", "sentAt", "itemId", "eventValue",
                                                "properties", "recommendationId", "impression",
                                                "metricAttribution"}));
  }
  Event e;
  const auto field = [&](const char* name) { return path + "." + name; };
  EDGEREC_ASSIGN_OR_RETURN(e.event_id, json_optional_string(value.find("eventId"), field("eventId")));
  EDGEREC_ASSIGN_OR_RETURN(e.event_type, json_optional_string(value.find("eventType"), field("eventType")));
  EDGEREC_ASSIGN_OR_RETURN(e.sent_at, json_optional_number(value.find("sentAt"), field("sentAt"),
                                                           "a number (epoch seconds)"));
  EDGEREC_ASSIGN_OR_RETURN(e.item_id, json_optional_string(value.find("itemId"), field("itemId")));
  EDGEREC_ASSIGN_OR_RETURN(e.event_value, json_optional_number(value.find("eventValue"), field("eventValue")));
  if (const JsonValue* p = value.find("properties"); p != nullptr && p->is_object()) {
    // The commonest mistake with PutEvents: Personalize takes properties as a string.
    return invalid_input(field("properties") +
                         ": expected a JSON object encoded as a string (e.g. \"{\\\"numRatings\\\": 12}\"), "
                         "got an object");
  }
  EDGEREC_ASSIGN_OR_RETURN(e.properties, json_optional_string(value.find("properties"), field("properties")));
  EDGEREC_ASSIGN_OR_RETURN(e.recommendation_id,
                           json_optional_string(value.find("recommendationId"), field("recommendationId")));
  EDGEREC_ASSIGN_OR_RETURN(e.impression, optional_string_list(value.find("impression"), field("impression")));
  if (const JsonValue* m = value.find("metricAttribution"); m != nullptr && !m->is_null()) {
    const std::string mpath = field("metricAttribution");
    if (!m->is_object()) return type_error(mpath, "an object", *m);
    EDGEREC_RETURN_IF_ERROR(json_check_members(*m, mpath, {"eventAttributionSource"}));
    EDGEREC_ASSIGN_OR_RETURN(e.event_attribution_source,
                             json_optional_string(m->find("eventAttributionSource"), mpath + ".eventAttributionSource"));
    if (!e.event_attribution_source) return invalid_input(mpath + ".eventAttributionSource: required");
  }
  if (allow_identity) {
    EDGEREC_ASSIGN_OR_RETURN(e.user_id, json_optional_string(value.find("userId"), field("userId")));
    EDGEREC_ASSIGN_OR_RETURN(e.session_id, json_optional_string(value.find("sessionId"), field("sessionId")));
  }
  return e;
}

void write_event_json(JsonWriter& w, const Event& e) {
  w.begin_object();
  optional_member(w, "eventId", e.event_id);
  optional_member(w, "eventType", e.event_type);
  if (e.sent_at) {
    w.key("sentAt");
    w.number(*e.sent_at);
  }
  optional_member(w, "itemId", e.item_id);
  if (e.event_value) {
    w.key("eventValue");
    w.number(*e.event_value);
  }
  optional_member(w, "properties", e.properties);
  optional_member(w, "recommendationId", e.recommendation_id);
  if (e.impression) {
    w.key("impression");
    w.begin_array();
    for (const std::string& id : *e.impression) w.string(id);
    w.end_array();
  }
  if (e.event_attribution_source) {
    w.key("metricAttribution");
    w.begin_object();
    w.key("eventAttributionSource");
    w.string(*e.event_attribution_source);
    w.end_object();
  }
  optional_member(w, "userId", e.user_id);
  optional_member(w, "sessionId", e.session_id);
  w.end_object();
}

size_t event_json_size(const Event& event) {
  JsonWriter w;
  write_event_json(w, event);
  return w.str().size();
}

Result<EventBatch> event_batch_from_json(std::string_view text, std::string_view what) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(text, what));
  const std::string where(what);
  if (!root.is_object()) return type_error(where, "an event batch object", root);
  EDGEREC_RETURN_IF_ERROR(
      json_check_members(root, where, {"batchId", "trackingId", "sessionId", "userId", "createdAt", "events"}));
  EventBatch batch;
  EDGEREC_ASSIGN_OR_RETURN(const auto batch_id, json_optional_string(root.find("batchId"), "batchId"));
  batch.batch_id = batch_id.value_or("");
  EDGEREC_ASSIGN_OR_RETURN(batch.tracking_id, json_optional_string(root.find("trackingId"), "trackingId"));
  EDGEREC_ASSIGN_OR_RETURN(batch.session_id, json_optional_string(root.find("sessionId"), "sessionId"));
  EDGEREC_ASSIGN_OR_RETURN(batch.user_id, json_optional_string(root.find("userId"), "userId"));
  EDGEREC_ASSIGN_OR_RETURN(const auto created_at,
                           json_optional_number(root.find("createdAt"), "createdAt", "a number (epoch seconds)"));
  batch.created_at = created_at.value_or(0.0);
  const JsonValue* events = root.find("events");
  if (events == nullptr) return invalid_input(where + ": events: required");
  if (!events->is_array()) return type_error("events", "an array of events", *events);
  batch.events.reserve(events->items().size());
  for (size_t i = 0; i < events->items().size(); ++i) {
    EDGEREC_ASSIGN_OR_RETURN(Event e, event_from_json(events->items()[i], "events[" + std::to_string(i) + "]", true));
    batch.events.push_back(std::move(e));
  }
  return batch;
}

}  // namespace edgerec
