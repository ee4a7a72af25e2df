// Event batches: FlatBuffer building, the batch container, and its verified decoding.
//
// The container layout is the solution's (container.h) with a different magic and flag rule, so
// this file reuses crc32 but has its own header code: parse_container_header names solution
// versions in its errors and insists on a zstd payload, which batches need not have.
#include "edgerec/event_batch.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include <flatbuffers/flatbuffers.h>

#include "edgerec/container.h"
#include "edgerec/events_generated.h"

namespace edgerec {
namespace {

uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t load_u32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
uint64_t load_u64(const uint8_t* p) { return uint64_t{load_u32(p)} | (uint64_t{load_u32(p + 4)} << 32); }
void store_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void store_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
void store_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

constexpr size_t kCrcCoveredBytes = 40;
constexpr int kMaxWindowLog = 27;  // bounds decompression memory, as for solutions

struct BatchHeader {
  uint16_t minor = 0;
  uint32_t header_size = 0;
  uint32_t flags = 0;
  uint64_t payload_size = 0;
  uint64_t content_size = 0;
  uint32_t payload_crc32 = 0;
};

void encode_header(const BatchHeader& h, uint8_t* out) {
  std::memset(out, 0, kEventBatchHeaderSize);
  std::memcpy(out, kEventBatchMagic, sizeof(kEventBatchMagic));
  store_u16(out + 8, kEventBatchFormatMajor);
  store_u16(out + 10, kEventBatchFormatMinor);
  store_u32(out + 12, kEventBatchHeaderSize);
  store_u32(out + 16, h.flags);
  store_u64(out + 24, h.payload_size);
  store_u64(out + 32, h.content_size);
  store_u32(out + 40, crc32(out, kCrcCoveredBytes));
  store_u32(out + 44, h.payload_crc32);
}

Result<BatchHeader> parse_header(const uint8_t* data, size_t size) {
  if (size == 0) return corrupt_data("empty input: an event batch is at least 48 bytes");
  if (size < sizeof(kEventBatchMagic) || std::memcmp(data, kEventBatchMagic, sizeof(kEventBatchMagic)) != 0) {
    return corrupt_data("not an edgerec event batch: bad magic at byte 0 (expected \"\\x89EREV\\r\\n\\x1a\")");
  }
  if (size < kEventBatchHeaderSize) {
    return corrupt_data("truncated header: " + std::to_string(size) + " bytes, expected at least " +
                        std::to_string(kEventBatchHeaderSize));
  }
  const uint16_t major = load_u16(data + 8);
  BatchHeader h;
  h.minor = load_u16(data + 10);
  // Version first: a newer major may lay out the rest of the header differently.
  if (major != kEventBatchFormatMajor) {
    return unsupported_version("event batch format " + std::to_string(major) + "." + std::to_string(h.minor) +
                               " (header byte 8) is not supported: this reader understands major version " +
                               std::to_string(kEventBatchFormatMajor) + "; upgrade edgerec to read it");
  }
  const uint32_t stored_crc = load_u32(data + 40);
  const uint32_t actual_crc = crc32(data, kCrcCoveredBytes);
  if (stored_crc != actual_crc) {
    return corrupt_data("header checksum mismatch (header bytes 0-39 are damaged): stored " +
                        std::to_string(stored_crc) + ", computed " + std::to_string(actual_crc));
  }
  h.header_size = load_u32(data + 12);
  h.flags = load_u32(data + 16);
  h.payload_size = load_u64(data + 24);
  h.content_size = load_u64(data + 32);
  h.payload_crc32 = load_u32(data + 44);
  if (h.header_size < kEventBatchHeaderSize || h.header_size > size) {
    return corrupt_data("header_size " + std::to_string(h.header_size) + " (header byte 12) is invalid for a " +
                        std::to_string(size) + "-byte batch");
  }
  if ((h.flags & ~kEventBatchKnownFlags) != 0) {
    return unsupported_version("unknown flags 0x" + std::to_string(h.flags & ~kEventBatchKnownFlags) +
                               " (header byte 16) in event batch format " + std::to_string(major) + "." +
                               std::to_string(h.minor));
  }
  const uint64_t available = size - h.header_size;
  if (h.payload_size != available) {
    if (h.payload_size > available) {
      return corrupt_data("truncated batch: header declares a " + std::to_string(h.payload_size) +
                          "-byte payload but only " + std::to_string(available) + " bytes follow the header");
    }
    return corrupt_data("trailing data: " + std::to_string(available - h.payload_size) +
                        " unexpected bytes after the " + std::to_string(h.payload_size) + "-byte payload");
  }
  if (h.content_size == 0) return corrupt_data("header declares an empty FlatBuffer (content_size 0)");
  if ((h.flags & kEventBatchFlagZstd) == 0 && h.payload_size != h.content_size) {
    return corrupt_data("uncompressed payload is " + std::to_string(h.payload_size) +
                        " bytes but the header declares " + std::to_string(h.content_size) + " bytes of content");
  }
  return h;
}

// Decompresses one zstd frame into exactly `content_size` bytes (already capped by the caller).
// The output grows only as data really arrives, so a header that lies about the size costs little.
Status decompress(const uint8_t* payload, size_t payload_size, uint64_t content_size, std::vector<uint8_t>& out) {
  const unsigned long long frame_size = ZSTD_getFrameContentSize(payload, payload_size);
  if (frame_size == ZSTD_CONTENTSIZE_ERROR) return corrupt_data("payload at byte 48 is not a valid zstd frame");
  if (frame_size != ZSTD_CONTENTSIZE_UNKNOWN && frame_size != content_size) {
    return corrupt_data("zstd frame declares " + std::to_string(frame_size) + " bytes but the header declares " +
                        std::to_string(content_size));
  }
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!dctx) return resource_exhausted("cannot allocate a zstd decompression context");
  ZSTD_DCtx_setParameter(dctx.get(), ZSTD_d_windowLogMax, kMaxWindowLog);
  const size_t total = static_cast<size_t>(content_size);
  out.clear();
  ZSTD_inBuffer in{payload, payload_size, 0};
  size_t produced = 0;
  for (;;) {
    if (produced == out.size() && out.size() < total) {
      out.resize(std::min(total, std::max<size_t>(out.size() * 2, size_t{64} << 10)));
    }
    ZSTD_outBuffer o{out.data(), out.size(), produced};
    const size_t consumed_before = in.pos;
    const size_t hint = ZSTD_decompressStream(dctx.get(), &o, &in);
    if (ZSTD_isError(hint)) {
      return corrupt_data(std::string("payload is damaged: zstd: ") + ZSTD_getErrorName(hint) + " (after reading " +
                          std::to_string(in.pos) + " of " + std::to_string(payload_size) + " payload bytes)");
    }
    const bool progressed = o.pos != produced || in.pos != consumed_before;
    produced = o.pos;
    if (hint == 0) break;  // frame complete, checksum (if any) verified
    if (!progressed) {
      if (produced == total) {
        return corrupt_data("zstd payload decompresses to more than the declared " + std::to_string(content_size) +
                            " bytes");
      }
      return corrupt_data("payload is truncated: the zstd frame ends after " + std::to_string(produced) + " of " +
                          std::to_string(content_size) + " bytes");
    }
  }
  if (in.pos != in.size) {
    return corrupt_data(std::to_string(in.size - in.pos) + " bytes follow the zstd frame inside the payload");
  }
  if (produced != total) {
    return corrupt_data("payload decompresses to " + std::to_string(produced) + " bytes, header declares " +
                        std::to_string(content_size));
  }
  return Status::ok_status();
}

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

  BatchHeader header;
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
  encode_header(header, out.data());
  std::copy(payload.begin(), payload.end(), out.begin() + kEventBatchHeaderSize);
  return out;
}

Result<EventBatch> decode_event_batch(const uint8_t* data, size_t size, const DecodeBatchOptions& options) {
  if (data == nullptr && size != 0) return invalid_input("event batch bytes are null");
  EDGEREC_ASSIGN_OR_RETURN(const BatchHeader header, parse_header(data, size));
  const uint64_t cap = std::min<uint64_t>(options.max_content_bytes, FLATBUFFERS_MAX_BUFFER_SIZE);
  if (header.content_size > cap) {
    return resource_exhausted("event batch declares " + std::to_string(header.content_size) +
                              " bytes of content, over the limit of " + std::to_string(cap) + " bytes");
  }
  const uint8_t* payload = data + header.header_size;
  const size_t payload_size = static_cast<size_t>(header.payload_size);
  const uint32_t payload_crc = crc32(payload, payload_size);
  if (payload_crc != header.payload_crc32) {
    return corrupt_data("payload checksum mismatch: the " + std::to_string(payload_size) +
                        " bytes after the header are damaged (stored CRC " + std::to_string(header.payload_crc32) +
                        ", computed " + std::to_string(payload_crc) + ")");
  }
  std::vector<uint8_t> content;
  if ((header.flags & kEventBatchFlagZstd) != 0) {
    EDGEREC_RETURN_IF_ERROR(decompress(payload, payload_size, header.content_size, content));
  } else {
    content.assign(payload, payload + payload_size);  // copied: the Verifier wants aligned bytes
  }
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
