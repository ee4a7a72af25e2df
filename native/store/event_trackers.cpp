// Event trackers in the group's store (see event_trackers.h).
#include "store/event_trackers.h"

#include <random>

#include "edgerec/message_text.h"

namespace edgerec {
namespace {

std::string random_hex(size_t bytes) {
  std::random_device entropy;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    const unsigned v = entropy() & 0xFF;
    out.push_back(kHex[v >> 4]);
    out.push_back(kHex[v & 0xF]);
  }
  return out;
}

// A UUID-shaped trackingId, as Personalize's.
std::string new_tracking_id() {
  std::string hex = random_hex(16);
  for (const size_t at : {20, 16, 12, 8}) hex.insert(at, "-");
  return hex;
}

Status check_origin(const std::string& origin) {
  if (origin == "*") return Status::ok_status();
  const size_t scheme = origin.find("://");
  const bool ok = scheme != std::string::npos && scheme > 0 && scheme + 3 < origin.size() &&
                  origin.find('/', scheme + 3) == std::string::npos && origin.find_first_of(" \t\r\n,") == std::string::npos;
  if (!ok) {
    return invalid_input("allowed origin " + quote_for_message(origin) +
                         " must be scheme://host[:port] as a browser sends it (https://shop.example), or *");
  }
  return Status::ok_status();
}

std::string origins_json(const std::vector<std::string>& origins) {
  JsonWriter w;
  w.begin_array();
  for (const std::string& o : origins) w.string(o);
  w.end_array();
  return w.take();
}

Result<EventTrackerRecord> read_row(const sql::Statement& row) {
  EventTrackerRecord t;
  t.name = row.column_text(0);
  t.tracking_id = row.column_text(1);
  t.client_key = row.column_text(2);
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue origins, parse_json(row.column_text(3), "event_trackers.allowed_origins"));
  for (const JsonValue& o : origins.items()) {
    if (o.is_string()) t.allowed_origins.push_back(o.as_string());
  }
  t.created_at = row.column_int(4);
  return t;
}

constexpr const char* kSelect = "SELECT name, tracking_id, client_key, allowed_origins, created_at FROM event_trackers";

}  // namespace

std::string event_tracker_arn(const HomeIdentity& identity, const EventTrackerRecord& tracker) {
  return arn(identity, "event-tracker/" + tracker.tracking_id.substr(0, 8));
}

Result<EventTrackerRecord> create_event_tracker(DatasetGroup& group, const std::string& name,
                                                const std::vector<std::string>& allowed_origins) {
  EDGEREC_RETURN_IF_ERROR(check_resource_name(name, "event tracker name"));
  for (const std::string& o : allowed_origins) EDGEREC_RETURN_IF_ERROR(check_origin(o));
  EventTrackerRecord t;
  t.name = name;
  t.tracking_id = new_tracking_id();
  t.client_key = "ck-" + random_hex(16);
  t.allowed_origins = allowed_origins;
  t.created_at = unix_now();
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement exists, group.db().prepare("SELECT 1 FROM event_trackers WHERE name = ?"));
  exists.bind_text(1, name);
  EDGEREC_ASSIGN_OR_RETURN(const bool taken, exists.step());
  if (taken) return already_exists("event tracker " + name + " already exists in " + group.dir());
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("INSERT INTO event_trackers(name, tracking_id, "
                                                                 "client_key, allowed_origins, created_at) VALUES "
                                                                 "(?, ?, ?, ?, ?)"));
  const std::string origins = origins_json(allowed_origins);
  s.bind_text(1, t.name);
  s.bind_text(2, t.tracking_id);
  s.bind_text(3, t.client_key);
  s.bind_text(4, origins);
  s.bind_int(5, t.created_at);
  EDGEREC_RETURN_IF_ERROR(s.run());
  return t;
}

Status delete_event_tracker(DatasetGroup& group, const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("DELETE FROM event_trackers WHERE name = ?"));
  s.bind_text(1, name);
  EDGEREC_RETURN_IF_ERROR(s.run());
  if (group.db().changes() == 0) return not_found("event tracker " + name + " does not exist in " + group.dir());
  return Status::ok_status();
}

Result<std::vector<EventTrackerRecord>> list_event_trackers(DatasetGroup& group) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kSelect) + " ORDER BY name"));
  std::vector<EventTrackerRecord> out;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
    if (!row) break;
    EDGEREC_ASSIGN_OR_RETURN(EventTrackerRecord t, read_row(s));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::optional<EventTrackerRecord>> find_event_tracker_by_tracking_id(DatasetGroup& group,
                                                                             const std::string& tracking_id) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kSelect) + " WHERE tracking_id = ?"));
  s.bind_text(1, tracking_id);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return std::optional<EventTrackerRecord>();
  EDGEREC_ASSIGN_OR_RETURN(EventTrackerRecord t, read_row(s));
  return std::optional<EventTrackerRecord>(std::move(t));
}

void write_event_tracker_json(JsonWriter& w, const HomeIdentity& identity, const std::string& group_name,
                              const EventTrackerRecord& t, bool summary) {
  w.begin_object();
  w.key("name");
  w.string(t.name);
  w.key("eventTrackerArn");
  w.string(event_tracker_arn(identity, t));
  w.key("trackingId");
  w.string(t.tracking_id);
  w.key("datasetGroupArn");
  w.string(arn(identity, "dataset-group/" + group_name));
  w.key("status");
  w.string("ACTIVE");
  if (!summary) {
    w.key("clientKey");
    w.string(t.client_key);
    w.key("allowedOrigins");
    w.raw(origins_json(t.allowed_origins));
  }
  w.key("creationDateTime");
  w.integer(t.created_at);
  w.key("lastUpdatedDateTime");
  w.integer(t.created_at);
  w.end_object();
}

}  // namespace edgerec
