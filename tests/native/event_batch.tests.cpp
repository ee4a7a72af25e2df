// Event batches: the core codec (round trip raw and zstd, every corruption refused with a clear
// error and never a crash) and their ingestion into a dataset group (applied once per batch id,
// validated with PutEvents' rules, all or nothing); then encode-batch / ingest-batch.
#include <catch2/catch.hpp>

#include <algorithm>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "edgerec/container.h"
#include "edgerec/event_batch.h"
#include "edgerec/event_buffer.h"
#include "edgerec/solution.h"
#include "events/batch_compression.h"
#include "events/batch_ingest.h"
#include "format/little_endian.h"
#include "store/dataset_group.h"
#include "support/cli_test.h"
#include "support/dataset_group_test.h"
#include "support/fixtures.h"

using edgerec::DatasetGroup;
using edgerec::Event;
using edgerec::EventBatch;
using edgerec::load_u32;
using edgerec::StatusCode;
using edgerec::store_u16;
using edgerec::store_u32;
using edgerec::store_u64;
using edgerec::testing::count;
using edgerec::testing::kCli;
using edgerec::testing::new_group;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

Event click(const std::string& item, double sent_at) {
  Event e;
  e.event_type = "click";
  e.sent_at = sent_at;
  e.item_id = item;
  return e;
}

// A batch using every field, with empty-vs-absent and non-ASCII cases.
EventBatch full_batch() {
  EventBatch b;
  b.batch_id = "b-0001";
  b.tracking_id = "tracking";
  b.session_id = "s1";
  b.user_id = "u1";
  b.created_at = 1700000123.25;
  Event all;
  all.event_id = "e1";
  all.event_type = "purchase";
  all.sent_at = 1700000000.5;
  all.item_id = "caf\xc3\xa9";
  all.event_value = 4.25;
  all.properties = R"({"numRatings":12})";
  all.recommendation_id = "RID-1";
  all.impression = std::vector<std::string>{"i1", "i2", ""};
  all.event_attribution_source = "home";
  all.user_id = "u2";
  all.session_id = "s2";
  Event minimal;
  Event empties;
  empties.event_type = "";
  empties.item_id = "";
  empties.impression = std::vector<std::string>{};
  empties.event_value = 0.0;
  empties.sent_at = 0.0;
  b.events = {all, minimal, empties, click("i9", 1700000001)};
  return b;
}

std::vector<uint8_t> encode(const EventBatch& batch, bool compressed = true) {
  edgerec::EncodeBatchOptions options;
  if (compressed) options.compress = edgerec::zstd_compress_batch;
  auto bytes = edgerec::encode_event_batch(batch, options);
  REQUIRE(bytes.ok());
  return std::move(bytes).value();
}

edgerec::Status decode_status(const std::vector<uint8_t>& bytes, const edgerec::DecodeBatchOptions& options = {}) {
  auto decoded = edgerec::decode_event_batch(bytes.data(), bytes.size(), options);
  return decoded.ok() ? edgerec::Status() : decoded.status();
}

void reseal_header(std::vector<uint8_t>& bytes) { store_u32(bytes.data() + 40, edgerec::crc32(bytes.data(), 40)); }
// Replaces the payload (raw FlatBuffer or zstd frame) and fixes sizes and CRCs around it.
std::vector<uint8_t> with_payload(const std::vector<uint8_t>& batch, const std::vector<uint8_t>& payload,
                                  uint64_t content_size, uint32_t flags) {
  // Sized first and copied element-wise: GCC 12 at -O3 warns falsely (-Wstringop-overread) about
  // vector::insert of a range here.
  std::vector<uint8_t> out(48 + payload.size());
  std::copy(batch.begin(), batch.begin() + 48, out.begin());
  for (size_t i = 0; i < payload.size(); ++i) out[48 + i] = payload[i];
  store_u32(out.data() + 16, flags);
  store_u64(out.data() + 24, payload.size());
  store_u64(out.data() + 32, content_size);
  store_u32(out.data() + 44, edgerec::crc32(payload.data(), payload.size()));
  reseal_header(out);
  return out;
}

// A valid batch for `group`: `n` clicks by u1 in session s1.
EventBatch batch_for(const DatasetGroup& group, const std::string& id, int n = 3) {
  EventBatch b;
  b.batch_id = id;
  b.tracking_id = group.tracking_id();
  b.session_id = "s1";
  b.user_id = "u1";
  for (int i = 0; i < n; ++i) b.events.push_back(click("i" + std::to_string(i), 1700000000 + i));
  return b;
}

edgerec::Result<edgerec::BatchIngestResult> ingest(DatasetGroup& group, const std::vector<uint8_t>& bytes) {
  return edgerec::ingest_event_batch(group, bytes.data(), bytes.size());
}

}  // namespace

TEST_CASE("event batch: encode then decode gives the same batch, compressed or raw", "[event_batch]") {
  const EventBatch batch = full_batch();
  for (const bool compressed : {true, false}) {
    const auto bytes = encode(batch, compressed);
    CHECK(std::memcmp(bytes.data(), edgerec::kEventBatchMagic, 8) == 0);
    CHECK((load_u32(bytes.data() + 16) & edgerec::kEventBatchFlagZstd) == (compressed ? 1u : 0u));
    auto decoded = edgerec::decode_event_batch(bytes.data(), bytes.size());
    REQUIRE(decoded.ok());
    CHECK(*decoded == batch);
    // Absent and empty stay distinct: the validator needs to tell them apart.
    CHECK_FALSE(decoded->events[1].item_id.has_value());
    CHECK_FALSE(decoded->events[1].sent_at.has_value());
    CHECK_FALSE(decoded->events[1].impression.has_value());
    REQUIRE(decoded->events[2].item_id.has_value());
    CHECK(decoded->events[2].item_id->empty());
    REQUIRE(decoded->events[2].impression.has_value());
    CHECK(decoded->events[2].impression->empty());
    REQUIRE(decoded->events[2].event_value.has_value());
    CHECK(*decoded->events[2].event_value == 0.0);
  }
  // The equality used above does notice a difference.
  EventBatch changed = batch;
  changed.events[0].impression->back() = "x";
  CHECK(changed != batch);
}

TEST_CASE("event batch: encoding refuses what a reader would refuse", "[event_batch]") {
  EventBatch batch = full_batch();
  batch.batch_id.clear();
  auto no_id = edgerec::encode_event_batch(batch);
  CHECK(no_id.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(no_id.status().message(), Catch::Contains("batch_id is empty"));

  batch.batch_id = "b";
  edgerec::EncodeBatchOptions few;
  few.max_events = 3;
  auto too_many = edgerec::encode_event_batch(batch, few);
  CHECK(too_many.status().code() == StatusCode::kResourceExhausted);
  CHECK_THAT(too_many.status().message(), Catch::Contains("holds 4 events, over the limit of 3"));

  edgerec::EncodeBatchOptions small;
  small.max_content_bytes = 100;
  auto too_big = edgerec::encode_event_batch(batch, small);
  CHECK(too_big.status().code() == StatusCode::kResourceExhausted);
}

TEST_CASE("event batch: damaged bytes are refused with a clear error, never a crash", "[event_batch]") {
  for (const bool compressed : {true, false}) {
    const auto good = encode(full_batch(), compressed);
    SECTION(std::string("empty, ") + (compressed ? "zstd" : "raw")) {
      const auto s = decode_status({});
      CHECK(s.code() == StatusCode::kCorruptData);
      CHECK_THAT(s.message(), Catch::Contains("empty input"));
    }
    SECTION(std::string("every truncation, ") + (compressed ? "zstd" : "raw")) {
      for (size_t n = 1; n < good.size(); ++n) {
        const std::vector<uint8_t> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
        const auto s = decode_status(cut);
        INFO(n << ": " << s.to_string());
        REQUIRE(s.code() == StatusCode::kCorruptData);
      }
      const auto s = decode_status({good.begin(), good.begin() + 100});
      CHECK_THAT(s.message(), Catch::Contains("truncated batch"));
    }
    SECTION(std::string("every single-bit flip, ") + (compressed ? "zstd" : "raw")) {
      for (size_t i = 0; i < good.size(); ++i) {
        for (int bit = 0; bit < 8; bit += 3) {
          auto bad = good;
          bad[i] = static_cast<uint8_t>(bad[i] ^ (1u << bit));
          const auto s = decode_status(bad);
          INFO("byte " << i << " bit " << bit << ": " << s.to_string());
          REQUIRE_FALSE(s.ok());
        }
      }
      auto bad = good;
      bad[good.size() - 3] ^= 0x10;
      CHECK_THAT(decode_status(bad).message(), Catch::Contains("payload checksum mismatch"));
      bad = good;
      bad[20] ^= 0x01;
      CHECK_THAT(decode_status(bad).message(), Catch::Contains("header checksum mismatch"));
    }
    SECTION(std::string("trailing bytes, ") + (compressed ? "zstd" : "raw")) {
      auto longer = good;
      longer.push_back(0);
      CHECK_THAT(decode_status(longer).message(), Catch::Contains("trailing data: 1 unexpected bytes"));
    }
  }
}

TEST_CASE("event batch: wrong magic, newer versions, unknown flags", "[event_batch]") {
  const auto good = encode(full_batch());
  SECTION("a solution version is not a batch") {
    const auto solution = edgerec::testing::make_popularity_solution({1, 2}, 3);
    const auto s = decode_status(solution);
    CHECK(s.code() == StatusCode::kCorruptData);
    CHECK_THAT(s.message(), Catch::Contains("not an edgerec event batch: bad magic at byte 0"));
    // ... and a batch is not a solution version.
    auto loaded = edgerec::Solution::load(good.data(), good.size());
    CHECK(loaded.status().code() == StatusCode::kCorruptData);
  }
  SECTION("text") {
    const std::string text = "{\"batchId\":\"b\"}";
    const auto s = decode_status(std::vector<uint8_t>(text.begin(), text.end()));
    CHECK_THAT(s.message(), Catch::Contains("bad magic"));
  }
  SECTION("a newer major is refused before anything else is read") {
    auto newer = good;
    store_u16(newer.data() + 8, 2);
    reseal_header(newer);
    const auto s = decode_status(newer);
    CHECK(s.code() == StatusCode::kUnsupportedVersion);
    CHECK_THAT(s.message(), Catch::Contains("event batch format 2.0") && Catch::Contains("upgrade edgerec"));
    // Even with a header this reader could not otherwise parse.
    std::fill(newer.begin() + 12, newer.end(), uint8_t{0xEE});
    CHECK(decode_status(newer).code() == StatusCode::kUnsupportedVersion);
  }
  SECTION("a newer minor with a longer header is read") {
    std::vector<uint8_t> newer(good.begin(), good.begin() + 48);
    newer.insert(newer.end(), 8, uint8_t{0xAB});  // header fields a later minor appended
    newer.insert(newer.end(), good.begin() + 48, good.end());
    store_u16(newer.data() + 10, 7);
    store_u32(newer.data() + 12, 56);
    reseal_header(newer);
    auto decoded = edgerec::decode_event_batch(newer.data(), newer.size());
    REQUIRE(decoded.ok());
    CHECK(*decoded == full_batch());
  }
  SECTION("unknown flags") {
    auto flagged = good;
    store_u32(flagged.data() + 16, load_u32(flagged.data() + 16) | 0x4);
    reseal_header(flagged);
    const auto s = decode_status(flagged);
    CHECK(s.code() == StatusCode::kUnsupportedVersion);
    CHECK_THAT(s.message(), Catch::Contains("unknown flags"));
  }
}

TEST_CASE("event batch: size caps and hostile contents", "[event_batch]") {
  const auto good = encode(full_batch());
  SECTION("content over the cap is refused before decompression") {
    auto huge = good;
    store_u64(huge.data() + 32, uint64_t{1} << 40);
    reseal_header(huge);
    const auto s = decode_status(huge);
    CHECK(s.code() == StatusCode::kResourceExhausted);
    CHECK_THAT(s.message(), Catch::Contains("over the limit of 16777216 bytes"));
    edgerec::DecodeBatchOptions small;
    small.max_content_bytes = 64;
    CHECK(decode_status(good, small).code() == StatusCode::kResourceExhausted);
  }
  SECTION("too many events") {
    edgerec::DecodeBatchOptions few;
    few.max_events = 2;
    const auto s = decode_status(good, few);
    CHECK(s.code() == StatusCode::kResourceExhausted);
    CHECK_THAT(s.message(), Catch::Contains("holds 4 events, over the limit of 2"));
  }
  SECTION("a zstd frame larger than declared") {
    const auto raw = encode(full_batch(), false);
    const std::vector<uint8_t> content(raw.begin() + 48, raw.end());
    std::vector<uint8_t> frame;
    REQUIRE(edgerec::zstd_compress_batch(content.data(), content.size(), frame).ok());
    const auto lying = with_payload(good, frame, content.size() - 8, edgerec::kEventBatchFlagZstd);
    CHECK(decode_status(lying).code() == StatusCode::kCorruptData);
  }
  SECTION("a raw payload whose size disagrees with content_size") {
    const auto raw = encode(full_batch(), false);
    auto bad = raw;
    store_u64(bad.data() + 32, raw.size() - 48 + 1);
    reseal_header(bad);
    CHECK_THAT(decode_status(bad).message(), Catch::Contains("uncompressed payload is"));
  }
  SECTION("valid CRCs around bytes that are not a batch FlatBuffer") {
    const std::vector<uint8_t> junk(200, 0x5A);
    const auto s = decode_status(with_payload(good, junk, junk.size(), 0));
    CHECK(s.code() == StatusCode::kCorruptData);
    CHECK_THAT(s.message(), Catch::Contains("file identifier is not \"EREV\""));
    const std::vector<uint8_t> tiny = {1, 2, 3};
    CHECK(decode_status(with_payload(good, tiny, tiny.size(), 0)).code() == StatusCode::kCorruptData);
  }
  SECTION("the right identifier over hostile offsets fails the Verifier") {
    const auto raw = encode(full_batch(), false);
    std::vector<uint8_t> content(raw.begin() + 48, raw.end());
    store_u32(content.data(), 0x7FFFFFF0u);  // root offset far outside the buffer
    const auto s = decode_status(with_payload(good, content, content.size(), 0));
    CHECK(s.code() == StatusCode::kCorruptData);
    CHECK_THAT(s.message(), Catch::Contains("FlatBuffers verification of the event batch failed"));
  }
}

TEST_CASE("ingest-batch: a batch is stored with its id and recorded", "[event_batch][ingest]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  auto result = ingest(group, encode(batch_for(group, "b1")));
  REQUIRE(result.ok());
  CHECK_FALSE(result->already_ingested);
  CHECK(result->events == 3);
  CHECK(result->stored == 3);
  CHECK(result->to_json() ==
        R"({"batchId":"b1","status":"INGESTED","events":3,"eventsStored":3,"eventsDeduplicated":0})");
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE batch_id = 'b1'") == 3);
  CHECK(count(group, "SELECT events FROM ingested_batches WHERE batch_id = 'b1'") == 3);
  CHECK(count(group, "SELECT count(*) FROM datasets WHERE dataset_type = 'interactions'") == 1);
}

TEST_CASE("ingest-batch: a repeated batch id is applied once", "[event_batch][ingest]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  REQUIRE(ingest(group, encode(batch_for(group, "b1"))).ok());
  // The same id again, even re-encoded raw with other events: acknowledged, nothing changes.
  EventBatch again = batch_for(group, "b1", 5);
  for (Event& e : again.events) e.item_id = "other";
  auto second = ingest(group, encode(again, false));
  REQUIRE(second.ok());
  CHECK(second->already_ingested);
  CHECK(second->stored == 0);
  CHECK_THAT(second->to_json(), Catch::Contains("\"status\":\"ALREADY_INGESTED\""));
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 3);
  CHECK(count(group, "SELECT count(*) FROM ingested_batches") == 1);
  CHECK(count(group, "SELECT count(*) FROM item_ids WHERE item_id = 'other'") == 0);
  // A new id with the same events: applied, and its events deduplicated as PutEvents' are.
  auto third = ingest(group, encode(batch_for(group, "b2")));
  REQUIRE(third.ok());
  CHECK_FALSE(third->already_ingested);
  CHECK(third->deduplicated == 3);
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 3);
  CHECK(count(group, "SELECT count(*) FROM ingested_batches") == 2);
}

TEST_CASE("ingest-batch: one invalid event rejects the batch, which a fixed resend can replace",
          "[event_batch][ingest]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  EventBatch batch = batch_for(group, "b1", 4);
  batch.events[2].item_id = std::string(300, 'i');
  auto rejected = ingest(group, encode(batch));
  CHECK(rejected.status().code() == StatusCode::kInvalidInput);
  CHECK(rejected.status().message() == "batch \"b1\": events[2].itemId: must be 1 to 256 characters, got 300");
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 0);
  CHECK(count(group, "SELECT count(*) FROM ingested_batches") == 0);
  CHECK(count(group, "SELECT count(*) FROM item_ids") == 0);

  batch.events[2].item_id = "i2";
  auto fixed = ingest(group, encode(batch));
  REQUIRE(fixed.ok());
  CHECK_FALSE(fixed->already_ingested);
  CHECK(fixed->stored == 4);
}

TEST_CASE("ingest-batch: the PutEvents rules apply to batch events", "[event_batch][ingest]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  struct Case {
    std::function<void(EventBatch&)> change;
    StatusCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](EventBatch& b) { b.tracking_id = "someone-else"; }, StatusCode::kNotFound,
       "batch \"b\": trackingId: no event tracker \"someone-else\""},
      {[](EventBatch& b) { b.tracking_id.reset(); }, StatusCode::kInvalidInput, "batch \"b\": trackingId: required"},
      {[](EventBatch& b) { b.batch_id = "has space"; }, StatusCode::kInvalidInput,
       "batchId: must be printable ASCII without spaces"},
      {[](EventBatch& b) { b.session_id.reset(); }, StatusCode::kInvalidInput,
       "events[0].sessionId: required (neither the event nor the batch has one)"},
      {[](EventBatch& b) { b.user_id = ""; }, StatusCode::kInvalidInput, "userId: must be 1 to 256 characters, got 0"},
      {[](EventBatch& b) { b.events.clear(); }, StatusCode::kInvalidInput, "events: must hold 1 to 10000 events, got 0"},
      {[](EventBatch& b) { b.events[1].event_type.reset(); }, StatusCode::kInvalidInput, "events[1].eventType: required"},
      {[](EventBatch& b) { b.events[1].sent_at = std::nan(""); }, StatusCode::kInvalidInput,
       "events[1].sentAt: expected epoch seconds, got NaN"},
      {[](EventBatch& b) { b.events[1].event_value = std::numeric_limits<double>::infinity(); },
       StatusCode::kInvalidInput, "events[1].eventValue: must be a finite number"},
      {[](EventBatch& b) { b.events[1].item_id = "bad\xff"; }, StatusCode::kInvalidInput,
       "events[1].itemId: not valid UTF-8 at byte 3"},
      {[](EventBatch& b) { b.events[1].user_id = std::string(257, 'u'); }, StatusCode::kInvalidInput,
       "events[1].userId: must be 1 to 256 characters, got 257"},
      {[](EventBatch& b) { b.events[1].properties = R"({"userId":"x"})"; }, StatusCode::kInvalidInput,
       "events[1].properties: key \"userId\" is reserved"},
  };
  for (const Case& c : cases) {
    EventBatch b = batch_for(group, "b");
    c.change(b);
    auto r = ingest(group, encode(b));
    INFO(r.status().to_string());
    CHECK(r.status().code() == c.code);
    CHECK_THAT(r.status().message(), Catch::Contains(c.message));
  }
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 0);
  CHECK(count(group, "SELECT count(*) FROM ingested_batches") == 0);
  auto corrupt = encode(batch_for(group, "b"));
  corrupt.back() ^= 1;
  CHECK(ingest(group, corrupt).status().code() == StatusCode::kCorruptData);
}

TEST_CASE("ingest-batch: events carry their own identity across a sign-in", "[event_batch][ingest]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  EventBatch b = batch_for(group, "b1", 0);
  b.user_id.reset();  // the device did not know the user at first
  b.session_id = "device-session";
  b.events.push_back(click("i1", 1700000000));  // anonymous
  b.events.push_back(click("i2", 1700000010));  // anonymous
  Event signed_in = click("i3", 1700000020);
  signed_in.user_id = "u42";
  b.events.push_back(signed_in);
  Event other_session = click("i4", 1700000030);
  other_session.user_id = "u42";
  other_session.session_id = "next-session";
  b.events.push_back(other_session);
  REQUIRE(ingest(group, encode(b)).ok());
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE user_idx IS NULL AND session_id = 'device-session'") == 2);
  CHECK(count(group, "SELECT count(*) FROM interactions_put p JOIN user_ids u USING (user_idx) "
                     "WHERE u.user_id = 'u42' AND p.session_id = 'device-session'") == 1);
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE session_id = 'next-session'") == 1);
}

// The device side (the core's EventBuffer) against the server side (ingest_event_batch): what a
// buffer seals is what the server stores, across a sign-in, once per batch id, also when a lost
// acknowledgement makes the device upload the same batch again after a restart.
TEST_CASE("ingest-batch: the batches a device's EventBuffer seals are stored once each", "[event_batch][ingest]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  auto made = edgerec::EventBuffer::create();
  REQUIRE(made.ok());
  edgerec::EventBuffer buffer = std::move(made).value();
  const auto body = [](const std::string& user, int first) {
    std::string b = R"({"sessionId":"device-session")" + (user.empty() ? "" : R"(,"userId":")" + user + "\"") +
                    R"(,"eventList":[)";
    for (int i = 0; i < 5; ++i) {
      b += std::string(i ? "," : "") + R"({"eventType":"click","sentAt":)" + std::to_string(1700000000 + first + i) +
           R"(,"itemId":"i)" + std::to_string(first + i) + "\"}";
    }
    return b + "]}";
  };
  REQUIRE(buffer.put_events_json(body("", 0)).ok());     // before the sign-in
  REQUIRE(buffer.put_events_json(body("u42", 5)).ok());  // after
  auto first = buffer.seal_batch("dev-1", group.tracking_id(), 1700000100, 7, 1 << 20);
  REQUIRE(first.ok());
  auto second = buffer.seal_batch("dev-2", group.tracking_id(), 1700000100, 7, 1 << 20);
  REQUIRE(second.ok());
  auto stored = ingest(group, (*first)->bytes);
  REQUIRE(stored.ok());
  CHECK(stored->stored == 7);
  // The answer is lost: the device restarts from its snapshot and uploads both batches again.
  const std::vector<uint8_t> snapshot = buffer.snapshot().value();
  auto restored = edgerec::EventBuffer::restore(snapshot.data(), snapshot.size());
  REQUIRE(restored.ok());
  for (const edgerec::InFlightBatch& b : restored->in_flight()) {
    auto r = ingest(group, *restored->batch_bytes(b.batch_id));
    REQUIRE(r.ok());
    CHECK(r->already_ingested == (b.batch_id == "dev-1"));
    REQUIRE(restored->acknowledge(b.batch_id).ok());
  }
  CHECK(restored->stats().acknowledged == 10);
  CHECK(restored->stats().buffered_bytes == 0);
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 10);
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE user_idx IS NULL") == 5);
  CHECK(count(group, "SELECT count(*) FROM interactions_put p JOIN user_ids u USING (user_idx) WHERE u.user_id = 'u42'") == 5);
  CHECK(count(group, "SELECT count(*) FROM ingested_batches") == 2);
}

TEST_CASE("cli: encode-batch then ingest-batch, twice", "[event_batch][cli]") {
  TempDir dir;
  std::string tracking;
  {
    DatasetGroup group = new_group(dir);
    tracking = group.tracking_id();
  }
  const std::string g = q(dir.file("group"));
  write_text_file(dir.file("batch.json"),
                  "{\"batchId\":\"cli-1\",\"trackingId\":\"" + tracking +
                      "\",\"sessionId\":\"s1\",\"userId\":\"u1\",\"events\":["
                      "{\"eventType\":\"click\",\"sentAt\":1700000000,\"itemId\":\"i1\"},"
                      "{\"eventType\":\"view\",\"sentAt\":1700000005,\"itemId\":\"i2\",\"userId\":\"u2\"}]}");
  for (const std::string flag : {"", " --raw"}) {
    auto enc = run_command(kCli + " encode-batch --json " + q(dir.file("batch.json")) + " --output " +
                           q(dir.file("b.erev")) + flag);
    INFO(enc.err);
    REQUIRE(enc.exit_code == 0);
    auto first = run_command(kCli + " ingest-batch " + g + " " + q(dir.file("b.erev")));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    if (flag.empty()) {
      CHECK(first.out == "{\"batchId\":\"cli-1\",\"status\":\"INGESTED\",\"events\":2,\"eventsStored\":2,"
                         "\"eventsDeduplicated\":0}\n");
    } else {
      CHECK_THAT(first.out, Catch::Contains("\"status\":\"ALREADY_INGESTED\""));
    }
  }
  // A damaged file among good ones: reported by name, exit 1, the others still applied.
  write_text_file(dir.file("junk.erev"), "not a batch");
  write_text_file(dir.file("b2.json"), "{\"batchId\":\"cli-2\",\"trackingId\":\"" + tracking +
                                           "\",\"sessionId\":\"s9\",\"events\":[{\"eventType\":\"click\",\"sentAt\":1}]}");
  REQUIRE(run_command(kCli + " encode-batch --json " + q(dir.file("b2.json")) + " --output " + q(dir.file("b2.erev")))
              .exit_code == 0);
  auto mixed = run_command(kCli + " ingest-batch " + g + " " + q(dir.file("junk.erev")) + " " + q(dir.file("b2.erev")));
  CHECK(mixed.exit_code == 1);
  CHECK_THAT(mixed.err, Catch::Contains("junk.erev: not an edgerec event batch"));
  CHECK_THAT(mixed.out, Catch::Contains("\"batchId\":\"cli-2\",\"status\":\"INGESTED\""));

  write_text_file(dir.file("bad.json"), "{\"events\":[{\"eventType\":\"click\",\"sentAt\":\"now\"}]}");
  auto bad = run_command(kCli + " encode-batch --json " + q(dir.file("bad.json")) + " --output " + q(dir.file("x.erev")));
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("events[0].sentAt: expected a number (epoch seconds), got string"));
  auto usage = run_command(kCli + " ingest-batch " + g);
  CHECK(usage.exit_code == 2);
}

TEST_CASE("ingest-batch: a storage failure mid-batch stores nothing and does not record the batch",
          "[event_batch][ingest]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  REQUIRE(group.db()
              .exec("CREATE TRIGGER refuse BEFORE INSERT ON interactions_put WHEN NEW.timestamp = 1700000002 "
                    "BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
              .ok());
  const auto bytes = encode(batch_for(group, "b1", 5));
  auto failed = ingest(group, bytes);
  CHECK_THAT(failed.status().message(), Catch::Contains("refused by test"));
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 0);
  CHECK(count(group, "SELECT count(*) FROM ingested_batches") == 0);
  // Once the cause is gone, the same bytes are applied (not "already ingested").
  REQUIRE(group.db().exec("DROP TRIGGER refuse").ok());
  auto retried = ingest(group, bytes);
  REQUIRE(retried.ok());
  CHECK_FALSE(retried->already_ingested);
  CHECK(retried->stored == 5);
}
