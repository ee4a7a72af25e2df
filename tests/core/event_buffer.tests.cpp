// The device's event buffer (edgerec/event_buffer.h): the server's rules on the way in, batches
// the server's decoder reads, removal only on acknowledgement, bounds that drop the oldest and
// count them, and snapshots that survive a restart and refuse damage.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "edgerec/event_batch.h"
#include "edgerec/event_buffer.h"

using edgerec::EventBatch;
using edgerec::EventBuffer;
using edgerec::EventBufferLimits;
using edgerec::StatusCode;

namespace {

std::string put_body(const std::string& session, const std::string& user, int first, int count) {
  std::string body = "{\"sessionId\":\"" + session + "\"";
  if (!user.empty()) body += ",\"userId\":\"" + user + "\"";
  body += ",\"eventList\":[";
  for (int i = 0; i < count; ++i) {
    body += std::string(i ? "," : "") + "{\"eventId\":\"e" + std::to_string(first + i) +
            "\",\"eventType\":\"click\",\"sentAt\":" + std::to_string(1700000000 + first + i) + ",\"itemId\":\"i" +
            std::to_string(first + i) + "\"}";
  }
  return body + "]}";
}

EventBuffer make(EventBufferLimits limits = {}) {
  auto b = EventBuffer::create(limits);
  REQUIRE(b.ok());
  return std::move(b).value();
}

EventBatch decoded(const edgerec::SealedBatch& sealed) {
  auto batch = edgerec::decode_event_batch(sealed.bytes.data(), sealed.bytes.size());
  REQUIRE(batch.ok());
  return std::move(batch).value();
}

// Event ids of a batch, in order.
std::vector<std::string> ids(const EventBatch& batch) {
  std::vector<std::string> out;
  for (const auto& e : batch.events) out.push_back(e.event_id.value_or("?"));
  return out;
}

}  // namespace

TEST_CASE("event buffer: events go out in batches the server reads, oldest first, with their identity") {
  EventBuffer buffer = make();
  REQUIRE(buffer.put_events_json(put_body("s1", "", 0, 3)).value() == 3);  // anonymous
  REQUIRE(buffer.put_events_json(put_body("s1", "u1", 3, 2)).value() == 2);  // signed in
  CHECK(buffer.stats().pending_events == 5);
  auto sealed = buffer.seal_batch("b-1", "tracker-1", 1700000100, 4, 1 << 20);
  REQUIRE(sealed.ok());
  REQUIRE(sealed->has_value());
  CHECK((*sealed)->events == 4);
  const EventBatch batch = decoded(**sealed);
  CHECK(batch.batch_id == "b-1");
  CHECK(batch.tracking_id == std::optional<std::string>("tracker-1"));
  CHECK(ids(batch) == std::vector<std::string>{"e0", "e1", "e2", "e3"});
  // The batch's defaults are the first event's; an event that differs carries its own.
  CHECK(batch.session_id == std::optional<std::string>("s1"));
  CHECK_FALSE(batch.user_id.has_value());
  CHECK_FALSE(batch.events[0].user_id.has_value());
  CHECK(batch.events[3].user_id == std::optional<std::string>("u1"));
  CHECK(buffer.stats().pending_events == 1);
  CHECK(buffer.stats().in_flight_events == 4);
}

TEST_CASE("event buffer: a request with one bad event is refused whole, with the server's message") {
  EventBuffer buffer = make();
  const std::string bad = R"({"sessionId":"s","eventList":[{"eventType":"click","sentAt":1700000000,"itemId":"i1"},)"
                          R"({"eventType":"click","sentAt":1700000000,"itemId":""}]})";
  auto r = buffer.put_events_json(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(r.status().message(), Catch::Contains("eventList[1].itemId: must be 1 to 256 characters, got 0"));
  CHECK(buffer.stats().pending_events == 0);
  CHECK(buffer.stats().accepted == 0);
  CHECK_FALSE(buffer.put_events_json(R"({"eventList":[]})").ok());
}

TEST_CASE("event buffer: a batch leaves only when the server acknowledges its id") {
  EventBuffer buffer = make();
  REQUIRE(buffer.put_events_json(put_body("s", "u", 0, 10)).ok());
  auto first = buffer.seal_batch("b-1", "t", 0, 6, 1 << 20);
  REQUIRE(first.ok());
  // Sealing again gives the next events, never the ones in flight.
  auto second = buffer.seal_batch("b-2", "t", 0, 6, 1 << 20);
  REQUIRE(second.ok());
  CHECK(ids(decoded(**second)) == std::vector<std::string>{"e6", "e7", "e8", "e9"});
  auto none = buffer.seal_batch("b-3", "t", 0, 6, 1 << 20);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  // Still held for another upload until acknowledged.
  REQUIRE(buffer.in_flight().size() == 2);
  CHECK(*buffer.batch_bytes(buffer.in_flight()[0].batch_id) == (*first)->bytes);
  CHECK(buffer.seal_batch("b-1", "t", 0, 6, 1 << 20).status().code() == StatusCode::kAlreadyExists);
  REQUIRE(buffer.acknowledge("b-1").ok());
  CHECK(buffer.acknowledge("b-1").code() == StatusCode::kNotFound);  // a repeated ack changes nothing
  CHECK(buffer.stats().acknowledged == 6);
  CHECK(buffer.stats().in_flight_events == 4);
  // Refused by the server: set aside, reported, not uploaded again.
  REQUIRE(buffer.set_aside("b-2", "400 InvalidInputException: ...").ok());
  CHECK(buffer.in_flight().empty());
  REQUIRE(buffer.set_aside_batches().size() == 1);
  CHECK(buffer.set_aside_batches()[0].events == 4);
  CHECK(buffer.stats().set_aside_events == 4);
  CHECK(buffer.clear_set_aside() == 4);
  CHECK(buffer.stats().buffered_bytes == 0);
}

TEST_CASE("event buffer: batches keep to their byte budget, and one event always goes") {
  EventBuffer buffer = make();
  REQUIRE(buffer.put_events_json(put_body("s", "u", 0, 10)).ok());
  REQUIRE(buffer.put_events_json(put_body("s", "u", 10, 10)).ok());
  auto all = buffer.seal_batch("probe", "t", 0, 20, 1 << 20);
  REQUIRE(all.ok());
  const size_t whole = (*all)->bytes.size();
  REQUIRE(buffer.set_aside("probe", "").ok());
  REQUIRE(buffer.clear_set_aside() == 20);
  REQUIRE(buffer.put_events_json(put_body("s", "u", 0, 10)).ok());
  REQUIRE(buffer.put_events_json(put_body("s", "u", 10, 10)).ok());
  auto half = buffer.seal_batch("b-1", "t", 0, 20, whole / 2);
  REQUIRE(half.ok());
  CHECK((*half)->bytes.size() <= whole / 2);
  CHECK((*half)->events > 1);
  CHECK((*half)->events < 20);
  auto tiny = buffer.seal_batch("b-2", "t", 0, 20, 1);
  REQUIRE(tiny.ok());
  CHECK((*tiny)->events == 1);
}

TEST_CASE("event buffer: past its bounds the oldest events are dropped and counted") {
  EventBufferLimits limits;
  limits.max_events = 25;
  EventBuffer buffer = make(limits);
  REQUIRE(buffer.put_events_json(put_body("s", "u", 0, 10)).ok());
  REQUIRE(buffer.seal_batch("b-1", "t", 0, 10, 1 << 20).ok());  // e0-e9 in flight
  REQUIRE(buffer.put_events_json(put_body("s", "u", 10, 10)).ok());
  REQUIRE(buffer.put_events_json(put_body("s", "u", 20, 10)).ok());  // 30 > 25: b-1 goes, whole
  CHECK(buffer.stats().dropped == 10);
  CHECK(buffer.in_flight().empty());
  CHECK(buffer.acknowledge("b-1").code() == StatusCode::kNotFound);
  REQUIRE(buffer.put_events_json(put_body("s", "u", 30, 10)).ok());  // 30 pending > 25: e10-e14
  CHECK(buffer.stats().dropped == 15);
  CHECK(buffer.stats().pending_events == 25);
  auto next = buffer.seal_batch("b-2", "t", 0, 1, 1 << 20);
  REQUIRE(next.ok());
  CHECK(ids(decoded(**next)) == std::vector<std::string>{"e15"});
  CHECK(buffer.stats().accepted == 40);

  EventBufferLimits by_bytes;
  by_bytes.max_bytes = 500;  // about five of these events
  EventBuffer small = make(by_bytes);
  REQUIRE(small.put_events_json(put_body("s", "u", 0, 10)).ok());
  CHECK(small.stats().buffered_bytes <= 500);
  CHECK(small.stats().dropped + small.stats().pending_events == 10);
  CHECK(small.stats().dropped > 0);
  CHECK(EventBuffer::create({0, 1}).status().code() == StatusCode::kInvalidInput);
}

TEST_CASE("event buffer: a snapshot restores every batch, event and counter") {
  EventBuffer buffer = make();
  REQUIRE(buffer.put_events_json(put_body("s1", "", 0, 5)).ok());
  REQUIRE(buffer.put_events_json(put_body("s1", "u1", 5, 5)).ok());
  auto in_flight = buffer.seal_batch("b-1", "t", 0, 3, 1 << 20);
  REQUIRE(buffer.seal_batch("b-2", "t", 0, 2, 1 << 20).ok());
  REQUIRE(buffer.set_aside("b-2", "refused: 400").ok());
  REQUIRE(buffer.seal_batch("b-3", "t", 0, 1, 1 << 20).ok());
  REQUIRE(buffer.acknowledge("b-3").ok());
  const std::vector<uint8_t> bytes = buffer.snapshot().value();

  auto restored = EventBuffer::restore(bytes.data(), bytes.size());
  REQUIRE(restored.ok());
  const auto before = buffer.stats();
  const auto after = restored->stats();
  CHECK(after.pending_events == before.pending_events);
  CHECK(after.in_flight_events == before.in_flight_events);
  CHECK(after.set_aside_events == before.set_aside_events);
  CHECK(after.buffered_bytes == before.buffered_bytes);
  CHECK(after.accepted == 10);
  CHECK(after.acknowledged == 1);
  // The batch in flight goes up again under the same id and bytes: the server applies it once.
  REQUIRE(restored->in_flight().size() == 1);
  CHECK(restored->in_flight()[0].batch_id == "b-1");
  CHECK(*restored->batch_bytes(restored->in_flight()[0].batch_id) == (*in_flight)->bytes);
  CHECK(restored->set_aside_batches()[0].reason == "refused: 400");
  auto rest = restored->seal_batch("b-4", "t", 0, 10, 1 << 20);
  REQUIRE(rest.ok());
  const EventBatch batch = decoded(**rest);
  CHECK(ids(batch) == std::vector<std::string>{"e6", "e7", "e8", "e9"});
  CHECK(batch.user_id == std::optional<std::string>("u1"));
  // And a restored buffer snapshots to the same bytes.
  auto again = EventBuffer::restore(bytes.data(), bytes.size());
  CHECK(again->snapshot().value() == bytes);
}

TEST_CASE("event buffer: every truncation and bit flip of a snapshot is refused, never a crash") {
  EventBuffer buffer = make();
  REQUIRE(buffer.put_events_json(put_body("s", "u", 0, 4)).ok());
  REQUIRE(buffer.seal_batch("b-1", "t", 0, 2, 1 << 20).ok());
  const std::vector<uint8_t> bytes = buffer.snapshot().value();
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = EventBuffer::restore(bytes.data(), n);
    INFO(n);
    CHECK_FALSE(r.ok());
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::vector<uint8_t> flipped = bytes;
    flipped[i] ^= 0x10;
    auto r = EventBuffer::restore(flipped.data(), flipped.size());
    INFO(i);
    REQUIRE_FALSE(r.ok());
    CHECK((r.status().code() == StatusCode::kCorruptData || r.status().code() == StatusCode::kUnsupportedVersion));
  }
  // A smaller bound on restore drops the oldest, counted.
  EventBufferLimits one;
  one.max_events = 1;
  auto small = EventBuffer::restore(bytes.data(), bytes.size(), one);
  REQUIRE(small.ok());
  CHECK(small->stats().dropped == 3);
  CHECK(small->stats().pending_events == 1);
}
