// Appends validated events to a dataset group's interactions_put table: the one writer behind
// PutEvents and batch ingestion.
//
// Deduplication, as Personalize's:
// - an eventId already stored (or repeated within the same call) is not stored again: the first
//   event with an id wins (interactions_put.event_id is UNIQUE);
// - an event identical to a stored one (same user, session, item, event type, timestamp, event
//   value and properties) is stored once, whatever its eventId.
// Both count as "deduplicated"; neither is an error.
//
// The caller holds the transaction, so a call's events are stored all together or not at all.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/status.h"
#include "edgerec/event_validation.h"
#include "store/sqlite.h"

namespace edgerec {

struct StoreCounts {
  size_t stored = 0;
  size_t deduplicated = 0;
};

/// Writes "eventsStored":S,"eventsDeduplicated":D into the object `w` is in: the counts every
/// response of a call that stores events ends with (PutEvents, batch ingestion), in one place so
/// they read the same everywhere.
void write_store_counts(JsonWriter& w, const StoreCounts& counts);

/// Stores `events` (tagged with `batch_id`, or NULL for PutEvents). Must run inside a write
/// transaction. Gives the group Personalize's default Interactions dataset if it has none, and
/// generates an eventId for events without one.
Result<StoreCounts> store_events(sql::Database& db, const std::vector<ValidatedEvent>& events,
                                 const std::optional<std::string>& batch_id);

/// A new random event id (UUID form, 122 random bits), for events sent without one.
std::string generate_event_id();

}  // namespace edgerec
