// Event batches: FlatBuffer building, the batch container, and its verified decoding.
//
// The container (container.h) is the solution's with its own magic, and a raw or zstd payload.
#include "edgerec/event_batch.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include <flatbuffers/flatbuffers.h>

#include "edgerec/container.h"
#include "edgerec/events_generated.h"

namespace edgerec {
namespace {

// The batch container: the solution container's layout with its own magic, and a payload that
// may be raw (a device without a compressor) or zstd.
const ContainerFormat kBatchContainer = {
    "event batch", "event batch format", "batch", kEventBatchMagic, "\\x89EREV\\r\\n\\x1a",
    kEventBatchFormatMajor, kEventBatchKnownFlags, false,
};

std::optional<std::string> read_string(const flatbuffers::String* s) {
  if (s == nullptr) return std::nullopt;
  return std::string(s->c_str(), s->size());
}

flatbuffers::Offset<flatbuffers::String> write_string(flatbuffers::FlatBufferBuilder& fbb,
                                                      const std::optional<std::string>& s) {
  return s ? fbb.CreateString(*s) : flatbuffers::Offset<flatbuffers::String>();
}

flatbuffers::Offset<fb::BatchEvent> build_event(flatbuffers::FlatBufferBuilder& fbb, const Event& e) {
  flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>> impression;
  if (e.impression) impression = fbb.CreateVectorOfStrings(*e.impression);
  // Children before the table: FlatBuffers builds bottom-up.
  const auto event_id = write_string(fbb, e.event_id);
  const auto event_type = write_string(fbb, e.event_type);
  const auto item_id = write_string(fbb, e.item_id);
  const auto properties = write_string(fbb, e.properties);
  const auto recommendation_id = write_string(fbb, e.recommendation_id);
  const auto source = write_string(fbb, e.event_attribution_source);
  const auto user_id = write_string(fbb, e.user_id);
  const auto session_id = write_string(fbb, e.session_id);
  fb::BatchEventBuilder b(fbb);
  b.add_event_id(event_id);
  b.add_event_type(event_type);
  if (e.sent_at) b.add_sent_at(*e.sent_at);
  b.add_item_id(item_id);
  if (e.event_value) b.add_event_value(*e.event_value);
  b.add_properties(properties);
  b.add_recommendation_id(recommendation_id);
  b.add_impression(impression);
  b.add_event_attribution_source(source);
  b.add_user_id(user_id);
  b.add_session_id(session_id);
  return b.Finish();
}

Event read_event(const fb::BatchEvent& e) {
  Event out;
  out.event_id = read_string(e.event_id());
  out.event_type = read_string(e.event_type());
  if (e.sent_at()) out.sent_at = *e.sent_at();
  out.item_id = read_string(e.item_id());
  if (e.event_value()) out.event_value = *e.event_value();
  out.properties = read_string(e.properties());
  out.recommendation_id = read_string(e.recommendation_id());
  if (const auto* impression = e.impression()) {
    out.impression.emplace();
    out.impression->reserve(impression->size());
    for (const flatbuffers::String* id : *impression) out.impression->push_back(id->str());
  }
  out.event_attribution_source = read_string(e.event_attribution_source());
  out.user_id = read_string(e.user_id());
  out.session_id = read_string(e.session_id());
  return out;
}

// Doubles compared bit for bit: a round trip must give back exactly what went in, NaN included.
bool same_double(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

}  // namespace

bool Event::operator==(const Event& o) const {
  return event_id == o.event_id && event_type == o.event_type && same_double(sent_at, o.sent_at) &&
         item_id == o.item_id && same_double(event_value, o.event_value) && properties == o.properties &&
         recommendation_id == o.recommendation_id && impression == o.impression &&
         event_attribution_source == o.event_attribution_source && user_id == o.user_id &&
         session_id == o.session_id;
}

bool EventBatch::operator==(const EventBatch& o) const {
  return batch_id == o.batch_id && tracking_id == o.tracking_id && session_id == o.session_id &&
         user_id == o.user_id && same_double(created_at, o.created_at) && events == o.events;
}

Result<std::vector<uint8_t>> encode_event_batch(const EventBatch& batch, const EncodeBatchOptions& options) {
  if (batch.batch_id.empty()) return invalid_input("event batch: batch_id is empty; every batch needs a unique id");
  if (batch.events.size() > options.max_events) {
    return resource_exhausted("event batch holds " + std::to_string(batch.events.size()) +
                              " events, over the limit of " + std::to_string(options.max_events) +
                              "; split it into several batches");
  }
  flatbuffers::FlatBufferBuilder fbb(1024);
  std::vector<flatbuffers::Offset<fb::BatchEvent>> events;
  events.reserve(batch.events.size());
  for (const Event& e : batch.events) {
    events.push_back(build_event(fbb, e));
    // Stop early rather than build a huge buffer that would be refused anyway.
    if (fbb.GetSize() > options.max_content_bytes) break;
  }
  const auto events_vector = fbb.CreateVector(events);
  const auto batch_id = fbb.CreateString(batch.batch_id);
  const auto tracking_id = write_string(fbb, batch.tracking_id);
  const auto session_id = write_string(fbb, batch.session_id);
  const auto user_id = write_string(fbb, batch.user_id);
  fb::EventBatchBuilder b(fbb);
  b.add_batch_id(batch_id);
  b.add_tracking_id(tracking_id);
  b.add_session_id(session_id);
  b.add_user_id(user_id);
  b.add_created_at(batch.created_at);
  b.add_events(events_vector);
  fb::FinishEventBatchBuffer(fbb, b.Finish());
  const uint8_t* content = fbb.GetBufferPointer();
  const size_t content_size = fbb.GetSize();
  if (content_size > options.max_content_bytes) {
    return resource_exhausted("event batch content is over the limit of " + std::to_string(options.max_content_bytes) +
                              " bytes; split it into several batches");
  }

  ContainerHeader header;
  header.major = kEventBatchFormatMajor;
  header.minor = kEventBatchFormatMinor;
  header.flags = 0;
  header.content_size = content_size;
  std::vector<uint8_t> payload;
  if (options.compress) {
    EDGEREC_RETURN_IF_ERROR(options.compress(content, content_size, payload));
    header.flags = kEventBatchFlagZstd;
  } else {
    payload.assign(content, content + content_size);
  }
  header.payload_size = payload.size();
  header.payload_crc32 = crc32(payload.data(), payload.size());
  std::vector<uint8_t> out(kEventBatchHeaderSize + payload.size());
  encode_container_header(header, out.data(), kBatchContainer);
  std::copy(payload.begin(), payload.end(), out.begin() + kEventBatchHeaderSize);
  return out;
}

Result<EventBatch> decode_event_batch(const uint8_t* data, size_t size, const DecodeBatchOptions& options) {
  if (data == nullptr && size != 0) return invalid_input("event batch bytes are null");
  EDGEREC_ASSIGN_OR_RETURN(const ContainerHeader header, parse_container_header(data, size, kBatchContainer));
  const uint64_t cap = std::min<uint64_t>(options.max_content_bytes, FLATBUFFERS_MAX_BUFFER_SIZE);
  std::vector<uint8_t> content;  // a copy even when raw: the Verifier wants aligned bytes
  Status read = read_container_payload(data, header, cap, content);
  if (!read.ok()) return Status(read.code(), "event batch " + read.message());
  if (content.size() < 8 || !fb::EventBatchBufferHasIdentifier(content.data())) {
    return corrupt_data("content is not an event batch FlatBuffer (file identifier is not \"EREV\")");
  }
  flatbuffers::Verifier verifier(content.data(), content.size(), /*max_depth=*/16, /*max_tables=*/1'000'000);
  if (!fb::VerifyEventBatchBuffer(verifier)) {
    return corrupt_data("FlatBuffers verification of the event batch failed (damaged or hostile content)");
  }
  const fb::EventBatch& root = *fb::GetEventBatch(content.data());
  const auto* events = root.events();
  const size_t count = events == nullptr ? 0 : events->size();
  if (count > options.max_events) {
    return resource_exhausted("event batch holds " + std::to_string(count) + " events, over the limit of " +
                              std::to_string(options.max_events));
  }
  EventBatch batch;
  batch.batch_id = root.batch_id()->str();  // (required): the Verifier refused a batch without one
  batch.tracking_id = read_string(root.tracking_id());
  batch.session_id = read_string(root.session_id());
  batch.user_id = read_string(root.user_id());
  batch.created_at = root.created_at();
  batch.events.reserve(count);
  for (size_t i = 0; i < count; ++i) batch.events.push_back(read_event(*events->Get(static_cast<flatbuffers::uoffset_t>(i))));
  return batch;
}

}  // namespace edgerec
