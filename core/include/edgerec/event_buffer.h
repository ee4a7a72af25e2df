// EventBuffer: the events a device has accepted and not yet handed to the server, in the core so
// that every host (the browser and edge-worker wasm, Node, a native app) buffers, batches and
// persists them alike (issue 15). The host does the I/O: it uploads sealed batches
// (`POST /events/batch`), stores snapshot() where it survives a restart (IndexedDB, a file) and
// tells the buffer what the server said.
//
// Life of an event:
//   put_events(request)      validated with the server's PutEvents rules (put_events_request.h);
//                            all of a request's events are taken, or none
//   -> pending               oldest first
//   seal_batch(id, ...)      the oldest pending events become one batch (schemas/events.fbs, the
//                            container `edgerec ingest-batch` and the server read) under the
//                            caller's unique batch id
//   -> in flight             the host uploads its bytes, as often as it must: the server applies
//                            a batch id once
//   acknowledge(id)          the server has committed it: the batch is gone
//   set_aside(id, reason)    the server refused it (a 4xx other than 408/429): kept for the host to
//                            report, never uploaded again
//
// Bounds: pending, in-flight and set-aside events together are at most `max_events` and
// `max_bytes` (each event counted as its PutEvents JSON). Past them the oldest go first (set-aside
// batches, then in-flight batches whole, then pending events), and stats().dropped counts every
// one: nothing is lost silently.
//
// Not thread-safe: a host calls it from one thread (the wasm is single-threaded; JS awaits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/event_batch.h"
#include "edgerec/put_events_request.h"
#include "edgerec/status.h"

namespace edgerec {

struct EventBufferLimits {
  size_t max_events = 10000;
  size_t max_bytes = size_t{8} << 20;
};

struct EventBufferStats {
  size_t pending_events = 0;
  size_t in_flight_batches = 0;
  size_t in_flight_events = 0;
  size_t set_aside_batches = 0;
  size_t set_aside_events = 0;
  size_t buffered_bytes = 0;  ///< every event held, as PutEvents JSON
  uint64_t accepted = 0;      ///< events taken by put_events, ever (persisted in snapshots)
  uint64_t acknowledged = 0;  ///< events in batches the server acknowledged
  uint64_t dropped = 0;       ///< events dropped past the bounds
};

/// A batch to upload: its id, how many events it holds, the encoded .erev bytes.
struct SealedBatch {
  std::string batch_id;
  size_t events = 0;
  std::vector<uint8_t> bytes;
};

/// A batch in flight: its id and how many events it holds (its bytes: batch_bytes).
struct InFlightBatch {
  std::string batch_id;
  size_t events = 0;
};

/// A refused batch, for the host to report.
struct SetAsideBatch {
  std::string batch_id;
  size_t events = 0;
  std::string reason;
};

class EventBuffer {
 public:
  /// InvalidInput when a limit is 0.
  static Result<EventBuffer> create(EventBufferLimits limits = {});

  /// Takes a PutEvents request (trackingId optional: a batch carries the tracker's). Every event
  /// is checked with the server's rules first; one bad event and none is taken. Returns how many
  /// were taken.
  Result<size_t> put_events(const PutEventsRequest& request);
  /// put_events on Personalize's PutEvents JSON body.
  Result<size_t> put_events_json(std::string_view request_json);

  /// Seals the oldest pending events, at most `max_events` and at most `max_bytes` of encoded
  /// batch (at least one event, which always fits: an event is at most 10 KB), under `batch_id`
  /// (1-256 printable ASCII, unique among the batches held: AlreadyExists otherwise). Nothing
  /// pending: std::nullopt. `compress` zstd-compresses the payload (the wasm has no compressor:
  /// raw then).
  Result<std::optional<SealedBatch>> seal_batch(const std::string& batch_id, const std::string& tracking_id,
                                                double created_at, size_t max_events, size_t max_bytes,
                                                const BatchCompressor& compress = {});

  /// The batches sealed and not yet acknowledged or set aside, oldest first (after a restart
  /// they are uploaded again under the same ids).
  std::vector<InFlightBatch> in_flight() const;
  /// The encoded bytes of the in-flight batch `batch_id`, or nullptr if none is in flight.
  /// Valid until the next call that changes the buffer.
  const std::vector<uint8_t>* batch_bytes(std::string_view batch_id) const;
  std::vector<SetAsideBatch> set_aside_batches() const;

  /// The server committed `batch_id`: its events are gone. NotFound if the buffer does not hold
  /// it in flight (acknowledged before, or dropped past the bounds).
  Status acknowledge(std::string_view batch_id);
  /// The server refused `batch_id`: kept with `reason`, never returned by in_flight() again.
  Status set_aside(std::string_view batch_id, std::string reason);
  /// Forgets the set-aside batches (the host has reported them); returns how many events.
  size_t clear_set_aside();

  EventBufferStats stats() const;

  /// Everything the buffer holds and its counters, in a form restore() reads back (magic, version,
  /// the batches as .erev containers, a CRC-32 over the whole). Fails only if the pending events
  /// cannot be encoded (out of memory): a snapshot never leaves events out.
  Result<std::vector<uint8_t>> snapshot() const;
  /// Reads a snapshot; any damage is a Status naming what and where, never a crash. The limits
  /// apply from then on (a smaller bound drops the oldest, counted).
  static Result<EventBuffer> restore(const uint8_t* data, size_t size, EventBufferLimits limits = {});

 private:
  struct Held {
    std::string batch_id;
    size_t events = 0;
    size_t json_bytes = 0;
    std::vector<uint8_t> bytes;
    bool set_aside = false;
    std::string reason;
  };
  struct Pending {
    Event event;
    size_t json_bytes = 0;
  };

  explicit EventBuffer(EventBufferLimits limits) : limits_(limits) {}
  void enforce_bounds();
  Held* find_held(std::string_view batch_id);

  EventBufferLimits limits_;
  std::deque<Held> held_;  // sealed batches, oldest first
  std::deque<Pending> pending_;
  size_t held_events_ = 0;
  size_t bytes_ = 0;
  uint64_t accepted_ = 0;
  uint64_t acknowledged_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace edgerec
