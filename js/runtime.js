// The Runtime class: a loaded solution version and Personalize's calls on it. It checks and
// serialises each request (inputs.js) and hands the JSON to the wasm instance (core-module.js);
// which instance, and how the wasm is brought up, is the entry point's business (api.js).

import { EdgerecError, StatusCode } from './errors.js';
import { datesAsEpochSeconds, describeValue, isPlainObject, jsonText, requestJson, toBytes } from './inputs.js';
import { openCampaignRuntime } from './edge-campaign.js';

// Frees the wasm memory of runtimes dropped without dispose().
const finalizer =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ owner, handle }) => owner.freeRuntime(handle))
    : null;

const constructing = Symbol('constructing');
// Hooks for edge-campaign.js only: swap in a new solution version; run something on dispose.
const takeOver = Symbol('takeOver');
const onDispose = Symbol('onDispose');

/**
 * The Runtime class of one entry point.
 * @param {(options: object) => Promise<void>} init brings the wasm up (once; see api.js)
 * @param {() => import('./core-module.js').Core|null} liveCore the instance init brought up, or
 *        null if it has trapped since
 * @param {(n: number) => Uint8Array} randomBytes the default entropy source
 * @param {{timers?: boolean, unref?: (t: any) => void}} [platform] for fromCampaign's revalidation
 */
export function defineRuntime(init, liveCore, randomBytes, platform = {}) {
  /** A loaded solution version. Create with `await Runtime.load(bytes)`. */
  class Runtime {
    #core;
    #handle; // 0 once disposed
    #disposeHooks = [];

    constructor(token, owner, handle) {
      if (token !== constructing) {
        throw new EdgerecError(StatusCode.FAILED_PRECONDITION, 'use `await Runtime.load(bytes)` to create a Runtime');
      }
      this.#core = owner;
      this.#handle = handle;
      finalizer?.register(this, { owner, handle }, this);
    }

    /**
     * Verifies and loads a solution version (.erec bytes). Initializes the wasm first if needed
     * (the init options may be given here too).
     * @param {Uint8Array|ArrayBuffer} bytes
     * @param {{entropy?: Uint8Array|null, campaignConfig?: object, wasmModule?: WebAssembly.Module,
     *          wasmBinary?: Uint8Array|ArrayBuffer, wasmUrl?: string|URL}} [options]
     *        entropy: bytes mixed into the recommendation-id generator; default 16 random bytes
     *        from crypto.getRandomValues; null keeps the core's fixed, reproducible sequence.
     *        recommendationSource: the campaign's name: recommendationIds then carry its tag
     *        ("RID-" + 8 hex digits), as edgerec serve's for that campaign, so events sent with
     *        them count in the campaign's online metrics (fromCampaign sets it).
     *        campaignConfig: Personalize's campaignConfig, e.g. {itemExplorationConfig:
     *        {explorationWeight: "0.3", explorationItemAgeCutOff: "30"}} (strings or numbers;
     *        User-Personalization only): getRecommendations then explores new and cold items.
     */
    static async load(bytes, options = {}) {
      const view = toBytes(bytes, 'solution bytes');
      if (options === null || options === undefined) options = {};
      if (!isPlainObject(options)) {
        throw new EdgerecError(StatusCode.INVALID_INPUT, `Runtime.load options must be an object, got ${describeValue(options)}`);
      }
      let entropy = options.entropy;
      if (entropy !== undefined && entropy !== null) entropy = toBytes(entropy, 'entropy');
      const source = options.recommendationSource;
      if (source !== undefined && source !== null && (typeof source !== 'string' || source === '')) {
        throw new EdgerecError(StatusCode.INVALID_INPUT, `recommendationSource must be a campaign's name, got ${describeValue(source)}`);
      }
      let campaignConfig;
      if (options.campaignConfig !== undefined && options.campaignConfig !== null) {
        if (!isPlainObject(options.campaignConfig)) {
          throw new EdgerecError(
            StatusCode.INVALID_INPUT,
            `campaignConfig must be an object such as {itemExplorationConfig: {explorationWeight: "0.3"}}, got ${describeValue(options.campaignConfig)}`,
          );
        }
        campaignConfig = jsonText(options.campaignConfig, 'campaignConfig');
      }
      await init(options);
      const owner = liveCore();
      if (!owner) {
        throw new EdgerecError(StatusCode.INTERNAL, 'the edgerec wasm instance is not available');
      }
      const handle = owner.loadRuntime(view);
      try {
        if (entropy !== null) owner.addEntropy(handle, entropy ?? randomBytes(16));
        if (source !== undefined && source !== null) owner.setRecommendationSource(handle, source);
        if (campaignConfig !== undefined) owner.setCampaignConfig(handle, campaignConfig);
      } catch (e) {
        owner.freeRuntime(handle);
        throw e;
      }
      return new Runtime(constructing, owner, handle);
    }

    /**
     * A Runtime on a campaign's edge bundle from edgerec serve (`GET /campaigns/NAME/edge-bundle`
     * with the event tracker's client key), kept in a cache with its ETag (the Cache API in
     * browsers, memory elsewhere, or `cache`) so a later start works offline, and revalidated
     * with If-None-Match every `revalidateMs` (default 5 minutes; 0: only on refresh()). When the
     * campaign moves to another solution version the Runtime switches in place, keeping the live
     * sessions; onUpdate({etag, sessionsCarried}) is told.
     * @param {{endpoint: string, campaign: string, clientKey: string, revalidateMs?: number,
     *   cache?: {load(): Promise<Uint8Array|null>, save(b: Uint8Array): Promise<void>},
     *   fetch?: typeof fetch, onUpdate?: (u: {etag: string, sessionsCarried: number}) => void}} options
     *   and any of Runtime.load's options
     * @returns {Promise<Runtime>} with refresh(): Promise<{updated: boolean, etag: string}> and
     *   edgeBundle: {campaign, url, etag, checkedAt, error}
     */
    static fromCampaign(options) {
      return openCampaignRuntime(Runtime, options, { takeOver, onDispose }, platform);
    }

    /** Takes `next`'s solution version in place of this one's, with this one's live sessions. */
    [takeOver](next) {
      const handle = this.#live('switch');
      if (next.#core !== this.#core) {
        throw new EdgerecError(StatusCode.FAILED_PRECONDITION, 'the new solution version was loaded in another wasm instance');
      }
      const nextHandle = next.#live('switch');
      const carried = this.#core.adoptSessions(nextHandle, handle);
      finalizer?.unregister(next);
      next.#handle = 0;
      finalizer?.unregister(this);
      this.#core.freeRuntime(handle);
      this.#handle = nextHandle;
      finalizer?.register(this, { owner: this.#core, handle: nextHandle }, this);
      return carried;
    }

    [onDispose](hook) {
      this.#disposeHooks.push(hook);
    }

    /**
     * GetRecommendations: {userId?, itemId?, numResults?, filterExpression?, filterValues?,
     * metadataColumns?} as in Amazon Personalize, except that a filter is given by its expression
     * (filterExpression) rather than by filterArn; filterValues maps each $PARAM to escaped-quoted
     * values, e.g. {GENRE: '"comedy","drama"'}; metadataColumns {ITEMS: ["GENRE", "PRICE"]} (at
     * most 10; numResults then at most 50) adds each item's `metadata`, values as strings.
     * @returns {{itemList: {itemId: string, score: number, metadata?: Object<string, string>,
     *          reason?: string[]}[], recommendationId: string}}
     * @throws {EdgerecError} InvalidInput for a malformed request (unknown field, bad numResults,
     *         a malformed filter, a missing INCLUDE filter value)
     */
    getRecommendations(request) {
      const handle = this.#live('getRecommendations');
      const json = requestJson(request, '{userId: "42", numResults: 10}');
      return JSON.parse(this.#core.call('edgerec_get_recommendations', handle, json));
    }

    /**
     * GetPersonalizedRanking: {userId, inputList, filterExpression?, filterValues?,
     * metadataColumns?} as in Amazon Personalize (filter and metadataColumns as for
     * getRecommendations: filtered-out items leave the ranking; inputList at most 50 with metadata).
     * @returns {{personalizedRanking: {itemId: string, score?: number}[], recommendationId: string}}
     *   known items by the user's scores (summing to 1), then unknown items without a score
     * @throws {EdgerecError} InvalidInput for a malformed request
     */
    getPersonalizedRanking(request) {
      const handle = this.#live('getPersonalizedRanking');
      const json = requestJson(request, '{userId: "42", inputList: ["a", "b"]}');
      return JSON.parse(this.#core.call('edgerec_get_personalized_ranking', handle, json));
    }

    /**
     * PutEvents into this runtime's live sessions: Personalize's body {trackingId?, sessionId,
     * userId?, eventList: 1-10 × {eventType, sentAt (epoch seconds, or a Date), itemId?, eventValue?,
     * eventId?, properties?, impression?, recommendationId?}}. The very next getRecommendations /
     * getPersonalizedRanking for that userId (or the sessionId, for an anonymous session) reflects
     * the events: the user's vector is folded in from them on the device, so this works on edge
     * bundles too. Events on items the solution does not know are accepted and unused.
     * @returns {{eventsAccepted: number, eventsForModel: number}}
     * @throws {EdgerecError} InvalidInput naming the field, e.g. "eventList[3].itemId: must be 1 to
     *         256 characters, got 0"
     */
    putEvents(request) {
      const handle = this.#live('putEvents');
      const json = requestJson(request, '{sessionId: "s1", userId: "42", eventList: [{eventType: "click", sentAt: 1700000000, itemId: "i1"}]}',
        datesAsEpochSeconds);
      return JSON.parse(this.#core.call('edgerec_put_events', handle, json));
    }

    /**
     * Forgets the live session of `key` (a userId, or a sessionId).
     * @returns {boolean} whether there was one
     */
    clearSession(key) {
      const handle = this.#live('clearSession');
      if (typeof key !== 'string') {
        throw new EdgerecError(StatusCode.INVALID_INPUT, `clearSession key must be a string, got ${describeValue(key)}`);
      }
      return this.#core.clearSession(handle, key);
    }

    /** The solution version's metadata (recipe, hyperparameters, training data, metrics, counts). */
    describe() {
      const handle = this.#live('describe');
      return JSON.parse(this.#core.describe(handle));
    }

    /** Frees the wasm memory of this runtime. Idempotent; any later call throws EdgerecError. */
    dispose() {
      if (!this.#handle) return;
      const handle = this.#handle;
      this.#handle = 0;
      finalizer?.unregister(this);
      this.#core.freeRuntime(handle);
      for (const hook of this.#disposeHooks.splice(0)) hook();
    }

    /** True once dispose() has been called. */
    get disposed() {
      return this.#handle === 0;
    }

    #live(what) {
      if (!this.#handle) {
        throw new EdgerecError(StatusCode.FAILED_PRECONDITION, `Runtime.${what}: the runtime was disposed`);
      }
      return this.#handle;
    }
  }

  if (typeof Symbol.dispose === 'symbol') {
    Object.defineProperty(Runtime.prototype, Symbol.dispose, {
      value: Runtime.prototype.dispose,
      configurable: true,
      writable: true,
    });
  }

  return Runtime;
}
