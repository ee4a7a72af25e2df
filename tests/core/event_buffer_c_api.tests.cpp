// The event buffer through the C ABI (edgerec.h): what a wasm or other-language host calls.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "edgerec/edgerec.h"
#include "edgerec/event_batch.h"
#include "edgerec/json.h"

namespace {

// The JSON a call handed over: pointers, read only after the call (its arguments are evaluated
// in no set order).
std::string call_json(edgerec_status status, char** json, const size_t* len) {
  REQUIRE(status == EDGEREC_OK);
  std::string s(*json, *len);
  edgerec_string_free(*json);
  *json = nullptr;
  return s;
}

std::vector<uint8_t> take_bytes(uint8_t* bytes, size_t size) {
  std::vector<uint8_t> out(bytes, bytes + size);
  edgerec_dealloc(bytes);
  return out;
}

double member(const std::string& json, const char* name) {
  auto v = edgerec::parse_json(json, "stats");
  REQUIRE(v.ok());
  REQUIRE(v->find(name) != nullptr);
  return v->find(name)->as_number();
}

const std::string kEvents =
    R"({"sessionId":"s","userId":"u","eventList":[{"eventId":"a","eventType":"click","sentAt":1700000000,"itemId":"i1"},)"
    R"({"eventId":"b","eventType":"click","sentAt":1700000001,"itemId":"i2"}]})";

}  // namespace

TEST_CASE("event buffer c api: put, seal, upload bytes, acknowledge, snapshot and restore") {
  edgerec_event_buffer* buffer = nullptr;
  const std::string options = R"({"maxBufferedEvents":100})";
  REQUIRE(edgerec_event_buffer_create(options.data(), options.size(), &buffer) == EDGEREC_OK);
  char* json = nullptr;
  size_t len = 0;
  CHECK(call_json(edgerec_event_buffer_put_events(buffer, kEvents.data(), kEvents.size(), &json, &len), &json, &len) ==
        R"({"eventsAccepted":2})");

  const std::string seal = R"({"batchId":"b-1","trackingId":"t","createdAt":1700000002,"maxEvents":1})";
  uint8_t* bytes = nullptr;
  size_t size = 0;
  REQUIRE(edgerec_event_buffer_seal(buffer, seal.data(), seal.size(), &bytes, &size) == EDGEREC_OK);
  const std::vector<uint8_t> sealed = take_bytes(bytes, size);
  auto batch = edgerec::decode_event_batch(sealed.data(), sealed.size());
  REQUIRE(batch.ok());
  CHECK(batch->batch_id == "b-1");
  REQUIRE(batch->events.size() == 1);
  CHECK(batch->events[0].event_id == std::optional<std::string>("a"));

  // The same bytes again, for a retry after a lost answer.
  const std::string id = "b-1";
  REQUIRE(edgerec_event_buffer_batch(buffer, id.data(), id.size(), &bytes, &size) == EDGEREC_OK);
  CHECK(take_bytes(bytes, size) == sealed);

  const std::string stats = call_json(edgerec_event_buffer_stats(buffer, &json, &len), &json, &len);
  CHECK(member(stats, "pendingEvents") == 1);
  CHECK(member(stats, "inFlightEvents") == 1);
  CHECK_THAT(stats, Catch::Contains(R"("inFlight":[{"batchId":"b-1","events":1}])"));

  REQUIRE(edgerec_event_buffer_snapshot(buffer, &bytes, &size) == EDGEREC_OK);
  const std::vector<uint8_t> snapshot = take_bytes(bytes, size);
  REQUIRE(edgerec_event_buffer_acknowledge(buffer, id.data(), id.size()) == EDGEREC_OK);
  CHECK(edgerec_event_buffer_acknowledge(buffer, id.data(), id.size()) == EDGEREC_NOT_FOUND);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("no batch in flight"));
  edgerec_event_buffer_free(buffer);

  // After a restart the batch is still in flight under its id.
  edgerec_event_buffer* restored = nullptr;
  REQUIRE(edgerec_event_buffer_restore(snapshot.data(), snapshot.size(), nullptr, 0, &restored) == EDGEREC_OK);
  REQUIRE(edgerec_event_buffer_batch(restored, id.data(), id.size(), &bytes, &size) == EDGEREC_OK);
  CHECK(take_bytes(bytes, size) == sealed);
  const std::string again = R"({"batchId":"b-2","trackingId":"t"})";
  REQUIRE(edgerec_event_buffer_seal(restored, again.data(), again.size(), &bytes, &size) == EDGEREC_OK);
  CHECK(size > 0);
  edgerec_dealloc(bytes);
  // Nothing pending: OK with no bytes.
  const std::string third = R"({"batchId":"b-3","trackingId":"t"})";
  REQUIRE(edgerec_event_buffer_seal(restored, third.data(), third.size(), &bytes, &size) == EDGEREC_OK);
  CHECK(bytes == nullptr);
  CHECK(size == 0);
  const std::string reason = "400 InvalidInputException";
  const std::string b2 = "b-2";
  REQUIRE(edgerec_event_buffer_set_aside(restored, b2.data(), b2.size(), reason.data(), reason.size()) == EDGEREC_OK);
  CHECK_THAT(call_json(edgerec_event_buffer_stats(restored, &json, &len), &json, &len),
             Catch::Contains(R"("setAside":[{"batchId":"b-2","events":1,"reason":"400 InvalidInputException"}])"));
  size_t cleared = 0;
  REQUIRE(edgerec_event_buffer_clear_set_aside(restored, &cleared) == EDGEREC_OK);
  CHECK(cleared == 1);
  edgerec_event_buffer_free(restored);
}

TEST_CASE("event buffer c api: bad arguments get codes and messages, never a crash") {
  edgerec_event_buffer* buffer = nullptr;
  CHECK(edgerec_event_buffer_create(nullptr, 0, nullptr) == EDGEREC_INVALID_INPUT);
  const std::string bad_options = R"({"maxBufferedEvents":0})";
  CHECK(edgerec_event_buffer_create(bad_options.data(), bad_options.size(), &buffer) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("maxBufferedEvents: must be a whole number"));
  const std::string unknown = R"({"maxEvents":5})";
  CHECK(edgerec_event_buffer_create(unknown.data(), unknown.size(), &buffer) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("unknown member \"maxEvents\""));
  const uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
  CHECK(edgerec_event_buffer_restore(junk, sizeof(junk), nullptr, 0, &buffer) == EDGEREC_CORRUPT_DATA);

  REQUIRE(edgerec_event_buffer_create(nullptr, 0, &buffer) == EDGEREC_OK);
  char* json = nullptr;
  size_t len = 0;
  const std::string bad_event = R"({"sessionId":"s","eventList":[{"eventType":"click"}]})";
  CHECK(edgerec_event_buffer_put_events(buffer, bad_event.data(), bad_event.size(), &json, &len) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("eventList[0].sentAt: required"));
  uint8_t* bytes = nullptr;
  size_t size = 0;
  const std::string no_id = R"({"trackingId":"t"})";
  CHECK(edgerec_event_buffer_seal(buffer, no_id.data(), no_id.size(), &bytes, &size) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("batchId: required"));
  const std::string spaced = R"({"batchId":"a b","trackingId":"t"})";
  CHECK(edgerec_event_buffer_seal(buffer, spaced.data(), spaced.size(), &bytes, &size) == EDGEREC_INVALID_INPUT);
  CHECK(edgerec_event_buffer_seal(nullptr, no_id.data(), no_id.size(), &bytes, &size) == EDGEREC_INVALID_INPUT);
  CHECK(edgerec_event_buffer_stats(buffer, nullptr, &len) == EDGEREC_INVALID_INPUT);
  edgerec_event_buffer_free(buffer);
  edgerec_event_buffer_free(nullptr);
}
