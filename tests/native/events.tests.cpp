// PutEvents: every validation rule (with the event index and field in the message), the
// tracking id, deduplication by eventId and by identical content, anonymous events, and
// all-or-nothing calls; then the put-events CLI.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/event_validation.h"
#include "events/put_events.h"
#include "store/dataset_group.h"
#include "support/cli_test.h"
#include "support/dataset_group_test.h"
#include "support/fixtures.h"

using edgerec::DatasetGroup;
using edgerec::StatusCode;
using edgerec::testing::count;
using edgerec::testing::kCli;
using edgerec::testing::new_group;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

int64_t stored_events(DatasetGroup& group) { return count(group, "SELECT count(*) FROM interactions_put"); }

std::string quoted(const std::string& s) {
  std::string out;
  edgerec::append_json_string(out, s);
  return out;
}

// A PutEvents body for `group` with the given events (JSON objects).
std::string request(const DatasetGroup& group, const std::vector<std::string>& events,
                    const std::string& identity = R"("sessionId":"s1","userId":"u1")") {
  std::string body = "{\"trackingId\":" + quoted(group.tracking_id()) + "," + identity + ",\"eventList\":[";
  for (size_t i = 0; i < events.size(); ++i) body += (i ? "," : "") + events[i];
  return body + "]}";
}

const std::string kClick = R"({"eventType":"click","sentAt":1700000000,"itemId":"i1"})";

// An event with `extra` members added to a valid click.
std::string click_with(const std::string& extra) {
  return R"({"eventType":"click","sentAt":1700000000,"itemId":"i1",)" + extra + "}";
}

edgerec::Status put(DatasetGroup& group, const std::string& body) {
  auto r = edgerec::put_events_json(group, body);
  return r.ok() ? edgerec::Status() : r.status();
}

// Puts `body`, expects InvalidInput whose message contains `message`, and nothing stored.
void expect_rejected(const std::string& event_or_body, const std::string& message, bool whole_body = false) {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  const std::string body = whole_body ? event_or_body : request(group, {kClick, kClick, event_or_body});
  const auto status = put(group, body);
  INFO(body);
  INFO(status.to_string());
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK_THAT(status.message(), Catch::Contains(message));
  CHECK(stored_events(group) == 0);
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("put-events: a valid call stores every field in its column", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  const std::string event = R"({"eventId":"e1","eventType":"purchase","sentAt":1700000000.9,"itemId":"i7",)"
                            R"("eventValue":4.5,"properties":"{\"numRatings\": 12, \"device\": \"ios\"}",)"
                            R"("recommendationId":"RID-1","impression":["i7","i8","i9"],)"
                            R"("metricAttribution":{"eventAttributionSource":"home-page"}})";
  auto result = edgerec::put_events_json(group, request(group, {event}));
  REQUIRE(result.ok());
  CHECK(result->accepted == 1);
  CHECK(result->stored == 1);
  CHECK(result->deduplicated == 0);
  CHECK(result->to_json() == R"({"eventsAccepted":1,"eventsStored":1,"eventsDeduplicated":0})");

  auto row = group.db().prepare(
      "SELECT u.user_id, p.session_id, i.item_id, p.timestamp, t.event_type, p.event_value, p.event_id, "
      "p.recommendation_id, p.impression, p.properties, p.batch_id FROM interactions_put p "
      "JOIN user_ids u USING (user_idx) JOIN item_ids i USING (item_idx) JOIN event_types t USING (event_type_idx)");
  REQUIRE(row.ok());
  auto has = row->step();
  REQUIRE(has.ok());
  REQUIRE(*has);
  CHECK(row->column_text(0) == "u1");
  CHECK(row->column_text(1) == "s1");
  CHECK(row->column_text(2) == "i7");
  CHECK(row->column_int(3) == 1700000000);  // whole seconds: the fraction is dropped
  CHECK(row->column_text(4) == "purchase");
  CHECK(row->column_double(5) == 4.5);
  CHECK(row->column_text(6) == "e1");
  CHECK(row->column_text(7) == "RID-1");
  CHECK(row->column_text(8) == "i7|i8|i9");
  // camelCase keys become the columns they name, sorted, with the attribution source.
  CHECK(row->column_text(9) == R"({"DEVICE":"ios","EVENT_ATTRIBUTION_SOURCE":"home-page","NUM_RATINGS":12})");
  CHECK(row->column_is_null(10));
}

TEST_CASE("put-events: a group without an Interactions dataset gets the default schema", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  CHECK(count(group, "SELECT count(*) FROM datasets") == 0);
  REQUIRE(put(group, request(group, {kClick})).ok());
  auto schema = group.db().prepare("SELECT schema_json FROM datasets WHERE dataset_type = 'interactions'");
  REQUIRE(schema.ok());
  auto has = schema->step();
  REQUIRE(has.ok());
  REQUIRE(*has);
  CHECK_THAT(schema->column_text(0), Catch::Contains("\"USER_ID\"") && Catch::Contains("\"EVENT_VALUE\""));
  // A second call leaves the dataset as it is.
  REQUIRE(put(group, request(group, {R"({"eventType":"view","sentAt":1700000001})"})).ok());
  CHECK(count(group, "SELECT count(*) FROM datasets") == 1);
}

TEST_CASE("put-events: events without eventId get unique generated ids", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  REQUIRE(put(group, request(group, {kClick, R"({"eventType":"click","sentAt":1700000001,"itemId":"i1"})"})).ok());
  CHECK(stored_events(group) == 2);
  CHECK(count(group, "SELECT count(DISTINCT event_id) FROM interactions_put") == 2);
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE length(event_id) = 36") == 2);
}

TEST_CASE("put-events: an eventId seen before is stored once, the first event wins", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  const std::string first = R"({"eventId":"e1","eventType":"click","sentAt":1700000000,"itemId":"i1"})";
  const std::string reuse = R"({"eventId":"e1","eventType":"purchase","sentAt":1700000500,"itemId":"i2"})";
  auto r1 = edgerec::put_events_json(group, request(group, {first}));
  REQUIRE(r1.ok());
  CHECK(r1->stored == 1);
  auto r2 = edgerec::put_events_json(group, request(group, {reuse}));
  REQUIRE(r2.ok());
  CHECK(r2->stored == 0);
  CHECK(r2->deduplicated == 1);
  CHECK(stored_events(group) == 1);
  CHECK(count(group, "SELECT timestamp FROM interactions_put WHERE event_id = 'e1'") == 1700000000);

  SECTION("also within one call") {
    const std::string a = R"({"eventId":"e2","eventType":"click","sentAt":1700000000,"itemId":"i1"})";
    const std::string b = R"({"eventId":"e2","eventType":"view","sentAt":1700000009,"itemId":"i3"})";
    auto r = edgerec::put_events_json(group, request(group, {a, b}));
    REQUIRE(r.ok());
    CHECK(r->stored == 1);
    CHECK(r->deduplicated == 1);
  }
}

TEST_CASE("put-events: events identical in timestamp and properties are stored once", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  const std::string a = click_with(R"("eventId":"a","properties":"{\"numRatings\":3,\"device\":\"ios\"}")");
  // Another eventId, the properties in another order and spacing: the same event.
  const std::string b = click_with(R"("eventId":"b","properties":"{ \"device\": \"ios\", \"numRatings\": 3 }")");
  auto r = edgerec::put_events_json(group, request(group, {a, b}));
  REQUIRE(r.ok());
  CHECK(r->stored == 1);
  CHECK(r->deduplicated == 1);
  // A fraction of a second later is the same second: identical again.
  auto r2 = edgerec::put_events_json(
      group, request(group, {R"({"eventType":"click","sentAt":1700000000.5,"itemId":"i1",)"
                             R"("properties":"{\"device\":\"ios\",\"numRatings\":3}"})"}));
  REQUIRE(r2.ok());
  CHECK(r2->deduplicated == 1);

  SECTION("but a different timestamp, property, value, item, type, user or session is another event") {
    const std::vector<std::string> variants = {
        R"({"eventType":"click","sentAt":1700000001,"itemId":"i1","properties":"{\"numRatings\":3,\"device\":\"ios\"}"})",
        R"({"eventType":"click","sentAt":1700000000,"itemId":"i1","properties":"{\"numRatings\":4,\"device\":\"ios\"}"})",
        R"({"eventType":"click","sentAt":1700000000,"itemId":"i1","eventValue":1,"properties":"{\"numRatings\":3,\"device\":\"ios\"}"})",
        R"({"eventType":"click","sentAt":1700000000,"itemId":"i2","properties":"{\"numRatings\":3,\"device\":\"ios\"}"})",
        R"({"eventType":"view","sentAt":1700000000,"itemId":"i1","properties":"{\"numRatings\":3,\"device\":\"ios\"}"})",
    };
    auto same_identity = edgerec::put_events_json(group, request(group, variants));
    REQUIRE(same_identity.ok());
    CHECK(same_identity->stored == variants.size());
    const std::string original = R"({"eventType":"click","sentAt":1700000000,"itemId":"i1","properties":"{\"numRatings\":3,\"device\":\"ios\"}"})";
    auto other_user = edgerec::put_events_json(group, request(group, {original}, R"("sessionId":"s1","userId":"u2")"));
    REQUIRE(other_user.ok());
    CHECK(other_user->stored == 1);
    auto other_session = edgerec::put_events_json(group, request(group, {original}, R"("sessionId":"s2","userId":"u1")"));
    REQUIRE(other_session.ok());
    CHECK(other_session->stored == 1);
    auto anonymous = edgerec::put_events_json(group, request(group, {original}, R"("sessionId":"s1")"));
    REQUIRE(anonymous.ok());
    CHECK(anonymous->stored == 1);
  }
}

TEST_CASE("put-events: anonymous events are stored with the session and no user", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  REQUIRE(put(group, request(group, {kClick}, R"("sessionId":"anon-1")")).ok());
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE user_idx IS NULL AND session_id = 'anon-1'") == 1);
  CHECK(count(group, "SELECT count(*) FROM user_ids") == 0);
  // An identical anonymous event is deduplicated like any other (the NULL user compares equal).
  auto again = edgerec::put_events_json(group, request(group, {kClick}, R"("sessionId":"anon-1")"));
  REQUIRE(again.ok());
  CHECK(again->deduplicated == 1);
}

TEST_CASE("put-events: one bad event in ten stores nothing at all", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  std::vector<std::string> events;
  for (int i = 0; i < 9; ++i) {
    events.push_back(R"({"eventType":"click","sentAt":)" + std::to_string(1700000000 + i) + R"(,"itemId":"new)" +
                     std::to_string(i) + "\"}");
  }
  events.push_back(click_with("\"recommendationId\":\"" + std::string(41, 'r') + "\""));
  const auto status = put(group, request(group, events));
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK(status.message() == "eventList[9].recommendationId: must be 1 to 40 characters, got 41");
  CHECK(stored_events(group) == 0);
  // Not even the dictionaries or the default dataset changed.
  CHECK(count(group, "SELECT count(*) FROM item_ids") == 0);
  CHECK(count(group, "SELECT count(*) FROM user_ids") == 0);
  CHECK(count(group, "SELECT count(*) FROM datasets") == 0);
  // The same ten with the last one fixed are stored.
  events.back() = click_with(R"("recommendationId":"RID-ok")");
  REQUIRE(put(group, request(group, events)).ok());
  CHECK(stored_events(group) == 10);
}

TEST_CASE("put-events: the trackingId must be the group's", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  const std::string body = R"({"trackingId":"not-this-group","sessionId":"s1","eventList":[)" + kClick + "]}";
  const auto status = put(group, body);
  CHECK(status.code() == StatusCode::kNotFound);
  CHECK_THAT(status.message(), Catch::StartsWith("trackingId: no event tracker \"not-this-group\""));
  CHECK(stored_events(group) == 0);
}

TEST_CASE("put-events: request-level rules", "[events]") {
  const std::string ok_event = "[" + kClick + "]";
  expect_rejected(R"({"sessionId":"s1","eventList":)" + ok_event + "}", "trackingId: required", true);
  expect_rejected(R"({"trackingId":"","sessionId":"s1","eventList":)" + ok_event + "}",
                  "trackingId: must be 1 to 256 characters, got 0", true);
  expect_rejected("{\"trackingId\":\"t\",\"sessionId\":\"s1\"", "PutEvents request is not valid JSON: unexpected end of input at byte 34", true);
  expect_rejected("[]", "PutEvents request: expected a JSON object, got array", true);
}

TEST_CASE("put-events: request-level rules that need the group's tracking id", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  const std::string t = "\"trackingId\":" + quoted(group.tracking_id());
  const std::string ok_event = "[" + kClick + "]";
  struct Case {
    std::string body, message;
  };
  const std::vector<Case> cases = {
      {"{" + t + ",\"eventList\":" + ok_event + "}", "sessionId: required"},
      {"{" + t + ",\"sessionId\":\"" + std::string(257, 's') + "\",\"eventList\":" + ok_event + "}",
       "sessionId: must be 1 to 256 characters, got 257"},
      {"{" + t + ",\"sessionId\":\"s\",\"userId\":\"\",\"eventList\":" + ok_event + "}",
       "userId: must be 1 to 256 characters, got 0"},
      {"{" + t + ",\"sessionId\":\"s\",\"userId\":7,\"eventList\":" + ok_event + "}", "userId: expected a string, got number"},
      {"{" + t + ",\"sessionId\":\"s\"}", "eventList: required"},
      {"{" + t + ",\"sessionId\":\"s\",\"eventList\":[]}", "eventList: must hold 1 to 10 events, got 0"},
      {"{" + t + ",\"sessionId\":\"s\",\"eventList\":{}}", "eventList: expected an array of events, got object"},
      {"{" + t + ",\"sessionId\":\"s\",\"eventList\":[" + repeat(kClick + ",", 10) + kClick + "]}",
       "eventList: must hold 1 to 10 events, got 11"},
      {"{" + t + ",\"sessionId\":\"s\",\"eventlist\":" + ok_event + "}", "unknown member \"eventlist\""},
      {"{" + t + ",\"sessionId\":\"s\",\"eventList\":[\"click\"]}", "eventList[0]: expected an event object, got string"},
      {"{" + t + ",\"sessionId\":\"s\",\"eventList\":[" + click_with(R"("userId":"u9")") + "]}",
       "eventList[0]: unknown member \"userId\""},
  };
  for (const Case& c : cases) {
    const auto status = put(group, c.body);
    INFO(c.body);
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK_THAT(status.message(), Catch::Contains(c.message));
  }
  CHECK(stored_events(group) == 0);
}

TEST_CASE("put-events: every event rule names the event index and the field", "[events]") {
  // Each bad event is the third of the list, so its index is 2.
  struct Case {
    std::string event, message;
  };
  const std::string props = R"("properties":)";
  const std::vector<Case> cases = {
      {R"({"sentAt":1700000000})", "eventList[2].eventType: required"},
      {R"({"eventType":"","sentAt":1700000000})", "eventList[2].eventType: must be 1 to 256 characters, got 0"},
      {"{\"eventType\":\"" + std::string(257, 't') + "\",\"sentAt\":1700000000}",
       "eventList[2].eventType: must be 1 to 256 characters, got 257"},
      {R"({"eventType":"click"})", "eventList[2].sentAt: required"},
      {R"({"eventType":"click","sentAt":"2023-11-14"})", "eventList[2].sentAt: expected a number (epoch seconds), got string"},
      {R"({"eventType":"click","sentAt":-1})", "eventList[2].sentAt: expected epoch seconds from 0 (1970) on, got -1"},
      // The same words as an import's TIMESTAMP (one rule: edgerec/epoch_seconds.h).
      {R"({"eventType":"click","sentAt":1700000000000})",
       "eventList[2].sentAt: got 1700000000000, which looks like milliseconds; sentAt must be epoch seconds"},
      {click_with(R"("eventId":"")"), "eventList[2].eventId: must be 1 to 256 characters, got 0"},
      {click_with("\"eventId\":\"" + std::string(257, 'e') + "\""), "eventList[2].eventId: must be 1 to 256 characters, got 257"},
      {R"({"eventType":"click","sentAt":1700000000,"itemId":""})", "eventList[2].itemId: must be 1 to 256 characters, got 0"},
      {"{\"eventType\":\"click\",\"sentAt\":1700000000,\"itemId\":\"" + std::string(300, 'i') + "\"}",
       "eventList[2].itemId: must be 1 to 256 characters, got 300"},
      {R"({"eventType":"click","sentAt":1700000000,"itemId":17})", "eventList[2].itemId: expected a string, got number"},
      {R"({"eventType":"click","sentAt":1700000000,"itemId":"a\u0000b"})", "eventList[2].itemId: contains a NUL character at byte 1"},
      {click_with(R"("eventValue":"4.5")"), "eventList[2].eventValue: expected a number, got string"},
      {click_with(R"("eventValue":1e39)"), "eventList[2].eventValue: must be a finite number within the 32-bit float range"},
      {click_with(R"("properties":{"numRatings":12})"), "eventList[2].properties: expected a JSON object encoded as a string"},
      {click_with(R"("properties":"")"), "eventList[2].properties: must be 1 to 1024 characters, got 0"},
      {click_with(props + "\"{\\\"note\\\":\\\"" + std::string(1020, 'n') + "\\\"}\""),
       "eventList[2].properties: must be 1 to 1024 characters, got 1031"},
      {click_with(R"("properties":"{numRatings: 12}")"), "eventList[2].properties is not valid JSON: expected a quoted member name at byte 1"},
      {click_with(R"("properties":"[1,2]")"), "eventList[2].properties: must encode a JSON object, got array"},
      {click_with(R"("properties":"{\"NumRatings\":1}")"), "eventList[2].properties: key \"NumRatings\" is not camelCase"},
      {click_with(R"("properties":"{\"num_ratings\":1}")"), "eventList[2].properties: key \"num_ratings\" is not camelCase"},
      {click_with(R"("properties":"{\"tags\":[\"a\",\"b\"]}")"),
       "eventList[2].properties.tags: expected a string, number, boolean or null, got array"},
      {click_with(R"("recommendationId":"")"), "eventList[2].recommendationId: must be 1 to 40 characters, got 0"},
      {click_with(R"("impression":[])"), "eventList[2].impression: must hold 1 to 25 item ids, got 0"},
      {click_with("\"impression\":[" + repeat("\"i\",", 25) + "\"i\"]"), "eventList[2].impression: must hold 1 to 25 item ids, got 26"},
      {click_with(R"("impression":["i1",""])"), "eventList[2].impression[1]: must be 1 to 256 characters, got 0"},
      {click_with(R"("impression":["i1",5])"), "eventList[2].impression[1]: expected a string, got number"},
      {click_with(R"("impression":"i1|i2")"), "eventList[2].impression: expected an array of item ids, got string"},
      {click_with(R"("impression":["i1","i2|i3"])"), "eventList[2].impression[1]: must not contain '|'"},
      {click_with(R"("metricAttribution":{})"), "eventList[2].metricAttribution.eventAttributionSource: required"},
      {click_with(R"("metricAttribution":"home")"), "eventList[2].metricAttribution: expected an object, got string"},
      {click_with(R"("metricAttribution":{"eventAttributionSource":"tab\there"})"),
       "eventList[2].metricAttribution.eventAttributionSource: must be printable ASCII; byte 3 is 0x09"},
      {click_with(R"("metricAttribution":{"eventAttributionSource":"caf\u00e9"})"),
       "eventList[2].metricAttribution.eventAttributionSource: must be printable ASCII"},
      {click_with("\"metricAttribution\":{\"eventAttributionSource\":\"" + std::string(1025, 'a') + "\"}"),
       "eventList[2].metricAttribution.eventAttributionSource: must be 1 to 1024 characters, got 1025"},
      {click_with(R"("itemID":"i1")"), "eventList[2]: unknown member \"itemID\""},
  };
  for (const Case& c : cases) expect_rejected(c.event, c.message);
}

TEST_CASE("put-events: reserved property keys are refused", "[events]") {
  for (const std::string key : {"userId", "sessionId", "eventType", "timestamp", "recommendationId", "impression",
                                "itemId", "eventValue", "eventId", "eventAttributionSource"}) {
    expect_rejected(click_with("\"properties\":\"{\\\"" + key + "\\\":\\\"x\\\"}\""),
                    "eventList[2].properties: key \"" + key + "\" is reserved");
  }
}

TEST_CASE("put-events: lengths count characters, and an event is at most 10 KB", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  // 256 two-byte characters are 256 characters (512 bytes): allowed.
  const std::string e_acute = "\xc3\xa9";
  REQUIRE(put(group, request(group, {"{\"eventType\":\"click\",\"sentAt\":1700000000,\"itemId\":\"" +
                                     repeat(e_acute, 256) + "\"}"}))
              .ok());
  // 25 impression ids of 256 three-byte characters pass every field rule but not the size limit.
  const std::string id = repeat("\xe2\x82\xac", 256);
  std::string impression = "\"impression\":[";
  for (int i = 0; i < 25; ++i) impression += (i ? ",\"" : "\"") + id + "\"";
  impression += "]";
  expect_rejected(click_with(impression), "eventList[2]: the event is 19");
  expect_rejected(click_with(impression), "bytes as JSON, over the limit of 10240 bytes per event");
  CHECK(edgerec::kMaxEventBytes == 10240);
}

TEST_CASE("put-events: property keys map to Interactions columns", "[events]") {
  CHECK(edgerec::property_column_name("numRatings") == "NUM_RATINGS");
  CHECK(edgerec::property_column_name("device") == "DEVICE");
  CHECK(edgerec::property_column_name("genreL2") == "GENRE_L2");
  CHECK(edgerec::property_column_name("aBC") == "A_B_C");
}

TEST_CASE("cli: put-events reads the request from a file or stdin", "[events][cli]") {
  TempDir dir;
  std::string tracking;
  {
    DatasetGroup group = new_group(dir);
    tracking = group.tracking_id();
  }
  const std::string group_dir = dir.file("group");
  const std::string body = "{\"trackingId\":" + quoted(tracking) + ",\"sessionId\":\"s1\",\"eventList\":[" + kClick + "]}";
  write_text_file(dir.file("req.json"), body);
  auto from_file = run_command(kCli + " put-events " + q(group_dir) + " --json " + q(dir.file("req.json")));
  INFO(from_file.err);
  REQUIRE(from_file.exit_code == 0);
  CHECK(from_file.out == "{\"eventsAccepted\":1,\"eventsStored\":1,\"eventsDeduplicated\":0}\n");
  auto from_stdin = run_command(kCli + " put-events " + q(group_dir) + " --json - < " + q(dir.file("req.json")));
  REQUIRE(from_stdin.exit_code == 0);
  CHECK(from_stdin.out == "{\"eventsAccepted\":1,\"eventsStored\":0,\"eventsDeduplicated\":1}\n");

  write_text_file(dir.file("bad.json"), "{\"trackingId\":" + quoted(tracking) +
                                            ",\"sessionId\":\"s1\",\"eventList\":[{\"eventType\":\"click\"}]}");
  auto bad = run_command(kCli + " put-events " + q(group_dir) + " --json " + q(dir.file("bad.json")));
  CHECK(bad.exit_code == 1);
  CHECK(bad.err == "edgerec put-events: InvalidInput: eventList[0].sentAt: required (epoch seconds)\n");

  write_text_file(dir.file("other.json"), "{\"trackingId\":\"nope\",\"sessionId\":\"s1\",\"eventList\":[" + kClick + "]}");
  auto other = run_command(kCli + " put-events " + q(group_dir) + " --json " + q(dir.file("other.json")));
  CHECK(other.exit_code == 1);
  CHECK_THAT(other.err, Catch::StartsWith("edgerec put-events: NotFound: trackingId: no event tracker"));

  auto usage = run_command(kCli + " put-events " + q(group_dir));
  CHECK(usage.exit_code == 2);
  CHECK_THAT(usage.err, Catch::Contains("missing required flag --json"));
  auto no_group = run_command(kCli + " put-events " + q(dir.file("missing")) + " --json " + q(dir.file("req.json")));
  CHECK(no_group.exit_code == 1);
  CHECK_THAT(no_group.err, Catch::Contains("not a dataset group"));
}

TEST_CASE("put-events: a storage failure mid-call leaves nothing behind", "[events]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  // The third insert fails inside SQLite, after two events (and their ids) were written.
  REQUIRE(group.db()
              .exec("CREATE TRIGGER refuse BEFORE INSERT ON interactions_put WHEN NEW.timestamp = 1700000002 "
                    "BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
              .ok());
  std::vector<std::string> events;
  for (int i = 0; i < 4; ++i) {
    events.push_back(R"({"eventType":"click","sentAt":)" + std::to_string(1700000000 + i) + R"(,"itemId":"x)" +
                     std::to_string(i) + "\"}");
  }
  const auto status = put(group, request(group, events));
  CHECK_FALSE(status.ok());
  CHECK_THAT(status.message(), Catch::Contains("refused by test"));
  CHECK(stored_events(group) == 0);
  CHECK(count(group, "SELECT count(*) FROM item_ids") == 0);
  CHECK(count(group, "SELECT count(*) FROM datasets") == 0);
}
