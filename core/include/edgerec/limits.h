// Every bound edgerec enforces on what it is given, in one place for every layer that checks it
// (the core's parsers and the runtime, the CLI, the trainer, the server): Amazon Personalize's
// where it has one, edgerec's own otherwise. A limit changed here changes everywhere; the code
// that checks one answers a clear error naming it before allocating for the oversized input.
// docs/limits.md lists them with the answer each gets.
#pragma once

#include <cstddef>
#include <cstdint>

namespace edgerec {

// ---- GetRecommendations / GetPersonalizedRanking ----------------------------------------------
inline constexpr int32_t kDefaultNumResults = 25;
inline constexpr int32_t kMaxNumResults = 500;
/// Personalize's limit on inputList.
inline constexpr size_t kMaxRankInputItems = 500;
/// Personalize's limits when item metadata is requested (metadataColumns).
inline constexpr size_t kMaxMetadataColumns = 10;
inline constexpr size_t kMaxResultsWithMetadata = 50;
/// The most users a batch segment lists (Personalize's bound: 5 million).
inline constexpr int64_t kMaxSegmentUsers = 5'000'000;
/// userId, itemId, sessionId, eventType, eventId, and any ID field of a CSV: characters (Unicode
/// code points).
inline constexpr size_t kMaxIdLength = 256;

// ---- JSON (requests, configs, events, schemas) -------------------------------------------------
/// Arrays and objects nested deeper are refused: the reader's recursion stays small on wasm's stack.
inline constexpr int kMaxJsonDepth = 64;

// ---- Filters -----------------------------------------------------------------------------------
inline constexpr size_t kMaxFilterExpressionLength = 2500;
inline constexpr size_t kMaxFilterFields = 5;
/// Parentheses deeper than this are refused: the parser's recursion stays small on wasm's stack.
inline constexpr int kMaxFilterNesting = 32;
/// Personalize's limit on a placeholder name (the filterValues key).
inline constexpr size_t kMaxFilterParameterName = 50;
inline constexpr size_t kMaxFilterValueEntries = 25;
inline constexpr size_t kMaxFilterValueLength = 1000;
/// Personalize's quota of filters per dataset group.
inline constexpr int64_t kMaxFiltersPerGroup = 10;

// ---- PutEvents, PutItems, PutUsers -------------------------------------------------------------
inline constexpr size_t kMaxPutEventsEvents = 10;        ///< eventList: 1 to 10 events
inline constexpr size_t kMaxEventBytes = 10 * 1024;      ///< per event, as its PutEvents JSON
inline constexpr size_t kMaxRecommendationIdLength = 40;
inline constexpr size_t kMaxImpressionItems = 25;
inline constexpr size_t kMaxPropertiesLength = 1024;
inline constexpr size_t kMaxAttributionSourceLength = 1024;
inline constexpr size_t kMaxRecordsPerPut = 10;          ///< PutItems / PutUsers
inline constexpr size_t kMaxItemPropertiesChars = 32'000;
inline constexpr size_t kMaxUserPropertiesChars = 24'000;

// ---- Event batches (.erev uploads) -------------------------------------------------------------
/// A batch is a bounded upload, not a bulk import, so the server can hold a whole one in memory.
inline constexpr size_t kMaxBatchEvents = 10000;
inline constexpr uint64_t kMaxBatchContentBytes = uint64_t{16} << 20;  ///< decompressed
inline constexpr size_t kMaxBatchIdLength = 256;

// ---- Live sessions (a Runtime's memory) --------------------------------------------------------
/// Bounds of a Runtime's live sessions: past either, the least recently used keys are evicted.
struct SessionLimits {
  size_t max_sessions = 10000;
  size_t max_events = 100000;
};
inline constexpr size_t kMaxEventsPerSession = 500;
inline constexpr size_t kMaxEventsPerTypePerSession = 100;

// ---- Solution versions -------------------------------------------------------------------------
/// The largest decompressed FlatBuffer a load accepts by default (LoadOptions lowers it per
/// load); the FlatBuffers format itself cannot exceed 2 GiB.
inline constexpr uint64_t kMaxSolutionContentBytes = uint64_t{2} << 30;
/// Personalize's quota of solutions per dataset group (implicit ones do not count).
inline constexpr int64_t kMaxSolutionsPerGroup = 10;
inline constexpr uint32_t kMaxIalsFactors = 4096;

// ---- Schemas and CSV imports -------------------------------------------------------------------
inline constexpr size_t kMaxSchemaChars = 20'000;
inline constexpr size_t kMaxItemsMetadataFields = 100;
inline constexpr size_t kMaxUsersMetadataFields = 25;
inline constexpr size_t kMaxInteractionsCustomFields = 5;
/// Optional Interactions metadata columns (EVENT_TYPE, EVENT_VALUE and custom ones) plus the
/// number of distinct event types may not exceed this.
inline constexpr size_t kMaxInteractionsMetadataPlusEventTypes = 10;
inline constexpr size_t kMaxCategoricalChars = 1000;
inline constexpr size_t kMaxTextualChars = 20'000;
/// A CSV record longer than this is an error rather than a reason to buffer the whole file,
/// which is what an unterminated quote would otherwise do.
inline constexpr size_t kMaxCsvRecordBytes = size_t{64} << 20;

// ---- edgerec serve -----------------------------------------------------------------------------
inline constexpr size_t kMaxRequestHeaderBytes = 16 * 1024;        ///< 431 beyond
inline constexpr size_t kMaxRequestBodyBytes = 8 * 1024 * 1024;    ///< 413 beyond (--max-body-bytes)
inline constexpr size_t kMaxOpenConnections = 4096;                ///< 503 beyond (--max-connections)
/// The Authorization header: longer than any SDK's (about 250 bytes for the usual dozen signed
/// headers).
inline constexpr size_t kMaxAuthorizationBytes = 4096;
inline constexpr size_t kMaxSignedHeaders = 64;
/// What the SigV4 verifier reads, so that no request makes it do unbounded work.
inline constexpr size_t kMaxVerifiedHeaders = 256;            ///< header lines in the request
inline constexpr size_t kMaxSignedHeaderBytes = 64 * 1024;    ///< the signed headers' values, summed
inline constexpr size_t kMaxVerifiedPathBytes = 8 * 1024;
inline constexpr size_t kMaxVerifiedQueryBytes = 8 * 1024;
inline constexpr size_t kMaxAccessKeys = 100;                  ///< per home
inline constexpr size_t kMaxAccessKeyDescriptionLength = 256;  ///< characters (code points)
inline constexpr size_t kMaxAccessKeysFileBytes = 1024 * 1024;

// The console (edgerec serve /console): signed-in sessions, and what one console call may ask.
inline constexpr size_t kMaxConsoleSessions = 1000;             ///< the oldest is signed out beyond
inline constexpr int64_t kConsoleSessionSeconds = 12 * 3600;    ///< a session's life
inline constexpr size_t kMaxDescribedItems = 100;               ///< Edgerec.DescribeItems itemIds
inline constexpr int64_t kMaxOnlineMetricsHours = 24 * 90;      ///< Edgerec.GetCampaignOnlineMetrics hours
inline constexpr int64_t kMaxOnlineMetricsBuckets = 2000;       ///< hours * 60 / bucketMinutes

}  // namespace edgerec
