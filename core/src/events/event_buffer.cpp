// The device's event buffer (see event_buffer.h).
#include "edgerec/event_buffer.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "edgerec/container.h"
#include "edgerec/event_json.h"
#include "edgerec/event_validation.h"
#include "edgerec/limits.h"

namespace edgerec {
namespace {

// Snapshot layout (little-endian):
//   magic "EREVBUF\0", u32 version, u64 accepted, u64 acknowledged, u64 dropped,
//   u32 held batches, each: u8 set_aside, u32 id bytes, id, u32 reason bytes, reason,
//     u32 events, u32 their JSON bytes, u32 batch bytes, the .erev batch (none once set aside)
//   u32 pending bytes, .erev batch of the pending events (each with its own identity), or 0
//   u32 CRC-32 of everything before it
constexpr char kSnapshotMagic[8] = {'E', 'R', 'E', 'V', 'B', 'U', 'F', '\0'};
constexpr uint32_t kSnapshotVersion = 1;
constexpr char kPendingBatchId[] = "pending";

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_bytes(std::vector<uint8_t>& out, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + size);
}

// Reads the snapshot front to back; every read checks the bytes left and names the offset.
class SnapshotReader {
 public:
  SnapshotReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  size_t offset() const { return offset_; }
  Status need(size_t n, const char* what) const {
    if (size_ - offset_ < n) {
      return corrupt_data(std::string("event buffer snapshot: truncated at byte ") + std::to_string(offset_) +
                           " (reading " + what + ")");
    }
    return Status::ok_status();
  }
  Result<uint64_t> u64(const char* what) { return little_endian<uint64_t>(what); }
  Result<uint32_t> u32(const char* what) { return little_endian<uint32_t>(what); }
  Result<uint8_t> u8(const char* what) {
    EDGEREC_RETURN_IF_ERROR(need(1, what));
    return data_[offset_++];
  }
  Result<const uint8_t*> bytes(size_t n, const char* what) {
    EDGEREC_RETURN_IF_ERROR(need(n, what));
    const uint8_t* p = data_ + offset_;
    offset_ += n;
    return p;
  }

 private:
  template <class T>
  Result<T> little_endian(const char* what) {
    EDGEREC_RETURN_IF_ERROR(need(sizeof(T), what));
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<T>(data_[offset_ + i]) << (8 * i));
    offset_ += sizeof(T);
    return v;
  }

  const uint8_t* data_;
  size_t size_;
  size_t offset_ = 0;
};

// The event as a batch stores it under defaults: identity fields equal to the batch's are left
// out (the reader applies the batch's).
Event under_defaults(Event e, const EventBatch& batch) {
  if (e.user_id == batch.user_id) e.user_id.reset();
  if (e.session_id == batch.session_id) e.session_id.reset();
  return e;
}

}  // namespace

Result<EventBuffer> EventBuffer::create(EventBufferLimits limits) {
  if (limits.max_events == 0 || limits.max_bytes == 0) {
    return invalid_input("event buffer: maxBufferedEvents and maxBufferedBytes must be at least 1");
  }
  return EventBuffer(limits);
}

Result<size_t> EventBuffer::put_events_json(std::string_view request_json) {
  EDGEREC_ASSIGN_OR_RETURN(const PutEventsRequest request, parse_put_events_request(request_json));
  return put_events(request);
}

Result<size_t> EventBuffer::put_events(const PutEventsRequest& request) {
  // The server's rules, all events first: one bad event and none is taken.
  EDGEREC_RETURN_IF_ERROR(validate_put_events(request, TrackingIdRule::kOptional).status());
  for (const Event& e : *request.event_list) {
    Pending p;
    p.event = e;
    p.event.user_id = request.user_id;
    p.event.session_id = request.session_id;
    p.json_bytes = event_json_size(p.event);
    bytes_ += p.json_bytes;
    pending_.push_back(std::move(p));
  }
  accepted_ += request.event_list->size();
  enforce_bounds();
  return request.event_list->size();
}

void EventBuffer::enforce_bounds() {
  const auto over = [this] { return held_events_ + pending_.size() > limits_.max_events || bytes_ > limits_.max_bytes; };
  // Oldest first: refused batches (never to be uploaded), then batches in flight, whole.
  for (const bool refused : {true, false}) {
    while (over()) {
      const auto it = std::find_if(held_.begin(), held_.end(), [&](const Held& h) { return h.set_aside == refused; });
      if (it == held_.end()) break;
      dropped_ += it->events;
      held_events_ -= it->events;
      bytes_ -= it->json_bytes;
      held_.erase(it);
    }
  }
  while (over() && !pending_.empty()) {
    bytes_ -= pending_.front().json_bytes;
    pending_.pop_front();
    ++dropped_;
  }
}

EventBuffer::Held* EventBuffer::find_held(std::string_view batch_id) {
  const auto it = std::find_if(held_.begin(), held_.end(), [&](const Held& h) { return h.batch_id == batch_id; });
  return it == held_.end() ? nullptr : &*it;
}

Result<std::optional<SealedBatch>> EventBuffer::seal_batch(const std::string& batch_id, const std::string& tracking_id,
                                                           double created_at, size_t max_events, size_t max_bytes,
                                                           const BatchCompressor& compress) {
  EDGEREC_RETURN_IF_ERROR(validate_batch_id(batch_id));
  EDGEREC_RETURN_IF_ERROR(validate_text_field(tracking_id, "trackingId", kMaxIdLength, true));
  if (find_held(batch_id) != nullptr) {
    return already_exists("batchId " + batch_id + ": the buffer already holds a batch with this id");
  }
  if (pending_.empty()) return std::optional<SealedBatch>();
  const size_t limit = std::max<size_t>(1, std::min(max_events, kMaxBatchEvents));
  EventBatch batch;
  batch.batch_id = batch_id;
  batch.tracking_id = tracking_id;
  batch.created_at = created_at;
  batch.user_id = pending_.front().event.user_id;
  batch.session_id = pending_.front().event.session_id;
  EncodeBatchOptions options;
  options.compress = compress;
  const auto encode = [&](size_t count) {
    batch.events.clear();
    for (size_t i = 0; i < count; ++i) batch.events.push_back(under_defaults(pending_[i].event, batch));
    return encode_event_batch(batch, options);
  };
  // The most events whose encoding fits max_bytes: all of them in one encoding when they fit,
  // else a binary search (the size grows with the count). One event always goes: it is at most
  // kMaxEventBytes as JSON, less than any host's max_bytes.
  size_t taken = std::min(pending_.size(), limit);
  EDGEREC_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, encode(taken));
  if (bytes.size() > max_bytes && taken > 1) {
    size_t fits = 1;  // found to fit (or the floor)
    size_t too_many = taken;
    while (too_many - fits > 1) {
      const size_t mid = fits + (too_many - fits) / 2;
      EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> trial, encode(mid));
      if (trial.size() <= max_bytes) fits = mid;
      else too_many = mid;
    }
    taken = fits;
    EDGEREC_ASSIGN_OR_RETURN(bytes, encode(taken));
  }
  size_t json_bytes = 0;
  for (size_t i = 0; i < taken; ++i) json_bytes += pending_[i].json_bytes;
  Held held;
  held.batch_id = batch_id;
  held.events = taken;
  held.json_bytes = json_bytes;
  held.bytes = bytes;
  held_.push_back(std::move(held));
  held_events_ += taken;
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(taken));
  return std::optional<SealedBatch>(SealedBatch{batch_id, taken, std::move(bytes)});
}

std::vector<InFlightBatch> EventBuffer::in_flight() const {
  std::vector<InFlightBatch> out;
  for (const Held& h : held_) {
    if (!h.set_aside) out.push_back({h.batch_id, h.events});
  }
  return out;
}

const std::vector<uint8_t>* EventBuffer::batch_bytes(std::string_view batch_id) const {
  for (const Held& h : held_) {
    if (!h.set_aside && h.batch_id == batch_id) return &h.bytes;
  }
  return nullptr;
}

std::vector<SetAsideBatch> EventBuffer::set_aside_batches() const {
  std::vector<SetAsideBatch> out;
  for (const Held& h : held_) {
    if (h.set_aside) out.push_back({h.batch_id, h.events, h.reason});
  }
  return out;
}

Status EventBuffer::acknowledge(std::string_view batch_id) {
  const auto it = std::find_if(held_.begin(), held_.end(),
                               [&](const Held& h) { return h.batch_id == batch_id && !h.set_aside; });
  if (it == held_.end()) {
    return not_found("batchId " + std::string(batch_id) + ": no batch in flight with this id");
  }
  acknowledged_ += it->events;
  held_events_ -= it->events;
  bytes_ -= it->json_bytes;
  held_.erase(it);
  return Status::ok_status();
}

Status EventBuffer::set_aside(std::string_view batch_id, std::string reason) {
  Held* h = find_held(batch_id);
  if (h == nullptr || h->set_aside) {
    return not_found("batchId " + std::string(batch_id) + ": no batch in flight with this id");
  }
  h->set_aside = true;
  h->reason = std::move(reason);
  h->bytes.clear();  // never uploaded again; the count and the reason are what is reported
  h->bytes.shrink_to_fit();
  return Status::ok_status();
}

size_t EventBuffer::clear_set_aside() {
  size_t events = 0;
  for (auto it = held_.begin(); it != held_.end();) {
    if (!it->set_aside) {
      ++it;
      continue;
    }
    events += it->events;
    held_events_ -= it->events;
    bytes_ -= it->json_bytes;
    it = held_.erase(it);
  }
  return events;
}

EventBufferStats EventBuffer::stats() const {
  EventBufferStats s;
  s.pending_events = pending_.size();
  for (const Held& h : held_) {
    if (h.set_aside) {
      ++s.set_aside_batches;
      s.set_aside_events += h.events;
    } else {
      ++s.in_flight_batches;
      s.in_flight_events += h.events;
    }
  }
  s.buffered_bytes = bytes_;
  s.accepted = accepted_;
  s.acknowledged = acknowledged_;
  s.dropped = dropped_;
  return s;
}

Result<std::vector<uint8_t>> EventBuffer::snapshot() const {
  std::vector<uint8_t> out;
  put_bytes(out, kSnapshotMagic, sizeof(kSnapshotMagic));
  put_u32(out, kSnapshotVersion);
  put_u64(out, accepted_);
  put_u64(out, acknowledged_);
  put_u64(out, dropped_);
  put_u32(out, static_cast<uint32_t>(held_.size()));
  for (const Held& h : held_) {
    out.push_back(h.set_aside ? 1 : 0);
    put_u32(out, static_cast<uint32_t>(h.batch_id.size()));
    put_bytes(out, h.batch_id.data(), h.batch_id.size());
    put_u32(out, static_cast<uint32_t>(h.reason.size()));
    put_bytes(out, h.reason.data(), h.reason.size());
    // A set-aside batch keeps no bytes: its event and byte counts stand in for them.
    put_u32(out, static_cast<uint32_t>(h.events));
    put_u32(out, static_cast<uint32_t>(h.json_bytes));
    put_u32(out, static_cast<uint32_t>(h.bytes.size()));
    put_bytes(out, h.bytes.data(), h.bytes.size());
  }
  std::vector<uint8_t> pending_bytes;
  if (!pending_.empty()) {
    EventBatch batch;
    batch.batch_id = kPendingBatchId;
    for (const Pending& p : pending_) batch.events.push_back(p.event);
    EncodeBatchOptions options;
    options.max_events = std::max(kMaxBatchEvents, pending_.size());
    options.max_content_bytes = std::max<uint64_t>(kMaxBatchContentBytes, uint64_t{bytes_} * 4 + 4096);
    EDGEREC_ASSIGN_OR_RETURN(pending_bytes, encode_event_batch(batch, options));
  }
  put_u32(out, static_cast<uint32_t>(pending_bytes.size()));
  put_bytes(out, pending_bytes.data(), pending_bytes.size());
  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

Result<EventBuffer> EventBuffer::restore(const uint8_t* data, size_t size, EventBufferLimits limits) {
  EDGEREC_ASSIGN_OR_RETURN(EventBuffer buffer, create(limits));
  if (size < sizeof(kSnapshotMagic) + 4 || std::memcmp(data, kSnapshotMagic, sizeof(kSnapshotMagic)) != 0) {
    return corrupt_data("event buffer snapshot: not a snapshot (bad magic)");
  }
  const uint32_t stored_crc = static_cast<uint32_t>(data[size - 4]) | static_cast<uint32_t>(data[size - 3]) << 8 |
                              static_cast<uint32_t>(data[size - 2]) << 16 | static_cast<uint32_t>(data[size - 1]) << 24;
  if (crc32(data, size - 4) != stored_crc) {
    return corrupt_data("event buffer snapshot: CRC mismatch (damaged or cut short)");
  }
  SnapshotReader r(data, size - 4);
  EDGEREC_RETURN_IF_ERROR(r.bytes(sizeof(kSnapshotMagic), "magic").status());
  EDGEREC_ASSIGN_OR_RETURN(const uint32_t version, r.u32("version"));
  if (version != kSnapshotVersion) {
    return unsupported_version("event buffer snapshot: version " + std::to_string(version) + ", this reader knows " +
                               std::to_string(kSnapshotVersion));
  }
  EDGEREC_ASSIGN_OR_RETURN(buffer.accepted_, r.u64("accepted"));
  EDGEREC_ASSIGN_OR_RETURN(buffer.acknowledged_, r.u64("acknowledged"));
  EDGEREC_ASSIGN_OR_RETURN(buffer.dropped_, r.u64("dropped"));
  EDGEREC_ASSIGN_OR_RETURN(const uint32_t held_count, r.u32("batch count"));
  for (uint32_t i = 0; i < held_count; ++i) {
    const std::string where = "event buffer snapshot: batch " + std::to_string(i);
    Held h;
    EDGEREC_ASSIGN_OR_RETURN(const uint8_t flag, r.u8("batch state"));
    if (flag > 1) return corrupt_data(where + ": unknown state " + std::to_string(flag));
    h.set_aside = flag == 1;
    EDGEREC_ASSIGN_OR_RETURN(const uint32_t id_size, r.u32("batch id size"));
    EDGEREC_ASSIGN_OR_RETURN(const uint8_t* id, r.bytes(id_size, "batch id"));
    h.batch_id.assign(reinterpret_cast<const char*>(id), id_size);
    if (Status s = validate_batch_id(h.batch_id); !s.ok()) return corrupt_data(where + ": " + s.message());
    if (buffer.find_held(h.batch_id) != nullptr) return corrupt_data(where + ": batch id " + h.batch_id + " twice");
    EDGEREC_ASSIGN_OR_RETURN(const uint32_t reason_size, r.u32("reason size"));
    EDGEREC_ASSIGN_OR_RETURN(const uint8_t* reason, r.bytes(reason_size, "reason"));
    h.reason.assign(reinterpret_cast<const char*>(reason), reason_size);
    EDGEREC_ASSIGN_OR_RETURN(const uint32_t events, r.u32("event count"));
    EDGEREC_ASSIGN_OR_RETURN(const uint32_t json_bytes, r.u32("byte count"));
    EDGEREC_ASSIGN_OR_RETURN(const uint32_t batch_size, r.u32("batch size"));
    EDGEREC_ASSIGN_OR_RETURN(const uint8_t* batch_bytes, r.bytes(batch_size, "batch"));
    if (!h.set_aside) {
      // In flight: the bytes are uploaded again, so they must be a batch the server reads.
      EDGEREC_ASSIGN_OR_RETURN(const EventBatch batch, decode_event_batch(batch_bytes, batch_size));
      if (batch.events.size() != events || batch.batch_id != h.batch_id) {
        return corrupt_data(where + ": its batch does not match the index (id " + h.batch_id + ", " +
                            std::to_string(events) + " events)");
      }
      h.bytes.assign(batch_bytes, batch_bytes + batch_size);
    } else if (batch_size != 0) {
      return corrupt_data(where + ": a set-aside batch keeps no bytes");
    }
    h.events = events;
    h.json_bytes = json_bytes;
    buffer.held_events_ += events;
    buffer.bytes_ += json_bytes;
    buffer.held_.push_back(std::move(h));
  }
  EDGEREC_ASSIGN_OR_RETURN(const uint32_t pending_size, r.u32("pending size"));
  if (pending_size > 0) {
    EDGEREC_ASSIGN_OR_RETURN(const uint8_t* pending_bytes, r.bytes(pending_size, "pending events"));
    DecodeBatchOptions options;
    options.max_events = limits.max_events + kMaxBatchEvents;
    options.max_content_bytes = std::max<uint64_t>(kMaxBatchContentBytes, uint64_t{limits.max_bytes} * 4 + 4096);
    EDGEREC_ASSIGN_OR_RETURN(const EventBatch pending, decode_event_batch(pending_bytes, pending_size, options));
    for (const Event& e : pending.events) {
      Pending p;
      p.event = e;
      p.json_bytes = event_json_size(e);
      buffer.bytes_ += p.json_bytes;
      buffer.pending_.push_back(std::move(p));
    }
  }
  if (r.offset() != size - 4) {
    return corrupt_data("event buffer snapshot: " + std::to_string(size - 4 - r.offset()) +
                         " unexpected bytes at byte " + std::to_string(r.offset()));
  }
  buffer.enforce_bounds();
  return buffer;
}

}  // namespace edgerec
