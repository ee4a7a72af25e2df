// Types for the edgerec package (the same API from every entry point: node, browser, worker).

/** Numeric status codes; the same numbers as EDGEREC_* in edgerec.h. They never change. */
export declare const StatusCode: Readonly<{
  OK: 0;
  INVALID_INPUT: 10;
  NOT_FOUND: 20;
  CORRUPT_DATA: 30;
  UNSUPPORTED_VERSION: 40;
  RESOURCE_EXHAUSTED: 50;
  IO_ERROR: 60;
  FAILED_PRECONDITION: 70;
  ALREADY_EXISTS: 80;
  INTERNAL: 90;
}>;

export type StatusCodeValue = (typeof StatusCode)[keyof typeof StatusCode];

export type StatusCodeName =
  | 'OK'
  | 'InvalidInput'
  | 'NotFound'
  | 'CorruptData'
  | 'UnsupportedVersion'
  | 'ResourceExhausted'
  | 'IoError'
  | 'FailedPrecondition'
  | 'AlreadyExists'
  | 'Internal'
  | 'Unknown';

/** Every failure of this package: a rejected promise or a thrown error of this class. */
export declare class EdgerecError extends Error {
  constructor(code: number, message: string, extra?: { codeName?: string; cause?: unknown });
  readonly name: 'EdgerecError';
  /** Numeric status, e.g. 10 for InvalidInput. */
  readonly code: StatusCodeValue | number;
  /** Status name, e.g. "InvalidInput". */
  readonly codeName: StatusCodeName | string;
}

/** Where the wasm comes from. Give at most one; the entry point's default is used otherwise. */
export interface InitOptions {
  /** A compiled module, e.g. a workerd/Cloudflare module binding: `import wasm from 'edgerec/edgerec.wasm'`. */
  wasmModule?: WebAssembly.Module;
  /** The bytes of edgerec.wasm. */
  wasmBinary?: Uint8Array | ArrayBuffer;
  /** Browser and worker entries: where to fetch edgerec.wasm (default: next to the package, dist/edgerec.wasm). */
  wasmUrl?: string | URL;
  /** Node entry: where to read edgerec.wasm from (default: the package's dist/edgerec.wasm). */
  wasmPath?: string | URL;
}

/**
 * Loads the wasm core once. Idempotent: later calls resolve at once and ignore their options.
 * A failed init may be retried. Runtime.load calls it implicitly.
 */
export declare function init(options?: InitOptions): Promise<void>;

export interface LoadOptions extends InitOptions {
  /**
   * Bytes mixed into this runtime's recommendation-id generator. Default: 16 bytes from
   * crypto.getRandomValues. null: no entropy, the core's fixed and reproducible id sequence.
   */
  entropy?: Uint8Array | ArrayBuffer | null;
  /**
   * The campaign this runtime serves, by name: its recommendationIds then start with the
   * campaign's tag ("RID-" + 8 hex digits), as edgerec serve's ids for it do, so events sent
   * with them count in the campaign's online metrics (the console). Runtime.fromCampaign sets it
   * to its `campaign`. Throws InvalidInput (10) for anything but a non-empty string.
   */
  recommendationSource?: string;
  /**
   * Amazon Personalize's campaignConfig for this runtime (a Runtime is one campaign).
   * itemExplorationConfig (User-Personalization solutions only) makes getRecommendations give a
   * share of each list to new and cold items, marked `reason: ["Exploration"]`. Without it a
   * runtime does not explore. Throws InvalidInput (10) for out-of-range values.
   */
  campaignConfig?: CampaignConfig;
}

/** Personalize passes these as strings ("0.3"); numbers are accepted too. */
export interface ItemExplorationConfig {
  /** 0..1, default 0.3: the share of list positions given to exploration; 0 explores nothing. */
  explorationWeight?: string | number;
  /**
   * Days, > 0, default 30: items created at most this long before the training data's newest
   * interaction (CREATION_TIMESTAMP) are explored; items without a creation time are explored
   * when no one interacted with them in training.
   */
  explorationItemAgeCutOff?: string | number;
}

/** Amazon Personalize's CampaignConfig fields that edgerec takes. */
export interface CampaignConfig {
  itemExplorationConfig?: ItemExplorationConfig;
  /** Accepted; metadataColumns is always available. */
  enableMetadataWithRecommendations?: boolean;
  /** Accepted; a Runtime serves the one solution version it loaded. */
  syncWithLatestSolutionVersion?: boolean;
}

/**
 * Items metadata to return with each item: `{ ITEMS: ['GENRE', 'PRICE'] }`, at most 10 columns
 * of the solution's item catalog. Caps numResults (and inputList) at 50, as in Personalize.
 */
export interface MetadataColumns {
  ITEMS?: string[];
}

/**
 * A filter's `$PARAM` values, as Personalize's filterValues: the placeholder name (without the
 * `$`; at most 25 entries) to a comma-separated list of escaped-quoted values (at most 1000
 * characters), e.g. `{ GENRE: '"comedy","drama"', MAX_PRICE: '"20"' }`.
 */
export type FilterValues = Record<string, string>;

/** Filter fields shared by GetRecommendations and GetPersonalizedRanking requests. */
export interface FilterFields {
  /**
   * Personalize's filter expression itself (Personalize names a stored filter by filterArn;
   * edgerec takes the expression), e.g.
   * `'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase") | INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)'`.
   * Filtered-out items are never returned. At most 2500 characters and 5 distinct fields.
   */
  filterExpression?: string;
  /** Values of the expression's `$PARAM`s (needs filterExpression). */
  filterValues?: FilterValues;
}

/** Amazon Personalize's GetRecommendations request fields that edgerec serves. */
export interface GetRecommendationsRequest extends FilterFields {
  userId?: string;
  itemId?: string;
  /** 0..500 (0..50 with metadataColumns); default 25. */
  numResults?: number;
  metadataColumns?: MetadataColumns;
  /** Accepted for compatibility with Personalize requests; not used. */
  campaignArn?: string;
}

export interface PredictedItem {
  itemId: string;
  score: number;
  /** The requested metadataColumns' values as strings; null values are left out. */
  metadata?: Record<string, string>;
  /**
   * Why the item is listed when it is not the model's own pick: ["Popular item"] (a backfill) or
   * ["Exploration"] (an exploration slot of the campaign's itemExplorationConfig).
   */
  reason?: string[];
}

/** Amazon Personalize's GetPersonalizedRanking request fields that edgerec serves. */
export interface GetPersonalizedRankingRequest extends FilterFields {
  userId: string;
  /** 1..500 item ids (1..50 with metadataColumns); each at most once. */
  inputList: string[];
  metadataColumns?: MetadataColumns;
  campaignArn?: string;
}

export interface RankedItem {
  itemId: string;
  /** Absent for items the model does not know (they come last, in input order). */
  score?: number;
  /** The requested metadataColumns' values, for items the model knows. */
  metadata?: Record<string, string>;
}

/** Amazon Personalize's GetPersonalizedRanking response shape. */
export interface GetPersonalizedRankingResponse {
  personalizedRanking: RankedItem[];
  recommendationId: string;
}

/** One event of a PutEvents request (Amazon Personalize's Event). */
export interface PutEventsEvent {
  eventType: string;
  /** Epoch seconds (from 0 up to 10^11; larger values are taken for milliseconds and refused), or a Date. */
  sentAt: number | Date;
  itemId?: string;
  eventValue?: number;
  eventId?: string;
  /** A JSON string, 1 to 1024 characters. */
  properties?: string;
  impression?: string[];
  recommendationId?: string;
  metricAttribution?: { eventAttributionSource: string };
}

/** Amazon Personalize's PutEvents request body. */
export interface PutEventsRequest {
  /** Accepted and ignored: a Runtime is its own event tracker. */
  trackingId?: string;
  sessionId: string;
  /** The session's key when given; else the sessionId (pass it as userId to get recommendations). */
  userId?: string;
  /** 1 to 10 events. */
  eventList: PutEventsEvent[];
}

export interface PutEventsResponse {
  eventsAccepted: number;
  /** Events on items the solution knows that its model uses (after the solution config's event selection). */
  eventsForModel: number;
}

/** Amazon Personalize's GetRecommendations response shape. */
export interface GetRecommendationsResponse {
  itemList: PredictedItem[];
  recommendationId: string;
}

/** A solution version's metadata (recipe, hyperparameters, training data, metrics, counts). */
export interface SolutionDescription {
  recipe: string;
  [key: string]: unknown;
}

/** A loaded, verified solution version (.erec) and its per-runtime state. */
export declare class Runtime {
  private constructor();

  /**
   * Verifies and loads a solution version. The bytes are copied; the caller may reuse them.
   * @throws EdgerecError InvalidInput (10) for a non-binary argument, CorruptData (30) or
   *         UnsupportedVersion (40) for bad bytes, ResourceExhausted (50) when out of memory.
   */
  static load(bytes: Uint8Array | ArrayBuffer, options?: LoadOptions): Promise<Runtime>;

  /**
   * GetRecommendations. Synchronous: the core runs in this thread.
   * @throws EdgerecError InvalidInput (10) for a malformed request (unknown field, wrong type,
   *         numResults outside 0..500, a malformed filter or one naming a field the solution does
   *         not have, a missing INCLUDE filter value); FailedPrecondition (70) after dispose().
   */
  getRecommendations(request: GetRecommendationsRequest): GetRecommendationsResponse;

  /** GetPersonalizedRanking (personalized-ranking and user-personalization solutions). */
  getPersonalizedRanking(request: GetPersonalizedRankingRequest): GetPersonalizedRankingResponse;

  /**
   * PutEvents into this runtime's live sessions: the very next getRecommendations /
   * getPersonalizedRanking for that userId (or sessionId) reflects the events (the user's vector
   * is folded in on the device; works on edge bundles). Sessions are in memory and bounded.
   * @throws EdgerecError InvalidInput (10) naming the field, e.g. "eventList[3].itemId: must be 1 to 256 characters, got 0".
   */
  putEvents(request: PutEventsRequest): PutEventsResponse;

  /** Forgets the live session of `key` (a userId or sessionId); whether there was one. */
  clearSession(key: string): boolean;

  /** The solution version's metadata. */
  describe(): SolutionDescription;

  /**
   * A Runtime on a campaign's edge bundle (`GET /campaigns/NAME/edge-bundle` on edgerec serve),
   * kept with its ETag (Cache API in browsers, memory elsewhere, or `cache`) so a later start works
   * offline, revalidated with If-None-Match every `revalidateMs`; when the campaign moves to
   * another solution version it switches in place and keeps the live sessions.
   * @throws EdgerecError InvalidInput (10) for bad options; NotFound (20) for an unknown
   *         campaign; IoError (60) when there is neither a kept copy nor the server.
   */
  static fromCampaign(options: FromCampaignOptions): Promise<CampaignRuntime>;

  /** Frees this runtime's wasm memory. Idempotent; any later call throws EdgerecError (70). */
  dispose(): void;

  /** True once dispose() has been called. */
  readonly disposed: boolean;
}

/** Runtime.fromCampaign's options (and any of Runtime.load's). */
export interface FromCampaignOptions extends LoadOptions {
  /** edgerec serve's URL, e.g. "https://recs.example.com". */
  endpoint: string;
  /** The campaign's name. */
  campaign: string;
  /** The event tracker's client key (`edgerec list-event-trackers`). */
  clientKey: string;
  /** How often to ask whether the campaign changed (ms); default 300,000; 0: only on refresh(). */
  revalidateMs?: number;
  /** Where the bundle and its ETag are kept; default: the Cache API in browsers, memory elsewhere. */
  cache?: EventStore;
  /** The fetch to use; default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Told after each switch to a new solution version. */
  onUpdate?: (update: { etag: string; sessionsCarried: number }) => void;
}

/** A Runtime from Runtime.fromCampaign. */
export interface CampaignRuntime extends Runtime {
  /** Revalidates now; whether it switched to a new version. Rejects (keeping the current one) when the server cannot be reached. */
  refresh(): Promise<{ updated: boolean; etag: string }>;
  /** Which bundle is loaded, when it was last confirmed current, and the last revalidation error. */
  readonly edgeBundle: { campaign: string; url: string; etag: string; checkedAt: Date | null; error: string | null };
}

/** The bounds of an EventBuffer; past them the oldest events are dropped and counted. */
export interface EventBufferOptions {
  /** At most this many events held (pending, in flight and set aside); default 10,000. */
  maxBufferedEvents?: number;
  /** At most this many bytes of PutEvents JSON held; default 8 MiB. */
  maxBufferedBytes?: number;
}

/** What EventBuffer.seal makes one upload batch of. */
export interface SealRequest {
  /** Unique per batch (e.g. crypto.randomUUID()): the server applies a batch id once. */
  batchId: string;
  /** The event tracker's trackingId. */
  trackingId: string;
  /** When the batch was sealed, epoch seconds. */
  createdAt?: number;
  /** At most this many events (default 500). */
  maxEvents?: number;
  /** At most this many encoded bytes (default 256 KiB; 64 KB fits a keepalive fetch). */
  maxBytes?: number;
}

export interface EventBufferStats {
  pendingEvents: number;
  inFlightEvents: number;
  setAsideEvents: number;
  bufferedBytes: number;
  accepted: number;
  acknowledged: number;
  dropped: number;
  inFlight: { batchId: string; events: number }[];
  setAside: { batchId: string; events: number; reason: string }[];
}

/**
 * A device's accepted events until the server acknowledges them (the core's EventBuffer): checked
 * with the server's PutEvents rules, sealed oldest first into upload batches (.erev, what
 * `POST /events/batch` reads), removed only on acknowledge, persisted with snapshot().
 */
export declare class EventBuffer {
  private constructor();

  static create(options?: EventBufferOptions): Promise<EventBuffer>;
  /** @throws EdgerecError CorruptData (30) for a damaged snapshot. */
  static restore(snapshot: Uint8Array | ArrayBuffer, options?: EventBufferOptions): Promise<EventBuffer>;

  /** @throws EdgerecError InvalidInput (10) naming the event and field; no event is taken then. */
  putEvents(request: PutEventsRequest): { eventsAccepted: number };
  /** The .erev bytes of a new batch of the oldest pending events, or null when none is pending. */
  seal(request: SealRequest): Uint8Array | null;
  /** An in-flight batch's bytes again. @throws EdgerecError NotFound (20). */
  batch(batchId: string): Uint8Array;
  /** @throws EdgerecError NotFound (20) if the batch is not in flight. */
  acknowledge(batchId: string): void;
  setAside(batchId: string, reason: string): void;
  clearSetAside(): number;
  stats(): EventBufferStats;
  snapshot(): Uint8Array;
  dispose(): void;
  readonly disposed: boolean;
}

/**
 * Where an EventTracker keeps its buffer's snapshot (and Runtime.fromCampaign its bundle).
 * save() resolves once the bytes would survive a crash or a reload.
 */
export interface EventStore {
  load(): Promise<Uint8Array | null>;
  save(snapshot: Uint8Array): Promise<void>;
  /** Buffers other instances left behind (closed tabs): the tracker uploads and removes them. */
  orphans?(): Promise<Array<{ load(): Promise<Uint8Array | null>; save(b: Uint8Array): Promise<void>; remove(): Promise<void>; release(): void }>>;
  close?(): Promise<void>;
}

/** A store in memory: tests, and edge workers (whose isolates keep nothing anyway). */
export declare class MemoryEventStore implements EventStore {
  load(): Promise<Uint8Array | null>;
  save(snapshot: Uint8Array): Promise<void>;
}

/** Node: one file, replaced atomically (temp file, fsync, rename), locked to one process. */
export declare class FileEventStore implements EventStore {
  private constructor();
  /** @throws EdgerecError FailedPrecondition (70) when another process (or tracker) has it open. */
  static open(path: string): Promise<FileEventStore>;
  readonly path: string;
  load(): Promise<Uint8Array | null>;
  save(snapshot: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Browsers: IndexedDB, one slot per tab (held with a Web Lock); slots of closed tabs are orphans. */
export declare class IndexedDBEventStore implements EventStore {
  private constructor();
  static open(options: { scope: string; databaseName?: string }): Promise<IndexedDBEventStore>;
  readonly slot: string;
  load(): Promise<Uint8Array | null>;
  save(snapshot: Uint8Array): Promise<void>;
  orphans(): Promise<Array<{ load(): Promise<Uint8Array | null>; save(b: Uint8Array): Promise<void>; remove(): Promise<void>; release(): void }>>;
  close(): Promise<void>;
}

export interface EventTrackerOptions extends EventBufferOptions {
  /** edgerec serve's URL. */
  endpoint: string;
  /** The event tracker's trackingId; every batch names it. */
  trackingId: string;
  /** The event tracker's client key (`edgerec list-event-trackers`). */
  clientKey: string;
  /** Gets every accepted event in its live session at once. */
  runtime?: Runtime | null;
  /** Default: IndexedDB in browsers, a file in Node (storePath), memory in edge workers. */
  store?: EventStore;
  /** Node: the file of the default store; default .edgerec/events-TRACKINGID.snapshot. */
  storePath?: string;
  /** Upload as soon as this many events are pending; default 20. */
  flushAt?: number;
  /** Upload pending events after at most this long (ms); default 10,000; 0: only flushAt and flush(). */
  flushIntervalMs?: number;
  /** Events per uploaded batch; default 500. */
  maxBatchEvents?: number;
  /** Bytes per uploaded batch (.erev); default 1 MiB. */
  maxBatchBytes?: number;
  /** Backoff: the first retry waits up to this (ms, full jitter), doubling; default 1,000. */
  retryBaseDelayMs?: number;
  /** Backoff ceiling (ms); default 300,000. Retry-After from the server is honoured as a floor. */
  retryMaxDelayMs?: number;
  /** Gzip uploads with CompressionStream where available; default "gzip". */
  compression?: 'gzip' | 'none';
  /** The fetch to use; default globalThis.fetch. */
  fetch?: typeof fetch;
}

export interface EventTrackerStats {
  /** Pending plus in flight: not yet acknowledged by the server. */
  buffered: number;
  pending: number;
  inFlight: number;
  /** Events this tracker has seen acknowledged. */
  uploaded: number;
  /** Events acknowledged over the buffer's whole life (kept in the store). */
  acknowledged: number;
  accepted: number;
  /** Events dropped past maxBufferedEvents / maxBufferedBytes, oldest first. */
  dropped: number;
  /** Failed upload passes (each retried with backoff). */
  retries: number;
  /** Batches the server refused (a 4xx other than 408/429): kept for reporting, never retried. */
  setAside: { batchId: string; events: number; reason: string }[];
  lastError: { message: string; at: string } | null;
}

/** Personalize's PutEvents on a device, offline first: buffered, stored, uploaded once. */
export declare class EventTracker {
  private constructor();
  /**
   * A damaged stored buffer is discarded (it is said in stats().lastError), not refused.
   * @throws EdgerecError InvalidInput (10) for bad options; FailedPrecondition (70) when the
   *         store is in use elsewhere; IoError (60) when the store cannot be read.
   */
  static create(options: EventTrackerOptions): Promise<EventTracker>;
  /** The Runtime that gets the events (settable, e.g. after a switch). */
  runtime: Runtime | null;
  /**
   * Validates (the server's rules: all of a request's events or none), buffers, and resolves once
   * stored; an eventId is generated for events without one.
   * @throws EdgerecError InvalidInput (10) naming the field; IoError (60) when the store failed
   *         (the events are still buffered in memory and will be uploaded).
   */
  putEvents(request: PutEventsRequest): Promise<{ eventsAccepted: number }>;
  /** One upload pass now; a failure is in `error` and retried on the tracker's schedule. Workers: ctx.waitUntil(tracker.flush()). */
  flush(): Promise<{ uploaded: number; buffered: number; error: string | null }>;
  stats(): EventTrackerStats;
  /** Forgets the set-aside batches; how many events they held. */
  clearSetAside(): Promise<number>;
  /** A last upload pass (unless {flush: false}) and save; then the store is released. */
  close(options?: { flush?: boolean }): Promise<void>;
  readonly closed: boolean;
}
