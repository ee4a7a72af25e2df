// The JavaScript API over the wasm build of the C ABI (core/include/edgerec/edgerec.h).
//
// Shared by every entry point (index.node.js, index.browser.js, index.worker.js); each one only
// says how to get the wasm (disk, fetch, or a WebAssembly.Module from the platform).
//
// Memory rules: inputs are copied into wasm memory with edgerec_alloc and freed after the call;
// memory can grow during any call, which detaches old views, so HEAPU8 is re-read every time;
// strings the core returns are freed with edgerec_string_free.

import { EdgerecError, StatusCode } from './errors.js';

// Every export this file calls; checked once at init so a stale dist/ fails with a clear message.
const REQUIRED_EXPORTS = [
  'edgerec_version_string',
  'edgerec_status_name',
  'edgerec_last_error_message',
  'edgerec_runtime_load',
  'edgerec_runtime_free',
  'edgerec_runtime_add_entropy',
  'edgerec_runtime_set_campaign_config',
  'edgerec_get_recommendations',
  'edgerec_get_personalized_ranking',
  'edgerec_put_events',
  'edgerec_clear_session',
  'edgerec_runtime_describe',
  'edgerec_string_free',
  'edgerec_alloc',
  'edgerec_dealloc',
];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Uint8Array view of `bytes` (Uint8Array or ArrayBuffer), or an InvalidInput EdgerecError. */
export function toBytes(bytes, what) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  // Other realms (a Buffer or ArrayBuffer from a vm context / iframe) fail instanceof.
  const tag = Object.prototype.toString.call(bytes);
  if (tag === '[object Uint8Array]' || tag === '[object ArrayBuffer]') {
    return tag === '[object ArrayBuffer]' ? new Uint8Array(bytes) : bytes;
  }
  throw new EdgerecError(
    StatusCode.INVALID_INPUT,
    `${what} must be a Uint8Array or an ArrayBuffer, got ${describeValue(bytes)}`,
  );
}

function describeValue(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return typeof v;
}

/** The JSON text of a request object, or an InvalidInput EdgerecError. */
function requestJson(request, example, replacer = undefined) {
  if (!isPlainObject(request)) {
    throw new EdgerecError(
      StatusCode.INVALID_INPUT,
      `request must be an object such as ${example}, got ${describeValue(request)}`,
    );
  }
  return jsonText(request, 'request', replacer);
}

/**
 * JSON.stringify(value, replacer), or an InvalidInput EdgerecError naming `what` when it cannot be
 * written: a cycle or a BigInt (TypeError), or nesting so deep that the stack overflows
 * (RangeError; the core's reader refuses far shallower nesting with its own message).
 */
function jsonText(value, what, replacer = undefined) {
  try {
    return JSON.stringify(value, replacer);
  } catch (e) {
    if (e instanceof EdgerecError) throw e;  // the replacer's own, e.g. an invalid Date
    const why = e instanceof RangeError ? 'it is nested too deeply' : e.message;
    throw new EdgerecError(StatusCode.INVALID_INPUT, `${what} is not serializable to JSON: ${why}`, { cause: e });
  }
}

/**
 * JSON.stringify replacer for PutEvents bodies: a Date (as the AWS SDKs take sentAt) becomes
 * epoch seconds, the unit the core validates; an invalid Date is refused by name.
 */
function datesAsEpochSeconds(key, value) {
  const original = this[key];
  if (Object.prototype.toString.call(original) !== '[object Date]') return value;
  const ms = original.getTime();
  if (!Number.isFinite(ms)) {
    throw new EdgerecError(StatusCode.INVALID_INPUT, `${key}: an invalid Date; pass a valid Date or epoch seconds`);
  }
  return ms / 1000;
}

function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Instantiates the wasm from one of: a WebAssembly.Module, bytes, or a fetch Response.
 * Returns {instance, module}.
 */
export async function instantiateFrom(source, imports) {
  if (source instanceof WebAssembly.Module) {
    return { instance: await WebAssembly.instantiate(source, imports), module: source };
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) {
      throw new EdgerecError(
        StatusCode.IO_ERROR,
        `could not fetch the edgerec wasm from ${source.url || 'its URL'}: HTTP ${source.status}`,
      );
    }
    const type = source.headers.get('content-type') ?? '';
    if (typeof WebAssembly.instantiateStreaming === 'function' && type.startsWith('application/wasm')) {
      return WebAssembly.instantiateStreaming(source, imports);
    }
    return WebAssembly.instantiate(await source.arrayBuffer(), imports);
  }
  return WebAssembly.instantiate(toBytes(source, 'wasmBinary'), imports);
}

/** Checks the wasm-source options shared by every entry point; returns the ones given. */
export function checkInitOptions(options) {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) {
    throw new EdgerecError(StatusCode.INVALID_INPUT, `init options must be an object, got ${describeValue(options)}`);
  }
  const { wasmModule, wasmBinary } = options;
  if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module)) {
    throw new EdgerecError(
      StatusCode.INVALID_INPUT,
      `wasmModule must be a WebAssembly.Module, got ${describeValue(wasmModule)}`,
    );
  }
  if (wasmBinary !== undefined) toBytes(wasmBinary, 'wasmBinary');
  return options;
}

/**
 * Builds {init, Runtime} for one entry point.
 * @param {Function} createModule the Emscripten factory (dist/edgerec.mjs default export)
 * @param {(options: object) => Promise<any>} wasmSource resolves to a WebAssembly.Module, bytes
 *        or a fetch Response for the wasm, according to the entry's rules and `options`
 * @param {{randomBytes?: (n: number) => Uint8Array}} [hooks]
 */
export function makeApi(createModule, wasmSource, hooks = {}) {
  let core = null; // the live Core, once init has finished
  let pending = null; // the init in progress

  const randomBytes =
    hooks.randomBytes ?? ((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)));

  /**
   * Loads the wasm once. Later calls (with any options) return at once; a failed init can be
   * retried, e.g. with a corrected wasmModule.
   */
  async function init(options) {
    const opts = checkInitOptions(options);
    if (core) return;
    if (!pending) {
      pending = (async () => {
        let M;
        try {
          M = await instantiateModule(createModule, () => wasmSource(opts));
        } catch (e) {
          throw asInitError(e);
        }
        core = new Core(M, () => {
          // A trap leaves the instance in an unknown state: the next init starts a fresh one.
          if (core && core.M === M) core = null;
        });
      })();
      pending.then(
        () => { pending = null; },
        () => { pending = null; },
      );
    }
    return pending;
  }

  const finalizer =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry(({ owner, handle }) => owner.freeRuntime(handle))
      : null;

  const constructing = Symbol('constructing');

  /** A loaded solution version. Create with `await Runtime.load(bytes)`. */
  class Runtime {
    #core;
    #handle; // 0 once disposed

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
      const owner = core;
      if (!owner) {
        throw new EdgerecError(StatusCode.INTERNAL, 'the edgerec wasm instance is not available');
      }
      const handle = owner.loadRuntime(view);
      try {
        if (entropy !== null) owner.addEntropy(handle, entropy ?? randomBytes(16));
        if (campaignConfig !== undefined) owner.setCampaignConfig(handle, campaignConfig);
      } catch (e) {
        owner.freeRuntime(handle);
        throw e;
      }
      return new Runtime(constructing, owner, handle);
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

  return { init, Runtime };
}

/**
 * Runs the Emscripten factory with our own instantiateWasm, so every entry point loads the wasm
 * the same way and failures reject (the 3.1.6 glue does not reject on instantiate errors).
 */
async function instantiateModule(createModule, getSource) {
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  const ready = createModule({
    // Never let the glue derive URLs from import.meta.url (undefined in some workers).
    locateFile: (path) => path,
    instantiateWasm(imports, receive) {
      Promise.resolve()
        .then(getSource)
        .then((source) => instantiateFrom(source, imports))
        .then(({ instance, module }) => receive(instance, module))
        .catch((e) => fail(asInitError(e)));
      return {}; // exports arrive asynchronously through receive()
    },
    onAbort(what) {
      fail(new EdgerecError(StatusCode.INTERNAL, `the edgerec wasm aborted during init: ${what}`));
    },
  });
  return Promise.race([ready, failed]);
}

function asInitError(e) {
  if (e instanceof EdgerecError) return e;
  return new EdgerecError(
    StatusCode.FAILED_PRECONDITION,
    `could not instantiate the edgerec wasm: ${e?.message ?? e}`,
    { cause: e },
  );
}

/** One instance of the wasm module: raw calls, memory copies and status checks. */
class Core {
  constructor(M, onTrap) {
    for (const name of REQUIRED_EXPORTS) {
      if (typeof M[`_${name}`] !== 'function') {
        throw new EdgerecError(
          StatusCode.FAILED_PRECONDITION,
          `the edgerec wasm does not export ${name}: rebuild js/dist (scripts/test or cmake --build build/wasm)`,
        );
      }
    }
    this.M = M;
    this.onTrap = onTrap;
    this.trapped = null;
    // Two out-parameter words (a pointer and a size_t: 4 bytes each on wasm32), reused by every call.
    this.out = this.raw('edgerec_alloc', 8) >>> 0;
    if (!this.out) throw new EdgerecError(StatusCode.RESOURCE_EXHAUSTED, 'out of wasm memory');
  }

  /** Calls an export; a trap (abort, OOM, unreachable) becomes an Internal EdgerecError. */
  raw(name, ...args) {
    if (this.trapped) {
      throw new EdgerecError(
        StatusCode.INTERNAL,
        `the edgerec wasm instance trapped earlier and cannot be used (${this.trapped.message}); load the solution again`,
      );
    }
    try {
      return this.M[`_${name}`](...args);
    } catch (e) {
      this.trapped = e instanceof Error ? e : new Error(String(e));
      this.onTrap();
      throw new EdgerecError(StatusCode.INTERNAL, `the edgerec wasm trapped in ${name}: ${this.trapped.message}`, { cause: e });
    }
  }

  heap() {
    return this.M.HEAPU8; // re-read on every use: memory growth replaces the buffer
  }

  u32(ptr) {
    const h = this.heap();
    return new DataView(h.buffer, h.byteOffset).getUint32(ptr, true);
  }

  cstring(ptr) {
    ptr >>>= 0;
    if (!ptr) return '';
    const h = this.heap();
    let end = ptr;
    while (end < h.length && h[end] !== 0) end++;
    return decoder.decode(h.subarray(ptr, end));
  }

  /** Copies bytes into wasm memory; the caller frees the returned pointer with dealloc(). */
  copyIn(bytes) {
    const ptr = this.raw('edgerec_alloc', Math.max(bytes.length, 1)) >>> 0;
    if (!ptr) {
      throw new EdgerecError(StatusCode.RESOURCE_EXHAUSTED, `out of wasm memory copying ${bytes.length} bytes`);
    }
    this.heap().set(bytes, ptr);
    return ptr;
  }

  dealloc(ptr) {
    if (ptr && !this.trapped) this.raw('edgerec_dealloc', ptr);
  }

  check(status) {
    if (status === StatusCode.OK) return;
    const message = this.cstring(this.raw('edgerec_last_error_message'));
    const codeName = this.cstring(this.raw('edgerec_status_name', status));
    throw new EdgerecError(status, message, { codeName });
  }

  /** Calls fn(outPtrPtr, outLenPtr) and takes ownership of the returned string. */
  takeString(fn) {
    this.check(fn(this.out, this.out + 4));
    const ptr = this.u32(this.out);
    const len = this.u32(this.out + 4);
    try {
      return decoder.decode(this.heap().subarray(ptr, ptr + len));
    } finally {
      this.raw('edgerec_string_free', ptr);
    }
  }

  loadRuntime(bytes) {
    const ptr = this.copyIn(bytes);
    try {
      this.check(this.raw('edgerec_runtime_load', ptr, bytes.length, this.out));
      return this.u32(this.out);
    } finally {
      this.dealloc(ptr);
    }
  }

  addEntropy(handle, bytes) {
    const ptr = this.copyIn(bytes);
    try {
      this.check(this.raw('edgerec_runtime_add_entropy', handle, ptr, bytes.length));
    } finally {
      this.dealloc(ptr);
    }
  }

  setCampaignConfig(handle, json) {
    const bytes = encoder.encode(json);
    const ptr = this.copyIn(bytes);
    try {
      this.check(this.raw('edgerec_runtime_set_campaign_config', handle, ptr, bytes.length));
    } finally {
      this.dealloc(ptr);
    }
  }

  /** Calls a JSON-in, JSON-out export such as edgerec_get_recommendations. */
  call(name, handle, json) {
    const req = encoder.encode(json);
    const ptr = this.copyIn(req);
    try {
      return this.takeString((outJson, outLen) => this.raw(name, handle, ptr, req.length, outJson, outLen));
    } finally {
      this.dealloc(ptr);
    }
  }

  clearSession(handle, key) {
    const bytes = encoder.encode(key);
    const ptr = this.copyIn(bytes);
    try {
      this.check(this.raw('edgerec_clear_session', handle, ptr, bytes.length, this.out));
      return this.u32(this.out) !== 0;
    } finally {
      this.dealloc(ptr);
    }
  }

  describe(handle) {
    return this.takeString((outJson, outLen) => this.raw('edgerec_runtime_describe', handle, outJson, outLen));
  }

  freeRuntime(handle) {
    if (this.trapped) return; // the instance is dead; its memory goes with it
    try {
      this.raw('edgerec_runtime_free', handle);
    } catch {
      // freeing must never throw (it also runs from the FinalizationRegistry)
    }
  }
}
