// Personalize Events' API and client batch uploads (see events_api.h).
#include "server/events_api.h"

#include <ctime>

#include "edgerec/event_batch.h"
#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "events/put_events.h"
#include "io/json_value_writer.h"
#include "server/aws_error.h"
#include "server/http/content_encoding.h"

namespace edgerec::server {
namespace {

// The group of `tracking_id`, looked up again after a refresh if it is new.
const TrackerEntry* find_tracker(HomeCatalog& catalog, const HttpRequest& request,
                                 std::shared_ptr<const HomeSnapshot>& snap, const std::string& tracking_id) {
  auto it = snap->trackers.find(tracking_id);
  if (it == snap->trackers.end()) {
    catalog.refresh_since(request.received);
    snap = catalog.snapshot();
    it = snap->trackers.find(tracking_id);
  }
  return it == snap->trackers.end() ? nullptr : &it->second;
}

// PutEvents bodies for a batch's events: consecutive events of one identity, ten at a time.
std::vector<std::string> bodies_of(const EventBatch& batch) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < batch.events.size()) {
    const auto user = [&](const Event& e) { return e.user_id ? e.user_id : batch.user_id; };
    const auto session = [&](const Event& e) { return e.session_id ? e.session_id : batch.session_id; };
    JsonWriter w;
    w.begin_object();
    if (const auto s = session(batch.events[i])) {
      w.key("sessionId");
      w.string(*s);
    }
    if (const auto u = user(batch.events[i])) {
      w.key("userId");
      w.string(*u);
    }
    w.key("eventList");
    w.begin_array();
    const size_t first = i;
    while (i < batch.events.size() && i - first < 10 && user(batch.events[i]) == user(batch.events[first]) &&
           session(batch.events[i]) == session(batch.events[first])) {
      const Event& e = batch.events[i++];
      w.begin_object();
      w.key("eventType");
      w.string(e.event_type.value_or(""));
      w.key("sentAt");
      w.number(e.sent_at.value_or(0));
      if (e.item_id) {
        w.key("itemId");
        w.string(*e.item_id);
      }
      if (e.event_value) {
        w.key("eventValue");
        w.number(*e.event_value);
      }
      w.end_object();
    }
    w.end_array();
    w.end_object();
    out.push_back(w.take());
  }
  return out;
}

// PutItems / PutUsers on the group the dataset ARN names.
void put_entities(HomeCatalog& catalog, HttpRequest&& request, Respond respond, DatasetType type) {
  const char* list_name = type == DatasetType::kItems ? "items" : "users";
  const char* suffix = type == DatasetType::kItems ? "ITEMS" : "USERS";
  auto fail = [&](const Status& s) { respond(error_response(s)); };
  auto root = parse_json(request.body, type == DatasetType::kItems ? "PutItems request" : "PutUsers request");
  if (!root.ok()) return fail(root.status());
  if (!root->is_object()) return fail(invalid_input("the request must be a JSON object"));
  const JsonValue* arn_value = root->find("datasetArn");
  if (arn_value == nullptr || !arn_value->is_string()) return fail(invalid_input("datasetArn: required"));
  auto parsed = parse_arn(catalog.identity(), arn_value->as_string(), "datasetArn", "dataset");
  if (!parsed.ok()) return fail(parsed.status());
  const size_t slash = parsed->path.find('/');
  const std::string group_name = parsed->path.substr(0, slash);
  const std::string dataset = slash == std::string::npos ? "" : parsed->path.substr(slash + 1);
  if (dataset != suffix) {
    return fail(invalid_input("datasetArn: " + arn_value->as_string() + " is not an " + suffix + " dataset (" +
                              arn(catalog.identity(), std::string("dataset/GROUP/") + suffix) + ")"));
  }
  const JsonValue* records = root->find(list_name);
  if (records == nullptr) return fail(invalid_input(std::string(list_name) + ": required"));
  for (const auto& [key, value] : root->members()) {
    if (key != "datasetArn" && key != list_name) return fail(invalid_input("unknown request field " + quote_for_message(key)));
  }
  std::shared_ptr<const HomeSnapshot> snap = catalog.snapshot();
  auto g = snap->groups.find(group_name);
  if (g == snap->groups.end()) {
    catalog.refresh_since(request.received);
    snap = catalog.snapshot();
    g = snap->groups.find(group_name);
  }
  if (g == snap->groups.end()) return fail(not_found("dataset group " + group_name + " does not exist"));
  JsonWriter w;
  write_json_value(w, *records);
  g->second->store->put_records(
      type, w.take(), [respond](const Status& s) {
        if (s.ok()) return respond(json_response(200, ""));
        // PutItems on a group without that dataset: Personalize says the dataset is not found.
        if (s.code() == StatusCode::kFailedPrecondition) {
          return respond(aws_error(404, "ResourceNotFoundException", s.message()));
        }
        respond(error_response(s));
      });
}

}  // namespace

void put_events(HomeCatalog& catalog, Metrics& metrics, HttpRequest&& request, Respond respond) {
  auto parsed = parse_put_events_request(request.body);
  if (!parsed.ok()) return respond(error_response(parsed.status()));
  auto events = validate_put_events(*parsed);
  if (!events.ok()) return respond(error_response(events.status()));
  std::shared_ptr<const HomeSnapshot> snap = catalog.snapshot();
  const TrackerEntry* tracker = find_tracker(catalog, request, snap, *parsed->tracking_id);
  if (tracker == nullptr) {
    return respond(aws_error(404, "ResourceNotFoundException",
                             "trackingId: no event tracker " + quote_for_message(*parsed->tracking_id)));
  }
  ServedGroup* group = tracker->group;
  const size_t count = events->size();
  auto body = std::make_shared<std::string>(std::move(request.body));
  const std::string tracking_id = tracker->record.tracking_id;
  group->store->store_events(
      std::move(events).value(), [respond, &catalog, group, body, count, &metrics, tracking_id](const Status& s) {
        if (!s.ok()) return respond(error_response(s));
        metrics.add("events_stored", count);
        metrics.live().tracker_events(tracking_id, count, std::time(nullptr));
        catalog.deliver_live_events(group, {*body});
        respond(json_response(200, ""));
      });
}

void put_items(HomeCatalog& catalog, HttpRequest&& request, Respond respond) {
  put_entities(catalog, std::move(request), std::move(respond), DatasetType::kItems);
}

void put_users(HomeCatalog& catalog, HttpRequest&& request, Respond respond) {
  put_entities(catalog, std::move(request), std::move(respond), DatasetType::kUsers);
}

void put_event_batch(HomeCatalog& catalog, Metrics& metrics, HttpRequest&& request, const TrackerEntry* via_key,
                     Respond respond) {
  // A browser may gzip the batch itself (CompressionStream); the signature, if any, covered the
  // bytes as sent and was checked before this.
  DecodedBody body = decode_request_body(request, kMaxBatchContentBytes + kEventBatchHeaderSize);
  switch (body.error) {
    case BodyError::kNone: break;
    case BodyError::kUnsupportedEncoding: return respond(aws_error(415, "UnsupportedMediaTypeException", body.message));
    case BodyError::kTooLarge: return respond(aws_error(413, "LimitExceededException", body.message));
    case BodyError::kMalformed: return respond(aws_error(400, "InvalidInputException", body.message));
  }
  request.body = std::move(body.bytes);
  const auto* data = reinterpret_cast<const uint8_t*>(request.body.data());
  auto batch = decode_event_batch(data, request.body.size());
  // The batch is the client's: a damaged one is its error (400), not the server's (500).
  if (!batch.ok()) return respond(aws_error(400, "InvalidInputException", batch.status().message()));
  if (!batch->tracking_id) return respond(error_response(invalid_input("the batch has no trackingId")));
  std::shared_ptr<const HomeSnapshot> snap = catalog.snapshot();
  const TrackerEntry* tracker = find_tracker(catalog, request, snap, *batch->tracking_id);
  if (tracker == nullptr) {
    return respond(aws_error(404, "ResourceNotFoundException",
                             "batch trackingId: no event tracker " + quote_for_message(*batch->tracking_id)));
  }
  if (via_key != nullptr && via_key->record.tracking_id != tracker->record.tracking_id) {
    return respond(aws_error(403, "AccessDeniedException",
                             "the client key is event tracker " + via_key->record.name +
                                 "'s; the batch names another tracker's trackingId"));
  }
  ServedGroup* group = tracker->group;
  auto live = std::make_shared<std::vector<std::string>>(bodies_of(*batch));
  const std::string tracking_id = tracker->record.tracking_id;
  group->store->ingest_event_batch(
      std::make_shared<const std::string>(std::move(request.body)),
      [respond, &catalog, group, live, &metrics, tracking_id](const Result<BatchIngestResult>& result) {
        if (!result.ok()) return respond(error_response(result.status()));
        if (!result->already_ingested) {
          metrics.add("events_stored", result->stored);
          metrics.live().tracker_events(tracking_id, result->stored, std::time(nullptr));
          metrics.add("event_batches_ingested");
          catalog.deliver_live_events(group, *live);
        }
        respond(json_response(200, result->to_json()));
      });
}

}  // namespace edgerec::server
