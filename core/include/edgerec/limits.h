// The limits a request, an event or a session must keep, in one place for every layer that
// checks them (the core's parsers, the CLI, the server's validation): Amazon Personalize's where
// it has one, edgerec's own otherwise. A limit changed here changes everywhere.
#pragma once

#include <cstddef>
#include <cstdint>

namespace edgerec {

// ---- GetRecommendations / GetPersonalizedRanking ----------------------------------------------
inline constexpr int32_t kDefaultNumResults = 25;
inline constexpr int32_t kMaxNumResults = 500;
/// The most users a batch segment lists (Personalize's bound: 5 million).
inline constexpr int64_t kMaxSegmentUsers = 5'000'000;
/// userId, itemId, sessionId, eventType, eventId: characters (Unicode code points).
inline constexpr size_t kMaxIdLength = 256;

// ---- PutEvents ---------------------------------------------------------------------------------
inline constexpr size_t kMaxPutEventsEvents = 10;        ///< eventList: 1 to 10 events
inline constexpr size_t kMaxEventBytes = 10 * 1024;      ///< per event, as its PutEvents JSON
inline constexpr size_t kMaxBatchIdLength = 256;         ///< an event batch's id
inline constexpr size_t kMaxRecommendationIdLength = 40;
inline constexpr size_t kMaxImpressionItems = 25;
inline constexpr size_t kMaxPropertiesLength = 1024;
inline constexpr size_t kMaxAttributionSourceLength = 1024;

// ---- Live sessions (a Runtime's memory) --------------------------------------------------------
/// Bounds of a Runtime's live sessions: past either, the least recently used keys are evicted.
struct SessionLimits {
  size_t max_sessions = 10000;
  size_t max_events = 100000;
};

}  // namespace edgerec
