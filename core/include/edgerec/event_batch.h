// Event batches (.erev): the bytes a client uploads to hand buffered events to the server.
//
// A batch is the solution version's container with its own magic and file identifier: a 48-byte
// header (magic "\x89EREV\r\n\x1a", version, flags, sizes, CRCs) followed by the payload, which
// is either one zstd frame holding a FlatBuffer (schemas/events.fbs, root EventBatch, identifier
// "EREV") or, when flag bit 0 is clear, that FlatBuffer uncompressed. The raw form exists because
// the WebAssembly core links only zstd's decompressor: it encodes raw (or hands a compressor in),
// and every reader accepts both. The full spec is schemas/README.md.
//
// This header is the codec only: it checks structure (container, sizes, Verifier, counts), not
// PutEvents' field rules, which the ingesting server applies to every event (native/events).
//
// decode_event_batch treats its input as untrusted: any damaged, truncated, hostile or newer
// batch gives a Status naming what is wrong and where, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/status.h"

namespace edgerec {

inline constexpr uint8_t kEventBatchMagic[8] = {0x89, 'E', 'R', 'E', 'V', '\r', '\n', 0x1a};
inline constexpr uint16_t kEventBatchFormatMajor = 1;
inline constexpr uint16_t kEventBatchFormatMinor = 0;
inline constexpr uint32_t kEventBatchHeaderSize = 48;
/// Flag bit 0: the payload is a zstd frame. Clear: the payload is the FlatBuffer itself.
inline constexpr uint32_t kEventBatchFlagZstd = 1u << 0;
/// Flags this reader understands; a batch with other bits set is refused (UnsupportedVersion).
inline constexpr uint32_t kEventBatchKnownFlags = kEventBatchFlagZstd;
// The default caps (DecodeBatchOptions / EncodeBatchOptions) are kMaxBatchEvents and
// kMaxBatchContentBytes, in limits.h.

/// One event, as Amazon Personalize's PutEvents Event. Every field is optional here so that the
/// server's validator can say which required one is missing (eventType, sentAt) and tell an empty
/// string (an error: "must be 1 to 256 characters") from an absent one.
struct Event {
  std::optional<std::string> event_id;
  std::optional<std::string> event_type;
  std::optional<double> sent_at;  ///< epoch seconds
  std::optional<std::string> item_id;
  std::optional<double> event_value;
  std::optional<std::string> properties;  ///< a JSON object as a string, as PutEvents sends it
  std::optional<std::string> recommendation_id;
  std::optional<std::vector<std::string>> impression;
  std::optional<std::string> event_attribution_source;  ///< metricAttribution.eventAttributionSource
  /// Per-event identity, set only where it differs from the batch's (anonymous -> known).
  /// PutEvents has no such fields: its userId / sessionId are per request.
  std::optional<std::string> user_id;
  std::optional<std::string> session_id;

  bool operator==(const Event& other) const;
  bool operator!=(const Event& other) const { return !(*this == other); }
};

struct EventBatch {
  std::string batch_id;  ///< required, unique per batch
  std::optional<std::string> tracking_id;
  std::optional<std::string> session_id;  ///< default for events without their own
  std::optional<std::string> user_id;     ///< default for events without their own
  double created_at = 0;                  ///< epoch seconds, the client's clock
  std::vector<Event> events;

  bool operator==(const EventBatch& other) const;
  bool operator!=(const EventBatch& other) const { return !(*this == other); }
};

/// Compresses `size` bytes into `out` (replacing its contents) as one zstd frame. Natively this
/// is libzstd's compressor (native/events/batch_compression.h); the wasm core has none.
using BatchCompressor = std::function<Status(const uint8_t* data, size_t size, std::vector<uint8_t>& out)>;

struct EncodeBatchOptions {
  /// Empty: the payload is the raw FlatBuffer (flag bit 0 clear).
  BatchCompressor compress;
  size_t max_events = kMaxBatchEvents;
  uint64_t max_content_bytes = kMaxBatchContentBytes;
};

struct DecodeBatchOptions {
  size_t max_events = kMaxBatchEvents;
  uint64_t max_content_bytes = kMaxBatchContentBytes;
};

/// Builds the FlatBuffer and its container. Fails (InvalidInput / ResourceExhausted) on an empty
/// batch_id or a batch over the limits, so it never produces bytes a reader would refuse.
Result<std::vector<uint8_t>> encode_event_batch(const EventBatch& batch, const EncodeBatchOptions& options = {});

/// Verifies and decodes a batch: magic, version (an unknown major -> UnsupportedVersion), header
/// CRC, flags, sizes, payload CRC, the content cap (ResourceExhausted), capped zstd
/// decompression, the FlatBuffers identifier and Verifier, the event count.
Result<EventBatch> decode_event_batch(const uint8_t* data, size_t size, const DecodeBatchOptions& options = {});

}  // namespace edgerec
